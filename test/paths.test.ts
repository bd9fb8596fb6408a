// Paths against scikit-learn's lasso_path/enet_path and R glmnet (test/fixtures/reference,
// tight tolerances), the early stop of glmnet, distinct solutions along a path, strong rules
// on vs off, progress and cancellation.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, lassoPath, enetPath, glmnet, coef, predict, Lasso } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";
import { randomProblem } from "./helpers/kkt.js";

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
