// Binary logistic regression against the shared references (breast_cancer: raw features whose
// scales differ by five orders of magnitude; glmnet at thresh 1e-20 where scikit-learn could
// not converge), plus KKT, labels, separable data and the typed errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import { initSync, LogisticRegression, l1l2, L1L2Error, glmnet, coef } from "../src/index.js";
import { loadDataset, loadReference, relDiff } from "./helpers/datasets.js";
import { rng } from "./helpers/kkt.js";

beforeAll(() => initSync());

describe("LogisticRegression({ standardize: true }) penalizes standardized coefficients", () => {
  it("as glmnet's binomial face does (checked against R there), for two classes and three", () => {
    const d = loadDataset("breast_cancer");
    const lambda = 0.01, y = Array.from(d.y);
    const m = new LogisticRegression({ penalty: "l1", C: 1 / (lambda * d.n), standardize: true, tol: 1e-12, maxIter: 500 }).fit(d.X, y);
    const g = coef(glmnet(d.X, y, { family: "binomial", lambda: [lambda], thresh: 1e-12 }), { s: lambda });
    expect(relDiff(m.coef, g.subarray(1))).toBeLessThan(1e-7);
    expect(m.intercept).toBeCloseTo(g[0], 6);
    // without standardization the raw columns' units decide: a different model
    const raw = new LogisticRegression({ penalty: "l1", C: 1 / (lambda * d.n), tol: 1e-12, maxIter: 500 }).fit(d.X, y);
    expect(relDiff(raw.coef, m.coef)).toBeGreaterThan(0.1);
    const w = loadDataset("wine"), wy = Array.from(w.y);
    const mm = new LogisticRegression({ penalty: "l1", C: 1 / (0.02 * w.n), standardize: true, tol: 1e-12, maxIter: 5000 }).fit(w.X, wy);
    const gm = coef(glmnet(w.X, wy, { family: "multinomial", lambda: [0.02], thresh: 1e-12 }), { s: 0.02 });
    mm.coefs.forEach((row, k) => expect(relDiff(row, gm[k].subarray(1))).toBeLessThan(1e-6));
  });
});

describe("LogisticRegression on the shared breast_cancer references", () => {
  const ref = loadReference("breast_cancer.json");
  const d = loadDataset("breast_cancer");
  const n = d.n;
  for (const c of ref.cases.filter((c: any) => c.model === "logistic" && c.source === c.best_source)) {
    it(`${c.case_id} (${c.recipe})`, () => {
      const m = new LogisticRegression({ penalty: l1l2({ l1: c.l1, l2: c.l2 }), tol: 1e-10, maxIter: 500, warn: false })
        .fit(d.X, Array.from(d.y));
      expect(m.converged).toBe(true);
      expect(Math.abs(m.objective - c.objective) / c.objective).toBeLessThan(1e-9);
      expect(relDiff(m.coef, c.coef)).toBeLessThan(1e-6);
      expect(Math.abs(m.intercept - c.intercept)).toBeLessThan(1e-6 * Math.max(1, Math.abs(c.intercept)));
    });
  }
  it("the scikit-learn face: C ↔ l2 = 1/(2Cn), l1 = 1/(Cn)", () => {
    const c = ref.cases.find((c: any) => c.case_id === "breast_cancer/10_logistic" && c.source === c.best_source);
    const C = 1 / (2 * c.l2 * n);
    const m = new LogisticRegression({ C, tol: 1e-10, maxIter: 500 }).fit(d.X, Array.from(d.y));
    expect(relDiff(m.coef, c.coef)).toBeLessThan(1e-6);
    const acc = m.score(d.X, Array.from(d.y));
    expect(acc).toBeGreaterThan(0.9);
  });
});

describe("LogisticRegression behaviour", () => {
  const g = rng(3);
  const X = Array.from({ length: 200 }, () => [g.normal(), g.normal(), g.normal()]);
  const yNum = X.map((r) => (r[0] - 2 * r[1] + 0.5 * g.normal() > 0 ? 1 : 0));

  it("labels: any two values, strings included, mapped as scikit-learn (sorted, classes[1] positive)", () => {
    const a = new LogisticRegression({ tol: 1e-10 }).fit(X, yNum);
    const b = new LogisticRegression({ tol: 1e-10 }).fit(X, yNum.map((v) => (v ? "yes" : "no")));
    expect(b.classes).toEqual(["no", "yes"]);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(b.predict(X).slice(0, 5)).toEqual(a.predict(X).slice(0, 5).map((v) => (v ? "yes" : "no")));
    const p = a.predictProba(X);
    expect(p[0][0] + p[0][1]).toBeCloseTo(1, 15);
  });

  it("separable data: converges with a penalty; without, reports non-convergence instead of hanging", () => {
    const ys = X.map((r) => (r[0] > 0 ? 1 : 0));
    const m = new LogisticRegression({ C: 1, tol: 1e-8 }).fit(X, ys);
    expect(m.converged).toBe(true);
    const spy = vi.spyOn(console, "warn").mockImplementation(() => {});
    const u = new LogisticRegression({ penalty: "none", maxIter: 30 }).fit(X, ys);
    expect(u.converged).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it("L1 gives exact zeros; class weights 'balanced' equal the matching sample weights", () => {
    const Xn = X.map((r) => [...r, g.normal(), g.normal()]);
    const m = new LogisticRegression({ penalty: "l1", C: 0.05, tol: 1e-10 }).fit(Xn, yNum);
    expect(m.coef.filter((v) => v === 0).length).toBeGreaterThan(0);
    const n1 = yNum.filter((v) => v === 1).length, n0 = yNum.length - n1;
    const a = new LogisticRegression({ classWeight: "balanced", tol: 1e-10 }).fit(X, yNum);
    const b = new LogisticRegression({ tol: 1e-10 }).fit(X, yNum, { sampleWeight: yNum.map((v) => (v ? 200 / (2 * n1) : 200 / (2 * n0))) });
    expect(relDiff(a.coef, b.coef)).toBeLessThan(1e-9);
  });

  it("typed errors: one class, NaN labels, wrong length; JSON round trip", () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e; } return null; };
    for (const bad of [X.map(() => 1), X.map(() => NaN), [0, 1]]) {
      expect(err(() => new LogisticRegression().fit(X, bad))).toBeInstanceOf(L1L2Error);
    }
    expect(err(() => new LogisticRegression({ penalty: "elasticnet" }))).toBeInstanceOf(L1L2Error);
    const m = new LogisticRegression({ penalty: "elasticnet", l1Ratio: 0.5, tol: 1e-10 }).fit(X, yNum);
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(Array.from(back.decisionFunction(X))).toEqual(Array.from(m.decisionFunction(X)));
    expect(back.classes).toEqual([0, 1]);
  });
});
