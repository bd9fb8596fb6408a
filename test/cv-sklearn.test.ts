// LassoCV / ElasticNetCV against scikit-learn (KFold(5), tol 1e-10): the α grid, the fold
// MSE path, the chosen (α, l1Ratio) and the refit; plus the one-standard-error rule.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, LassoCV, ElasticNetCV } from "../src/index.js";
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
