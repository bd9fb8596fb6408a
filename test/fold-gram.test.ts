// A CV fold's covariance-mode Gram taken from the whole data's less the held-out rows
// (GaussianProblem gramBase, assembly/fold-gram.ts): the same answers as a fold problem that
// computes its Gram from X, checked against KKT conditions recomputed from X in plain JS, with
// and without an intercept and sample weights, in float64 and float32 storage.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, DesignMatrix, cvGlmnet, cvGlmnetAsync } from "../src/index.js";
import { GaussianProblem } from "../src/gaussian.js";
import { correlatedProblem, kktCheck, lambdaMax } from "./helpers/kkt.js";

beforeAll(() => initSync());

const normalized = (w: ArrayLike<number>) => {
  const s = Array.from(w).reduce((a, b) => a + b, 0);
  return Float64Array.from(w, (v) => (v * w.length) / s);
};

describe("a fold's Gram from the whole data's", () => {
  const n = 150, p = 24;
  const { X, y, w: userWeights } = correlatedProblem(31, n, p);
  const lm = lambdaMax(X, y);
  for (const dtype of ["float64", "float32"] as const) {
    for (const fitIntercept of [true, false]) {
      for (const weighted of [false, true]) {
        it(`${dtype}, ${fitIntercept ? "intercept" : "no intercept"}, ${weighted ? "sample weights" : "unit weights"}`, () => {
          const d = DesignMatrix.from(X, { dtype });
          // the fold's weights: the base's on the training rows (up to the normalization), 0 held out
          const u = weighted ? normalized(userWeights) : null;
          const raw = weighted ? userWeights : new Array(n).fill(1);
          const fw = normalized(raw.map((v, i) => (i % 5 === 2 ? 0 : v)));
          const base = new GaussianProblem(d, new Float64Array(n), u, { fitIntercept, standardize: false });
          const derived = new GaussianProblem(d, Float64Array.from(y), fw, { fitIntercept, standardize: true, gramBase: base });
          const own = new GaussianProblem(d, Float64Array.from(y), fw, { fitIntercept, standardize: true });
          // (float32 storage rounds X by ~6e-8 relative: the KKT conditions of X hold to about that)
          const kktTol = dtype === "float64" ? 1e-9 : 1e-7;
          const train = [...X.keys()].filter((i) => fw[i] > 0);
          const scales = Array.from(own.scales);
          try {
            let prevA: Float64Array | undefined, prevB: Float64Array | undefined;
            for (const frac of [0.5, 0.1, 0.01, 0.001]) {
              const pen = { l1: frac * lm, l2: 0.01 * frac * lm };
              const opts = { tol: 1e-12, maxIter: 100_000, mode: "covariance" as const };
              const a = derived.solve(pen, opts, prevA), b = own.solve(pen, opts, prevB);
              prevA = a.coef; prevB = b.coef;
              expect(a.converged && b.converged).toBe(true);
              expect(derived.gramDerived && !own.gramDerived).toBe(true);
              for (let j = 0; j < p; j++) expect(Math.abs(a.coef[j] - b.coef[j]), `coef ${j} at ${frac}·λmax`).toBeLessThan(1e-9);
              expect(Math.abs(a.intercept - b.intercept)).toBeLessThan(1e-9);
              const { kkt } = kktCheck({
                X: train.map((i) => X[i]), y: train.map((i) => y[i]), w: train.map((i) => fw[i]),
                l1: pen.l1, l2: pen.l2, scales,
              }, a.coef, a.intercept, fitIntercept);
              expect(kkt, `KKT at ${frac}·λmax`).toBeLessThan(kktTol);
            }
          } finally {
            own.dispose(); derived.dispose(); base.dispose(); d.dispose();
          }
        });
      }
    }
  }

  /**
   * A fold problem given the unweighted whole-data base computes its own Gram: the same answer as
   * without it, optimal (KKT from X).
   */
  function computesItsOwn(Xf: number[][], fw: Float64Array): void {
    const d = DesignMatrix.from(Xf);
    const base = new GaussianProblem(d, new Float64Array(n), null, { fitIntercept: true, standardize: false });
    const derived = new GaussianProblem(d, Float64Array.from(y), fw, { fitIntercept: true, standardize: false, gramBase: base });
    const own = new GaussianProblem(d, Float64Array.from(y), fw, { fitIntercept: true, standardize: false });
    try {
      const pen = { l1: 0.01 * lm, l2: 0 }, opts = { tol: 1e-12, maxIter: 100_000, mode: "covariance" as const };
      const a = derived.solve(pen, opts), b = own.solve(pen, opts);
      expect(derived.gramDerived).toBe(false);
      expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
      expect(a.converged).toBe(true);
      const { kkt } = kktCheck({ X: Xf, y, w: Array.from(fw), l1: pen.l1, l2: 0 }, a.coef, a.intercept);
      expect(kkt).toBeLessThan(1e-9 * lm);
    } finally {
      own.dispose(); derived.dispose(); base.dispose(); d.dispose();
    }
  }

  it("weights not proportional to the base's on the training rows: the fold computes its own", () => {
    computesItsOwn(X, normalized(userWeights.map((v, i) => (i % 5 === 2 ? 0 : v))));
  });

  it("a column whose spread lies in the held-out rows: the fold computes its own", () => {
    // column 0 is 1e4 on the held-out rows and nearly constant on the others: the whole Gram less
    // theirs would cancel to ~ε·1e8 where the fold's own Σx̃² is ~1e-6
    const Xo = X.map((r, i) => [i % 5 === 2 ? 1e4 : 1e-4 * (i % 3), ...r.slice(1)]);
    computesItsOwn(Xo, normalized(Array.from({ length: n }, (_, i) => (i % 5 === 2 ? 0 : 1))));
  });

  it("cvGlmnet's folds and cvGlmnetAsync's workers give the same numbers with it", async () => {
    const { X: Xc, y: yc, w } = correlatedProblem(5, 200, 16);
    const foldid = Array.from({ length: 200 }, (_, i) => (i % 4) + 1);
    for (const weights of [undefined, w]) {
      const opts = { foldid, weights, thresh: 1e-10 };
      const one = cvGlmnet(Xc, yc, opts);
      const two = await cvGlmnetAsync(Xc, yc, { ...opts, nJobs: 2 });
      expect(Array.from(two.cvm)).toEqual(Array.from(one.cvm));
      // and, in both, the curve of fold fits that computed their Grams themselves (the cv.glmnet
      // references of test/cv.test.ts check derived Grams against R's numbers: diabetes's folds
      // all derive theirs)
      const own = cvGlmnet(Xc, yc, { ...opts, mode: "naive" });
      for (let k = 0; k < one.cvm.length; k++) expect(Math.abs(one.cvm[k] - own.cvm[k]) / own.cvm[k]).toBeLessThan(1e-7);
    }
  });
});
