// Covariance mode confirms a small gap from the Gram (g = c − Gβ recomputed, ‖r‖² = ỹᵀỹ − 2βᵀc +
// βᵀGβ) and takes the exact residual only where that sum's rounding could reach the tolerance
// (enet.ts gramGap). Both are checked against the gap of the answer recomputed from X in plain JS.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, Lasso } from "../src/index.js";
import { kktCheck, lambdaMax, rng } from "./helpers/kkt.js";

beforeAll(() => initSync());

/** The Lasso duality gap (canonical units) of (β, b) from X, with scikit-learn's rescaled dual point. */
function lassoGap(X: number[][], y: number[], l1: number, beta: ArrayLike<number>, b: number): { gap: number; yy: number } {
  const n = X.length, p = X[0].length;
  const ybar = y.reduce((s, v) => s + v, 0) / n;
  const yc = y.map((v) => v - ybar);
  const r = X.map((row, i) => y[i] - b - row.reduce((s, x, j) => s + x * beta[j], 0));
  let gmax = 0;
  for (let j = 0; j < p; j++) {
    const mj = X.reduce((s, row) => s + row[j], 0) / n;
    gmax = Math.max(gmax, Math.abs(X.reduce((s, row, i) => s + (row[j] - mj) * r[i], 0)) / n);
  }
  const s = gmax > l1 ? l1 / gmax : 1;
  const rr = r.reduce((a, v) => a + v * v, 0), ry = r.reduce((a, v, i) => a + v * yc[i], 0);
  const l1norm = Array.from(beta).reduce((a, v) => a + Math.abs(v), 0);
  const primal = rr / (2 * n) + l1 * l1norm, dual = (s * ry - (s * s * rr) / 2) / n;
  return { gap: primal - dual, yy: yc.reduce((a, v) => a + v * v, 0) / n };
}

describe("covariance mode's gap", () => {
  it("taken from the Gram, is the gap of the answer recomputed from X", () => {
    const g = rng(41), n = 300, p = 40;
    const z = Array.from({ length: n }, () => g.normal());
    const X = Array.from({ length: n }, (_, i) => Array.from({ length: p }, () => 0.7 * g.normal() + 0.7 * z[i] + 3));
    const y = X.map((row) => row.reduce((s, x, j) => s + (j % 5 === 0 ? (-1) ** j * x : 0), 0) + g.normal());
    const lm = lambdaMax(X, y);
    for (const frac of [0.3, 0.05, 0.003]) {
      const m = new Lasso({ alpha: frac * lm, tol: 1e-10, maxIter: 1e6, mode: "covariance" }).fit(X, y);
      const { gap, yy } = lassoGap(X, y, frac * lm, m.coef, m.intercept);
      expect(m.converged).toBe(true);
      expect(m.dualGap).toBeLessThanOrEqual(1e-10 * yy);
      expect(Math.abs(m.dualGap - gap), `λ = ${frac}·λmax`).toBeLessThan(1e-13 * yy);
    }
  });

  it("is taken from the exact residual where large coefficients cancel in Xβ", () => {
    // x₁ − x₀ is 1e-3 times a noise column and y follows it: β₀ ≈ −β₁ ≈ 900, so βᵀGβ is ~1e6
    // times ‖ỹ‖², and the Gram's sum could carry rounding above the tolerance
    const g = rng(7), n = 200, p = 6;
    const X = Array.from({ length: n }, () => Array.from({ length: p }, () => g.normal()));
    for (const row of X) row[1] = row[0] + 1e-3 * g.normal();
    const y = X.map((row) => 1e3 * (row[1] - row[0]) + 0.5 * row[2] + 0.01 * g.normal());
    const l1 = 1e-4 * lambdaMax(X, y);
    const m = new Lasso({ alpha: l1, tol: 1e-8, maxIter: 1e5, mode: "covariance" }).fit(X, y);
    expect(m.converged).toBe(true);
    expect(Math.abs(m.coef[0])).toBeGreaterThan(500);
    const { gap, yy } = lassoGap(X, y, l1, m.coef, m.intercept);
    expect(gap).toBeLessThanOrEqual(1e-8 * yy);
    expect(Math.abs(m.dualGap - gap)).toBeLessThan(1e-10 * yy);
    expect(kktCheck({ X, y, l1, l2: 0 }, m.coef, m.intercept).kkt).toBeLessThan(1e-6 * l1 + 1e-9);
  });
});
