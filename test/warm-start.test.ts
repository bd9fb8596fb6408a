// scikit-learn's warm_start: with warmStart, fit() starts from the previous fit's coefficients
// (and, for LogisticRegression, intercepts) when they have the same shape, else from zero. The
// stopping rules do not depend on the start, so a warm fit is the cold fit's answer to solver
// tolerance, in fewer iterations when the start is near it; a shape change is a cold fit, bit
// for bit. A restored model (fromJSON) starts from its saved coefficients.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, L1L2Error, Lasso, ElasticNet, LinearRegression, LogisticRegression, l1l2 } from "../src/index.js";
import { kktCheck, randomProblem, rng } from "./helpers/kkt.js";
import { loadDataset, relDiff } from "./helpers/datasets.js";
import { columnSpreads } from "./helpers/glmnet.js";

beforeAll(() => initSync());

function code(fn: () => unknown): string {
  try { fn(); } catch (e) {
    expect(e).toBeInstanceOf(L1L2Error);
    return (e as L1L2Error).code;
  }
  throw new Error("expected an L1L2Error");
}

/** Largest absolute difference; Infinity when the lengths differ (as relDiff). */
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length !== b.length ? Infinity : Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

// correlated columns, so a cold coordinate-descent fit takes tens of sweeps
const { X: X0, y } = randomProblem(3, 200, 40);
const g = rng(9);
const X = X0.map((r) => r.map((v) => v + 0.9 * r[0] + 0.05 * g.normal()));
const narrow = X.map((r) => r.slice(0, 30));
const reweighted = y.map((_, i) => 1 + 0.05 * Math.sin(i)); // near the unit weights: a start near the answer

// each with its canonical (l1, l2): ElasticNet(α, ρ) → l1 = αρ, l2 = α(1 − ρ)/2
const squaredError = [
  ["Lasso", (o: object) => new Lasso({ alpha: 0.01, tol: 1e-10, ...o }), 0.01, 0],
  ["ElasticNet", (o: object) => new ElasticNet({ alpha: 0.01, l1Ratio: 0.5, tol: 1e-10, ...o }), 0.005, 0.0025],
  ["LinearRegression", (o: object) => new LinearRegression({ penalty: l1l2({ l1: 0.01, l2: 0.01 }), tol: 1e-10, ...o }), 0.01, 0.01],
  ["Lasso (naive)", (o: object) => new Lasso({ alpha: 0.01, tol: 1e-10, mode: "naive", ...o }), 0.01, 0],
] as const;

describe("warmStart: Lasso, ElasticNet, LinearRegression", () => {
  for (const [name, make, l1, l2] of squaredError) {
    it(`${name}: a warm fit is the cold fit, in fewer sweeps`, () => {
      const warm = make({ warmStart: true }).fit(X, y);
      const first = warm.nIter;
      warm.fit(X, y, { sampleWeight: reweighted });
      const cold = make({}).fit(X, y, { sampleWeight: reweighted });
      expect(cold.converged && warm.converged).toBe(true);
      // the optimum itself, recomputed in plain JS, not only the cold fit's answer
      expect(kktCheck({ X, y, w: reweighted, l1, l2 }, warm.coef, warm.intercept).kkt).toBeLessThan(1e-7);
      expect(maxDiff(warm.coef, cold.coef)).toBeLessThan(1e-9);
      expect(Math.abs(warm.intercept - cold.intercept)).toBeLessThan(1e-9);
      expect(warm.nIter).toBeLessThan(cold.nIter / 2);
      expect(cold.nIter).toBeGreaterThan(first / 2); // the cold refit did not get cheaper by itself
      // refitting the same data from its own solution: one sweep to confirm it
      expect(make({ warmStart: true }).fit(X, y).fit(X, y).nIter).toBeLessThanOrEqual(1);
    });

    it(`${name}: a different number of features starts from zero (the cold fit, bit for bit); default is cold`, () => {
      const warm = make({ warmStart: true }).fit(X, y).fit(narrow, y);
      const cold = make({}).fit(narrow, y);
      expect(Array.from(warm.coef)).toEqual(Array.from(cold.coef));
      expect(warm.intercept).toBe(cold.intercept);
      expect(warm.nIter).toBe(cold.nIter);
      // without warmStart a second fit ignores the first
      const again = make({}).fit(X, y, { sampleWeight: reweighted }).fit(narrow, y);
      expect(Array.from(again.coef)).toEqual(Array.from(cold.coef));
      expect(again.nIter).toBe(cold.nIter);
    });
  }

  it("toJSON/fromJSON keep warmStart, and a restored model starts from its saved coefficients", () => {
    const m = new Lasso({ alpha: 0.01, tol: 1e-10, warmStart: true }).fit(X, y);
    const json = JSON.parse(JSON.stringify(m));
    expect(json.params.warmStart).toBe(true);
    const back = Lasso.fromJSON(json);
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(back.fit(X, y).nIter).toBeLessThanOrEqual(1);
    expect(maxDiff(back.coef, m.coef)).toBeLessThan(1e-12);
    // saved before the option existed: loads cold
    const { warmStart: _, ...oldParams } = json.params;
    const old = Lasso.fromJSON({ ...json, params: oldParams });
    expect(old.toJSON().params.warmStart).toBe(false);
    expect(old.fit(X, y).nIter).toBe(new Lasso({ alpha: 0.01, tol: 1e-10 }).fit(X, y).nIter);
    for (const make of [
      () => new ElasticNet({ alpha: 0.01, warmStart: true }).fit(X, y),
      () => new LinearRegression({ penalty: l1l2({ l1: 0.01, l2: 0.01 }), warmStart: true }).fit(X, y),
    ]) {
      const e = make();
      const Cls = e.constructor as unknown as { fromJSON(j: unknown): typeof e };
      const r = Cls.fromJSON(JSON.parse(JSON.stringify(e)));
      expect(r.toJSON()).toEqual(e.toJSON());
      expect(r.toJSON().params.warmStart).toBe(true);
    }
  });

  it("a path by hand: a saved fit at one alpha starts the fit at the next", () => {
    const json = new Lasso({ alpha: 0.02, tol: 1e-10, warmStart: true }).fit(X, y).toJSON();
    const next = Lasso.fromJSON({ ...json, params: { ...json.params, alpha: 0.015 } }).fit(X, y);
    const cold = new Lasso({ alpha: 0.015, tol: 1e-10 }).fit(X, y);
    expect(maxDiff(next.coef, cold.coef)).toBeLessThan(1e-9);
    expect(next.nIter).toBeLessThan(cold.nIter);
  });

  it("positive: a start outside the bounds (an edited JSON) ends inside them, at the optimum", () => {
    const m = new Lasso({ alpha: 0.01, tol: 1e-10, positive: true, warmStart: true }).fit(X, y);
    const json = m.toJSON();
    for (const mode of ["covariance", "naive"] as const) {
      const edited = Lasso.fromJSON({ ...json, params: { ...json.params, mode }, coef: json.coef.map((c, j) => (j % 2 ? -1 : c)) }).fit(X, y);
      expect(Math.min(...edited.coef)).toBeGreaterThanOrEqual(0);
      expect(maxDiff(edited.coef, m.coef)).toBeLessThan(1e-9);
      const lower = new Array(X[0].length).fill(0);
      expect(kktCheck({ X, y, l1: 0.01, l2: 0, lower }, edited.coef, edited.intercept).kkt).toBeLessThan(1e-7);
    }
  });

  it("warmStart must be a boolean", () => {
    expect(code(() => new Lasso({ warmStart: 1 as never }))).toBe("INVALID_PARAMETER");
    expect(code(() => new ElasticNet({ warmStart: "yes" as never }))).toBe("INVALID_PARAMETER");
    expect(code(() => new LinearRegression({ warmStart: "true" as never }))).toBe("INVALID_PARAMETER");
    expect(code(() => new LogisticRegression({ warmStart: 0 as never }))).toBe("INVALID_PARAMETER");
  });
});

/**
 * The largest KKT violation of (1/n)·Σ logloss + l1·Σ sⱼ|βⱼ| (sⱼ each column's spread, as
 * `standardize: true` penalizes), intercept free, in standardized units (gⱼ/sⱼ): from scratch.
 */
function standardizedL1LogisticKkt(X: { data: Float64Array; rows: number; cols: number }, y: number[], l1: number,
                                   beta: ArrayLike<number>, b: number): number {
  const { rows: n, cols: p, data: x } = X, s = columnSpreads(X, new Float64Array(n).fill(1));
  const r = y.map((t, i) => {
    let e = b;
    for (let j = 0; j < p; j++) e += x[i * p + j] * beta[j];
    return t - 1 / (1 + Math.exp(-e));
  });
  let worst = Math.abs(r.reduce((a, v) => a + v, 0) / n);
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += (r[i] * x[i * p + j]) / n;
    const u = g / s[j]; // −∂loss/∂(βⱼsⱼ), against the subgradient of l1·|βⱼsⱼ|
    worst = Math.max(worst, beta[j] === 0 ? Math.max(0, Math.abs(u) - l1) : Math.abs(u - l1 * Math.sign(beta[j])));
  }
  return worst;
}

describe("warmStart: LogisticRegression", () => {
  const cancer = loadDataset("breast_cancer"), wine = loadDataset("wine");
  const data = { binary: { X: cancer.X, y: Array.from(cancer.y) }, multinomial: { X: wine.X, y: Array.from(wine.y) } };
  const make = (o: object) => new LogisticRegression({ C: 1, tol: 1e-10, maxIter: 1000, standardize: true, warn: false, ...o });

  for (const [kind, { X, y }] of Object.entries(data)) {
    for (const penalty of ["l2", "l1"] as const) {
      it(`${kind}, ${penalty}: a warm fit is the cold fit, in fewer iterations`, () => {
        const w = y.map((_, i) => 1 + 0.05 * Math.sin(i));
        const warm = make({ penalty, warmStart: true }).fit(X, y);
        warm.fit(X, y, { sampleWeight: w });
        const cold = make({ penalty }).fit(X, y, { sampleWeight: w });
        expect(cold.converged && warm.converged).toBe(true);
        warm.coefs.forEach((c, k) => expect(relDiff(c, cold.coefs[k]), `class ${k}`).toBeLessThan(1e-7));
        expect(relDiff(warm.intercepts, cold.intercepts)).toBeLessThan(1e-7);
        expect(warm.nIter).toBeLessThan(cold.nIter);
        expect(make({ penalty, warmStart: true }).fit(X, y).fit(X, y).nIter).toBeLessThanOrEqual(1);
      });
    }
  }

  it("without an intercept, warm starts too", () => {
    const { X, y } = data.binary, w = y.map((_, i) => 1 + 0.05 * Math.sin(i));
    const warm = make({ fitIntercept: false, warmStart: true }).fit(X, y).fit(X, y, { sampleWeight: w });
    const cold = make({ fitIntercept: false }).fit(X, y, { sampleWeight: w });
    expect(relDiff(warm.coef, cold.coef)).toBeLessThan(1e-7);
    expect(warm.intercept).toBe(0);
    expect(warm.nIter).toBeLessThan(cold.nIter);
  });

  it("another number of classes or features starts from zero (the cold fit, bit for bit)", () => {
    const two = data.binary, three = data.multinomial;
    const fewer = { data: wine.X.data.filter((_, i) => i % wine.p < 10), rows: wine.n, cols: 10 };
    const binaryWine = three.y.map((c) => (c === 0 ? 0 : 1));
    for (const [first, then] of [
      [two, three], // 1 coefficient row → 3
      [three, { X: three.X, y: binaryWine }], // 3 → 1
      [three, { X: fewer, y: three.y }], // 13 features → 10
    ] as const) {
      const warm = make({ warmStart: true }).fit(first.X, first.y).fit(then.X, then.y);
      const cold = make({}).fit(then.X, then.y);
      expect(warm.coefs.map((c) => Array.from(c))).toEqual(cold.coefs.map((c) => Array.from(c)));
      expect(Array.from(warm.intercepts)).toEqual(Array.from(cold.intercepts));
      expect(warm.nIter).toBe(cold.nIter);
    }
  });

  it("setParams: a path over C by hand, each fit warm from the last, at the cold fits' answers", () => {
    const { X, y } = data.binary;
    const m = make({ penalty: "l1", warmStart: true });
    let warmSteps = 0, coldSteps = 0;
    for (const C of [0.01, 0.03, 0.1, 0.3, 1]) {
      m.setParams({ C }).fit(X, y);
      const cold = make({ penalty: "l1", C }).fit(X, y);
      expect(m.converged && cold.converged).toBe(true);
      // the optimum at this C, recomputed in plain JS, and the cold fit's answer
      expect(standardizedL1LogisticKkt(cancer.X, y, 1 / (C * cancer.n), m.coef, m.intercept), `C = ${C}`).toBeLessThan(1e-8);
      expect(relDiff(m.coef, cold.coef), `C = ${C}`).toBeLessThan(1e-7);
      expect(m.toJSON().params.C).toBe(C);
      warmSteps += m.nIter;
      coldSteps += cold.nIter;
    }
    expect(warmSteps).toBeLessThan(coldSteps);
    // validated as the constructor validates; a refused change leaves the model as it was
    expect(code(() => m.setParams({ C: -1 }))).toBe("INVALID_PARAMETER");
    expect(code(() => m.setParams({ penalty: "elasticnet" }))).toBe("INVALID_PARAMETER"); // no l1Ratio
    expect(code(() => m.setParams(null as never))).toBe("INVALID_PARAMETER");
    expect(m.toJSON().params.C).toBe(1);
    expect(m.toJSON().params.penalty).toBe("l1");
  });

  it("toJSON/fromJSON keep warmStart, and a restored model starts from its saved fit", () => {
    const { X, y } = data.multinomial;
    const m = make({ penalty: "l1", warmStart: true }).fit(X, y);
    const json = JSON.parse(JSON.stringify(m));
    expect(json.params.warmStart).toBe(true);
    const back = LogisticRegression.fromJSON(json);
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(back.fit(X, y).nIter).toBeLessThanOrEqual(1);
    const { warmStart: _, ...oldParams } = json.params;
    expect(LogisticRegression.fromJSON({ ...json, params: oldParams }).toJSON().params.warmStart).toBe(false);
  });
});
