// The scikit-learn faces against the shared references (scikit-learn and glmnet at tight
// tolerance), case by case: coefficients to 1e-6 relative, objective to 1e-9 relative.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync } from "../src/wasm.js";
import { Lasso, ElasticNet, Ridge } from "../src/models/sklearn.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());

const datasets = ["diabetes", "synth_pn_60x300", "breast_cancer"];

for (const name of datasets) {
  const ref = loadReference(`${name}.json`);
  const data = loadDataset(name);
  const cases = ref.cases.filter((c: any) => ["lasso", "enet", "ridge"].includes(c.model) && c.source === c.best_source);
  describe(`${name}: scikit-learn faces`, () => {
    for (const c of cases) {
      for (const mode of ["naive", "covariance"] as const) {
        it(`${c.case_id} (${c.recipe}, ${mode})`, () => {
          const common = { tol: 1e-12, maxIter: 1e6, mode, warn: false };
          const model =
            c.model === "lasso" ? new Lasso({ alpha: c.l1, ...common })
            : c.model === "enet" ? new ElasticNet({ alpha: c.l1 + 2 * c.l2, l1Ratio: c.l1 / (c.l1 + 2 * c.l2), ...common })
            : new Ridge({ alpha: 2 * data.n * c.l2, ...common });
          model.fit(data.X, data.y);
          expect(relDiff(model.coef, c.coef)).toBeLessThan(1e-6);
          expect(Math.abs(model.intercept - c.intercept) / Math.max(1, Math.abs(c.intercept))).toBeLessThan(1e-6);
          expect(Math.abs(model.objective - c.objective) / Math.abs(c.objective)).toBeLessThan(1e-9);
          expect(model.converged).toBe(true);
          expect(model.kktViolation).toBeLessThan(1e-6 * Math.max(1, c.l1));
        });
      }
    }
  });
}
