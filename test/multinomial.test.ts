// Multinomial LogisticRegression and LogisticRegressionCV against scikit-learn 1.2 (wine and
// breast_cancer, standardized), with the multinomial optimality conditions checked directly.
// References: /usr/bin/python3 scripts/make_multinomial_references.py.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, LogisticRegression, LogisticRegressionCV, L1L2Error } from "../src/index.js";
import { stratifiedFolds } from "../src/models/logistic-regression-cv.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());

const ref = loadReference("sklearn_logistic.json");

/** z-scores with the 1/n standard deviation, as the reference script's. */
function standardized(name: string) {
  const d = loadDataset(name);
  const { rows: n, cols: p, data } = d.X;
  const out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let m = 0, v = 0;
    for (let i = 0; i < n; i++) m += data[i * p + j];
    m /= n;
    for (let i = 0; i < n; i++) v += (data[i * p + j] - m) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) out[i * p + j] = (data[i * p + j] - m) / sd;
  }
  return { X: { data: out, rows: n, cols: p }, y: Array.from(d.y), n, p };
}

/** The largest KKT violation of the multinomial objective with l1, l2 (canonical units). */
function kkt(X: { data: Float64Array; rows: number; cols: number }, y: number[], w: number[] | null, B: Float64Array[], b: Float64Array, l1: number, l2: number): number {
  const { rows: n, cols: p, data } = X, K = B.length;
  const sw = w ? w.reduce((a, v) => a + v, 0) : n;
  const R = Array.from({ length: K }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const eta = B.map((c, k) => { let e = b[k]; for (let j = 0; j < p; j++) e += data[i * p + j] * c[j]; return e; });
    const m = Math.max(...eta), z = eta.reduce((a, e) => a + Math.exp(e - m), 0);
    for (let k = 0; k < K; k++) R[k][i] = ((w ? w[i] : 1) * ((y[i] === k ? 1 : 0) - Math.exp(eta[k] - m) / z)) / sw;
  }
  let worst = 0;
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < p; j++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += R[k][i] * data[i * p + j];
      const bj = B[k][j], t = g - 2 * l2 * bj;
      const v = bj !== 0 ? Math.abs(t - Math.sign(bj) * l1) : Math.max(0, Math.abs(t) - l1);
      worst = Math.max(worst, v);
    }
  }
  return worst;
}

describe("LogisticRegression, multinomial, reproduces scikit-learn", () => {
  const wine = standardized("wine");
  for (const c of ref.multinomial) {
    it(c.id, () => {
      const { C, penalty, l1_ratio: l1Ratio, fit_intercept: fitIntercept } = c.params;
      const sw = c.sample_weight.length ? c.sample_weight : undefined;
      const m = new LogisticRegression({ C, penalty, l1Ratio, fitIntercept, tol: 1e-10, maxIter: 10_000 })
        .fit(wine.X, wine.y, { sampleWeight: sw });
      expect(m.converged).toBe(true);
      expect(m.classes).toEqual([0, 1, 2]);
      // saga stops on a coefficient change of 1e-9 and converges linearly: ~1e-6 from the optimum
      const tol = c.params.solver === "saga" ? 1e-5 : 1e-6;
      const coefs = m.coefs;
      for (let k = 0; k < 3; k++) expect(relDiff(coefs[k], c.coef[k])).toBeLessThan(tol);
      expect(relDiff(m.intercepts, c.intercept)).toBeLessThan(tol);
      const W = sw ? sw.reduce((a: number, v: number) => a + v, 0) : wine.n;
      const s = 1 / (C * W);
      const [l1, l2] = penalty === "l1" ? [s, 0] : penalty === "l2" ? [0, s / 2] : [s * l1Ratio, (s * (1 - l1Ratio)) / 2];
      expect(kkt(wine.X, wine.y, sw ?? null, coefs, m.intercepts, l1, l2)).toBeLessThan(1e-9);
    });
  }

  it("predictProba rows are the softmax of decisionFunction; predict is their argmax; labels of any kind", () => {
    const labels = wine.y.map((v) => ["barolo", "grignolino", "barbera"][v]);
    const m = new LogisticRegression({ C: 0.5 }).fit(wine.X, labels);
    expect(m.classes).toEqual(["barbera", "barolo", "grignolino"]);
    const f = m.decisionFunction(wine.X) as Float64Array[], P = m.predictProba(wine.X), pred = m.predict(wine.X);
    for (let i = 0; i < wine.n; i += 11) {
      expect(P[i].reduce((a, v) => a + v, 0)).toBeCloseTo(1, 14);
      const z = Array.from(f[i], Math.exp).reduce((a, v) => a + v, 0);
      for (let k = 0; k < 3; k++) expect(P[i][k]).toBeCloseTo(Math.exp(f[i][k]) / z, 14);
      expect(pred[i]).toBe(m.classes[P[i].indexOf(Math.max(...P[i]))]);
    }
    expect(m.score(wine.X, labels)).toBeGreaterThan(0.95);
    expect(() => m.coef).toThrow(L1L2Error); // binary-only view
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.predictProba(wine.X)).toEqual(P);
  });
});

describe("LogisticRegressionCV reproduces scikit-learn", () => {
  for (const c of ref.cv) {
    it(c.id, () => {
      const data = standardized(c.dataset);
      const m = new LogisticRegressionCV({ penalty: c.params.penalty, Cs: 10, cv: 5, tol: 1e-10, maxIter: 10_000 }).fit(data.X, data.y);
      expect(relDiff(m.Cs, c.Cs)).toBeLessThan(1e-14);
      // at the grid's ends scikit-learn stops short of the optimum (saga at C = 1e-4 leaves the
      // intercepts near their zero start; at C ≥ 1e2 saga and newton-cg crawl on near-separable
      // folds), so held-out predictions can differ there; the scores inside must agree exactly
      for (let f = 0; f < 5; f++) {
        for (let k = 0; k < 10; k++) if (m.Cs[k] > 1e-4 && m.Cs[k] < 1e2) expect(m.scores[0][f][k]).toBeCloseTo(c.scores[f][k], 12);
      }
      expect(m.C).toBe(c.C);
      const tol = c.params.solver === "saga" ? 1e-4 : 1e-6;
      m.coefs.forEach((row, k) => expect(relDiff(row, c.coef[k])).toBeLessThan(tol));
      expect(relDiff(m.intercepts, c.intercept)).toBeLessThan(tol);
    });
  }

  it("StratifiedKFold: class shares per fold as scikit-learn deals them", () => {
    // 7 of class 1 then 5 of class 0, 3 folds; the expected ids are StratifiedKFold(3)'s
    const folds = stratifiedFolds(Int32Array.from([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]), 3);
    expect(Array.from(folds)).toEqual([0, 0, 0, 1, 1, 2, 2, 0, 1, 1, 2, 2]);
    expect(() => stratifiedFolds(Int32Array.from([0, 0, 1, 1]), 3)).toThrow(L1L2Error);
  });
});
