// Comparisons with R glmnet shared by the classification tests.
import { expect } from "vitest";
import type { CvGlmnetResult } from "../../src/index.js";
import { relDiff } from "./datasets.js";

/** Each column's weighted standard deviation (1/Σw, centred, also without an intercept), as glmnet standardizes. */
export function columnSpreads(X: { data: Float64Array; rows: number; cols: number }, w: ArrayLike<number>): Float64Array {
  const { rows: n, cols: p, data: x } = X;
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w[i];
  return Float64Array.from({ length: p }, (_, j) => {
    let m = 0, v = 0;
    for (let i = 0; i < n; i++) m += (w[i] / sw) * x[i * p + j];
    for (let i = 0; i < n; i++) v += (w[i] / sw) * (x[i * p + j] - m) ** 2;
    return Math.sqrt(v);
  });
}

/**
 * The largest difference of two coefficient vectors in standardized units (βⱼ·sdⱼ), relative
 * to the reference's largest such coefficient (or 1): raw columns whose scales differ by 1e5
 * would otherwise mostly measure the units.
 */
export function standardizedDiff(ours: ArrayLike<number>, ref: number[], sd: Float64Array): number {
  const scale = Math.max(1, ...ref.map((v, j) => Math.abs(v * sd[j])));
  return Math.max(...ref.map((v, j) => Math.abs((v - ours[j]) * sd[j]))) / scale;
}

/**
 * cvGlmnet's curve against R's cv.glmnet: the measure's name, λ, nzero, cvm and cvsd (from
 * point `from` on), λ_min and λ_1se.
 */
export function expectCvMatchesR(cv: CvGlmnetResult<unknown>, ref: any, from = 0): void {
  expect(cv.name).toBe(ref.name);
  expect(relDiff(cv.lambda, ref.lambda)).toBeLessThan(1e-12);
  expect(Array.from(cv.nzero)).toEqual(ref.nzero);
  expect(relDiff(cv.cvm.subarray(from), ref.cvm.slice(from))).toBeLessThan(1e-5);
  expect(relDiff(cv.cvsd.subarray(from), ref.cvsd.slice(from))).toBeLessThan(1e-4);
  expect(cv.lambdaMin).toBeCloseTo(ref["lambda.min"], 14);
  expect(cv.lambda1se).toBeCloseTo(ref["lambda.1se"], 14);
}
