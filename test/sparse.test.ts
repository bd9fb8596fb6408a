// CSC input: every face gives the dense answer on the same matrix (coefficients to 1e-9 of
// their scale, at tight tolerances), the KKT conditions hold on sparse fits, and malformed CSC
// is refused with typed errors.
import { describe, it, expect, beforeAll } from "vitest";
import {
  initSync, memoryStats, L1L2Error, DesignMatrix, Lasso, ElasticNet, Ridge, LinearRegression, LogisticRegression,
  l2, l1l2, lassoPath, enetPath, glmnet, coef, predict, cvGlmnet, cvGlmnetAsync, LassoCV, ElasticNetCV, RidgeCV,
} from "../src/index.js";
import type { CscMatrix } from "../src/index.js";
import { kktCheck } from "./helpers/kkt.js";
import { sparseProblem, toCsc } from "./helpers/sparse.js";
import { relDiff } from "./helpers/datasets.js";

beforeAll(() => initSync());

const TIGHT = { tol: 1e-14, maxIter: 1e6, warn: false } as const;
const AGREE = 1e-9;
const shapes: [number, number][] = [[60, 12], [30, 80], [200, 40]];

/** Weights with zeros and a spread of values. */
const weightsFor = (n: number) => Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : 0.5 + (i % 4)));

function expectSameFit(a: { coef: Float64Array; intercept: number }, b: { coef: Float64Array; intercept: number }, what: string) {
  expect(relDiff(b.coef, a.coef), what).toBeLessThan(AGREE);
  expect(Math.abs(b.intercept - a.intercept), what).toBeLessThan(AGREE * Math.max(1, Math.abs(a.intercept)));
}

describe("CSC and dense X give the same fits", () => {
  for (const [n, p] of shapes) {
    for (const mode of ["naive", "covariance"] as const) {
      it(`Lasso, ElasticNet, LinearRegression ${n}×${p} ${mode}: weights, standardize, no intercept`, () => {
        const { X, y, csc } = sparseProblem(n * 31 + p, n, p);
        for (const weighted of [false, true]) {
          const fit = { sampleWeight: weighted ? weightsFor(n) : undefined };
          for (const fitIntercept of [true, false]) {
            for (const standardize of [false, true]) {
              const o = { ...TIGHT, mode, fitIntercept, standardize };
              const what = `${weighted ? "weighted" : ""} intercept=${fitIntercept} standardize=${standardize}`;
              expectSameFit(new Lasso({ alpha: 0.05, ...o }).fit(X, y, fit), new Lasso({ alpha: 0.05, ...o }).fit(csc, y, fit), `Lasso ${what}`);
              expectSameFit(new ElasticNet({ alpha: 0.1, l1Ratio: 0.3, ...o }).fit(X, y, fit),
                new ElasticNet({ alpha: 0.1, l1Ratio: 0.3, ...o }).fit(csc, y, fit), `ElasticNet ${what}`);
            }
          }
          const factors = Float64Array.from({ length: p }, (_, j) => (j === 0 ? 0 : 1 + (j % 3)));
          const pen = l1l2({ l1: 0.02, l2: 0.01, factors });
          const a = new LinearRegression({ penalty: pen, ...TIGHT, mode, positive: true }).fit(X, y, fit);
          const b = new LinearRegression({ penalty: pen, ...TIGHT, mode, positive: true }).fit(csc, y, fit);
          expectSameFit(a, b, "LinearRegression, factors, positive");
          expect(b.converged).toBe(true);
        }
      });
    }
  }

  it("the same coordinate descent: as many sweeps, with the exact support step on CSC columns", () => {
    // p > n, naive mode: the support step's Gram (ridge.ts ridgeGramSparse over the support's
    // columns) decides how fast the last digits come; a wrong Gram costs ~2× the sweeps (the
    // step is kept only when it lowers the objective, so the answer alone would not show it)
    const { X, y, csc } = sparseProblem(2, 200, 400, 0.2);
    const dense = new Lasso({ alpha: 0.01, tol: 1e-10, maxIter: 1e6 }).fit(X, y);
    const sparse = new Lasso({ alpha: 0.01, tol: 1e-10, maxIter: 1e6 }).fit(csc, y);
    expect([dense.solver, sparse.solver]).toEqual(["cd-naive", "cd-naive"]);
    expect(Math.abs(sparse.nIter - dense.nIter)).toBeLessThanOrEqual(0.1 * dense.nIter);
    expect(relDiff(sparse.coef, dense.coef)).toBeLessThan(1e-9);
    expect(kktCheck({ X, y, l1: 0.01, l2: 0 }, sparse.coef, sparse.intercept).kkt).toBeLessThan(1e-8);
  });

  it("the KKT conditions hold on sparse fits (recomputed in plain JS)", () => {
    for (const [n, p] of shapes) {
      const { X, y, csc } = sparseProblem(n + 7 * p, n, p);
      const w = weightsFor(n);
      for (const [l1v, l2v] of [[0.1, 0], [0.02, 0.05], [0.005, 0.001]]) {
        for (const fitIntercept of [true, false]) {
          const m = new LinearRegression({ penalty: l1l2({ l1: l1v, l2: l2v }), ...TIGHT, fitIntercept }).fit(csc, y, { sampleWeight: w });
          const { kkt, objective } = kktCheck({ X, y, w, l1: l1v, l2: l2v }, m.coef, m.intercept, fitIntercept);
          expect(kkt).toBeLessThan(1e-9);
          expect(m.converged).toBe(true);
          expect(Math.abs(objective - m.objective)).toBeLessThan(1e-10 * Math.max(1, objective));
        }
      }
    }
  });

  it("Ridge in closed form (Gram for n ≥ p, kernel for p > n), with several targets, and by CD", () => {
    for (const [n, p] of shapes) {
      const { X, y, csc } = sparseProblem(3 * n + p, n, p);
      for (const fitIntercept of [true, false]) {
        const a = new Ridge({ alpha: 0.7, fitIntercept }).fit(X, y);
        const b = new Ridge({ alpha: 0.7, fitIntercept }).fit(csc, y);
        expectSameFit(a, b, `Ridge ${n}×${p}`);
        const cd = new Ridge({ alpha: 0.7, fitIntercept, mode: "naive", ...TIGHT }).fit(csc, y);
        expectSameFit(a, cd, `Ridge by CD ${n}×${p}`);
      }
      const Y = y.map((v, i) => [v, v * 0.5 - i / n]);
      const ma = new Ridge({ alpha: 2 }).fit(X, Y), mb = new Ridge({ alpha: 2 }).fit(csc, Y);
      ma.coefs.forEach((c, t) => expect(relDiff(mb.coefs[t], c)).toBeLessThan(AGREE));
      const pa = ma.predictTargets(X), pb = mb.predictTargets(csc);
      pa.forEach((v, t) => expect(relDiff(pb[t], v)).toBeLessThan(AGREE));
      const w = weightsFor(n);
      const ra = new LinearRegression({ penalty: l2(0.03) }).fit(X, y, { sampleWeight: w });
      const rb = new LinearRegression({ penalty: l2(0.03) }).fit(csc, y, { sampleWeight: w });
      expectSameFit(ra, rb, "LinearRegression l2, weighted");
    }
  });

  it("predict, score and DesignMatrix predictions from CSC", () => {
    const { X, y, csc } = sparseProblem(5, 80, 30);
    const m = new ElasticNet({ alpha: 0.05, ...TIGHT }).fit(X, y);
    const expected = X.map((r) => r.reduce((s, x, j) => s + x * m.coef[j], m.intercept));
    expect(relDiff(m.predict(csc), expected)).toBeLessThan(1e-12);
    expect(m.score(csc, y)).toBeCloseTo(m.score(X, y), 12);
    const d = DesignMatrix.from(csc);
    try {
      expect(d.format).toBe("csc");
      expect(relDiff(m.predict(d), expected)).toBeLessThan(1e-12);
      expectSameFit(m, new ElasticNet({ alpha: 0.05, ...TIGHT }).fit(d, y), "fit on a CSC DesignMatrix");
    } finally {
      d.dispose();
    }
  });

  it("float32 storage of CSC values rounds X only (~6e-8)", () => {
    const { X, y, csc } = sparseProblem(9, 100, 20);
    const d = DesignMatrix.from(csc, { dtype: "float32" });
    try {
      const a = new Lasso({ alpha: 0.02, ...TIGHT }).fit(X, y), b = new Lasso({ alpha: 0.02, ...TIGHT }).fit(d, y);
      expect(relDiff(b.coef, a.coef)).toBeLessThan(1e-5);
      expect(relDiff(b.coef, a.coef)).toBeGreaterThan(0);
    } finally {
      d.dispose();
    }
  });

  it("LogisticRegression: l1, l2 and elastic net, weighted", () => {
    const { X, y, csc } = sparseProblem(21, 120, 25);
    const labels = y.map((v) => (v > 3 ? "hi" : "lo"));
    const w = weightsFor(120);
    for (const o of [{ penalty: "l1" as const, C: 0.5 }, { penalty: "l2" as const, C: 2 }, { penalty: l1l2({ l1: 0.01, l2: 0.002 }) }]) {
      const a = new LogisticRegression({ ...o, tol: 1e-12, maxIter: 500, warn: false }).fit(X, labels, { sampleWeight: w });
      const b = new LogisticRegression({ ...o, tol: 1e-12, maxIter: 500, warn: false }).fit(csc, labels, { sampleWeight: w });
      expectSameFit(a, b, `logistic ${JSON.stringify(o)}`);
      expect(b.converged).toBe(true);
      expect(relDiff(b.decisionFunction(csc), a.decisionFunction(X))).toBeLessThan(AGREE);
    }
  });

  it("lassoPath and enetPath", () => {
    const { X, y, csc } = sparseProblem(13, 50, 90);
    for (const fitIntercept of [false, true]) {
      const o = { alphas: 30, tol: 1e-14, maxIter: 1e6, fitIntercept };
      const pairs = [[lassoPath(X, y, o), lassoPath(csc, y, o)], [enetPath(X, y, { ...o, l1Ratio: 0.4 }), enetPath(csc, y, { ...o, l1Ratio: 0.4 })]];
      for (const [a, b] of pairs) {
        expect(relDiff(b.alphas, a.alphas)).toBeLessThan(1e-13);
        a.coefs.forEach((c, k) => expect(relDiff(b.coefs[k], c)).toBeLessThan(AGREE));
        expect(relDiff(b.intercepts, a.intercepts)).toBeLessThan(AGREE);
      }
    }
  });

  it("glmnet: path, coef and predict at interpolated λ, with weights and penalty factors", () => {
    const { X, y, csc } = sparseProblem(17, 70, 40);
    const o = { alpha: 0.6, thresh: 1e-13, weights: weightsFor(70), penaltyFactor: Array.from({ length: 40 }, (_, j) => (j % 5 ? 1 : 0.5)) };
    for (const standardize of [true, false]) {
      const a = glmnet(X, y, { ...o, standardize }), b = glmnet(csc, y, { ...o, standardize });
      expect(relDiff(b.lambda, a.lambda)).toBeLessThan(1e-13);
      a.beta.forEach((c, k) => expect(relDiff(b.beta[k], c)).toBeLessThan(AGREE));
      expect(relDiff(b.a0, a.a0)).toBeLessThan(AGREE);
      const s = a.lambda[Math.floor(a.lambda.length / 2)] * 0.97;
      expect(relDiff(coef(b, { s }), coef(a, { s }))).toBeLessThan(AGREE);
      expect(relDiff(predict(b, csc, { s }), predict(a, X, { s }))).toBeLessThan(AGREE);
    }
  });

  it("cvGlmnet, cvGlmnetAsync, LassoCV, ElasticNetCV and RidgeCV", async () => {
    const { X, y, csc } = sparseProblem(19, 90, 30);
    const foldid = Array.from({ length: 90 }, (_, i) => 1 + (i % 5));
    const a = cvGlmnet(X, y, { foldid, thresh: 1e-13 }), b = cvGlmnet(csc, y, { foldid, thresh: 1e-13 });
    expect(relDiff(b.cvm, a.cvm)).toBeLessThan(AGREE);
    expect(relDiff(b.lambda, a.lambda)).toBeLessThan(1e-13);
    expect(b.indexMin).toBe(a.indexMin);
    expect(b.index1se).toBe(a.index1se);
    const c = await cvGlmnetAsync(csc, y, { foldid, thresh: 1e-13, nJobs: 2 }); // sequential for CSC
    expect(Array.from(c.cvm)).toEqual(Array.from(b.cvm));
    const o = { cv: 4, alphas: 20, tol: 1e-14, maxIter: 1e6, warn: false };
    for (const [ma, mb] of [[new LassoCV(o).fit(X, y), new LassoCV(o).fit(csc, y)],
      [new ElasticNetCV({ ...o, l1Ratio: [0.3, 0.8] }).fit(X, y), new ElasticNetCV({ ...o, l1Ratio: [0.3, 0.8] }).fit(csc, y)]]) {
      ma.msePath.forEach((rows, r) => rows.forEach((folds, k) => expect(relDiff(mb.msePath[r][k], folds)).toBeLessThan(AGREE)));
      expect(Math.abs(mb.alpha - ma.alpha)).toBeLessThan(1e-13 * ma.alpha); // the same grid point
      expect(mb.l1Ratio).toBe(ma.l1Ratio);
      expectSameFit(ma, mb, "CV refit");
    }
    for (const [rows, cols] of [[90, 30], [25, 60]]) {
      const pr = sparseProblem(rows + cols, rows, cols);
      const ra = new RidgeCV({ alphas: [0.01, 0.3, 5] }).fit(pr.X, pr.y), rb = new RidgeCV({ alphas: [0.01, 0.3, 5] }).fit(pr.csc, pr.y);
      expect(relDiff(rb.msePath, ra.msePath)).toBeLessThan(AGREE);
      expect(rb.alpha).toBe(ra.alpha);
      expectSameFit(ra, rb, `RidgeCV ${rows}×${cols}`);
    }
  });
});

describe("CSC input as SciPy gives it", () => {
  it("unsorted rows within a column, explicit zeros and number[] arrays give the same fit", () => {
    const { X, y, csc } = sparseProblem(23, 40, 15);
    const indices: number[] = [], data: number[] = [], indptr = [0];
    for (let j = 0; j < 15; j++) {
      const a = csc.indptr[j], b = csc.indptr[j + 1];
      for (let k = b - 1; k >= a; k--) { indices.push(csc.indices[k]); data.push(csc.data[k]); }
      if (j % 4 === 0) { // an explicit zero in a row the column does not use
        const free = Array.from({ length: 40 }, (_, i) => i).find((i) => X[i][j] === 0);
        if (free !== undefined) { indices.push(free); data.push(0); }
      }
      indptr.push(indices.length);
    }
    const messy: CscMatrix = { format: "csc", rows: 40, cols: 15, indptr, indices, data };
    const a = new Lasso({ alpha: 0.03, ...TIGHT }).fit(csc, y), b = new Lasso({ alpha: 0.03, ...TIGHT }).fit(messy, y);
    expectSameFit(a, b, "unsorted");
    expect(relDiff(b.predict(messy), a.predict(csc))).toBeLessThan(1e-12);
  });

  it("constant and empty columns are stored empty and stay at zero", () => {
    const { X, y, csc } = sparseProblem(29, 50, 10);
    const d = DesignMatrix.from(csc);
    try {
      expect(d.means[9]).toBe(0);     // all zero
      expect(d.means[8]).toBe(1.5);   // 1.5 in every row
      const stored = csc.indptr[10] - (csc.indptr[9] - csc.indptr[8]);
      expect(d.nnz).toBe(stored);
      const m = new Lasso({ alpha: 0.01, ...TIGHT }).fit(d, y);
      expect(m.coef[8]).toBe(0);
      expect(m.coef[9]).toBe(0);
      expectSameFit(new Lasso({ alpha: 0.01, ...TIGHT }).fit(X, y), m, "constant columns");
    } finally {
      d.dispose();
    }
  });

  it("a column constant on the rows with weight is left at zero, dense or CSC (a CV fold holding out a rare feature)", () => {
    const { X, y, csc } = sparseProblem(37, 40, 12);
    const w = X.map((r) => (r[9] === -2 ? 0 : 1)); // column 9 is -2 in one row, 0 elsewhere
    for (const Xs of [X, csc]) {
      for (const mode of ["naive", "covariance"] as const) {
        const m = new ElasticNet({ alpha: 0.001, l1Ratio: 0.9, ...TIGHT, mode }).fit(Xs, y, { sampleWeight: w });
        expect(m.coef[9]).toBe(0);
        const kept = X.map((_, i) => i).filter((i) => w[i] > 0);
        const ref = new ElasticNet({ alpha: 0.001, l1Ratio: 0.9, ...TIGHT, mode }).fit(kept.map((i) => X[i]), kept.map((i) => y[i]));
        expectSameFit(ref, m, `${mode} ${Array.isArray(Xs) ? "dense" : "CSC"}`);
      }
    }
  });

  it("magnitudes: columns in units from 1e-150 to 1e150 give the dense answer", () => {
    const { X, y } = sparseProblem(31, 60, 8);
    const scaled = X.map((r) => r.map((v, j) => v * 10 ** ((j - 4) * 37)));
    const a = new Lasso({ alpha: 0.05, ...TIGHT }).fit(scaled, y), b = new Lasso({ alpha: 0.05, ...TIGHT }).fit(toCsc(scaled), y);
    for (let j = 0; j < 8; j++) expect(Math.abs(b.coef[j] - a.coef[j])).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a.coef[j]), 1e-300) + 1e-300);
  });
});

describe("malformed CSC is refused with typed errors", () => {
  const good = (): CscMatrix => ({ format: "csc", rows: 3, cols: 2, indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 2, 1), data: Float64Array.of(1, 2, 3) });
  // predict takes any finite value (only fits are limited to ±1e300)
  const cases: [string, (m: CscMatrix) => unknown, string, boolean?][] = [
    ["indptr too short", (m) => { m.indptr = Int32Array.of(0, 2); }, "SHAPE_MISMATCH"],
    ["indptr[0] ≠ 0", (m) => { m.indptr = Int32Array.of(1, 2, 3); }, "INVALID_INPUT"],
    ["indptr decreasing", (m) => { m.indptr = Int32Array.of(0, 4, 3); }, "INVALID_INPUT"],
    ["indptr end ≠ nnz", (m) => { m.indptr = Int32Array.of(0, 2, 2); }, "SHAPE_MISMATCH"],
    ["indices and data lengths differ", (m) => { m.data = Float64Array.of(1, 2); }, "SHAPE_MISMATCH"],
    ["row index out of range", (m) => { m.indices = Int32Array.of(0, 3, 1); }, "INVALID_INPUT"],
    ["negative row index", (m) => { m.indices = Int32Array.of(-1, 2, 1); }, "INVALID_INPUT"],
    ["row twice in a column", (m) => { m.indices = Int32Array.of(2, 2, 1); }, "INVALID_INPUT"],
    ["non-integer index", (m) => { m.indices = [0, 1.5, 1]; }, "INVALID_INPUT"],
    ["NaN value", (m) => { m.data = Float64Array.of(1, NaN, 3); }, "NON_FINITE"],
    ["infinite value", (m) => { m.data = Float64Array.of(1, 2, -Infinity); }, "NON_FINITE"],
    ["non-number value", (m) => { m.data = [1, "2" as never, 3]; }, "INVALID_INPUT"],
    ["value beyond 1e300", (m) => { m.data = Float64Array.of(1, 2e300, 3); }, "INVALID_INPUT", true],
    ["no rows", (m) => { m.rows = 0; }, "EMPTY"],
    ["fractional cols", (m) => { m.cols = 1.5; }, "INVALID_INPUT"],
    ["indices not an array", (m) => { m.indices = "012" as never; }, "INVALID_INPUT"],
  ];
  for (const [what, spoil, code, fitOnly] of cases) {
    it(what, () => {
      const m = good();
      spoil(m);
      const before = memoryStats().inUse;
      const calls = [() => new Lasso().fit(m, [1, 2, 3]), () => DesignMatrix.from(m)];
      if (!fitOnly) calls.push(() => new Lasso().fit([[1, 2], [3, 4], [5, 7]], [1, 2, 3]).predict(m));
      for (const call of calls) {
        let err: unknown = null;
        try { call(); } catch (e) { err = e; }
        expect(err, what).toBeInstanceOf(L1L2Error);
        expect((err as L1L2Error).code, `${what}: ${(err as Error).message}`).toBe(code);
      }
      expect(memoryStats().inUse).toBe(before);
    });
  }

  it("a sparse y for a multi-target Ridge is refused", () => {
    const { csc } = sparseProblem(3, 10, 4);
    expect(() => new Ridge().fit(csc, toCsc([[1, 0], [0, 1], [1, 1], [0, 0], [2, 0], [0, 2], [1, 0], [0, 1], [1, 1], [3, 3]]))).toThrow(L1L2Error);
  });

  it("predict checks the number of columns", () => {
    const m = new Lasso({ alpha: 0.1 }).fit([[1, 2], [3, 4], [5, 7]], [1, 2, 3]);
    expect(() => m.predict(toCsc([[1, 2, 3], [4, 5, 6]]))).toThrow(/columns/);
  });
});

