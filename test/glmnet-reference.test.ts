// The glmnet face against R glmnet 4.1 (thresh 1e-20): standardize on/off, α, penalty
// factors, lower limits and weights, at single λ values (test/fixtures/reference).
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, glmnet, coef } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());

const cases: any[] = loadReference("glmnet_gaussian.json");

describe("glmnet(family = gaussian) reproduces R's coefficients", () => {
  for (const c of cases) {
    it(c.case_id, () => {
      const data = loadDataset(c.dataset);
      const a = c.glmnet_args;
      const lim = (v: unknown) => (typeof v === "number" ? v : undefined);
      const fit = glmnet(data.X, data.y, {
        alpha: a.alpha, lambda: [a.lambda], standardize: a.standardize, intercept: a.intercept,
        penaltyFactor: a["penalty.factor"] ?? undefined, weights: a.weights ?? undefined,
        lowerLimits: lim(a["lower.limits"]), upperLimits: lim(a["upper.limits"]),
        thresh: 1e-14, maxit: 1e6,
      });
      const ref = c.polished ?? c;
      const b = coef(fit, { s: a.lambda });
      expect(relDiff(b.subarray(1), ref.beta)).toBeLessThan(1e-6);
      expect(Math.abs(b[0] - ref.a0) / Math.max(1, Math.abs(ref.a0))).toBeLessThan(1e-6);
      expect(fit.converged[0]).toBe(true);
      expect(fit.df[0]).toBe(ref.beta.filter((v: number) => v !== 0).length);
      expect(fit.nulldev).toBeCloseTo(c.nulldev, 6);
      expect(fit.devRatio[0]).toBeCloseTo(c["dev.ratio"], 7);
    });
  }
});
