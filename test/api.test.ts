// The public API's contract: typed errors on bad input, DesignMatrix reuse, JSON round
// trips, prediction/score, non-convergence reporting and a flat WASM memory.
import { describe, it, expect, beforeAll, vi } from "vitest";
import {
  initSync, L1L2Error, DesignMatrix, Lasso, ElasticNet, Ridge, LinearRegression, l1, l1l2, memoryStats, lassoPath,
} from "../src/index.js";
import { kktCheck, randomProblem, type Problem } from "./helpers/kkt.js";
import { f64, i32, u8, type WasmBuffer } from "../src/wasm.js";
import { linearPredict } from "../src/predict.js";
import { toCsc } from "./helpers/sparse.js";

beforeAll(() => initSync());

function code(fn: () => unknown): string {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(L1L2Error);
    return (e as L1L2Error).code + ": " + (e as Error).message;
  }
  throw new Error("expected an L1L2Error");
}

describe("bad input gives a typed error that names the problem", () => {
  const X = [[1, 2], [3, 4], [5, 7]], y = [1, 2, 3];
  it("NaN and Infinity, with row and column", () => {
    expect(code(() => new Lasso().fit([[1, 2], [3, NaN], [5, 6]], y))).toMatch(/NON_FINITE.*row 1, column 1/);
    expect(code(() => new Lasso().fit([[1, 2], [3, 4], [Infinity, 6]], y))).toMatch(/NON_FINITE.*row 2, column 0/);
    expect(code(() => new Lasso().fit(X, [1, NaN, 3]))).toMatch(/NON_FINITE.*y\[1\]/);
    expect(code(() => new Lasso().fit({ data: new Float64Array([1, 2, 3, -Infinity, 5, 6]), rows: 3, cols: 2 }, y)))
      .toMatch(/NON_FINITE.*row 1, column 1/);
  });
  it("ragged rows, shape mismatch, empty data", () => {
    expect(code(() => new Lasso().fit([[1, 2], [3], [5, 6]], y))).toMatch(/INVALID_INPUT.*ragged: row 1/);
    expect(code(() => new Lasso().fit(X, [1, 2]))).toMatch(/SHAPE_MISMATCH.*y has 2 values but X has 3 rows/);
    expect(code(() => new Lasso().fit([], []))).toMatch(/EMPTY/);
    expect(code(() => new Lasso().fit([[], []], [1, 2]))).toMatch(/EMPTY.*no columns/);
    expect(code(() => new Lasso().fit({ data: new Float64Array(5), rows: 3, cols: 2 }, y))).toMatch(/SHAPE_MISMATCH/);
    expect(code(() => new Lasso().fit("nope" as never, y))).toMatch(/INVALID_INPUT/);
    expect(code(() => new Lasso().fit([[1, "2"], [3, 4], [5, 6]] as never, y))).toMatch(/INVALID_INPUT.*row 0, column 1/);
  });
  it("bad hyper-parameters", () => {
    expect(code(() => new Lasso({ alpha: -1 }))).toMatch(/INVALID_PARAMETER.*alpha/);
    expect(code(() => new Lasso({ alpha: NaN }))).toMatch(/INVALID_PARAMETER.*alpha/);
    expect(code(() => new Lasso({ alpha: Infinity }))).toMatch(/INVALID_PARAMETER.*alpha/);
    expect(code(() => new ElasticNet({ l1Ratio: 1.5 }))).toMatch(/INVALID_PARAMETER.*l1Ratio/);
    expect(code(() => new Ridge({ maxIter: 2.5 }))).toMatch(/INVALID_PARAMETER.*maxIter/);
    expect(code(() => new Lasso({ tol: -1 }))).toMatch(/INVALID_PARAMETER.*tol/);
    expect(code(() => new LinearRegression({ penalty: { l1: 1 } as never }))).toMatch(/INVALID_PARAMETER.*penalty/);
    expect(code(() => l1(-0.1))).toMatch(/INVALID_PARAMETER/);
  });
  it("bad sample weights", () => {
    expect(code(() => new Lasso().fit(X, y, { sampleWeight: [1, -1, 1] }))).toMatch(/INVALID_PARAMETER.*negative/);
    expect(code(() => new Lasso().fit(X, y, { sampleWeight: [0, 0, 0] }))).toMatch(/INVALID_PARAMETER.*all zero/);
    expect(code(() => new Lasso().fit(X, y, { sampleWeight: [1, 1] }))).toMatch(/SHAPE_MISMATCH/);
  });
  it("penalty factors of the wrong length", () => {
    expect(code(() => new LinearRegression({ penalty: l1(0.1, { factors: [1, 1, 1] }) }).fit(X, y))).toMatch(/SHAPE_MISMATCH/);
  });
  it("predict before fit, and with the wrong width", () => {
    expect(code(() => new Lasso().predict(X))).toMatch(/NOT_FITTED/);
    const m = new Lasso({ alpha: 0.01 }).fit(X, y);
    expect(code(() => m.predict([[1, 2, 3]]))).toMatch(/SHAPE_MISMATCH/);
    expect(code(() => m.predict([[1, NaN]]))).toMatch(/NON_FINITE/);
  });
});

describe("DesignMatrix", () => {
  it("is reused across fits and gives the same numbers as plain input", () => {
    const { X, y } = randomProblem(1, 80, 12);
    const y2 = y.map((v, i) => v * 0.5 + i);
    using d = DesignMatrix.from(X);
    for (const target of [y, y2]) {
      for (const alpha of [0.5, 0.05]) {
        const a = new Lasso({ alpha, tol: 1e-10 }).fit(d, target);
        const b = new Lasso({ alpha, tol: 1e-10 }).fit(X, target);
        expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
        // two independent paths: the WASM column axpys on the resident copy, a JS loop over X
        const fromDesign = a.predict(d), fromRows = a.predict(X);
        fromRows.forEach((v, i) => expect(Math.abs(fromDesign[i] - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))));
        // and both equal Xβ + b written out
        expect(fromRows[7]).toBeCloseTo(X[7].reduce((s, x, j) => s + x * a.coef[j], a.intercept), 10);
      }
    }
  });
  it("a fit leaves its small workspace to the next fit on the design: the same numbers in any order", () => {
    // fits that find the workspace an earlier fit (of another kind, mode or target) left, or
    // none (weights, no intercept), against the same fits on an upload of their own, and at
    // their optimum (KKT recomputed in plain JS; the path's point and the standardized fit are
    // checked against the others only)
    const { X, y } = randomProblem(4, 60, 9);
    const n = X.length, y2 = y.map((v, i) => v - 0.3 * i), w = y.map((_, i) => 1 + (i % 3));
    type Fit = { coef: Float64Array; intercept: number };
    const fits: [(x: DesignMatrix | number[][]) => Fit, Problem | null, boolean][] = [
      [(x) => new Lasso({ alpha: 0.05, tol: 1e-10, mode: "covariance" }).fit(x, y), { X, y, l1: 0.05, l2: 0 }, true],
      [(x) => new Lasso({ alpha: 0.02, tol: 1e-10, mode: "naive" }).fit(x, y2), { X, y: y2, l1: 0.02, l2: 0 }, true],
      [(x) => new ElasticNet({ alpha: 0.1, l1Ratio: 0.5, positive: true, tol: 1e-10 }).fit(x, y2),
        { X, y: y2, l1: 0.05, l2: 0.025, lower: new Array(9).fill(0) }, true],
      [(x) => new Ridge({ alpha: 2 }).fit(x, y), { X, y, l1: 0, l2: 2 / (2 * n) }, true],
      [(x) => ({ coef: lassoPath(x, y2, { nAlphas: 6, tol: 1e-10 }).coefs[5], intercept: 0 }), null, true],
      [(x) => new Lasso({ alpha: 0.05, tol: 1e-10, standardize: true }).fit(x, y2), null, true],
      [(x) => new Lasso({ alpha: 0.05, tol: 1e-10, fitIntercept: false }).fit(x, y), { X, y, l1: 0.05, l2: 0 }, false],
      [(x) => new Lasso({ alpha: 0.05, tol: 1e-10 }).fit(x, y, { sampleWeight: w }), { X, y, w, l1: 0.05, l2: 0 }, true],
    ];
    using d = DesignMatrix.from(X);
    for (const k of [0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 1, 5, 4, 3, 0, 7, 1, 6, 0]) {
      const [fit, pr, intercept] = fits[k], a = fit(d);
      expect(Array.from(a.coef), `fit ${k}`).toEqual(Array.from(fit(X).coef));
      if (pr) expect(kktCheck(pr, a.coef, a.intercept, intercept).kkt, `fit ${k}`).toBeLessThan(1e-7);
    }
  });
  it("linearPredict writes into a given array for every input kind", () => {
    const { X } = randomProblem(3, 20, 5), coef = Float64Array.of(1, -2, 0, 0.5, 3);
    const direct = X.map((r) => r.reduce((s, x, j) => s + x * coef[j], 0.25));
    using d = DesignMatrix.from(X);
    for (const input of [X, d, toCsc(X)]) {
      const into = new Float64Array(20).fill(NaN); // whatever it held is overwritten
      expect(linearPredict(input, coef, 0.25, into)).toBe(into);
      into.forEach((v, i) => expect(Math.abs(v - direct[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(direct[i]))));
    }
  });
  it("row-major, column-major and number[][] agree", () => {
    const { X, y } = randomProblem(2, 30, 4);
    const row = { data: new Float64Array(X.flat()), rows: 30, cols: 4 };
    const col = { data: new Float64Array(4 * 30), rows: 30, cols: 4, order: "col" as const };
    X.forEach((r, i) => r.forEach((v, j) => (col.data[j * 30 + i] = v)));
    const f32 = { data: new Float32Array(X.flat()), rows: 30, cols: 4 };
    const fits = [X, row, col].map((x) => new Lasso({ alpha: 0.1, tol: 1e-12 }).fit(x, y).coef);
    expect(Array.from(fits[1])).toEqual(Array.from(fits[0]));
    expect(Array.from(fits[2])).toEqual(Array.from(fits[0]));
    const g = new Lasso({ alpha: 0.1, tol: 1e-12 }).fit(f32, new Float32Array(y));
    expect(g.converged).toBe(true);
  });
  it("refuses use after dispose", () => {
    const d = DesignMatrix.from([[1, 2], [3, 4]]);
    d.dispose();
    expect(code(() => new Lasso().fit(d, [1, 2]))).toMatch(/DISPOSED/);
  });
});

describe("models", () => {
  it("predict and score (R²)", () => {
    const { X, y } = randomProblem(4, 100, 5);
    const m = new Ridge({ alpha: 1e-8 }).fit(X, y);
    expect(m.score(X, y)).toBeGreaterThan(0.9);
    const yhat = m.predict(X);
    expect(yhat[0]).toBeCloseTo(X[0].reduce((s, x, j) => s + x * m.coef[j], m.intercept), 10);
  });
  it("toJSON / fromJSON round-trip, and fromJSON validates", () => {
    const { X, y } = randomProblem(6, 40, 6);
    const models = [
      new Lasso({ alpha: 0.1 }).fit(X, y), new ElasticNet({ alpha: 0.1, l1Ratio: 0.3 }).fit(X, y),
      new Ridge({ alpha: 2 }).fit(X, y), new LinearRegression({ penalty: l1l2({ l1: 0.1, l2: 0.2, factors: [0, 1, 1, 1, 1, 2] }) }).fit(X, y),
    ];
    for (const m of models) {
      const json = JSON.parse(JSON.stringify(m));
      const Cls = m.constructor as unknown as { fromJSON(j: unknown): typeof m };
      const back = Cls.fromJSON(json);
      expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
      expect(back.toJSON()).toEqual(m.toJSON());
    }
    const good = JSON.parse(JSON.stringify(models[0]));
    expect(code(() => Lasso.fromJSON({ ...good, coef: [1, "x"] }))).toMatch(/INVALID/);
    expect(code(() => Lasso.fromJSON({ ...good, format: "other" }))).toMatch(/INVALID_JSON/);
    expect(code(() => Lasso.fromJSON({ ...good, model: "Ridge" }))).toMatch(/INVALID_JSON/);
    expect(code(() => Lasso.fromJSON({ ...good, params: { ...good.params, alpha: -3 } }))).toMatch(/INVALID_PARAMETER/);
    expect(code(() => Lasso.fromJSON({ ...good, intercept: null }))).toMatch(/INVALID_JSON/);
    expect(code(() => Lasso.fromJSON("{not json"))).toMatch(/INVALID_JSON/);
    expect(code(() => Ridge.fromJSON(good))).toMatch(/INVALID_JSON/);
  });
  it("non-convergence is reported, with a warning unless warn: false", () => {
    const { X, y } = randomProblem(8, 30, 60);
    const spy = vi.spyOn(console, "warn").mockImplementation(() => {});
    const m = new Lasso({ alpha: 0.001, maxIter: 2, tol: 1e-14 }).fit(X, y);
    expect(m.converged).toBe(false);
    expect(m.nIter).toBe(2);
    expect(m.dualGap).toBeGreaterThan(0);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(spy.mock.calls[0][0])).toMatch(/did not converge/);
    new Lasso({ alpha: 0.001, maxIter: 2, tol: 1e-14, warn: false }).fit(X, y);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});

describe("WASM memory", () => {
  it("stays flat across many fits of varying sizes", () => {
    const sizes = [[20, 5], [200, 50], [50, 300], [10, 2]];
    for (const [n, p] of sizes) { // warm-up: each model's workspaces reach their largest size once
      const { X, y } = randomProblem(n, n, p);
      new Lasso({ alpha: 0.1 }).fit(X, y);
      new Ridge({ alpha: 1 }).fit(X, y);
    }
    const before = memoryStats();
    for (let r = 0; r < 50; r++) {
      const [n, p] = sizes[r % sizes.length];
      const { X, y } = randomProblem(r, n, p);
      new ElasticNet({ alpha: 0.05, warn: false }).fit(X, y);
      new Ridge({ alpha: 1 }).fit(X, y);
    }
    const after = memoryStats();
    expect(after.inUse).toBe(before.inUse);
    expect(after.total).toBe(before.total);
  });
  it("the allocator never hands out bytes in use, whatever the order of frees", () => {
    // random allocations and frees (first-fit reuse, coalescing, the top lowered by the last
    // block): every live buffer keeps its own fill, and freeing all returns memory as it was
    let seed = 0;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const make = [f64, i32, u8] as const;
    const round = (pass: number) => {
      seed = 12345; // the same sequence every pass, with other fills
      const live: { b: WasmBuffer; mark: number }[] = [];
      for (let step = 0; step < 400; step++) {
        if (live.length > 0 && rand() < 0.45) {
          live.splice(Math.floor(rand() * live.length), 1)[0].b.free();
        } else {
          const b = make[Math.floor(rand() * 3)](1 + Math.floor(rand() * (rand() < 0.1 ? 5000 : 60)));
          const mark = (pass * 1000 + step) % 251;
          b.fill(mark);
          live.push({ b, mark });
        }
        // overlaps show at a buffer's ends: check those at every step, and all of it now and then
        for (const { b, mark } of live) {
          const v = b.view();
          if (v[0] !== mark || v[v.length - 1] !== mark || (step % 50 === 49 && !v.every((x) => x === mark))) {
            expect.fail(`pass ${pass}, step ${step}: a live buffer was overwritten`);
          }
        }
      }
      for (const { b } of live) b.free();
    };
    round(0); // warm-up: memory reaches its size for this sequence
    const before = memoryStats();
    for (let pass = 1; pass < 4; pass++) round(pass);
    expect(memoryStats().inUse).toBe(before.inUse);
    expect(memoryStats().total).toBe(before.total);
  });
  it("peak: X resident plus the fit's workspace, measured from a reset; a small one stays with the design", () => {
    const n = 300, p = 40;
    const { X, y } = randomProblem(7, n, p);
    const start = memoryStats().inUse;
    const d = DesignMatrix.from(X);
    try {
      const live = memoryStats({ resetPeak: true }).inUse;
      expect(live).toBeGreaterThanOrEqual(8 * n * p); // X is stored once, float64
      expect(memoryStats().peak).toBe(live);
      new Lasso({ alpha: 0.01, warn: false }).fit(d, y);
      const s = memoryStats();
      // the workspace is freed but for the part the design keeps for its next fit (≤ 256 KiB)
      const kept = s.inUse - live;
      expect(kept).toBeGreaterThan(8 * (n + p * p)); // (the response and the Gram columns, at least)
      expect(kept).toBeLessThanOrEqual(256 * 1024);
      expect(s.peak, "a small fit allocates nothing but what it keeps").toBe(live + kept);
      // the workspace: O(n + p²) plus a cache-sized panel for the blocked Gram products
      expect(s.peak - live).toBeLessThan(2 ** 21 + 8 * (10 * n + p * p));
      // the next fits take it and leave it back, with a residual once a naive solve needed one
      const others = () => {
        new Lasso({ alpha: 0.02, warn: false }).fit(d, y.map((v) => -v));
        new Ridge({ alpha: 1 }).fit(d, y);
        new Lasso({ alpha: 0.02, mode: "naive", warn: false }).fit(d, y);
      };
      others();
      expect(memoryStats().inUse).toBe(live + kept + 8 * n);
      others();
      expect(memoryStats().inUse).toBe(live + kept + 8 * n);
    } finally {
      d.dispose();
    }
    expect(memoryStats().inUse).toBe(start); // and it goes with the design
  });
  it("a matrix larger than the 4 GiB address space is refused up front", () => {
    // an array that claims 6·10⁸ values (4.8 GB as float64) without holding them
    const huge = new Proxy([], { get: (t, k) => (k === "length" ? 600_000_000 : Reflect.get(t, k)) });
    expect(code(() => DesignMatrix.from({ data: huge as number[], rows: 60_000_000, cols: 10 })))
      .toMatch(/OUT_OF_MEMORY.*4 GiB/);
  });
});

describe("cancellation", () => {
  it("an aborted signal stops a fit before it starts, with the signal's reason", () => {
    const ac = new AbortController();
    ac.abort();
    const { X, y } = randomProblem(12, 20, 5);
    expect(() => new Lasso().fit(X, y, { signal: ac.signal })).toThrow(/abort/i);
  });
});

describe("float32 storage", () => {
  it("halves the memory and stays within float32 rounding of the float64 fit, with its own KKT", () => {
    const { X, y } = randomProblem(31, 300, 40);
    const before = memoryStats().inUse;
    using d32 = DesignMatrix.from(X, { dtype: "float32" });
    const used32 = memoryStats().inUse - before;
    using d64 = DesignMatrix.from(X);
    const used64 = memoryStats().inUse - before - used32;
    expect(d32.dtype).toBe("float32");
    // the values halve; the column statistics and scales and their inverses kept beside them (5 doubles a column) do not
    const stats = 5 * 8 * 40;
    expect(used32 - stats).toBeLessThanOrEqual((used64 - stats) / 2 + 64);
    for (const mode of ["naive", "covariance"] as const) {
      const a = new Lasso({ alpha: 0.05, tol: 1e-12, mode }).fit(d32, y);
      const b = new Lasso({ alpha: 0.05, tol: 1e-12, mode }).fit(d64, y);
      expect(a.converged).toBe(true);
      expect(a.kktViolation).toBeLessThan(1e-9);
      b.coef.forEach((v, j) => expect(Math.abs(a.coef[j] - v)).toBeLessThan(1e-6 * Math.max(1, ...b.coef.map(Math.abs))));
      expect(Math.abs(a.intercept - b.intercept)).toBeLessThan(1e-6 * Math.max(1, Math.abs(b.intercept)));
      const pa = a.predict(d32), pb = b.predict(d64);
      pb.forEach((v, i) => expect(Math.abs(pa[i] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
    }
    const r32 = new Ridge({ alpha: 2 }).fit(d32, y), r64 = new Ridge({ alpha: 2 }).fit(d64, y);
    r64.coef.forEach((v, j) => expect(Math.abs(r32.coef[j] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
  });
});
