// Bigger problems, fitted correctly (KKT recomputed in plain JS) within a time budget:
// 20000×500 with correlated columns (elastic net in all three modes, ridge in closed form) and
// a p ≫ n problem, 400×10000. The budgets are several times what a 2-core machine needs, so
// that they catch a blow-up (an O(n²p) slip, a lost active set), not ordinary noise.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, memoryStats, DesignMatrix, LinearRegression, Ridge, l1l2 } from "../../src/index.js";
import { kktCheck, rng } from "../helpers/kkt.js";

beforeAll(() => initSync());

interface Big { n: number; p: number; data: Float64Array; rows: number[][]; y: Float64Array; yArr: number[]; lambdaMax: number }

/** Columns with AR(1) correlation ρ between neighbours, `k` true features, unit noise. */
function bigProblem(seed: number, n: number, p: number, k: number, rho: number): Big {
  const g = rng(seed);
  const data = new Float64Array(n * p);
  const s = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    let prev = g.normal();
    data[i * p] = prev;
    for (let j = 1; j < p; j++) { prev = rho * prev + s * g.normal(); data[i * p + j] = prev; }
  }
  const beta = new Float64Array(p);
  for (let t = 0; t < k; t++) beta[Math.floor((t * p) / k)] = (t % 2 ? -1 : 1) * (0.5 + (t % 5) / 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 2;
    for (let j = 0; j < p; j++) if (beta[j] !== 0) v += data[i * p + j] * beta[j];
    y[i] = v + g.normal();
  }
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * p, (i + 1) * p)));
  // λ_max = max_j |x̃ⱼᵀ(y − ȳ)|/n
  const ybar = y.reduce((a, b) => a + b, 0) / n;
  const mean = new Float64Array(p), c = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j] / n;
  for (let i = 0; i < n; i++) { const r = y[i] - ybar; for (let j = 0; j < p; j++) c[j] += (data[i * p + j] - mean[j]) * r; }
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) lambdaMax = Math.max(lambdaMax, Math.abs(c[j]) / n);
  return { n, p, data, rows, y, yArr: Array.from(y), lambdaMax };
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

describe("a 20000×500 problem with correlated columns", () => {
  let P: Big;
  let d: DesignMatrix;
  beforeAll(() => {
    P = bigProblem(2024, 20_000, 500, 50, 0.8);
    const [dm, t] = timed(() => DesignMatrix.from({ data: P.data, rows: P.n, cols: P.p }));
    d = dm;
    console.log(`upload 20000×500: ${t.toFixed(2)} s; WASM memory ${(memoryStats().total / 2 ** 20).toFixed(0)} MiB`);
    expect(t).toBeLessThan(10);
  });

  for (const mode of ["auto", "naive", "covariance"] as const) {
    for (const frac of [0.05, 0.002]) {
      it(`elastic net, ${mode}, l1 = ${frac}·λ_max: KKT and time`, () => {
        const l1 = frac * P.lambdaMax, l2 = 0.1 * l1;
        const [m, t] = timed(() => new LinearRegression({ penalty: l1l2({ l1, l2 }), mode, tol: 1e-9, warn: false }).fit(d, P.y));
        const { kkt } = kktCheck({ X: P.rows, y: P.yArr, l1, l2 }, m.coef, m.intercept);
        const nnz = m.coef.filter((v) => v !== 0).length;
        console.log(`${mode} ${frac}: ${t.toFixed(2)} s, ${m.nIter} sweeps, ${nnz} nonzero, KKT ${kkt.toExponential(1)} (λ_max ${P.lambdaMax.toFixed(2)})`);
        expect(m.converged).toBe(true);
        expect(kkt).toBeLessThan(1e-6 * P.lambdaMax);
        expect(t).toBeLessThan(60);
      });
    }
  }

  it("the same fit on plain input (uploaded per call) is bit-identical to the resident one", () => {
    const l1 = 0.05 * P.lambdaMax;
    const a = new LinearRegression({ penalty: l1l2({ l1, l2: 0 }), tol: 1e-9, warn: false }).fit(d, P.y);
    const [b, t] = timed(() => new LinearRegression({ penalty: l1l2({ l1, l2: 0 }), tol: 1e-9, warn: false })
      .fit({ data: P.data, rows: P.n, cols: P.p }, P.y));
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(t).toBeLessThan(30);
  });

  it("ridge in closed form (Cholesky on the 500×500 Gram): KKT and time", () => {
    const alpha = 50;
    const [m, t] = timed(() => new Ridge({ alpha }).fit(d, P.y));
    const { kkt } = kktCheck({ X: P.rows, y: P.yArr, l1: 0, l2: alpha / (2 * P.n) }, m.coef, m.intercept);
    console.log(`ridge closed form: ${t.toFixed(2)} s, KKT ${kkt.toExponential(1)}`);
    expect(kkt).toBeLessThan(1e-9 * P.lambdaMax);
    expect(t).toBeLessThan(60);
  });

  it("WASM memory: only the matrix (its column statistics, a small kept workspace) stays resident", () => {
    // past X and its column statistics with its scales (5 doubles a column): the last fit's response (the ridge's, whose workspace
    // is that alone: a covariance fit's, with n = 20000, is past gaussian.ts KEEP_MAX_BYTES)
    expect(memoryStats().inUse - (8 * P.n * P.p + 5 * 8 * P.p)).toBe(8 * P.n);
    d.dispose();
    expect(memoryStats().inUse).toBe(0);
  });
});

describe("a p ≫ n problem, 400×10000", () => {
  it("lasso along a short λ path, and ridge in closed form (400×400 kernel)", () => {
    const P = bigProblem(7, 400, 10_000, 20, 0.5);
    using d = DesignMatrix.from({ data: P.data, rows: P.n, cols: P.p, order: "row" });
    for (const frac of [0.3, 0.1, 0.03]) {
      const l1 = frac * P.lambdaMax;
      const [m, t] = timed(() => new LinearRegression({ penalty: l1l2({ l1, l2: 0 }), tol: 1e-9, warn: false }).fit(d, P.y));
      const { kkt } = kktCheck({ X: P.rows, y: P.yArr, l1, l2: 0 }, m.coef, m.intercept);
      console.log(`400×10000 lasso ${frac}: ${t.toFixed(2)} s, ${m.nIter} sweeps, ${m.coef.filter((v) => v !== 0).length} nonzero, KKT ${kkt.toExponential(1)}`);
      expect(m.converged).toBe(true);
      expect(kkt).toBeLessThan(1e-6 * P.lambdaMax);
      expect(t).toBeLessThan(60);
    }
    const alpha = 10;
    const [r, t] = timed(() => new Ridge({ alpha }).fit(d, P.y));
    const { kkt } = kktCheck({ X: P.rows, y: P.yArr, l1: 0, l2: alpha / (2 * P.n) }, r.coef, r.intercept);
    console.log(`400×10000 ridge closed form: ${t.toFixed(2)} s, KKT ${kkt.toExponential(1)}`);
    expect(kkt).toBeLessThan(1e-9 * P.lambdaMax);
    expect(t).toBeLessThan(60);
  });
});
