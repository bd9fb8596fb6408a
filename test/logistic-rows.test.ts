// The logistic fit's per-row arithmetic in WASM (assembly/logistic.ts: its own vector exp and
// log1p) against the same quantities from Math.exp and Math.log1p.
import { describe, it, expect, beforeAll } from "vitest";
import { initSync } from "../src/index.js";
import { LogisticRows } from "../src/logistic-rows.js";
import { rng } from "./helpers/kkt.js";

beforeAll(() => initSync());

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
        const rows = new LogisticRows(t, null, undefined);
        const loss = rows.lossAndProb(eta, prob);
        rows.dispose();
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
    const rows = new LogisticRows(t, w, undefined);
    const loss = rows.lossAndProb(eta, prob);
    rows.dispose();
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
      const rows = new LogisticRows(t, ww, oo);
      const v = new Float64Array(n), z = new Float64Array(n);
      const scale = rows.newtonModel(eta, prob, pmin, v, z);
      rows.dispose();
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
});
