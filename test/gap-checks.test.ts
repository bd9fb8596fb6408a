// A naive solve's gap checks compute, after a first full one, only the gradients that a bound
// from that reference could not clear (src/gaussian.ts GapChecks, enet.ts checkList). The
// answers are checked here against KKT conditions and gradients recomputed from X in plain JS,
// for fits that asked for no gradient (the cleared features hold 0 inside) and fits that did.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, DesignMatrix } from "../src/index.js";
import { GaussianProblem } from "../src/gaussian.js";
import { correlatedProblem, kktCheck, lambdaMax } from "./helpers/kkt.js";

beforeAll(() => initSync());

/** X̃ᵀW(y − X̃β − b)/n per feature, from X in plain JS (weights normalized to sum n). */
function gradient(X: number[][], y: number[], w: number[], beta: ArrayLike<number>, b: number): Float64Array {
  const n = X.length, p = X[0].length, sw = w.reduce((s, v) => s + v, 0), wn = w.map((v) => (v * n) / sw);
  const r = X.map((row, i) => y[i] - b - row.reduce((s, x, j) => s + x * beta[j], 0));
  const g = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += wn[i] * X[i][j];
    m /= n;
    for (let i = 0; i < n; i++) g[j] += (wn[i] * (X[i][j] - m) * r[i]) / n;
  }
  return g;
}

describe("a naive solve's bounded gap checks", () => {
  for (const weighted of [false, true]) {
    it(`the answer and, when asked, every gradient are X's${weighted ? " (sample weights)" : ""}`, () => {
      const n = 400, p = 300;
      const { X, y, w } = correlatedProblem(17, n, p, 3);
      const wv = weighted ? w : new Array(n).fill(1);
      const sw = wv.reduce((s, v) => s + v, 0), weights = weighted ? Float64Array.from(wv, (v) => (v * n) / sw) : null;
      const d = DesignMatrix.from(X);
      const problem = new GaussianProblem(d, Float64Array.from(y), weights, { fitIntercept: true, standardize: false });
      try {
        const lm = lambdaMax(X, y);
        for (const frac of [0.2, 0.05, 0.01]) {
          const pen = { l1: frac * lm, l2: 0 };
          for (const gradientWanted of [false, true]) {
            const r = problem.solve(pen, { tol: 1e-10, maxIter: 1e5, mode: "naive", gradient: gradientWanted });
            expect(r.converged).toBe(true);
            const { kkt } = kktCheck({ X, y, w: wv, l1: pen.l1, l2: 0 }, r.coef, r.intercept);
            expect(kkt, `KKT at ${frac}·λmax`).toBeLessThan(1e-8 * lm);
            expect(r.kkt).toBeLessThan(1e-8 * lm);
            if (!gradientWanted) continue;
            const g = gradient(X, y, wv, r.coef, r.intercept);
            // (grad is X̃ᵀr/n: the negative of the loss's gradient)
            for (let j = 0; j < p; j++) expect(Math.abs(r.grad[j] - g[j]), `grad ${j}`).toBeLessThan(1e-10 * lm);
          }
        }
      } finally {
        problem.dispose(); d.dispose();
      }
    });
  }
});
