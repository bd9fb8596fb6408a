// Large ridge systems are formed in single precision and refined against X in double precision
// (src/ridge-refine.ts, with products through X: assembly/ridge.ts). These tests hold that path to an independent double-precision
// solve of the normal equations, on both forms (Gram, kernel), all storages and hostile scales,
// and check that it hands over to the double-precision matrix when refinement cannot work.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, DesignMatrix, Ridge, LinearRegression, l2 } from "../src/index.js";
import { rng, correlatedProblem, kktCheck } from "./helpers/kkt.js";
import { toCsc } from "./helpers/sparse.js";
import { ridgeReference, ridgeObjective, standardizedDiff, storedFloat32 } from "./helpers/ridge.js";
import { refine } from "../src/ridge-refine.js";

beforeAll(() => initSync());

describe("ridge in single precision, refined to double", () => {
  it("Gram form (n ≥ p) with weights: the double-precision solution", () => {
    const { X, y, w } = correlatedProblem(1, 500, 160);
    const m = new Ridge({ alpha: 2, solver: "cholesky" }).fit(X, y, { sampleWeight: w });
    expect([m.solver, m.nIter >= 1]).toEqual(["cholesky-gram", true]);
    expect(standardizedDiff(X, m.coef, ridgeReference(X, y, 2, w))).toBeLessThan(1e-12);
    const f = ridgeObjective(X, y, w, 2, m.coef, m.intercept);
    expect(Math.abs(m.objective - f)).toBeLessThan(1e-13 * f);
  });

  it("kernel form (p > n) with weights: the double-precision solution", () => {
    const { X, y, w } = correlatedProblem(2, 150, 500);
    const m = new Ridge({ alpha: 0.5 }).fit(X, y, { sampleWeight: w });
    expect([m.solver, m.nIter >= 1]).toEqual(["cholesky-kernel", true]);
    expect(standardizedDiff(X, m.coef, ridgeReference(X, y, 0.5, w))).toBeLessThan(1e-12);
    // the certificate's residual came from the last refinement product: the objective is this fit's
    const f = ridgeObjective(X, y, w, 0.5, m.coef, m.intercept);
    expect(Math.abs(m.objective - f)).toBeLessThan(1e-13 * f);
  });

  it("float32 storage: the double-precision solution for the stored values", () => {
    const { X, y } = correlatedProblem(3, 400, 200);
    const X32 = X.map((r) => r.map(Math.fround));
    const D = DesignMatrix.from(X32, { dtype: "float32" });
    const m = new Ridge({ alpha: 1, solver: "cholesky" }).fit(D, y);
    expect([m.solver, m.nIter >= 1]).toEqual(["cholesky-gram", true]);
    // float32 storage rounds X stored scaled to [−1, 1], not fround(X): the reference takes those values
    const stored = storedFloat32(X32, D);
    D.dispose();
    expect(standardizedDiff(stored, m.coef, ridgeReference(stored, y, 1))).toBeLessThan(1e-12);
    const dense = new Ridge({ alpha: 1 }).fit(X, y);
    expect(standardizedDiff(X, m.coef, Array.from(dense.coef))).toBeLessThan(1e-5);
  });

  it("CSC input, kernel form: the dense answer", () => {
    const g = rng(4);
    const X = Array.from({ length: 140 }, () => Array.from({ length: 400 }, () => (g.uniform() < 0.2 ? g.normal() : 0)));
    const y = X.map((r) => r[0] - r[3] + g.normal());
    const sparse = new Ridge({ alpha: 0.3 }).fit(toCsc(X), y);
    const dense = new Ridge({ alpha: 0.3 }).fit(X, y);
    expect([sparse.solver, sparse.nIter >= 1]).toEqual(["cholesky-kernel", true]);
    expect(standardizedDiff(X, sparse.coef, Array.from(dense.coef))).toBeLessThan(1e-12);
    expect(standardizedDiff(X, sparse.coef, ridgeReference(X, y, 0.3))).toBeLessThan(1e-12);
  });

  it("kernel form, feature scales rising along the panel (its f32 scale grows, rows rescale, the panel ends early)", () => {
    const { X: X0, y } = correlatedProblem(8, 150, 600);
    // ×2 every 30 features: a growth every 30 rows of a panel, more rescaling than a panel's
    // worth, so panels are also cut short; α large enough for the f32 matrix to serve
    const X = X0.map((r) => r.map((v, j) => v * 2 ** (j / 30)));
    const m = new Ridge({ alpha: 1e8 }).fit(X, y);
    expect([m.solver, m.nIter >= 1]).toEqual(["cholesky-kernel", true]);
    expect(standardizedDiff(X, m.coef, ridgeReference(X, y, 1e8))).toBeLessThan(1e-9);
  });

  it("columns scaled by 1e-80 … 1e80: every coefficient to rounding level", () => {
    const { X: X0, y } = correlatedProblem(5, 300, 150);
    const X = X0.map((r) => r.map((v, j) => v * 10 ** (40 * ((j % 5) - 2))));
    const m = new Ridge({ alpha: 1e-3, solver: "cholesky" }).fit(X, y);
    expect([m.solver, m.nIter >= 1]).toEqual(["cholesky-gram", true]);
    expect(standardizedDiff(X, m.coef, ridgeReference(X, y, 1e-3))).toBeLessThan(1e-10);
  });

  // at noise 1e-3 the single-precision Gram is not positive definite; at 3e-3 it factors but
  // refinement stalls (κ ≈ 1e8): both hand over to the double-precision Gram
  for (const noise of [1e-3, 3e-3]) {
    it(`near-duplicate columns (noise ${noise}), tiny α: the double-precision matrix takes over`, () => {
      const g = rng(6);
      const { X: X0, y } = correlatedProblem(6, 300, 140);
      const X = X0.map((r) => r.map((v, j) => (j % 2 ? r[j - 1] + noise * g.normal() : v)));
      const m = new Ridge({ alpha: 1e-6, solver: "cholesky" }).fit(X, y);
      expect([m.solver, m.nIter, m.converged]).toEqual(["cholesky-gram", 0, true]);
      // both answers carry the rounding of a system this ill-conditioned
      expect(standardizedDiff(X, m.coef, ridgeReference(X, y, 1e-6))).toBeLessThan(1e-4);
    });
  }

  it("an unpenalized feature: no certificate from the residual, coordinate descent's gap instead; the KKT conditions hold", () => {
    const { X, y } = correlatedProblem(4, 400, 150);
    const factors = Array.from({ length: 150 }, (_, j) => (j === 7 ? 0 : 1));
    // (400 × 150: the single-precision Gram, refined, ending with a product of the answer)
    const m = new LinearRegression({ penalty: l2(0.05, { factors }) }).fit(X, y);
    expect([m.solver, m.nIter >= 1, m.converged]).toEqual(["cholesky-gram", true, true]);
    const { kkt } = kktCheck({ X, y, l1: 0, l2: 0.05, factors }, m.coef, m.intercept);
    expect(kkt).toBeLessThan(1e-10);
    expect(m.kktViolation).toBeLessThan(1e-10);
  });

  it("several targets share one single-precision factor", () => {
    const { X, y } = correlatedProblem(7, 400, 180);
    const y2 = y.map((v, i) => v * v - i / 400);
    const both = new Ridge({ alpha: 3 }).fit(X, X.map((_, i) => [y[i], y2[i]]));
    for (const [t, yt] of [y, y2].entries()) {
      const one = new Ridge({ alpha: 3 }).fit(X, yt);
      expect(standardizedDiff(X, both.coefs[t], Array.from(one.coef))).toBeLessThan(1e-12);
      expect(standardizedDiff(X, both.coefs[t], ridgeReference(X, yt, 3))).toBeLessThan(1e-12);
    }
  });
});

describe("refine", () => {
  // a diagonally dominant system, the approximate inverse a perturbed diagonal: plain Richardson
  const dim = 6;
  const A = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 4 + i : 1 / (1 + i + j))));
  const b = Float64Array.from({ length: dim }, (_, i) => Math.sin(i + 1));
  const d = Float64Array.from({ length: dim }, (_, i) => 1 / Math.sqrt(A[i][i]));
  const anrm = Math.max(...A.map((r, i) => r.reduce((s, v, j) => s + Math.abs(v) * d[i] * d[j], 0)));
  const applied: Float64Array[] = [];
  const apply = (v: Float64Array, out: Float64Array) => {
    applied.push(v.slice());
    for (let i = 0; i < dim; i++) out[i] = A[i].reduce((s, a, j) => s + a * v[j], 0);
  };

  it("reaches the rounding level of a double-precision solve, its last product of the x returned", () => {
    const r = refine(apply, (v) => { for (let i = 0; i < dim; i++) v[i] /= A[i][i] * 1.01; }, b, d, anrm)!;
    expect(r.steps).toBeGreaterThan(3);
    const res = new Float64Array(dim);
    apply(r.x, res);
    for (let i = 0; i < dim; i++) expect(Math.abs(res[i] - b[i])).toBeLessThan(1e-14);
    expect(Array.from(applied[applied.length - 2])).toEqual(Array.from(r.x));
  });

  it("null when the approximation is too poor for the residual to halve", () => {
    expect(refine(apply, (v) => { for (let i = 0; i < dim; i++) v[i] /= A[i][i] * 3; }, b, d, anrm)).toBeNull();
  });
});
