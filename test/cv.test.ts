// cvGlmnet against R's cv.glmnet with the same foldid (thresh 1e-20 there): the CV curve,
// its standard errors, λ_min and λ_1se; with and without glmnet's early stop.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, cvGlmnet } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());
const refs: any[] = loadReference("cv_glmnet.json");

describe("cvGlmnet reproduces cv.glmnet", () => {
  for (const r of refs) {
    it(r.case_id, () => {
      const d = loadDataset(r.dataset);
      const a = r.glmnet_args;
      const control = r.control.includes("fdev = 0") ? { fdev: 0, devmax: 1 } : undefined;
      const cv = cvGlmnet(d.X, d.y, {
        alpha: a.alpha, typeMeasure: a["type.measure"], foldid: Array.from(d.folds!, (f) => f + 1),
        thresh: 1e-13, maxit: 1e7, control, lambda: a.lambda,
      });
      expect(cv.lambda.length).toBe(r.lambda.length);
      expect(relDiff(cv.lambda, r.lambda)).toBeLessThan(1e-10);
      expect(relDiff(cv.cvm, r.cvm)).toBeLessThan(1e-6);
      expect(relDiff(cv.cvsd, r.cvsd)).toBeLessThan(1e-6);
      // a user λ sequence that starts exactly at λ_max puts the first feature on the soft-threshold
      // boundary there (|∇| = λ to the last bit): either 0 or a ~1e-17 coefficient is optimal
      const from = a.lambda ? 1 : 0;
      expect(Array.from(cv.nzero).slice(from)).toEqual(r.nzero.slice(from));
      expect(cv.lambdaMin).toBeCloseTo(r["lambda.min"], 12);
      expect(cv.lambda1se).toBeCloseTo(r["lambda.1se"], 12);
      expect(cv.indexMin).toBe(r.index_min - 1);
      expect(cv.index1se).toBe(r.index_1se - 1);
      expect(cv.name).toBe(r.name);
    });
  }

  it("rejects class/auc for the gaussian family and bad foldid", () => {
    const d = loadDataset("diabetes");
    expect(() => cvGlmnet(d.X, d.y, { typeMeasure: "auc" as never })).toThrow(/not available/);
    expect(() => cvGlmnet(d.X, d.y, { foldid: new Array(442).fill(0) })).toThrow(/1-based/);
  });
});
