// cvGlmnet(family = "binomial") against R's cv.glmnet 4.1.6 on breast_cancer with the shared
// fixed folds: the curve (cvm, cvsd) and λ_min / λ_1se for every type.measure, weights, α.
// References: Rscript scripts/make_logistic_references.R.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, cvGlmnet, cvGlmnetAsync, L1L2Error } from "../src/index.js";
import { auc } from "../src/cv-measures.js";
import { loadDataset, loadReference } from "./helpers/datasets.js";
import { expectCvMatchesR } from "./helpers/glmnet.js";

beforeAll(() => initSync());

const ref = loadReference("glmnet_binomial.json");
const data = loadDataset(ref.dataset);
const foldid = Int32Array.from(data.folds!, (f) => f + 1);

describe("cvGlmnet(family = binomial) reproduces R's cv.glmnet", () => {
  for (const c of ref.cv) {
    it(c.id, () => {
      const a = c.args;
      const cv = cvGlmnet(data.X, data.y, {
        family: "binomial", foldid, typeMeasure: a["type.measure"], alpha: a.alpha, weights: a.weights,
      });
      // all predictions tie at the first λ, where R breaks ties at random
      expectCvMatchesR(cv, c, a["type.measure"] === "auc" ? 1 : 0);
    });
  }

  it("labels of any two values; nJobs gives the same numbers", async () => {
    const labels = Array.from(data.y, (v) => (v === 1 ? "benign" : "malignant"));
    const one = cvGlmnet(data.X, labels, { family: "binomial", foldid, typeMeasure: "class", nlambda: 20 });
    const par = await cvGlmnetAsync(data.X, labels, { family: "binomial", foldid, typeMeasure: "class", nlambda: 20, nJobs: 2 });
    expect(Array.from(par.cvm)).toEqual(Array.from(one.cvm));
    expect(one.glmnetFit.classnames).toEqual(["benign", "malignant"]);
  });

  it("typed errors: a measure the family lacks, auc with too few rows per fold", () => {
    expect(() => cvGlmnet(data.X, data.y, { typeMeasure: "auc" })).toThrow(/not available for the gaussian/);
    const small = { data: data.X.data.subarray(0, 60 * data.p), rows: 60, cols: data.p };
    expect(() => cvGlmnet(small, data.y.subarray(0, 60), { family: "binomial", typeMeasure: "auc" })).toThrow(L1L2Error);
  });

  it("auc: the Mann–Whitney statistic, ties count one half, weights count pairs", () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], [1, 1, 1, 1])).toBeCloseTo(0.75, 15);
    expect(auc([1, 1, 1], [0, 1, 1], [1, 1, 1])).toBe(0.5);
    // a weight of 2 on a row counts as the row twice
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], [1, 2, 1, 1])).toBeCloseTo(auc([0.1, 0.4, 0.4, 0.35, 0.8], [0, 0, 0, 1, 1], [1, 1, 1, 1, 1]), 15);
  });
});
