// LassoCV / ElasticNetCV against scikit-learn (KFold(5), tol 1e-10): the α grid, the fold
// MSE path, the chosen (α, l1Ratio) and the refit; plus the one-standard-error rule.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, LassoCV, ElasticNetCV, RidgeCV, Ridge } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());
const ref = loadReference("sklearn_cv.json");

describe("scikit-learn CV faces", () => {
  for (const c of ref.cases.filter((c: any) => c.model !== "RidgeCV")) {
    it(c.case_id, () => {
      const d = loadDataset(c.dataset);
      const common = { cv: c.params.cv, tol: 1e-10, maxIter: 1e6, alphas: c.params.n_alphas, warn: false };
      const m = c.model === "LassoCV" ? new LassoCV(common).fit(d.X, d.y)
        : new ElasticNetCV({ ...common, l1Ratio: c.params.l1_ratio }).fit(d.X, d.y);
      c.alphas.forEach((a: number[], r: number) => expect(relDiff(m.alphas[r], a)).toBeLessThan(1e-12));
      c.mse_path.forEach((rows: number[][], r: number) => rows.forEach((folds, k) =>
        expect(relDiff(m.msePath[r][k], folds)).toBeLessThan(1e-6)));
      expect(m.alpha).toBeCloseTo(c.alpha, 12);
      expect(m.l1Ratio).toBe(c.l1_ratio);
      expect(relDiff(m.coef, c.coef)).toBeLessThan(1e-6);
      expect(m.intercept).toBeCloseTo(c.intercept, 6);
    });
  }

  it("selection: '1se' picks the largest α within one standard error", () => {
    const d = loadDataset("diabetes");
    const a = new LassoCV({ alphas: 30, tol: 1e-8 }).fit(d.X, d.y);
    const b = new LassoCV({ alphas: 30, tol: 1e-8, selection: "1se" }).fit(d.X, d.y);
    const { alphas, mean, se } = a.cvCurve();
    const best = mean.indexOf(Math.min(...mean));
    const k = b.cvCurve().alphas.indexOf(b.alpha);
    expect(b.alpha).toBeGreaterThanOrEqual(a.alpha);
    expect(mean[k]).toBeLessThanOrEqual(mean[best] + se[best]);
    if (k > 0) expect(mean[k - 1]).toBeGreaterThan(mean[best] + se[best]);
    expect(alphas[best]).toBe(a.alpha);
  });
});

describe("RidgeCV (efficient leave-one-out)", () => {
  for (const c of ref.cases.filter((c: any) => c.model === "RidgeCV")) {
    it(c.case_id, () => {
      const d = loadDataset(c.dataset);
      const m = new RidgeCV({ alphas: c.params.alphas }).fit(d.X, d.y);
      expect(m.alpha).toBe(c.alpha);
      const best = m.alphas.indexOf(m.alpha);
      expect(Math.abs(-m.msePath[best] - c.best_score)).toBeLessThan(1e-8 * Math.abs(c.best_score));
      expect(relDiff(m.coef, c.coef)).toBeLessThan(1e-6);
      expect(m.intercept).toBeCloseTo(c.intercept, 6);
    });
  }

  it("the LOO errors equal explicit leave-one-out refits", () => {
    const d = loadDataset("diabetes");
    const n = 60, X = { data: d.X.data.slice(0, n * 10), rows: n, cols: 10 }, y = d.y.slice(0, n);
    const m = new RidgeCV({ alphas: [0.05, 0.5] }).fit(X, y);
    let se = 0;
    for (let i = 0; i < n; i++) {
      const keep = Array.from({ length: n }, (_, t) => t).filter((t) => t !== i);
      const Xi = { data: Float64Array.from(keep.flatMap((t) => Array.from(X.data.subarray(t * 10, t * 10 + 10)))), rows: n - 1, cols: 10 };
      const r = new Ridge({ alpha: 0.5 }).fit(Xi, keep.map((t) => y[t]));
      se += (y[i] - r.predict({ data: X.data.subarray(i * 10, i * 10 + 10), rows: 1, cols: 10 })[0]) ** 2;
    }
    expect(m.msePath[1]).toBeCloseTo(se / n, 8);
  });
});

describe("CV faces validate their sample weights", () => {
  it("a negative sample weight is a typed error naming the row", () => {
    const d = loadDataset("diabetes");
    const w = new Array(d.n).fill(1);
    w[5] = -1;
    expect(() => new LassoCV({ alphas: 5 }).fit(d.X, d.y, { sampleWeight: w })).toThrow(/sampleWeight\[5\] is negative/);
  });
});
