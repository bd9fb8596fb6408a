// Many models and resident design matrices alive at once, their fits interleaved (in a random
// order, and as async tasks that yield between steps): every result is bit-identical to the
// same work done one job at a time, and WASM memory holds exactly the live matrices.
import { describe, it, expect, beforeAll } from "vitest";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import {
  initSync, memoryStats, DesignMatrix, Lasso, ElasticNet, Ridge, LinearRegression, l1l2, l2,
} from "../../src/index.js";
import { rng, randomProblem } from "../helpers/kkt.js";
import { sameBits } from "../helpers/property.js";

beforeAll(() => initSync());

type Model = Lasso | ElasticNet | Ridge | LinearRegression;

interface Dataset { X: number[][]; ys: number[][]; w: number[] }

const SHAPES: [number, number][] = [[40, 8], [120, 30], [25, 90], [300, 12], [60, 60], [15, 200]];
const datasets: Dataset[] = SHAPES.map(([n, p], k) => {
  const { X, y } = randomProblem(500 + k, n, p);
  const g = rng(900 + k);
  const ys = [y, y.map((v) => -2 * v + 1), y.map((v, i) => v + 3 * X[i][p - 1])];
  return { X, ys, w: X.map(() => 0.5 + g.uniform()) };
});

const factories: ((p: number) => Model)[] = [
  () => new Lasso({ alpha: 0.05, warn: false }),
  () => new Lasso({ alpha: 0.02, mode: "naive", warn: false }),
  () => new ElasticNet({ alpha: 0.1, l1Ratio: 0.7, standardize: true, warn: false }),
  () => new Ridge({ alpha: 3 }),
  () => new LinearRegression({ penalty: l2(0.05), mode: "covariance", warn: false }),
  (p) => new LinearRegression({ penalty: l1l2({ l1: 0.03, l2: 0.01, factors: Array.from({ length: p }, (_, j) => (j % 3 ? 1 : 0)) }), positive: true, warn: false }),
];

interface Job { model: Model; data: number; steps: { y: number; weighted: boolean }[] }

function makeJobs(count: number, seed: number): Job[] {
  const g = rng(seed);
  const pick = (k: number) => Math.floor(g.uniform() * k);
  return Array.from({ length: count }, () => {
    const data = pick(datasets.length);
    return {
      model: factories[pick(factories.length)](SHAPES[data][1]),
      data,
      steps: Array.from({ length: 3 + pick(3) }, () => ({ y: pick(3), weighted: g.uniform() < 0.4 })),
    };
  });
}

/** What a job leaves behind after each step: the fit's numbers and its predictions. */
type Trace = { coef: Float64Array; intercept: number; nIter: number; dualGap: number; yhat: Float64Array }[];

function runStep(job: Job, t: number, X: number[][] | DesignMatrix): Trace[number] {
  const d = datasets[job.data], s = job.steps[t];
  const m = job.model.fit(X, d.ys[s.y], s.weighted ? { sampleWeight: d.w } : {});
  return { coef: m.coef, intercept: m.intercept, nIter: m.nIter, dualGap: m.dualGap, yhat: m.predict(X) };
}

function sameTrace(a: Trace, b: Trace, what: string): void {
  expect(a.length, what).toBe(b.length);
  a.forEach((s, t) => {
    expect(sameBits(s.coef, b[t].coef), `${what} step ${t}: coef`).toBe(true);
    expect(Object.is(s.intercept, b[t].intercept), `${what} step ${t}: intercept`).toBe(true);
    expect(s.nIter, `${what} step ${t}: nIter`).toBe(b[t].nIter);
    expect(Object.is(s.dualGap, b[t].dualGap), `${what} step ${t}: dualGap`).toBe(true);
    expect(sameBits(s.yhat, b[t].yhat), `${what} step ${t}: predictions`).toBe(true);
  });
}

describe("many models alive at once", () => {
  const JOBS = 300;

  it("interleaved fits (random order, shared resident matrices) equal sequential ones, bit for bit", () => {
    // sequential: each job alone (the same input form per job: prediction through a resident
    // matrix is different arithmetic from prediction on plain input)
    const refMats = datasets.map((d) => DesignMatrix.from(d.X));
    const reference = makeJobs(JOBS, 1).map((job, k) => {
      const trace = job.steps.map((_, t) => runStep(job, t, k % 2 ? refMats[job.data] : datasets[job.data].X));
      return trace;
    });
    for (const d of refMats) d.dispose();

    // interleaved: the same jobs (fresh models), all alive, steps in a random global order,
    // half of them on resident matrices shared between jobs, with spare matrices coming and going
    const jobs = makeJobs(JOBS, 1);
    const before = memoryStats().inUse;
    const resident = datasets.map((d) => DesignMatrix.from(d.X));
    const residentBytes = memoryStats().inUse - before;
    const traces: Trace[] = jobs.map(() => []);
    const queue = jobs.flatMap((job, k) => job.steps.map(() => k));
    const g = rng(2);
    for (let i = queue.length - 1; i > 0; i--) { const j = Math.floor(g.uniform() * (i + 1)); [queue[i], queue[j]] = [queue[j], queue[i]]; }
    const spare: DesignMatrix[] = [];
    queue.forEach((k, i) => {
      const job = jobs[k];
      const t = traces[k].length; // steps of one job stay in order
      traces[k].push(runStep(job, t, k % 2 ? resident[job.data] : datasets[job.data].X));
      if (i % 7 === 0) spare.push(DesignMatrix.from(datasets[i % datasets.length].X));
      if (i % 11 === 0 && spare.length) spare.shift()!.dispose();
    });
    jobs.forEach((_, k) => sameTrace(traces[k], reference[k], `job ${k}`));

    for (const d of spare) d.dispose();
    // only the shared matrices remain, each with at most a small workspace kept for its next fit
    const kept = memoryStats().inUse - before - residentBytes;
    expect(kept, "only the shared matrices remain").toBeGreaterThanOrEqual(0);
    expect(kept, "only the shared matrices remain").toBeLessThanOrEqual(resident.length * 256 * 1024);
    for (const d of resident) d.dispose();
    expect(memoryStats().inUse).toBe(before);
  });

  it("async tasks that yield between steps give the sequential results", async () => {
    const refMats = datasets.map((d) => DesignMatrix.from(d.X));
    const reference = makeJobs(120, 3).map((job, k) => job.steps.map((_, t) => runStep(job, t, (k + t) % 2 ? refMats[job.data] : datasets[job.data].X)));
    for (const d of refMats) d.dispose();
    const jobs = makeJobs(120, 3);
    const before = memoryStats().inUse;
    const resident = datasets.map((d) => DesignMatrix.from(d.X));
    const yieldNow = (k: number) => (k % 3 === 0 ? new Promise<void>((r) => setImmediate(r)) : Promise.resolve());
    const traces = await Promise.all(jobs.map(async (job, k) => {
      const trace: Trace = [];
      for (let t = 0; t < job.steps.length; t++) {
        await yieldNow(k + t);
        trace.push(runStep(job, t, (k + t) % 2 ? resident[job.data] : datasets[job.data].X));
      }
      return trace;
    }));
    jobs.forEach((_, k) => sameTrace(traces[k], reference[k], `async job ${k}`));
    for (const d of resident) d.dispose();
    expect(memoryStats().inUse).toBe(before);
  });

  it("1,000 resident matrices at once: fits on each, then all freed", () => {
    const before = memoryStats();
    const mats: DesignMatrix[] = [];
    for (let k = 0; k < 1000; k++) mats.push(DesignMatrix.from(datasets[k % datasets.length].X));
    const live = memoryStats().inUse - before.inUse;
    // each holds X and its column statistics with its scales (5 doubles a column), in 16-byte blocks
    const block = (bytes: number) => Math.ceil(bytes / 16) * 16;
    const expected = mats.reduce((s, d) => s + block(8 * d.rows * d.cols) + block(5 * 8 * d.cols), 0);
    expect(live).toBe(expected);
    // fit on every fourth one, most recent first, and compare with plain input
    const results = new Map<number, Float64Array>();
    for (let k = mats.length - 1; k >= 0; k -= 4) {
      const d = datasets[k % datasets.length];
      const m = new Lasso({ alpha: 0.05, warn: false }).fit(mats[k], d.ys[0]);
      const ref = results.get(k % datasets.length) ?? new Lasso({ alpha: 0.05, warn: false }).fit(d.X, d.ys[0]).coef;
      results.set(k % datasets.length, ref);
      expect(sameBits(m.coef, ref), `matrix ${k}`).toBe(true);
    }
    // free in an interleaved order (coalescing), then the same memory serves again
    for (let k = 0; k < mats.length; k += 2) mats[k].dispose();
    for (let k = 1; k < mats.length; k += 2) mats[k].dispose();
    expect(memoryStats().inUse).toBe(before.inUse);
    const totalAfter = memoryStats().total;
    for (let k = 0; k < 1000; k++) mats[k] = DesignMatrix.from(datasets[k % datasets.length].X);
    expect(memoryStats().total, "the second thousand fit in the memory of the first").toBe(totalAfter);
    for (const d of mats) d.dispose();
    expect(memoryStats().inUse).toBe(before.inUse);
  });
});

/**
 * A self-contained job runner (it is also sent as source text to worker threads, so it must
 * only use its arguments): fits a list of problems and returns every coefficient and intercept.
 */
function runJobs(lib: typeof import("../../src/index.js"), kkt: typeof import("../helpers/kkt.js"),
                 specs: { seed: number; n: number; p: number; kind: number }[]): { coef: number[]; intercept: number }[] {
  lib.initSync();
  return specs.map(({ seed, n, p, kind }) => {
    const { X, y } = kkt.randomProblem(seed, n, p);
    const m = kind === 0 ? new lib.Lasso({ alpha: 0.05, warn: false })
      : kind === 1 ? new lib.ElasticNet({ alpha: 0.1, standardize: true, warn: false })
        : kind === 2 ? new lib.Ridge({ alpha: 2 })
          : new lib.LinearRegression({ penalty: lib.l1l2({ l1: 0.02, l2: 0.01 }), mode: "naive", warn: false });
    const d = seed % 2 ? lib.DesignMatrix.from(X) : null;
    try {
      m.fit(d ?? X, y);
    } finally {
      d?.dispose();
    }
    return { coef: Array.from(m.coef), intercept: m.intercept };
  });
}

describe("worker threads, each with its own WASM instance", () => {
  it("two workers fitting at the same time give the main thread's results, bit for bit", async () => {
    const g = rng(11);
    const specs = Array.from({ length: 400 }, (_, k) => ({
      seed: k, n: 5 + Math.floor(g.uniform() * 150), p: 1 + Math.floor(g.uniform() * 120), kind: k % 4,
    }));
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const code = `
      const { parentPort, workerData } = require("node:worker_threads");
      (async () => {
        (await import("tsx/esm/api")).register();
        const lib = await import(workerData.root + "/src/index.ts");
        const kkt = await import(workerData.root + "/test/helpers/kkt.ts");
        const run = new Function("return " + workerData.runJobs)();
        parentPort.postMessage(run(lib, kkt, workerData.specs));
      })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
    `;
    const spawn = (part: typeof specs) => new Promise<{ coef: number[]; intercept: number }[]>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { root, specs: part, runJobs: runJobs.toString() } });
      w.once("message", (m) => { void w.terminate(); if (m && m.error) reject(new Error(m.error)); else resolve(m); });
      w.once("error", reject);
    });
    // both workers get all jobs (in opposite orders), so each result is computed three times
    const [a, b] = await Promise.all([spawn(specs), spawn(specs.slice().reverse())]);
    const lib = await import("../../src/index.js");
    const kkt = await import("../helpers/kkt.js");
    const main = runJobs(lib, kkt, specs);
    b.reverse();
    main.forEach((r, k) => {
      expect(sameBits(a[k].coef, r.coef) && Object.is(a[k].intercept, r.intercept), `job ${k} in worker 1`).toBe(true);
      expect(sameBits(b[k].coef, r.coef) && Object.is(b[k].intercept, r.intercept), `job ${k} in worker 2`).toBe(true);
    });
  });
});
