// Ridge by conjugate gradients (src/ridge-cg.ts, assembly/ridge.ts ridgeApplyPart): "auto"
// takes them when they should cost fewer passes over X than forming the Gram, and they must
// give the double-precision Cholesky answer to rounding, with weights, without an intercept,
// standardized and from float32 storage; when they cannot (an ill-conditioned system, too few
// steps allowed) the factorisation takes over.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, DesignMatrix, Ridge, ElasticNet, L1L2Error } from "../src/index.js";
import { conjugateGradient } from "../src/ridge-cg.js";
import { rng, correlatedProblem, kktCheck } from "./helpers/kkt.js";
import { ridgeReference, standardizedDiff, ridgeObjective, storedFloat32 } from "./helpers/ridge.js";
import { columnSpreads } from "./helpers/glmnet.js";

beforeAll(() => initSync());

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

describe("ridge by conjugate gradients", () => {
  // pairwise-correlated features (one large eigenvalue) under a penalty that lifts the rest:
  // the shape of the benchmark's T4, where CG takes tens of products
  const { X, y, w } = correlatedProblem(31, 1000, 256);
  const alpha = 16_000;

  it("auto takes CG here, with weights: the double-precision answer, and the KKT conditions in plain JS", () => {
    const m = new Ridge({ alpha }).fit(X, y, { sampleWeight: w });
    expect([m.solver, m.converged]).toEqual(["conjugate-gradient", true]);
    expect(m.nIter).toBeGreaterThan(2);
    expect(m.nIter).toBeLessThanOrEqual(256 / 16);
    expect(standardizedDiff(X, m.coef, ridgeReference(X, y, alpha, w))).toBeLessThan(1e-12);
    const { kkt } = kktCheck({ X, y, w, l1: 0, l2: alpha / (2 * sum(w)) }, m.coef, m.intercept);
    expect(kkt).toBeLessThan(1e-12);
    // the certificate's residual came from CG's last product: the objective it reports is this fit's
    const f = ridgeObjective(X, y, w, alpha, m.coef, m.intercept);
    expect(Math.abs(m.objective - f)).toBeLessThan(1e-13 * f);
  });

  it("no intercept, standardized, float32 storage: the KKT conditions in plain JS, and the Cholesky route's answer", () => {
    const X32 = DesignMatrix.from(X.map((r) => r.map(Math.fround)), { dtype: "float32" });
    const l2 = alpha / (2 * sum(w));
    // float32 fits the values it stores (rounded after scaling), so its conditions are on those
    const fitsOn = new Map<unknown, number[][]>([[X, X], [X32, storedFloat32(X.map((r) => r.map(Math.fround)), X32)]]);
    // standardize puts βⱼ·sⱼ under the penalty, sⱼ the weighted spread
    const spreads = (A: number[][]) => Array.from(columnSpreads({ data: Float64Array.from(A.flat()), rows: A.length, cols: A[0].length }, w));
    try {
      for (const opts of [{ fitIntercept: false }, { standardize: true }]) {
        for (const D of [X, X32]) {
          const cg = new Ridge({ alpha, ...opts, solver: "cg" }).fit(D, y, { sampleWeight: w });
          const chol = new Ridge({ alpha, ...opts, solver: "cholesky" }).fit(D, y, { sampleWeight: w });
          expect([cg.solver, chol.solver]).toEqual(["conjugate-gradient", "cholesky-gram"]);
          expect(standardizedDiff(X, cg.coef, Array.from(chol.coef))).toBeLessThan(1e-12);
          expect(Math.abs(cg.intercept - chol.intercept)).toBeLessThan(1e-12 * (1 + Math.abs(chol.intercept)));
          const A = fitsOn.get(D)!;
          const fitIntercept = opts.fitIntercept ?? true;
          if (!fitIntercept) expect(cg.intercept).toBe(0);
          const pr = { X: A, y, w, l1: 0, l2, scales: "standardize" in opts ? spreads(A) : undefined };
          expect(kktCheck(pr, cg.coef, cg.intercept, fitIntercept).kkt).toBeLessThan(1e-12);
        }
      }
    } finally {
      X32.dispose();
    }
  });

  it("odd shapes: n = 1001 (uneven row halves), p = 259 (not four columns at a time), float32, weights", () => {
    const odd = correlatedProblem(36, 1001, 259, 3);
    const D = DesignMatrix.from(odd.X.map((r) => r.map(Math.fround)), { dtype: "float32" });
    try {
      // float32 fits the values it stores: the reference takes those
      const stored = storedFloat32(odd.X.map((r) => r.map(Math.fround)), D);
      for (const [X32, A] of [[odd.X, odd.X], [D, stored]] as const) {
        const cg = new Ridge({ alpha: 8000, solver: "cg" }).fit(X32, odd.y, { sampleWeight: odd.w });
        const chol = new Ridge({ alpha: 8000, solver: "cholesky" }).fit(X32, odd.y, { sampleWeight: odd.w });
        expect([cg.solver, chol.solver]).toEqual(["conjugate-gradient", "cholesky-gram"]);
        const reference = ridgeReference(A, odd.y, 8000, odd.w);
        expect(standardizedDiff(A, cg.coef, reference)).toBeLessThan(1e-12);
        expect(standardizedDiff(A, chol.coef, reference)).toBeLessThan(1e-12);
      }
    } finally {
      D.dispose();
    }
  });

  it("solver 'cg' with p > n runs on the Gram form and gives the kernel form's answer", () => {
    const wide = correlatedProblem(37, 120, 300);
    const cg = new Ridge({ alpha: 400, solver: "cg" }).fit(wide.X, wide.y);
    const kernel = new Ridge({ alpha: 400 }).fit(wide.X, wide.y);
    expect([cg.solver, kernel.solver]).toEqual(["conjugate-gradient", "cholesky-kernel"]);
    expect(standardizedDiff(wide.X, cg.coef, Array.from(kernel.coef))).toBeLessThan(1e-12);
    expect(standardizedDiff(wide.X, cg.coef, ridgeReference(wide.X, wide.y, 400))).toBeLessThan(1e-12);
  });

  it("every pure-L2 model takes the same route: ElasticNet with l1Ratio 0 is Ridge(n·alpha)", () => {
    const n = X.length;
    const enet = new ElasticNet({ alpha: alpha / n, l1Ratio: 0 }).fit(X, y);
    expect(enet.solver).toBe("conjugate-gradient");
    expect(standardizedDiff(X, enet.coef, ridgeReference(X, y, alpha))).toBeLessThan(1e-12);
  });

  it("an ill-conditioned system (near-duplicate columns, tiny α): auto hands over to the factorisation", () => {
    const g = rng(32);
    const { X: X0, y: y0 } = correlatedProblem(32, 400, 160);
    const Xd = X0.map((r) => r.map((v, j) => (j % 2 ? r[j - 1] + 1e-3 * g.normal() : v)));
    const m = new Ridge({ alpha: 1e-6 }).fit(Xd, y0);
    expect([m.solver, m.converged]).toEqual(["cholesky-gram", true]);
    expect(standardizedDiff(Xd, m.coef, ridgeReference(Xd, y0, 1e-6))).toBeLessThan(1e-4);
  });

  it("solver 'cg' with too few steps (maxIter) hands over too, to the same answer", () => {
    const m = new Ridge({ alpha, solver: "cg", maxIter: 2 }).fit(X, y);
    expect(m.solver).toBe("cholesky-gram");
    const cg = new Ridge({ alpha, solver: "cg" }).fit(X, y);
    expect(cg.solver).toBe("conjugate-gradient");
    const reference = ridgeReference(X, y, alpha);
    expect(standardizedDiff(X, m.coef, reference)).toBeLessThan(1e-12);
    expect(standardizedDiff(X, cg.coef, reference)).toBeLessThan(1e-12);
  });

  it("kernel form (p > n) and small systems stay with the factorisation under auto", () => {
    const wide = correlatedProblem(33, 100, 300);
    expect(new Ridge({ alpha: 50 }).fit(wide.X, wide.y).solver).toBe("cholesky-kernel");
    const small = correlatedProblem(34, 500, 40);
    expect(new Ridge({ alpha: 500 }).fit(small.X, small.y).solver).toBe("cholesky-gram");
  });

  it("solver is validated and kept by toJSON", () => {
    expect(() => new Ridge({ solver: "lsqr" as never })).toThrow(L1L2Error);
    expect(() => new Ridge({ solver: "lsqr" as never })).toThrow(/solver must be "auto", "cholesky" or "cg"/);
    const m = new Ridge({ alpha, solver: "cg" }).fit(X, y);
    const back = Ridge.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back.method).toBe("cg");
    expect(Array.from(back.coef)).toEqual(Array.from(m.coef));
  });
});

describe("conjugateGradient", () => {
  /** A v for a dense symmetric A given by rows. */
  const product = (A: number[][]) => (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < A.length; i++) out[i] = A[i].reduce((s, a, j) => s + a * v[j], 0);
  };

  it("solves an SPD system with scales 1e-6 … 1e6 on its diagonal to rounding", () => {
    const g = rng(35), dim = 40;
    const B = Array.from({ length: dim }, () => Array.from({ length: dim }, () => g.normal()));
    const s = Array.from({ length: dim }, (_, i) => 10 ** (12 * (i / (dim - 1)) - 6));
    // A = S (BᵀB/dim + I) S: well-conditioned once scaled, badly before
    const A = s.map((si, i) => s.map((sj, j) => si * sj * (B.reduce((t, r) => t + r[i] * r[j], 0) / dim + (i === j ? 1 : 0))));
    const xTrue = Float64Array.from({ length: dim }, () => g.normal());
    const b = new Float64Array(dim);
    product(A)(xTrue, b);
    const r = conjugateGradient(product(A), b, Float64Array.from(A, (row, i) => row[i]), 200)!;
    expect(r).not.toBeNull();
    // to rounding normwise on the scaled system (dsposv's sense): relative to its largest entry
    const size = Math.max(...s.map((si, i) => Math.abs(xTrue[i]) * si));
    for (let i = 0; i < dim; i++) expect((Math.abs(r.x[i] - xTrue[i]) * s[i]) / size).toBeLessThan(1e-14);
  });

  it("returns null for an indefinite matrix and for a budget too small, zero for b = 0", () => {
    const A = [[2, 0, 0], [0, 1, 3], [0, 3, 1]];
    // b along (0, 1, −1), where A has the eigenvalue −2
    expect(conjugateGradient(product(A), Float64Array.of(0, 1, -1), Float64Array.of(2, 1, 1), 50)).toBeNull();
    const S = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    expect(conjugateGradient(product(S), Float64Array.of(1, 2, 3), Float64Array.of(4, 3, 2), 1)).toBeNull();
    const zero = conjugateGradient(product(S), new Float64Array(3), Float64Array.of(4, 3, 2), 5)!;
    expect([Array.from(zero.x), zero.steps]).toEqual([[0, 0, 0], 0]);
  });
});
