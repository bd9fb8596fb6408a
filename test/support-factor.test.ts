// Coordinate descent keeps the exact step's Cholesky factor between steps and solves (enet.ts
// supportOrder, ridge.ts cholExtend; covariance mode from its Gram columns, naive mode from the
// rows of X it adds): the factor it extends must be the one it would compute afresh, and a path
// that reuses it must take the steps that fresh factors take.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, DesignMatrix } from "../src/index.js";
import { kernels, f64, WasmBuffer } from "../src/wasm.js";
import { GaussianProblem, type SolveResult } from "../src/gaussian.js";
import { kktCheck, lambdaMax, rng } from "./helpers/kkt.js";

beforeAll(() => initSync());

/** A random SPD matrix (p×p, column-major, lower triangle meaningful): BᵀB/p + I/10. */
function spd(p: number, seed: number): Float64Array {
  const g = rng(seed), B = Array.from({ length: p * p }, () => g.normal()), A = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = j; i < p; i++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += B[k * p + i] * B[k * p + j];
      A[j * p + i] = s / p + (i === j ? 0.1 : 0);
    }
  }
  return A;
}

/**
 * Features in triples (a, b, (a + b)/2 + noise) over a common factor, y from a + b in some
 * triples: the mean enters the lasso path first and leaves it when a and b come in.
 */
function triples(seed: number, n: number, triplesCount: number): { X: number[][]; y: number[] } {
  const g = rng(seed);
  const X = Array.from({ length: n }, () => {
    const z = g.normal(), row: number[] = [];
    for (let t = 0; t < triplesCount; t++) {
      const a = 0.6 * z + 0.8 * g.normal(), b = 0.6 * z + 0.8 * g.normal();
      row.push(a, b, 0.5 * (a + b) + 0.1 * g.normal());
    }
    return row;
  });
  const y = X.map((r) => {
    let s = g.normal();
    for (let t = 0; t < triplesCount; t += 3) s += (t % 2 ? -1 : 1) * (r[3 * t] + r[3 * t + 1]);
    return s;
  });
  return { X, y };
}

/** In-place lower Cholesky of a column-major k×k matrix, plainly. */
function jsCholesky(A: Float64Array, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < j; c++) for (let i = j; i < k; i++) A[j * k + i] -= A[c * k + j] * A[c * k + i];
    const r = Math.sqrt(A[j * k + j]);
    for (let i = j; i < k; i++) A[j * k + i] /= r;
  }
}

/**
 * The factor a problem keeps (its rows, their features' order) against the Cholesky of its
 * system in that order computed here from X: G_AA + diag κ in the kernels' units (X̃ⱼ/dⱼ, κ =
 * 2n·l2/dⱼ²). Returns whether the order is not ascending (rows kept from an earlier step, new
 * ones after them), or null when no factor is kept.
 */
function checkKeptFactor(problem: GaussianProblem, d: DesignMatrix, X: number[][], l2: number): boolean | null {
  const { support, supportCap: cap } = problem as unknown as { support: { sw: WasmBuffer<"f64">; fac: WasmBuffer<"f64"> }; supportCap: number };
  const fac = support.fac.view(), rows = fac[0];
  if (rows === 0) return null;
  expect(fac[1], "the leading dimension of a whole factor").toBe(rows);
  const order = new WasmBuffer("i32", rows, support.fac.ptr + 16 + 8 * cap).view();
  const n = X.length, mean = (j: number) => X.reduce((a, r) => a + r[j], 0) / n, dsc = d.scales;
  const mu = Array.from(order, (j) => mean(j));
  const H = new Float64Array(rows * rows);
  for (let s = 0; s < rows; s++) {
    for (let t = s; t < rows; t++) {
      const a = order[s], b = order[t];
      let g = 0;
      for (let i = 0; i < n; i++) g += (X[i][a] - mu[s]) * (X[i][b] - mu[t]);
      H[s * rows + t] = g / (dsc[a] * dsc[b]) + (s === t ? (2 * n * l2) / (dsc[a] * dsc[a]) : 0);
    }
  }
  jsCholesky(H, rows);
  const sw = support.sw.view();
  let worst = 0, scale = 0;
  for (let s = 0; s < rows; s++) {
    for (let t = s; t < rows; t++) {
      worst = Math.max(worst, Math.abs(sw[s * rows + t] - H[s * rows + t]));
      scale = Math.max(scale, Math.abs(H[s * rows + t]));
    }
  }
  expect(worst, `the kept factor of ${rows} rows`).toBeLessThan(1e-10 * scale);
  for (let t = 1; t < rows; t++) if (order[t] < order[t - 1]) return true;
  return false;
}

describe("the kept support factor", () => {
  it("cholExtend completes a leading block's factor into the factor of the whole", () => {
    const k = kernels(), p = 70;
    for (const keep of [0, 1, 5, 32, 33, 64, 69, 70]) {
      const A = spd(p, keep + 1);
      const full = f64(p * p).set(A), ext = f64(p * p).set(A);
      try {
        expect(k.cholesky(full.ptr, p)).toBe(0);
        // the leading block's factor in place, the rest of A as it was
        const lead = f64(Math.max(1, keep * keep));
        const lv = lead.view();
        for (let j = 0; j < keep; j++) for (let i = j; i < keep; i++) lv[j * keep + i] = A[j * p + i];
        if (keep > 0) expect(k.cholesky(lead.ptr, keep)).toBe(0);
        const ev = ext.view(), lv2 = lead.view();
        for (let j = 0; j < keep; j++) for (let i = j; i < keep; i++) ev[j * p + i] = lv2[j * keep + i];
        lead.free();
        expect(k.cholExtend(ext.ptr, p, keep)).toBe(0);
        const fv = full.view(), xv = ext.view();
        let worst = 0;
        for (let j = 0; j < p; j++) for (let i = j; i < p; i++) worst = Math.max(worst, Math.abs(fv[j * p + i] - xv[j * p + i]));
        expect(worst, `keep ${keep}`).toBeLessThan(1e-13);
      } finally {
        ext.free();
        full.free();
      }
    }
  });

  for (const mode of ["covariance", "naive"] as const) it(`a path that keeps the factor takes the steps fresh factors take, to the same answers (${mode} mode)`, () => {
    // one problem along the path (its factor kept from λ to λ: supports growing, features
    // leaving, κ changing with λ for the elastic net; lower bounds at zero) against a new
    // problem per λ started from the previous answer (keeping a factor within its solve only);
    // after each point the factor kept is the system's, recomputed here
    const { X, y } = triples(11, 150, 14);
    const p = X[0].length, lmax = lambdaMax(X, y);
    using d = DesignMatrix.from(X);
    for (const [l1Ratio, positive] of [[1, false], [0.5, false], [1, true]] as const) {
      const grid = Array.from({ length: 25 }, (_, k) => lmax * Math.pow(1e-3, k / 24));
      const pen = (l: number) => ({ l1: l * l1Ratio, l2: (l * (1 - l1Ratio)) / 2 });
      const opts = { tol: 1e-12, maxIter: 100000, mode, gradient: false as const,
                     lower: positive ? new Float64Array(p) : undefined };
      const along = new GaussianProblem(d, Float64Array.from(y), null, { fitIntercept: true, standardize: false });
      let a: SolveResult | undefined, b: SolveResult | undefined, sweepsAlong = 0, sweepsFresh = 0, left = 0;
      let checked = 0, extended = 0;
      try {
        for (const l of grid) {
          const prev = a;
          a = along.solve(pen(l), opts, a?.coef);
          const kept = checkKeptFactor(along, d, X, pen(l).l2);
          if (kept !== null) checked++;
          if (kept) extended++;
          const fresh = new GaussianProblem(d, Float64Array.from(y), null, { fitIntercept: true, standardize: false });
          try { b = fresh.solve(pen(l), opts, b?.coef); } finally { fresh.dispose(); }
          sweepsAlong += a.nIter;
          sweepsFresh += b.nIter;
          if (prev) for (let j = 0; j < p; j++) if (prev.coef[j] !== 0 && a.coef[j] === 0) left++;
          expect(a.converged && b.converged).toBe(true);
          for (let j = 0; j < p; j++) expect(Math.abs(a.coef[j] - b.coef[j])).toBeLessThan(1e-8 * (1 + Math.abs(b.coef[j])));
          const { kkt } = kktCheck({ X, y, l1: pen(l).l1, l2: pen(l).l2, lower: opts.lower && Array.from(opts.lower) }, a.coef, a.intercept);
          expect(kkt).toBeLessThan(1e-7 * lmax);
        }
      } finally {
        along.dispose();
      }
      if (!positive) expect(left, "features left the support along the path").toBeGreaterThan(0);
      expect(checked, "points that kept a factor").toBeGreaterThan(10);
      // κ changes with λ for the elastic net: its factor starts again at each point's first step
      if (l1Ratio === 1 && !positive) expect(extended, "factors extended from an earlier step's rows").toBeGreaterThan(3);
      // (rounding in a factor may decide a step's acceptance either way, now and then)
      expect(sweepsAlong, `l1Ratio ${l1Ratio}, positive ${positive}: sweeps along the path vs fresh ${sweepsFresh}`).toBeLessThanOrEqual(Math.ceil(1.1 * sweepsFresh) + 5);
    }
  });
});
