// glmnet(family = "binomial") against R glmnet 4.1.6 on breast_cancer (paths at thresh 1e-14:
// λ sequence, coefficients, intercepts, deviance, early stop), and the optimality conditions
// of every point checked directly. References: Rscript scripts/make_logistic_references.R.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, glmnet, coef, predict, L1L2Error } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";
import { columnSpreads, standardizedDiff } from "./helpers/glmnet.js";

beforeAll(() => initSync());

const ref = loadReference("glmnet_binomial.json");
const data = loadDataset(ref.dataset);
const sigmoid = (e: number) => 1 / (1 + Math.exp(-e));
const inf = (v: number | string) => (v === "Inf" ? Infinity : v === "-Inf" ? -Infinity : (v as number));

function rowsOf(rows: number[], y: number[]) {
  const p = data.p, X = new Float64Array(rows.length * p);
  rows.forEach((r, i) => X.set(data.X.data.subarray(r * p, (r + 1) * p), i * p));
  return { X: { data: X, rows: rows.length, cols: p }, y: Float64Array.from(y) };
}

function optionsOf(a: any) {
  return {
    family: "binomial" as const, alpha: a.alpha, nlambda: a.nlambda, standardize: a.standardize, intercept: a.intercept,
    lambda: a.lambda, weights: a.weights, penaltyFactor: a["penalty.factor"],
    lowerLimits: a["lower.limits"]?.map(inf), upperLimits: a["upper.limits"]?.map(inf),
  };
}

/**
 * The KKT conditions of (1/Σw)·Σ wᵢ·logloss + λ·Σ pfⱼ·sⱼ·(α|βⱼ| + (1−α)sⱼβⱼ²/2), computed here
 * from scratch: the largest violation over features, in standardized units.
 */
function kkt(X: { data: Float64Array; rows: number; cols: number }, y: Float64Array, w: Float64Array, fit: any, k: number, o: any): number {
  const { rows: n, cols: p, data: x } = X;
  const sw = w.reduce((a, b) => a + b, 0);
  const b = fit.beta[k], a0 = fit.a0[k], lam = fit.lambda[k], alpha = o.alpha ?? 1;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = a0;
    for (let j = 0; j < p; j++) e += x[i * p + j] * b[j];
    r[i] = (w[i] * (y[i] - sigmoid(e))) / sw;
  }
  const pfSum = o.penaltyFactor ? o.penaltyFactor.reduce((a: number, v: number) => a + v, 0) : p;
  let worst = 0;
  const sd = columnSpreads(X, w);
  for (let j = 0; j < p; j++) {
    let g = 0;
    const s = o.standardize === false ? 1 : sd[j];
    for (let i = 0; i < n; i++) g += r[i] * x[i * p + j];
    const f = o.penaltyFactor ? (o.penaltyFactor[j] * p) / pfSum : 1;
    const a1 = lam * alpha * f * s, t = g - lam * (1 - alpha) * f * s * s * b[j];
    let left = b[j] > 0 ? a1 : -a1, right = b[j] < 0 ? -a1 : a1;
    if (o.lowerLimits && b[j] <= o.lowerLimits[j]) left = -Infinity;
    if (o.upperLimits && b[j] >= o.upperLimits[j]) right = Infinity;
    worst = Math.max(worst, (t < left ? left - t : t > right ? t - right : 0) / s);
  }
  return worst;
}

describe("glmnet(family = binomial) reproduces R glmnet", () => {
  for (const c of ref.fits) {
    it(c.id, () => {
      const d = rowsOf(c.rows, c.y);
      const o = optionsOf(c.args);
      const fit = glmnet(d.X, d.y, o);
      expect(fit.family).toBe("binomial");
      expect(fit.lambda.length).toBe(c.lambda.length); // the same early stop
      expect(relDiff(fit.lambda, c.lambda)).toBeLessThan(1e-12);
      expect(fit.nulldev).toBeCloseTo(c.nulldev, 8);
      const w = o.weights ? Float64Array.from(o.weights) : new Float64Array(d.X.rows).fill(1);
      const sd = columnSpreads(d.X, w);
      for (let k = 0; k < c.lambda.length; k++) {
        expect(standardizedDiff(fit.beta[k], c.beta[k], sd)).toBeLessThan(1e-6);
        expect(Math.abs(fit.a0[k] - c.a0[k]) / Math.max(1, Math.abs(c.a0[k]))).toBeLessThan(1e-6);
        expect(Math.abs(fit.devRatio[k] - c["dev.ratio"][k])).toBeLessThan(1e-8);
        // R's first ridge point is its λ = ∞ fit, with coefficients ~1e-35 that it counts as nonzero
        expect(fit.df[k]).toBe(c.beta[k].filter((v: number) => Math.abs(v) > 1e-20).length);
        expect(fit.converged[k]).toBe(true);
        // relative to λ_max (the gradient's scale); R's first point is its λ = ∞ fit
        if (k > 0 || c.args.lambda) expect(kkt(d.X, d.y, w, fit, k, o)).toBeLessThan(1e-8 * fit.lambda[0]);
      }
    });
  }

  it("predict: link, response and class at interpolated λ; labels of any two values", () => {
    const labels = Array.from(data.y, (v) => (v === 1 ? "benign" : "malignant"));
    const fit = glmnet(data.X, labels, { family: "binomial", nlambda: 20 });
    expect(fit.classnames).toEqual(["benign", "malignant"]); // sorted: the model is P("malignant")
    const s = (fit.lambda[5] + fit.lambda[6]) / 2;
    const b = coef(fit, { s });
    const link = predict(fit, data.X, { s });
    const prob = predict(fit, data.X, { s, type: "response" });
    const cls = predict(fit, data.X, { s, type: "class" });
    for (let i = 0; i < data.n; i += 37) {
      let e = b[0];
      for (let j = 0; j < data.p; j++) e += data.X.data[i * data.p + j] * b[j + 1];
      expect(link[i]).toBeCloseTo(e, 10);
      expect(prob[i]).toBeCloseTo(sigmoid(e), 12);
      expect(cls[i]).toBe(e > 0 ? "malignant" : "benign");
    }
    // the 0/1 coding flips with the labels: same |β|, opposite sign
    const fit01 = glmnet(data.X, data.y, { family: "binomial", nlambda: 20 });
    expect(relDiff(coef(fit01, { s }).map((v) => -v), b)).toBeLessThan(1e-9);
  });

  it("typed errors: three classes, one class, predict types the family lacks", () => {
    const three = Array.from(data.y, (v, i) => (i % 3 === 0 ? 2 : v));
    expect(() => glmnet(data.X, three, { family: "binomial" })).toThrow(L1L2Error);
    expect(() => glmnet(data.X, new Float64Array(data.n).fill(1), { family: "binomial" })).toThrow(/single class/);
    const g = glmnet(data.X, data.y, { nlambda: 5 });
    expect(() => predict(g, data.X, { s: 0.1, type: "response" })).toThrow(/not available for the gaussian/);
    expect(() => glmnet(data.X, data.y, { family: "poisson" as any })).toThrow(/not supported/);
  });
});
