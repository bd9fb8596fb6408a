// 10,000 fits of varying sizes, models and options in one process: WASM memory in use returns
// to where it started after every call (successful or failed), and the memory reserved stops
// growing once every kind of fit has been seen (the allocator reuses and coalesces, so the
// high-water mark is set by the largest problem, not by how many fits ran).
import { describe, it, expect, beforeAll } from "vitest";
import {
  initSync, memoryStats, L1L2Error, DesignMatrix, Lasso, ElasticNet, Ridge, LinearRegression, l1, l2, l1l2, none,
} from "../../src/index.js";
import { rng } from "../helpers/kkt.js";

beforeAll(() => initSync());

const FITS = 10_000;

/** Shapes from 1×1 to 1500×60 and 80×1200, with p ≫ n among them. */
const SHAPES: [number, number][] = [
  [1, 1], [3, 7], [10, 2], [50, 20], [200, 50], [30, 300], [500, 10], [100, 100], [60, 400], [400, 150], [7, 3], [25, 60],
  [1500, 60], [80, 1200],
];

interface Data { n: number; p: number; X: number[][]; flat: Float64Array; y: number[]; w: number[] }

function makeData(seed: number, n: number, p: number): Data {
  const g = rng(seed);
  const flat = new Float64Array(n * p);
  for (let i = 0; i < flat.length; i++) flat[i] = g.normal();
  // a few correlated and constant columns
  for (let i = 0; i < n; i++) {
    if (p > 3) flat[i * p + 3] = flat[i * p] * 0.9 + 0.1 * flat[i * p + 3];
    if (p > 5) flat[i * p + 5] = 2.5;
  }
  const X = Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * p, i * p + p)));
  const y = X.map((r) => r.slice(0, 5).reduce((s, v, j) => s + v * (j % 2 ? -1 : 1) * (j + 1), 1) + 0.3 * g.normal());
  const w = X.map(() => 0.2 + 2 * g.uniform());
  return { n, p, X, flat, y, w };
}

type Step = (d: Data, i: number) => void;

/** One of these per fit: every model face, mode, input form, and failure path. */
const STEPS: [string, Step][] = [
  ["Lasso naive", (d, i) => { new Lasso({ alpha: 0.05 + (i % 7) * 0.01, mode: "naive", warn: false, maxIter: 300 }).fit(d.X, d.y); }],
  ["Lasso covariance + weights", (d) => { new Lasso({ alpha: 0.05, mode: "covariance", warn: false, maxIter: 300 }).fit(d.X, d.y, { sampleWeight: d.w }); }],
  ["ElasticNet standardize, flat input", (d) => {
    new ElasticNet({ alpha: 0.1, l1Ratio: 0.3, standardize: true, warn: false, maxIter: 300 }).fit({ data: d.flat, rows: d.n, cols: d.p }, d.y);
  }],
  ["Ridge closed form (Gram or kernel)", (d) => { new Ridge({ alpha: 1 }).fit(d.X, d.y, { sampleWeight: d.w }); }],
  ["LinearRegression l2, CD naive", (d) => { new LinearRegression({ penalty: l2(0.1), mode: "naive", warn: false, maxIter: 300 }).fit(d.X, d.y); }],
  ["LinearRegression l1l2 positive + factors", (d) => {
    const factors = Array.from({ length: d.p }, (_, j) => (j % 4 === 0 ? 0 : 1));
    new LinearRegression({ penalty: l1l2({ l1: 0.05, l2: 0.01, factors }), positive: true, warn: false, maxIter: 300 }).fit(d.X, d.y);
  }],
  ["LinearRegression OLS, no intercept", (d) => { new LinearRegression({ penalty: none(), fitIntercept: false, warn: false, maxIter: 300 }).fit(d.X, d.y); }],
  ["DesignMatrix: 3 fits, predict, dispose", (d) => {
    const dm = DesignMatrix.from(d.X);
    try {
      const m = new Lasso({ alpha: 0.1, warn: false, maxIter: 300 }).fit(dm, d.y);
      new Ridge({ alpha: 2 }).fit(dm, d.y);
      new ElasticNet({ alpha: 0.1, warn: false, maxIter: 300 }).fit(dm, d.y.map((v) => -v));
      m.predict(dm);
      m.score(dm, d.y);
    } finally {
      dm.dispose();
    }
  }],
  ["failure after upload: NaN in the last y", (d) => {
    const y = d.y.slice(); y[d.n - 1] = NaN;
    expectL1L2(() => new Lasso({ alpha: 0.1 }).fit(d.X, y));
  }],
  ["failure after upload: factors of the wrong length", (d) => {
    expectL1L2(() => new LinearRegression({ penalty: l1(0.1, { factors: new Array(d.p + 1).fill(1) }) }).fit(d.X, d.y));
  }],
  ["failure in the data: NaN in the last cell", (d) => {
    const flat = d.flat.slice(); flat[flat.length - 1] = NaN;
    expectL1L2(() => new Ridge({ alpha: 1 }).fit({ data: flat, rows: d.n, cols: d.p }, d.y));
  }],
  ["failure: negative sample weight on a resident DesignMatrix", (d) => {
    const dm = DesignMatrix.from({ data: d.flat, rows: d.n, cols: d.p });
    try {
      const w = d.w.slice(); w[0] = -1;
      expectL1L2(() => new Lasso({ alpha: 0.1 }).fit(dm, d.y, { sampleWeight: w }));
    } finally {
      dm.dispose();
    }
  }],
];

function expectL1L2(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof L1L2Error) return;
    throw e;
  }
  throw new Error("expected an L1L2Error");
}

/** Bytes a fit of n×p may need at once: X, the p×p Gram (covariance / ridge) or the n×n kernel, and vectors. */
function need(n: number, p: number): number {
  return 8 * (n * p + Math.max(p * p, p > n ? n * n : 0) + 12 * (n + p)) + 4 * 3 * p;
}

describe("WASM memory over 10,000 fits", () => {
  it("inUse returns to its start after every call; total stops growing after warm-up", () => {
    const pool = SHAPES.map(([n, p], k) => makeData(1000 + k, n, p));
    const start = memoryStats();
    const warmup = SHAPES.length * STEPS.length; // every step on every shape, once
    let warmTotal = 0;
    const g = rng(7);
    const t0 = performance.now();
    for (let i = 0; i < FITS; i++) {
      // the warm-up runs every combination in order; after it the order is random
      const k = i < warmup ? i : Math.floor(g.uniform() * warmup);
      const d = pool[k % SHAPES.length];
      const [name, step] = STEPS[Math.floor(k / SHAPES.length)];
      step(d, i);
      const s = memoryStats();
      if (s.inUse !== start.inUse) {
        expect(s.inUse, `fit ${i} (${name}, ${d.n}×${d.p}) left WASM memory in use`).toBe(start.inUse);
      }
      if (i === warmup - 1) warmTotal = s.total;
      if (i >= warmup && s.total !== warmTotal) {
        expect(s.total, `fit ${i} (${name}, ${d.n}×${d.p}) grew WASM memory after warm-up`).toBe(warmTotal);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const largest = Math.max(...SHAPES.map(([n, p]) => need(n, p)));
    console.log(`${FITS} fits in ${seconds.toFixed(1)} s; WASM memory ${(memoryStats().total / 2 ** 20).toFixed(1)} MiB ` +
      `(start ${(start.total / 2 ** 20).toFixed(1)} MiB, largest single fit ≈ ${(largest / 2 ** 20).toFixed(1)} MiB)`);
    // the high-water mark is that of the largest problem (with slack for fragmentation), not of the history
    expect(warmTotal).toBeLessThanOrEqual(start.total + 2 * largest + 2 ** 20);
  });
});
