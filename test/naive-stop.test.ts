// Where a naive (residual) coordinate-descent fit stops: a small duality gap at a point where a
// sweep would settle (every coordinate step at most tol·max|β|, scikit-learn's test), checked
// here in plain JS from the answer itself; and the benchmark's plain-TypeScript twin, which
// mirrors the rule, stopping at the same answer.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, ElasticNet, Lasso } from "../src/index.js";
import { plainDesign, plainEnet, plainLassoPath } from "../bench/plain-ts-cd.js";
import { correlatedProblem, kktCheck, lambdaMax } from "./helpers/kkt.js";

beforeAll(() => initSync());

const soft = (z: number, a: number, denom: number) => (z > a ? (z - a) / denom : z < -a ? (z + a) / denom : 0);

/**
 * The largest coordinate step from (β, b) on the centred problem in scikit-learn's sum scale
 * (½‖r‖² + nλ₁‖β‖₁ + nλ₂‖β‖²), relative to max|β|, and the largest move of the fitted values
 * such a step makes, relative to ‖ỹ‖.
 */
function steps(X: number[][], y: number[], l1: number, l2: number, beta: Float64Array, b: number) {
  const n = X.length, p = X[0].length;
  const mean = (f: (i: number) => number) => { let s = 0; for (let i = 0; i < n; i++) s += f(i); return s / n; };
  const m = Array.from({ length: p }, (_, j) => mean((i) => X[i][j])), ym = mean((i) => y[i]);
  const r = X.map((row, i) => y[i] - b - row.reduce((s, x, j) => s + x * beta[j], 0));
  let step = 0, move = 0, top = 0, yy = 0;
  for (let i = 0; i < n; i++) yy += (y[i] - ym) ** 2;
  for (let j = 0; j < p; j++) {
    let g = 0, c = 0;
    for (let i = 0; i < n; i++) { const x = X[i][j] - m[j]; g += x * r[i]; c += x * x; }
    const d = soft(g + c * beta[j], n * l1, c + 2 * n * l2) - beta[j];
    step = Math.max(step, Math.abs(d));
    move = Math.max(move, Math.sqrt(d * d * c / yy));
    top = Math.max(top, Math.abs(beta[j]));
  }
  return { step: step / top, move };
}

// p > n and p ≥ 500 are fitted in naive mode by both (the twin has no mode option)
const cases: { n: number; p: number; seed: number; share: number; l1Ratio: number }[] = [
  { n: 60, p: 300, seed: 1, share: 0.05, l1Ratio: 1 },
  { n: 60, p: 300, seed: 2, share: 0.01, l1Ratio: 1 },
  { n: 80, p: 400, seed: 3, share: 0.02, l1Ratio: 0.5 },
  { n: 600, p: 520, seed: 4, share: 0.05, l1Ratio: 1 },
  // past 1024 rows a first sweep takes its dots four columns at a time (enet.ts sweepNaive)
  { n: 1100, p: 520, seed: 5, share: 0.05, l1Ratio: 1 },
  { n: 1100, p: 520, seed: 6, share: 0.04, l1Ratio: 0.5 },
];

describe("naive coordinate descent's stopping point", () => {
  for (const { n, p, seed, share, l1Ratio } of cases) {
    it(`${n} × ${p}, λ = ${share}·λ_max, l1_ratio ${l1Ratio}: gap within tol where a sweep settles, as the plain twin`, () => {
      const { X, y } = correlatedProblem(seed, n, p);
      const alpha = share * lambdaMax(X, y) / l1Ratio, tol = 1e-8;
      const l1 = alpha * l1Ratio, l2 = (alpha * (1 - l1Ratio)) / 2;
      const model = l1Ratio === 1
        ? new Lasso({ alpha, tol, maxIter: 1e6, warn: false }).fit(X, y)
        : new ElasticNet({ alpha, l1Ratio, tol, maxIter: 1e6, warn: false }).fit(X, y);
      expect(model.solver).toBe("cd-naive");
      expect(model.converged).toBe(true);
      // optimal: the KKT conditions, computed from X in plain JS
      const { kkt } = kktCheck({ X, y, l1, l2 }, model.coef, model.intercept);
      expect(kkt).toBeLessThan(1e-9 * lambdaMax(X, y));
      const s = steps(X, y, l1, l2, model.coef, model.intercept);
      // scikit-learn's settled test (tol·max|β|), or steps that move the fit by rounding only
      expect(s.step <= 1.01 * tol || s.move <= 1e-12).toBe(true);

      const flat = new Float64Array(X.flat());
      const twin = plainEnet(plainDesign(flat, n, p), Float64Array.from(y), l1, l2, tol, 1e6);
      expect(twin.mode).toBe("naive");
      expect(twin.converged).toBe(true);
      const top = Math.max(...model.coef.map(Math.abs));
      for (let j = 0; j < p; j++) expect(Math.abs(twin.coef[j] - model.coef[j])).toBeLessThan(1e-6 * top);
      // where few sweeps leave rounding no room to part them, the same sweeps: the twin stops
      // where l1l2 does (the benchmark's ratio compares the same work)
      if (n >= p) expect(twin.sweeps).toBe(model.nIter);
    });
  }
});

describe("the plain twin's path", () => {
  it("is optimal at every point (KKT from X), as lassoPath's", () => {
    const n = 60, p = 300;
    const { X, y } = correlatedProblem(9, n, p);
    const lm = lambdaMax(X, y);
    const l1s = Float64Array.from({ length: 30 }, (_, k) => lm * Math.pow(0.01, k / 29));
    const twin = plainLassoPath(plainDesign(new Float64Array(X.flat()), n, p), Float64Array.from(y), l1s, 1e-10, 1e6);
    for (let k = 0; k < l1s.length; k++) {
      expect(twin.converged[k]).toBe(true);
      const { kkt } = kktCheck({ X, y, l1: l1s[k], l2: 0 }, twin.coefs[k], twin.intercepts[k]);
      expect(kkt, `point ${k}`).toBeLessThan(1e-7 * lm);
    }
  });
});
