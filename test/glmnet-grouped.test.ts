// glmnet(family = "multinomial", typeMultinomial = "grouped") and cvGlmnet on it against R
// glmnet 4.1.6 on wine (type.multinomial = "grouped", thresh 1e-14, down to 0.01·λ_max, as far
// as R's grouped path converges there): λ, df, coefficients per class, centred intercepts,
// deviance, the objective, and the grouped KKT conditions computed here from scratch.
// References: Rscript scripts/make_logistic_references.R multinomial.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, glmnet, cvGlmnet, L1L2Error } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";
import { columnSpreads, expectCvMatchesR, standardizedDiff } from "./helpers/glmnet.js";

beforeAll(() => initSync());

const ref = loadReference("glmnet_multinomial.json");
const data = loadDataset("wine");
const foldid = Int32Array.from(data.folds!, (f) => f + 1);
const { rows: n, cols: p, data: x } = data.X;
const K = 3;

/** Penalty factors as glmnet uses them: rescaled to sum to p. */
function factors(pf?: number[]): number[] {
  if (!pf) return new Array(p).fill(1);
  const t = pf.reduce((a, v) => a + v, 0);
  return pf.map((v) => (v * p) / t);
}

/**
 * The grouped objective, (1/Σw)·Σ wᵢ·(−log softmax)ᵧ + λ·Σⱼ fⱼsⱼ·(α‖Bⱼ‖ + (1−α)·sⱼ·‖Bⱼ‖²/2),
 * and its optimality conditions with G = −∂loss/∂B: for Bⱼ ≠ 0 the norm of Gⱼ − λ(1−α)fⱼsⱼ²Bⱼ −
 * λαfⱼsⱼBⱼ/‖Bⱼ‖, for Bⱼ = 0 how far ‖Gⱼ‖ exceeds λαfⱼsⱼ — each divided by sⱼ (standardized
 * units); with an intercept, also each class's intercept gradient Σwᵢ(tᵢₖ − pᵢₖ)/Σw.
 */
function check(B: ArrayLike<number>[], a0: ArrayLike<number>, lam: number, alpha: number, w: number[],
               f0 = factors(), intercept = true) {
  const sw = w.reduce((t, v) => t + v, 0), s = columnSpreads(data.X, w);
  let f = 0;
  const G = Array.from({ length: K }, () => new Float64Array(p)), g0 = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const e = B.map((b, k) => { let v = a0[k]; for (let j = 0; j < p; j++) v += x[i * p + j] * b[j]; return v; });
    const m = Math.max(...e), z = e.reduce((t, v) => t + Math.exp(v - m), 0);
    f += w[i] * (m + Math.log(z) - e[data.y[i]]);
    for (let k = 0; k < K; k++) {
      const r = (w[i] / sw) * ((data.y[i] === k ? 1 : 0) - Math.exp(e[k] - m) / z);
      for (let j = 0; j < p; j++) G[k][j] += r * x[i * p + j];
      g0[k] += r;
    }
  }
  f /= sw;
  let kkt = intercept ? Math.max(...g0.map(Math.abs)) : 0;
  for (let j = 0; j < p; j++) {
    const norm = Math.hypot(...B.map((b) => b[j])), l1 = lam * alpha * f0[j] * s[j], l2 = lam * (1 - alpha) * f0[j] * s[j] * s[j];
    f += l1 * norm + (l2 / 2) * norm * norm;
    const v = norm === 0 ? Math.max(0, Math.hypot(...G.map((g) => g[j])) - l1)
      : Math.hypot(...G.map((g, k) => g[j] - l2 * B[k][j] - (l1 * B[k][j]) / norm));
    kkt = Math.max(kkt, v / s[j]);
  }
  return { f, kkt };
}

describe("glmnet(typeMultinomial = grouped) reproduces R glmnet", () => {
  for (const c of ref.grouped) {
    it(c.id, () => {
      const a = c.args, w: number[] = a.weights ?? new Array(n).fill(1), alpha = a.alpha ?? 1;
      const pf = factors(a["penalty.factor"]), intercept = a.intercept ?? true;
      const o = {
        family: "multinomial" as const, typeMultinomial: "grouped" as const, alpha: a.alpha, nlambda: a.nlambda,
        lambdaMinRatio: a["lambda.min.ratio"], weights: a.weights, penaltyFactor: a["penalty.factor"], intercept,
      };
      const own = glmnet(data.X, data.y, o);
      expect(own.lambda.length).toBe(c.lambda.length);
      // with an unpenalized feature λ_max is read off the null fit that includes it: R's is ~1e-7
      // off the exact one (ours does not move with thresh), so the path is compared at R's λ
      expect(relDiff(own.lambda, c.lambda)).toBeLessThan(a["penalty.factor"] ? 1e-6 : 1e-12);
      const fit = a["penalty.factor"] ? glmnet(data.X, data.y, { ...o, lambda: c.lambda }) : own;
      expect(fit.grouped).toBe(true);
      expect(Array.from(fit.df)).toEqual(c.df);
      expect(fit.nulldev).toBeCloseTo(c.nulldev, 8);
      const sd = columnSpreads(data.X, w);
      for (let k = 0; k < c.lambda.length; k++) {
        for (let cl = 0; cl < K; cl++) {
          // standardized units, as for the ungrouped family (R's path stops at thresh 1e-14)
          const r = c.beta[cl][k];
          expect(standardizedDiff(fit.beta[k][cl], r, sd)).toBeLessThan(1e-4);
          expect(Math.abs(fit.a0[k][cl] - c.a0[k][cl])).toBeLessThan(1e-4 * Math.max(1, ...c.a0[k].map(Math.abs)));
        }
        // a group is in or out for every class at once, and sums to zero over the classes
        for (let j = 0; j < p; j++) {
          const col = fit.beta[k].map((b) => b[j]);
          expect(col.every((v) => v === 0) || col.every((v) => v !== 0)).toBe(true);
          expect(Math.abs(col.reduce((t, v) => t + v, 0))).toBeLessThan(1e-9 * Math.max(1, ...col.map(Math.abs)));
        }
        const ours = check(fit.beta[k], fit.a0[k], fit.lambda[k], alpha, w, pf, intercept);
        const theirs = check([0, 1, 2].map((cl) => c.beta[cl][k]), c.a0[k], c.lambda[k], alpha, w, pf, intercept);
        expect(ours.f).toBeLessThanOrEqual(theirs.f * (1 + 1e-12));
        expect(ours.kkt).toBeLessThan(1e-7 * c.lambda[0]);
        expect(Math.abs(fit.devRatio[k] - c["dev.ratio"][k])).toBeLessThan(1e-7);
        expect(fit.converged[k]).toBe(true);
      }
    });
  }

  it("the default path (nlambda 30, λ down to 1e-4·λ_max) converges at every point, KKT from scratch", () => {
    // near separation: the full-Hessian Newton steps, where diagonal curvature crawled
    const fit = glmnet(data.X, data.y, { family: "multinomial", typeMultinomial: "grouped", nlambda: 30 });
    const w = new Array(n).fill(1);
    expect(fit.lambda.length).toBeGreaterThan(20);
    for (let k = 0; k < fit.lambda.length; k++) {
      expect(fit.converged[k]).toBe(true);
      // the tolerance: thresh·1e-3 relative to the largest standardized group gradient at B = 0
      expect(check(fit.beta[k], fit.a0[k], fit.lambda[k], 1, w).kkt).toBeLessThan(2e-10 * fit.lambda[0]);
    }
  });

  it("CSC X gives the dense fit", () => {
    const colptr = [0], rowind: number[] = [], vals: number[] = [];
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < n; i++) if (x[i * p + j] !== 0) { rowind.push(i); vals.push(x[i * p + j]); }
      colptr.push(rowind.length);
    }
    const csc = { format: "csc" as const, rows: n, cols: p, indptr: Int32Array.from(colptr), indices: Int32Array.from(rowind), data: Float64Array.from(vals) };
    const o = { family: "multinomial" as const, typeMultinomial: "grouped" as const, nlambda: 8, lambdaMinRatio: 0.05 };
    const dense = glmnet(data.X, data.y, o), sparse = glmnet(csc, data.y, o);
    expect(relDiff(sparse.lambda, dense.lambda)).toBeLessThan(1e-12);
    for (let k = 0; k < dense.lambda.length; k++) {
      for (let cl = 0; cl < K; cl++) expect(relDiff(sparse.beta[k][cl], dense.beta[k][cl])).toBeLessThan(1e-6);
    }
  });

  it("typed errors: an unknown typeMultinomial, grouped outside the multinomial family", () => {
    expect(() => glmnet(data.X, data.y, { family: "multinomial", typeMultinomial: "both" as never })).toThrow(L1L2Error);
    expect(() => glmnet(data.X, Array.from(data.y, (v) => v % 2), { family: "binomial", typeMultinomial: "grouped" })).toThrow(L1L2Error);
    expect(() => glmnet(data.X, data.y, { typeMultinomial: "grouped" })).toThrow(/needs family "multinomial"/);
  });
});

describe("cvGlmnet(typeMultinomial = grouped) reproduces R's cv.glmnet", () => {
  for (const c of ref.grouped_cv) {
    it(c.id, () => {
      const a = c.args;
      const cv = cvGlmnet(data.X, data.y, {
        family: "multinomial", typeMultinomial: "grouped", foldid, nlambda: a.nlambda, lambdaMinRatio: a["lambda.min.ratio"],
      });
      expectCvMatchesR(cv, c);
    });
  }
});
