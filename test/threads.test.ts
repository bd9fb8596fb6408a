// Helper threads (src/threads.ts): the single-precision ridge matrix, ridge's conjugate-gradient
// products, and naive coordinate descent's gradient passes (its gap checks, the features a
// screened fit left out), are computed in two parts, on two threads in Node when a helper is
// there. A fit must have the same bits with and without the helper, the helper must really take
// its part, and the threaded result must still be the solution.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { initSync, Ridge, Lasso, setThreads, DesignMatrix, L1L2Error, lassoPath } from "../src/index.js";
import { whenHelperReady } from "../src/threads.js";
import { rng, kktCheck, randomProblem, correlatedProblem, lambdaMax, type Problem } from "./helpers/kkt.js";
import { toCsc } from "./helpers/sparse.js";

beforeAll(() => initSync());
afterAll(() => { setThreads(1); });


type Fit = (X: ReturnType<typeof DesignMatrix.from>) => Ridge | Lasso;
interface Case {
  name: string;
  X: number[][] | ReturnType<typeof toCsc>;
  fit: Fit;
  solver: string;
  /** The canonical problem, for KKT recomputed in plain JS (test/helpers/kkt.ts). */
  kkt: Problem;
}
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
const cases: Case[] = [];
{
  // scikit-learn's Ridge(α) with weights w: Σwᵢrᵢ² + α‖β‖², i.e. l2 = α/(2Σw) canonically
  const a = correlatedProblem(11, 701, 190, 3);
  cases.push({ name: "Ridge, Gram form, weights, odd n", X: a.X, solver: "cholesky-gram",
    fit: (X) => new Ridge({ alpha: 3, solver: "cholesky" }).fit(X, a.y, { sampleWeight: a.w }),
    kkt: { X: a.X, y: a.y, w: a.w, l1: 0, l2: 3 / (2 * sum(a.w)) } });
  // conjugate gradients: each product over X in two row halves (n·p ≥ 2¹⁷)
  const cg = correlatedProblem(14, 4200, 500, 3);
  cases.push({ name: "Ridge, conjugate gradients, weights", X: cg.X, solver: "conjugate-gradient",
    fit: (X) => new Ridge({ alpha: 40_000 }).fit(X, cg.y, { sampleWeight: cg.w }),
    kkt: { X: cg.X, y: cg.y, w: cg.w, l1: 0, l2: 40_000 / (2 * sum(cg.w)) } });
  const b = correlatedProblem(12, 160, 531, 3);
  cases.push({ name: "Ridge, kernel form, weights, odd p", X: b.X, solver: "cholesky-kernel",
    fit: (X) => new Ridge({ alpha: 0.7 }).fit(X, b.y, { sampleWeight: b.w }),
    kkt: { X: b.X, y: b.y, w: b.w, l1: 0, l2: 0.7 / (2 * sum(b.w)) } });
  const g = rng(13);
  const Xs = Array.from({ length: 150 }, () => Array.from({ length: 450 }, () => (g.uniform() < 0.2 ? g.normal() : 0)));
  const ys = Xs.map((r) => r[0] - r[5] + g.normal());
  cases.push({ name: "Ridge, kernel form, CSC", X: toCsc(Xs), solver: "cholesky-kernel",
    fit: (X) => new Ridge({ alpha: 0.2 }).fit(X, ys), kkt: { X: Xs, y: ys, l1: 0, l2: 0.2 / (2 * 150) } });
  // naive coordinate descent on every feature: each gap check's gradient pass splits
  const c = randomProblem(22, 100, 2000), l1 = 0.05 * lambdaMax(c.X, c.y);
  cases.push({ name: "Lasso, naive, p > n", X: c.X, solver: "cd-naive",
    fit: (X) => new Lasso({ alpha: l1, tol: 1e-12, maxIter: 100_000 }).fit(X, c.y), kkt: { X: c.X, y: c.y, l1, l2: 0 } });
}

describe("helper threads", () => {
  it("setThreads takes 1 or more (capped at 2) and refuses anything else", () => {
    expect(setThreads(1)).toBe(1);
    expect(() => setThreads(0)).toThrow(L1L2Error);
    expect(() => setThreads(1.5)).toThrow(/positive integer/);
    expect(setThreads(8)).toBe(2);
  });

  for (const c of cases) {
    it(`${c.name}: the same bits on one thread and on two, and the helper took its part`, async () => {
      const X = DesignMatrix.from(c.X as never);
      try {
        setThreads(1);
        const one = c.fit(X);
        expect([one.solver, one.nIter >= 1, one.converged]).toEqual([c.solver, true, true]);
        setThreads(2);
        const { ready, helperParts } = await whenHelperReady();
        expect(ready).toBe(true);
        const two = c.fit(X);
        expect((await whenHelperReady()).helperParts).toBeGreaterThan(helperParts);
        expect(Array.from(two.coef)).toEqual(Array.from(one.coef));
        expect(Object.is(two.intercept, one.intercept)).toBe(true);
        // and it is the solution: the optimality conditions, recomputed in plain JS
        const { kkt } = kktCheck(c.kkt, two.coef, two.intercept);
        expect(kkt).toBeLessThan(1e-9);
      } finally {
        X.dispose();
      }
    });
  }

  it("a screened lasso path (p > n): the left-out features' gradient in two parts, same bits, KKT in plain JS", async () => {
    const { X, y } = randomProblem(21, 80, 2500);
    const D = DesignMatrix.from(X);
    try {
      const opts = { alphas: 12, eps: 1e-2, tol: 1e-10, fitIntercept: true };
      setThreads(1);
      const one = lassoPath(D, y, opts);
      setThreads(2);
      const { ready, helperParts } = await whenHelperReady();
      expect(ready).toBe(true);
      const two = lassoPath(D, y, opts);
      // a pass over the left-out features per fit and KKT round, split while it is large
      expect((await whenHelperReady()).helperParts).toBeGreaterThan(helperParts);
      two.coefs.forEach((c, k) => expect(Array.from(c)).toEqual(Array.from(one.coefs[k])));
      // screening must not have lost a feature: every zero satisfies |gⱼ| ≤ λ, from scratch
      two.coefs.forEach((c, k) => {
        const { kkt } = kktCheck({ X, y, l1: two.alphas[k], l2: 0 }, c, two.intercepts[k]);
        expect(kkt / two.alphas[0]).toBeLessThan(1e-7);
      });
    } finally {
      D.dispose();
    }
  });

  it("back-to-back parts reach the waiting helper through the shared slot, not by message", async () => {
    setThreads(2);
    expect((await whenHelperReady()).ready).toBe(true);
    const c = cases.find((x) => x.solver === "conjugate-gradient")!;
    const X = DesignMatrix.from(c.X as never);
    try {
      const before = await whenHelperReady();
      const m = c.fit(X);
      const after = await whenHelperReady();
      // one product per CG step, each in two parts, microseconds apart: the helper is still
      // waiting on the flag for most (a loaded machine may send a few by message)
      expect(after.helperParts - before.helperParts).toBeGreaterThanOrEqual(m.nIter);
      expect(after.handedParts - before.handedParts).toBeGreaterThanOrEqual(m.nIter / 2);
    } finally {
      X.dispose();
    }
  });

  it("with setThreads(1) no helper runs a part", async () => {
    setThreads(1);
    const before = (await whenHelperReady()).helperParts;
    expect((await whenHelperReady()).ready).toBe(false);
    const c = cases[0];
    c.fit(DesignMatrix.from(c.X as never));
    expect((await whenHelperReady()).helperParts).toBe(before);
  });
});
