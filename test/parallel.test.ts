// cvGlmnetAsync with nJobs > 1 (fold fits on node:worker_threads, one WASM instance each)
// gives the same numbers as nJobs: 1 to the last bit; abort; the sync/async contract.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, L1L2Error } from "../src/index.js";
import { cvGlmnet, cvGlmnetAsync, CvGlmnetOptions, CvGlmnetResult } from "../src/cv.js";
import { loadDataset } from "./helpers/datasets.js";
import type { Progress } from "../src/path.js";

beforeAll(() => initSync());

function bits(a: ArrayLike<number>): string {
  return Buffer.from(Float64Array.from(a).buffer).toString("hex");
}

function expectIdentical(a: CvGlmnetResult, b: CvGlmnetResult): void {
  expect(bits(a.lambda)).toBe(bits(b.lambda));
  expect(bits(a.cvm)).toBe(bits(b.cvm));
  expect(bits(a.cvsd)).toBe(bits(b.cvsd));
  expect(Object.is(a.lambdaMin, b.lambdaMin)).toBe(true);
  expect(Object.is(a.lambda1se, b.lambda1se)).toBe(true);
  expect(a.indexMin).toBe(b.indexMin);
  expect(a.index1se).toBe(b.index1se);
}

const cases: { name: string; opts: (d: ReturnType<typeof loadDataset>) => CvGlmnetOptions }[] = [
  { name: "diabetes", opts: (d) => ({ foldid: Array.from(d.folds!, (f) => f + 1) }) },
  { name: "diabetes", opts: (d) => ({ foldid: Array.from(d.folds!, (f) => f + 1), alpha: 0.5, typeMeasure: "mae" }) },
  { name: "synth_pn_60x300", opts: (d) => (d.folds ? { foldid: Array.from(d.folds, (f) => f + 1) } : { nfolds: 10, seed: 7 }) },
];

describe("cvGlmnetAsync with worker threads", () => {
  for (const c of cases) {
    it(`${c.name} ${JSON.stringify(c.opts(loadDataset(c.name))).slice(0, 40)}: nJobs 2 and 3 are bit-identical to nJobs 1`, async () => {
      const d = loadDataset(c.name);
      const o = c.opts(d);
      const seq = cvGlmnet(d.X, d.y, o);
      const seqAsync = await cvGlmnetAsync(d.X, d.y, { ...o, nJobs: 1 });
      expectIdentical(seqAsync, seq);
      for (const nJobs of [2, 3]) {
        const seen: Progress[] = [];
        const par = await cvGlmnetAsync(d.X, d.y, { ...o, nJobs, onProgress: (p) => seen.push(p) });
        expectIdentical(par, seq);
        expect(Array.from(par.foldid)).toEqual(Array.from(seq.foldid));
        const K = Math.max(...seq.foldid);
        expect(seen.map((p) => p.done)).toEqual(Array.from({ length: K + 1 }, (_, i) => i + 1));
        expect(seen.every((p) => p.total === K + 1)).toBe(true);
      }
    });
  }

  it("takes X as number[][] and column-major too, with weights", async () => {
    const d = loadDataset("diabetes");
    const rows = Array.from({ length: d.n }, (_, i) => Array.from(d.X.data.subarray(i * d.p, (i + 1) * d.p)));
    const col = new Float64Array(d.n * d.p);
    for (let i = 0; i < d.n; i++) for (let j = 0; j < d.p; j++) col[j * d.n + i] = d.X.data[i * d.p + j];
    const weights = Array.from({ length: d.n }, (_, i) => 1 + (i % 3));
    const o: CvGlmnetOptions = { nfolds: 5, seed: 3, weights };
    const seq = cvGlmnet(d.X, d.y, o);
    expectIdentical(await cvGlmnetAsync(rows, d.y, { ...o, nJobs: 2 }), seq);
    expectIdentical(await cvGlmnetAsync({ data: col, rows: d.n, cols: d.p, order: "col" }, d.y, { ...o, nJobs: 2 }), seq);
  });

  it("aborts: rejects with the signal's reason", async () => {
    const d = loadDataset("synth_pn_60x300");
    const ac = new AbortController();
    const p = cvGlmnetAsync(d.X, d.y, { nfolds: 10, nJobs: 2, signal: ac.signal, onProgress: (q) => { if (q.done === 2) ac.abort(new Error("stop")); } });
    await expect(p).rejects.toThrow("stop");
    const ac2 = new AbortController();
    ac2.abort();
    await expect(cvGlmnetAsync(d.X, d.y, { nJobs: 2, signal: ac2.signal })).rejects.toThrow();
  });

  it("aborts while the workers are busy", async () => {
    const d = loadDataset("synth_pn_60x300");
    const ac = new AbortController();
    const p = cvGlmnetAsync(d.X, d.y, { nfolds: 10, nJobs: 2, signal: ac.signal });
    setTimeout(() => ac.abort(new Error("cancelled")), 50);
    await expect(p).rejects.toThrow("cancelled");
  });

  it("cvGlmnet (sync) rejects nJobs > 1 and points to cvGlmnetAsync", () => {
    const d = loadDataset("diabetes");
    let err: unknown;
    try { cvGlmnet(d.X, d.y, { nJobs: 2 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(L1L2Error);
    expect((err as L1L2Error).code).toBe("INVALID_PARAMETER");
    expect((err as Error).message).toBe("nJobs > 1 needs cvGlmnetAsync");
    expect(() => cvGlmnet(d.X, d.y, { nJobs: 1 })).not.toThrow();
  });

  it("rejects a bad nJobs and reports worker errors as L1L2Error", async () => {
    const d = loadDataset("diabetes");
    await expect(cvGlmnetAsync(d.X, d.y, { nJobs: 0 })).rejects.toThrow(/nJobs/);
    await expect(cvGlmnetAsync(d.X, d.y, { nJobs: 1.5 })).rejects.toThrow(/nJobs/);
    // a fold with no training weight fails inside a worker
    const weights = Array.from({ length: d.n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const foldid = Array.from({ length: d.n }, (_, i) => (i % 3 === 0 ? 1 : 2 + (i % 2)));
    await expect(cvGlmnetAsync(d.X, d.y, { weights, foldid, nJobs: 2 })).rejects.toThrow(L1L2Error);
  });
});
