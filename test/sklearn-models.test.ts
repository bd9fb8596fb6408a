// The scikit-learn faces on 64 more cases computed by scikit-learn 1.2 at tol 1e-12
// (test/fixtures/reference/sklearn_models.json): sample weights, positive, no intercept,
// p > n, multi-target Ridge, and a design with duplicated, constant and 1e4-scaled columns.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, Lasso, ElasticNet, Ridge } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());
const cases: any[] = loadReference("sklearn_models.json");

describe("scikit-learn models, more cases", () => {
  for (const c of cases) {
    it(c.case_id, () => {
      const d = loadDataset(c.dataset);
      const p = c.params;
      const common = { fitIntercept: p.fit_intercept, positive: p.positive ?? false, tol: 1e-12, maxIter: 1e7, warn: false };
      const opts = c.sample_weight ? { sampleWeight: c.sample_weight } : {};
      if (c.Y) {
        const m = new Ridge({ alpha: p.alpha, ...common }).fit(d.X, c.Y, opts);
        c.coef.forEach((ref: number[], t: number) => expect(relDiff(m.coefs[t], ref)).toBeLessThan(1e-6));
        c.intercept.forEach((b: number, t: number) => expect(m.intercepts[t]).toBeCloseTo(b, 6));
        expect(() => m.coef).toThrow(/targets/);
        return;
      }
      const m = c.model === "Lasso" ? new Lasso({ alpha: p.alpha, ...common })
        : c.model === "ElasticNet" ? new ElasticNet({ alpha: p.alpha, l1Ratio: p.l1_ratio, ...common })
        : new Ridge({ alpha: p.alpha, ...common });
      m.fit(d.X, d.y, opts);
      expect(m.converged).toBe(true);
      if (c.coef_unique === false) {
        // duplicated columns 2 and 5: only their sum is determined
        const sum = (v: ArrayLike<number>) => v[2] + v[5];
        expect(Math.abs(sum(m.coef) - sum(c.coef))).toBeLessThan(1e-6 * Math.max(1, ...c.coef.map(Math.abs)));
      } else {
        expect(relDiff(m.coef, c.coef)).toBeLessThan(1e-6);
      }
      expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c.intercept)));
      expect(Math.abs(m.objective - c.objective)).toBeLessThan(1e-9 * Math.abs(c.objective));
    });
  }
});
