// Paths against scikit-learn's lasso_path/enet_path and R glmnet (test/fixtures/reference,
// tight tolerances), the early stop of glmnet, distinct solutions along a path, strong rules
// on vs off, progress and cancellation.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, lassoPath, enetPath, glmnet, coef, predict, Lasso } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";
import { randomProblem, correlatedProblem } from "./helpers/kkt.js";
import { DesignMatrix } from "../src/design.js";
import { GaussianProblem } from "../src/gaussian.js";
import { solvePath } from "../src/path.js";

beforeAll(() => initSync());
const refs: any[] = loadReference("paths.json");

describe("scikit-learn paths", () => {
  for (const r of refs.filter((r) => r.path_id.includes("/sklearn/"))) {
    it(r.path_id, () => {
      const d = loadDataset(r.dataset);
      // scikit-learn ran at tol 1e-12; 1e-10 is enough for 1e-6 and takes far fewer sweeps
      const opts = { fitIntercept: true, tol: 1e-10, maxIter: 1e7, eps: r.params.eps, alphas: r.params.n_alphas };
      const out = r.function === "lasso_path" ? lassoPath(d.X, d.y, opts) : enetPath(d.X, d.y, { ...opts, l1Ratio: r.params.l1_ratio });
      expect(relDiff(out.alphas, r.alphas)).toBeLessThan(1e-12);
      let worst = 0;
      for (let k = 0; k < r.alphas.length; k++) {
        worst = Math.max(worst, relDiff(out.coefs[k], r.coefs[k]));
        expect(Math.abs(out.intercepts[k] - r.intercepts[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(r.intercepts[k])));
      }
      expect(worst).toBeLessThan(1e-6);
      expect(out.converged.every(Boolean)).toBe(true);
    });
  }

  it("a 100-point path returns 100 distinct solutions (the scikit-learn 1.8 regression)", () => {
    const d = loadDataset("diabetes");
    const out = lassoPath(d.X, d.y, { alphas: 100, tol: 1e-10 });
    expect(out.coefs.length).toBe(100);
    const keys = new Set(out.coefs.map((c) => Array.from(c).join(",")));
    expect(keys.size).toBe(100);
  });

  it("a path point equals a cold fit at the same α", () => {
    const d = loadDataset("synth_pn_60x300");
    const out = lassoPath(d.X, d.y, { alphas: 30, fitIntercept: true, tol: 1e-12, maxIter: 1e6 });
    const k = 17;
    const cold = new Lasso({ alpha: out.alphas[k], tol: 1e-12, maxIter: 1e6 }).fit(d.X, d.y);
    expect(relDiff(out.coefs[k], cold.coef)).toBeLessThan(1e-7);
  });

  it("strong rules on and off give the same path", () => {
    const { X, y } = randomProblem(99, 40, 200);
    const a = lassoPath(X, y, { alphas: 40, tol: 1e-12, maxIter: 1e6, fitIntercept: true });
    const b = lassoPath(X, y, { alphas: 40, tol: 1e-12, maxIter: 1e6, fitIntercept: true, screening: false });
    for (let k = 0; k < 40; k++) expect(relDiff(a.coefs[k], b.coefs[k])).toBeLessThan(1e-8);
  });

  it("a left-out gradient the path did not compute is below what its checks compare it with", () => {
    // weights, penalty factors and p > n (naive solves); every gradient recomputed here
    // (half the rows nearly weightless and some held out, as in a CV fold: the weights' norm of
    // the drift differs from others; some features bounded below by zero)
    const n = 50, p = 400, { X, y } = correlatedProblem(17, n, p), w = X.map((_, i) => (i % 5 === 0 ? 0 : i % 2 ? 0.02 : 1));
    const lower = Float64Array.from({ length: p }, (_, j) => (j % 5 === 1 ? 0 : -Infinity));
    const sw = w.reduce((a, b) => a + b, 0), weights = Float64Array.from(w, (v) => (v * n) / sw);
    const factors = Float64Array.from({ length: p }, (_, j) => (j % 7 === 0 ? 2 : 1));
    const d = DesignMatrix.from(X), problem = new GaussianProblem(d, Float64Array.from(y), weights, { fitIntercept: true, standardize: false });
    try {
      const lmax = Math.max(...problem.correlations().map((g, j) => Math.abs(g) / factors[j]));
      const l1 = Array.from({ length: 60 }, (_, k) => lmax * Math.pow(0.01, k / 59));
      const pts = solvePath(problem, { l1, l2: l1.map(() => 0), factors, lower, tol: 1e-10, maxIter: 1e6 });
      let unknown = 0;
      pts.forEach((r, k) => {
        expect(r.solver).toBe("cd-naive");
        const res = y.map((yi, i) => yi - r.intercept - X[i].reduce((s, x, j) => s + x * r.coef[j], 0));
        const threshold = Math.min(l1[k], k + 1 < l1.length ? 2 * l1[k + 1] - l1[k] : l1[k]);
        for (let j = 0; j < p; j++) {
          const g = res.reduce((s, ri, i) => s + weights[i] * X[i][j] * ri, 0) / n;
          if (Number.isNaN(r.grad[j])) {
            unknown++;
            expect(r.coef[j]).toBe(0);
            expect(Math.abs(g), `point ${k}, feature ${j}`).toBeLessThan(threshold * factors[j]);
          } else expect(Math.abs(r.grad[j] - g)).toBeLessThan(1e-10);
        }
      });
      expect(unknown).toBeGreaterThan(0.15 * pts.length * p); // (23% of them here)
    } finally {
      problem.dispose(); d.dispose();
    }
  });

  it("the drift that bounds them: the residual's move in the weights' norm, and the columns' weighted norms", () => {
    const n = 40, p = 30, { X, y } = correlatedProblem(3, n, p), w = X.map((_, i) => (i % 3 ? 0.05 : 2));
    const sw = w.reduce((a, b) => a + b, 0), weights = Float64Array.from(w, (v) => (v * n) / sw);
    const d = DesignMatrix.from(X), problem = new GaussianProblem(d, Float64Array.from(y), weights, { fitIntercept: true, standardize: false });
    const residual = (r: { coef: Float64Array; intercept: number }) =>
      y.map((yi, i) => yi - r.intercept - X[i].reduce((s, x, j) => s + x * r.coef[j], 0));
    try {
      const opts = { tol: 1e-12, maxIter: 1e6, mode: "naive" as const };
      const r1 = residual(problem.solve({ l1: 0.3, l2: 0 }, opts));
      problem.markReference();
      const r2 = residual(problem.solve({ l1: 0.05, l2: 0 }, opts));
      const drift = Math.sqrt(r1.reduce((s, v, i) => s + weights[i] * (r2[i] - v) ** 2, 0));
      expect(Math.abs(problem.residualDrift() - drift)).toBeLessThan(1e-9 * drift);
      const scales = problem.gradientScales();
      for (let j = 0; j < p; j++) {
        const m = X.reduce((s, r, i) => s + weights[i] * r[j], 0) / n;
        const norm = Math.sqrt(X.reduce((s, r, i) => s + weights[i] * (r[j] - m) ** 2, 0)) / n;
        expect(Math.abs(scales[j] - norm)).toBeLessThan(1e-12 * norm);
      }
    } finally {
      problem.dispose(); d.dispose();
    }
  });

  it("reports progress and honours an AbortSignal", () => {
    const { X, y } = randomProblem(5, 50, 20);
    const seen: number[] = [];
    lassoPath(X, y, { alphas: 10, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ac = new AbortController();
    expect(() => lassoPath(X, y, { alphas: 10, signal: ac.signal, onProgress: (p) => { if (p.done === 3) ac.abort(); } }))
      .toThrow(/abort/i);
  });
});

describe("glmnet paths", () => {
  for (const r of refs.filter((r) => r.path_id.includes("/glmnet/"))) {
    it(`${r.path_id}: the whole path`, () => {
      const d = loadDataset(r.dataset);
      const a = r.glmnet_args;
      const fit = glmnet(d.X, d.y, { alpha: a.alpha, standardize: a.standardize, intercept: a.intercept, nlambda: a.nlambda,
        thresh: 1e-13, maxit: 1e7, control: { fdev: 0, devmax: 1 } });
      expect(fit.lambda.length).toBe(r.lambda.length);
      expect(relDiff(fit.lambda, r.lambda)).toBeLessThan(1e-10);
      let worst = 0;
      for (let k = 0; k < r.lambda.length; k++) worst = Math.max(worst, relDiff(fit.beta[k], r.beta[k]));
      expect(worst).toBeLessThan(1e-6);
      expect(relDiff(fit.a0, r.a0)).toBeLessThan(1e-6);
      expect(Array.from(fit.df)).toEqual(r.df);
      expect(relDiff(fit.devRatio, r["dev.ratio"])).toBeLessThan(1e-7);
    });
    it(`${r.path_id}: the default early stop ends where R's does`, () => {
      const d = loadDataset(r.dataset);
      const a = r.glmnet_args;
      const fit = glmnet(d.X, d.y, { alpha: a.alpha, standardize: a.standardize, nlambda: a.nlambda, thresh: 1e-13, maxit: 1e7 });
      expect(fit.lambda.length).toBe(r.default_control.nlambda_returned);
    });
  }

  it("coef and predict interpolate linearly in λ, as R's coef(fit, s)", () => {
    const d = loadDataset("diabetes");
    const fit = glmnet(d.X, d.y, { nlambda: 20 });
    const s = 0.3 * fit.lambda[5] + 0.7 * fit.lambda[6];
    const c = coef(fit, { s });
    for (let j = 0; j < 10; j++) expect(c[j + 1]).toBeCloseTo(0.3 * fit.beta[5][j] + 0.7 * fit.beta[6][j], 10);
    expect(c[0]).toBeCloseTo(0.3 * fit.a0[5] + 0.7 * fit.a0[6], 10);
    expect(Array.from(coef(fit, { s: 1e9 }).subarray(1))).toEqual(Array.from(fit.beta[0]));
    const yhat = predict(fit, d.X, { s });
    expect(yhat[3]).toBeCloseTo(c[0] + Array.from({ length: 10 }, (_, j) => d.X.data[30 + j] * c[j + 1]).reduce((a, b) => a + b), 8);
    expect(coef(fit).length).toBe(fit.lambda.length);
  });
});
