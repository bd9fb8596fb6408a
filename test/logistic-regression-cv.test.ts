// LogisticRegressionCV warm-starts each fold's fits along the Cs (ascending, as scikit-learn's
// _log_reg_scoring_path). That must not change its answers beyond solver tolerance: here every
// fold and C is refitted from a cold start with LogisticRegression (what LogisticRegressionCV
// did before), scored the same way, and compared — C_, l1Ratio_, every held-out score, the refit.
// At a tight tol the cold and warm fits are the same optimum, so accuracies agree exactly and
// log-losses (smooth in the coefficients) to ~1e-9; a warm start that changed a fit would not.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, LogisticRegression, LogisticRegressionCV } from "../src/index.js";
import type { LogisticRegressionCVOptions } from "../src/index.js";
import { stratifiedFolds } from "../src/models/logistic-regression-cv.js";
import { encodeLabels } from "../src/labels.js";
import { loadDataset, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());

type Data = { X: { data: Float64Array; rows: number; cols: number }; y: number[] };

/** z-scores (1/n standard deviation), the first `rows` rows. */
function standardized(name: string, rows = Infinity): Data {
  const d = loadDataset(name);
  const n = Math.min(d.n, rows), p = d.p, src = d.X.data, out = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let m = 0, v = 0;
    for (let i = 0; i < n; i++) m += src[i * p + j];
    m /= n;
    for (let i = 0; i < n; i++) v += (src[i * p + j] - m) ** 2;
    const sd = Math.sqrt(v / n) || 1;
    for (let i = 0; i < n; i++) out[i * p + j] = (src[i * p + j] - m) / sd;
  }
  return { X: { data: out, rows: n, cols: p }, y: Array.from(d.y.subarray(0, n)) };
}

/** LogisticRegressionCV's search as it was: a cold-started LogisticRegression per fold and C. */
function coldSearch(o: LogisticRegressionCVOptions & { Cs: number[] }, data: Data, sampleWeight?: number[]) {
  const { X, y } = data, n = X.rows;
  const folds = stratifiedFolds(encodeLabels(y, n).codes, 5);
  const { Cs, cv: _cv, l1Ratios, scoring, ...rest } = o;
  const ratios = l1Ratios ? Array.from(l1Ratios) : [undefined];
  const scores = ratios.map((l1Ratio) => Array.from({ length: 5 }, (_, f) => Cs.map((C) => {
    const fw = Array.from({ length: n }, (_, i) => (folds[i] === f ? 0 : sampleWeight?.[i] ?? 1));
    const m = new LogisticRegression({ ...rest, C, l1Ratio, warn: false }).fit(X, y, { sampleWeight: fw });
    const test = y.map((_, i) => i).filter((i) => folds[i] === f);
    if (scoring === "negLogLoss") {
      const P = m.predictProba(X);
      return test.reduce((s, i) => s + Math.log(Math.min(Math.max(P[i][m.classes.indexOf(y[i])], 1e-15), 1 - 1e-15)), 0) / test.length;
    }
    const pred = m.predict(X);
    return test.filter((i) => pred[i] === y[i]).length / test.length;
  })));
  let top = -Infinity, best = { r: 0, c: 0 };
  scores.forEach((byFold, r) => Cs.forEach((_, c) => {
    const s = byFold.reduce((a, row) => a + row[c], 0);
    if (s > top) { top = s; best = { r, c }; }
  }));
  return { scores, C: Cs[best.c], l1Ratio: ratios[best.r] };
}

function expectSameSearch(o: LogisticRegressionCVOptions & { Cs: number[] }, data: Data, sampleWeight?: number[]) {
  const cold = coldSearch(o, data, sampleWeight);
  const m = new LogisticRegressionCV({ ...o, cv: 5 }).fit(data.X, data.y, sampleWeight ? { sampleWeight } : {});
  expect(Array.from(m.Cs)).toEqual(o.Cs);
  expect(m.scores.length).toBe(cold.scores.length);
  m.scores.forEach((byFold, r) => byFold.forEach((row, f) => {
    if (o.scoring === "negLogLoss") expect(relDiff(row, cold.scores[r][f]), `l1Ratio #${r} fold ${f}`).toBeLessThan(1e-8);
    else expect(Array.from(row), `l1Ratio #${r} fold ${f}`).toEqual(cold.scores[r][f]);
  }));
  expect(m.C).toBe(cold.C);
  expect(m.l1Ratio).toBe(cold.l1Ratio);
  const refit = new LogisticRegression({ ...o, Cs: undefined, l1Ratios: undefined, scoring: undefined, C: cold.C, l1Ratio: cold.l1Ratio } as never)
    .fit(data.X, data.y, sampleWeight ? { sampleWeight } : {});
  m.coefs.forEach((row, k) => expect(relDiff(row, refit.coefs[k])).toBeLessThan(1e-12));
  expect(relDiff(m.intercepts, refit.intercepts)).toBeLessThan(1e-12);
  return m;
}

const Cs = [1e-3, 1e-2, 0.1, 1, 10, 100];
const tight = { tol: 1e-12, maxIter: 1000 };

describe("LogisticRegressionCV: warm starts along the Cs give the cold-started answers", () => {
  const cancer = standardized("breast_cancer");
  const wine = standardized("wine");

  it("binary, l2, accuracy (breast_cancer)", () => {
    expectSameSearch({ penalty: "l2", Cs, ...tight }, cancer);
  });

  it("binary, l1, log-loss (breast_cancer)", () => {
    expectSameSearch({ penalty: "l1", Cs, scoring: "negLogLoss", ...tight }, cancer);
  });

  it("multinomial, l2 and l1, accuracy and log-loss (wine)", () => {
    expectSameSearch({ penalty: "l2", Cs, ...tight }, wine);
    expectSameSearch({ penalty: "l1", Cs, scoring: "negLogLoss", ...tight }, wine);
  });

  it("elastic net over l1Ratios, with class weights, sample weights and standardize", () => {
    const raw = loadDataset("wine"), y = Array.from(raw.y);
    const sw = y.map((_, i) => 0.5 + (i % 3));
    expectSameSearch({ penalty: "elasticnet", l1Ratios: [0.2, 0.8], Cs, classWeight: "balanced", standardize: true,
      scoring: "negLogLoss", ...tight }, { X: raw.X, y }, sw);
    expectSameSearch({ penalty: "elasticnet", l1Ratios: [0.5], Cs: [0.05, 5], classWeight: { 0: 2, 1: 0.5 }, ...tight },
      { X: cancer.X, y: cancer.y }, cancer.y.map((_, i) => 1 + (i % 2)));
  });

  it("Cs in any order: fitted ascending, scores reported in the grid's order", () => {
    const m = expectSameSearch({ penalty: "l2", Cs: [10, 1e-3, 1, 0.01], scoring: "negLogLoss", ...tight }, wine);
    // the log-loss at the strongest penalty is the worst, wherever it sits in the grid
    for (const row of m.scores[0]) expect(Math.min(...row)).toBe(row[1]);
  });
});
