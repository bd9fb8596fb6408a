// The logistic fit's per-row arithmetic in WASM (assembly/logistic.ts: its own vector exp and
// log1p) against the same quantities from Math.exp and Math.log1p, and its gradient against
// one computed in plain JS.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync, DesignMatrix } from "../src/index.js";
import { LogisticRows } from "../src/logistic-rows.js";
import { fitLogistic } from "../src/logistic.js";
import { rng } from "./helpers/kkt.js";

beforeAll(() => initSync());

/** Rows on an n × 1 design (the per-row arithmetic does not read X). */
function rowsOf(t: Float64Array, w: Float64Array | null, off: Float64Array | undefined) {
  const d = DesignMatrix.from({ data: Float64Array.from(t, (_, i) => i), rows: t.length, cols: 1 });
  const rows = new LogisticRows(d, t, w, off);
  return { rows, dispose: () => { rows.dispose(); d.dispose(); } };
}

/** The loss at η, and the probabilities, through the rows' vectors. */
function lossAndProb(rows: LogisticRows, eta: Float64Array, prob: Float64Array): number {
  const [e, q] = rows.vectors;
  e.set(eta);
  const loss = rows.loss(e, q);
  prob.set(q.view());
  return loss;
}

const sigmoid = (e: number) => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)));
const logLoss = (m: number) => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
/** The spacing of doubles at |x| (the least subnormal at 0). */
const ulp = (x: number) => (x === 0 ? Number.MIN_VALUE : Math.max(2 ** (Math.floor(Math.log2(Math.abs(x))) - 52), Number.MIN_VALUE));

const edges = [0, 1e-300, 1e-17, 1e-10, 1e-5, 0.1, 0.3465, 0.3466, 0.5, 0.8813, 1, 2, 5, 10, 20, 36.7, 37.5, 100,
  700, 707.9, 708.1, 744, 745, 746, 800, 1e5, 1e300];

describe("LogisticRows", () => {
  const g = rng(11);
  const etas = [...edges, ...edges.map((e) => -e)];
  for (let k = 0; k < 3000; k++) etas.push((g.uniform() - 0.5) * (k % 3 === 0 ? 1e-3 : k % 3 === 1 ? 80 : 1600));

  it("sigmoid and log-loss within 4 ulp of Math's, in the paired lanes and the odd last row", () => {
    let worstP = 0, worstL = 0;
    for (const label of [0, 1]) {
      for (const e of etas) {
        // five equal rows: two pairs and a last one on its own
        const n = 5, eta = new Float64Array(n).fill(e), t = new Float64Array(n).fill(label), prob = new Float64Array(n);
        const { rows, dispose } = rowsOf(t, null, undefined);
        const loss = lossAndProb(rows, eta, prob);
        dispose();
        const p = sigmoid(e), l = logLoss((2 * label - 1) * e);
        for (const q of prob) worstP = Math.max(worstP, Math.abs(q - p) / ulp(p));
        worstL = Math.max(worstL, Math.abs(loss - l) / ulp(l));
      }
    }
    expect(worstP).toBeLessThanOrEqual(4);
    expect(worstL).toBeLessThanOrEqual(4);
  });

  it("weights the loss by w and averages over the rows", () => {
    const n = 7, eta = Float64Array.from({ length: n }, (_, i) => i - 3.3), t = Float64Array.from({ length: n }, (_, i) => i % 2);
    const w = Float64Array.from({ length: n }, (_, i) => 0.5 + i / 4), prob = new Float64Array(n);
    const { rows, dispose } = rowsOf(t, w, undefined);
    const loss = lossAndProb(rows, eta, prob);
    dispose();
    let ref = 0;
    for (let i = 0; i < n; i++) ref += w[i] * logLoss((2 * t[i] - 1) * eta[i]);
    expect(Math.abs(loss - ref / n)).toBeLessThan(1e-15 * ref);
  });

  it("Newton's model: weights summing to n, the working response, p clipped for the curvature only", () => {
    const n = 9, pmin = 1e-9;
    const eta = Float64Array.from({ length: n }, (_, i) => (i - 4) * 7.5);
    const prob = Float64Array.from(eta, (e, i) => (i === 0 ? 0 : i === n - 1 ? 1 : sigmoid(e)));
    const t = Float64Array.from({ length: n }, (_, i) => (i * 5) % 2);
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3)), off = Float64Array.from({ length: n }, (_, i) => i / 10);
    for (const [ww, oo] of [[null, undefined], [w, off]] as const) {
      const { rows, dispose } = rowsOf(t, ww, oo);
      const [e, q] = rows.vectors;
      e.set(eta);
      q.set(prob);
      const scale = rows.newtonModel(e, q, pmin);
      const v = rows.v.toArray(), z = rows.z.toArray();
      dispose();
      let sv = 0;
      const h = prob.map((p) => { const c = Math.min(Math.max(p, pmin), 1 - pmin); return c * (1 - c); });
      for (let i = 0; i < n; i++) sv += (ww ? ww[i] : 1) * h[i];
      expect(Math.abs(scale - n / sv)).toBeLessThan(1e-15 * scale);
      for (let i = 0; i < n; i++) {
        const vi = ((ww ? ww[i] : 1) * h[i] * n) / sv, zi = eta[i] - (oo ? oo[i] : 0) + (t[i] - prob[i]) / h[i];
        expect(Math.abs(v[i] - vi)).toBeLessThanOrEqual(2 * ulp(vi));
        expect(Math.abs(z[i] - zi)).toBeLessThanOrEqual(2 * ulp(zi));
      }
    }
  });

  it("the gradient Xᵀ W (t − p)/n over the features ordered first, the rest on request, and at β = 0", () => {
    const n = 23, p = 9, r = rng(5);
    const X = Float64Array.from({ length: n * p }, (_, k) => 3 + 2 * r.normal() + (k % p)); // uncentred columns
    const t = Float64Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
    const w = Float64Array.from({ length: n }, () => 0.2 + r.uniform());
    const off = Float64Array.from({ length: n }, () => r.normal());
    const coef = Float64Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0 : 0.1 * r.normal())), b = -0.4;
    for (const order of ["row", "col"] as const) {
      const data = order === "row" ? X : Float64Array.from({ length: n * p }, (_, k) => X[(k % n) * p + Math.floor(k / n)]);
      const d = DesignMatrix.from({ data, rows: n, cols: p, order });
      const rows = new LogisticRows(d, t, w, off);
      const expected = (bb: number, c: Float64Array) => {
        const g = new Float64Array(p + 1);
        for (let i = 0; i < n; i++) {
          let e = bb + off[i];
          for (let j = 0; j < p; j++) e += X[i * p + j] * c[j];
          const res = w[i] * (t[i] - 1 / (1 + Math.exp(-e)));
          for (let j = 0; j < p; j++) g[j] += (X[i * p + j] * res) / n;
          g[p] += res / n;
        }
        return g;
      };
      const [eta, prob] = rows.vectors;
      rows.predict(coef, b, eta);
      rows.loss(eta, prob);
      const mask = Uint8Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : 0));
      const first = rows.order(mask), grad = new Float64Array(p).fill(NaN);
      expect(first).toBe(5);
      const gb = rows.gradient(prob, 0, first, grad), ref = expected(b, coef);
      for (let j = 0; j < p; j++) {
        if (mask[j]) expect(Math.abs(grad[j] - ref[j])).toBeLessThan(1e-13);
        else expect(grad[j]).toBeNaN(); // not asked for
      }
      expect(Math.abs(gb - ref[p])).toBeLessThan(1e-14);
      rows.gradient(prob, first, p, grad);
      for (let j = 0; j < p; j++) expect(Math.abs(grad[j] - ref[j])).toBeLessThan(1e-13);
      const nul = rows.nullGradient(0.3), ref0 = expected(0.3, new Float64Array(p));
      let scale = 0;
      for (let j = 0; j < p; j++) {
        expect(Math.abs(nul.grad[j] - ref0[j])).toBeLessThan(1e-13);
        scale = Math.max(scale, Math.abs(ref0[j]) / d.scales[j]);
      }
      expect(Math.abs(nul.scale - scale)).toBeLessThan(1e-12 * scale);
      rows.dispose();
      d.dispose();
    }
  });

  it("a fit on shared rows leaves η and the probabilities there, and the next fit starts from them", () => {
    const n = 60, p = 6, r = rng(9);
    const X = Float64Array.from({ length: n * p }, () => r.normal());
    const t = Float64Array.from({ length: n }, (_, i) => (X[i * p] + X[i * p + 1] + r.normal() > 0 ? 1 : 0));
    const d = DesignMatrix.from({ data: X, rows: n, cols: p });
    const o = { fitIntercept: true, tol: 1e-10, maxIter: 100 };
    const first = { l1: 0.08, l2: 0 }, second = { l1: 0.01, l2: 0 };
    const rows = new LogisticRows(d, t, null, undefined);
    try {
      const held = fitLogistic(d, t, null, first, o, undefined, rows);
      expect(held.eta).toBeUndefined();
      expect(rows.holds(held.at!)).toBe(true);
      // the first two vectors are η and sigmoid(η) at the fit's coefficients, recomputed here
      const [eta, prob] = rows.vectors.map((v) => v.toArray());
      for (let i = 0; i < n; i++) {
        let e = held.intercept;
        for (let j = 0; j < p; j++) e += X[i * p + j] * held.coef[j];
        expect(Math.abs(eta[i] - e)).toBeLessThan(1e-13 * (1 + Math.abs(e)));
        expect(Math.abs(prob[i] - sigmoid(e))).toBeLessThan(1e-14);
      }
      const fromHeld = fitLogistic(d, t, null, second, o, { coef: held.coef, intercept: held.intercept, at: held.at }, rows);
      // as a fit from the same coefficients that computes its start anew, on rows of its own
      const fresh = fitLogistic(d, t, null, second, o, { coef: held.coef, intercept: held.intercept });
      expect(fresh.eta).toHaveLength(n);
      expect(fromHeld.nIter).toBeGreaterThan(0);
      expect(fromHeld.converged && fresh.converged).toBe(true);
      expect([fromHeld.nIter, fromHeld.sweeps]).toEqual([fresh.nIter, fresh.sweeps]);
      for (let j = 0; j < p; j++) expect(Math.abs(fromHeld.coef[j] - fresh.coef[j])).toBeLessThan(1e-12);
      // a state the rows no longer hold is refused, not started from
      expect(() => fitLogistic(d, t, null, second, o, { coef: held.coef, intercept: held.intercept, at: held.at }, rows)).toThrow(/no longer hold/);
    } finally {
      rows.dispose();
      d.dispose();
    }
  });
});
