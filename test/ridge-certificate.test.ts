// A closed-form ridge answer is certified from its solve's last product (src/ridge-certificate.ts):
// the system's residual e gives the gap, gradient and KKT violation without a pass over X. These
// tests feed it answers that are far from optimal, with X̃β and e computed here, and hold what it
// reports to the primal and dual objectives evaluated directly.
import { describe, it, expect } from "vitest";
import { ridgeCertificate, type RidgeProductState } from "../src/ridge-certificate.js";
import { rng } from "./helpers/kkt.js";

interface Problem { X: number[][]; y: number[]; w: number[]; kappa: number[] }

function problem(seed: number, n: number, p: number, kappa: (j: number) => number): Problem {
  const g = rng(seed);
  return {
    X: Array.from({ length: n }, () => Array.from({ length: p }, () => g.normal())),
    y: Array.from({ length: n }, () => g.normal()),
    w: Array.from({ length: n }, () => 0.2 + 2 * g.uniform()),
    kappa: Array.from({ length: p }, (_, j) => kappa(j)),
  };
}

const times = (X: number[][], b: ArrayLike<number>) => X.map((row) => row.reduce((s, v, j) => s + v * b[j], 0));
/** Σᵢ wᵢxᵢⱼvᵢ per feature. */
const wtimes = (pr: Problem, v: number[]) => pr.kappa.map((_, j) => pr.X.reduce((s, row, i) => s + pr.w[i] * row[j] * v[i], 0));
const colsq = (pr: Problem) => Float64Array.from(pr.kappa, (_, j) => pr.X.reduce((s, row, i) => s + pr.w[i] * row[j] ** 2, 0));
/** P(β) = ½Σwᵢrᵢ² + ½Σκⱼβⱼ², r = y − Xβ. */
const primal = (pr: Problem, beta: ArrayLike<number>) => {
  const f = times(pr.X, beta);
  return 0.5 * pr.y.reduce((s, v, i) => s + pr.w[i] * (v - f[i]) ** 2, 0) + 0.5 * pr.kappa.reduce((s, k, j) => s + k * beta[j] ** 2, 0);
};
/** D(θ) = bᵀθ − ½‖θ‖² − ½Σ(Ãⱼᵀθ)²/κⱼ with b = √W y, Ã = √W X (κⱼ > 0). */
const dual = (pr: Problem, theta: number[]) => {
  const sw = pr.w.map(Math.sqrt);
  const at = wtimes(pr, theta.map((t, i) => t / sw[i]));
  return theta.reduce((s, t, i) => s + sw[i] * pr.y[i] * t - 0.5 * t * t, 0) - 0.5 * at.reduce((s, a, j) => s + (a * a) / pr.kappa[j], 0);
};

function state(pr: Problem, form: "gram" | "kernel", beta: number[], residual: number[], scales?: Float64Array): RidgeProductState {
  const p = beta.length, d = scales ?? new Float64Array(p).fill(1);
  return {
    form, beta: Float64Array.from(beta, (b, j) => b / d[j]), scales: d, kappa: Float64Array.from(pr.kappa),
    colsq: colsq(pr), y: Float64Array.from(pr.y), w: Float64Array.from(pr.w), fitted: Float64Array.from(times(pr.X, beta)),
    residual: Float64Array.from(residual),
  };
}

describe("ridge certificate from the last product", () => {
  /** A Gram-form answer well off the optimum and its system residual e = XᵀWy − (XᵀWX + κ)β. */
  function gramAnswer(pr: Problem, seed: number) {
    const g = rng(seed);
    const beta = pr.kappa.map(() => g.normal());
    const f = times(pr.X, beta), r = pr.y.map((v, i) => v - f[i]);
    const grad = wtimes(pr, r); // XᵀW(y − Xβ)
    return { beta, r, grad, e: grad.map((v, j) => v - pr.kappa[j] * beta[j]) };
  }

  it("Gram form: gap P(β) − D(√W r), the gradient, the KKT violation and the objective", () => {
    const n = 40, p = 7, pr = problem(1, n, p, (j) => 0.5 + j);
    const { beta, r, grad, e } = gramAnswer(pr, 2);
    const c = ridgeCertificate(state(pr, "gram", beta, e))!;
    const P = primal(pr, beta), gap = P - dual(pr, r.map((v, i) => Math.sqrt(pr.w[i]) * v));
    expect(gap).toBeGreaterThan(1);
    expect(Math.abs(c.dualGap * n - gap)).toBeLessThan(1e-10 * gap);
    expect(Math.abs(c.objective * n - P)).toBeLessThan(1e-12 * P);
    const rss = r.reduce((s, v, i) => s + pr.w[i] * v * v, 0);
    expect(Math.abs(c.mse * n - rss)).toBeLessThan(1e-12 * rss);
    for (let j = 0; j < p; j++) expect(Math.abs(c.grad[j] * n - grad[j])).toBeLessThan(1e-12 * (1 + Math.abs(grad[j])));
    const kkt = Math.max(...grad.map((v, j) => Math.abs(v - pr.kappa[j] * beta[j]))) / n;
    expect(Math.abs(c.kkt - kkt)).toBeLessThan(1e-12 * kkt);
  });

  it("Gram form: a feature unpenalized, or with κ too small for its conjugate, gets no certificate here", () => {
    for (const k of [0, 1e-14]) {
      const pr = problem(3, 30, 5, (j) => (j === 1 ? k : 2));
      const { beta, e } = gramAnswer(pr, 4);
      expect(ridgeCertificate(state(pr, "gram", beta, e))).toBeNull();
    }
    // the kernel form needs every κ > 0 to exist, and its gap holds for any
    const pr = problem(3, 6, 12, (j) => (j === 1 ? 1e-14 : 2));
    expect(ridgeCertificate(state(pr, "kernel", new Array(12).fill(0.1), new Array(6).fill(0.01)))).not.toBeNull();
  });

  it("Gram form: stored units scaled by d give the same gap and objective, gradients per caller unit", () => {
    const n = 25, p = 4, pr = problem(5, n, p, (j) => 1 + j);
    const { beta, e } = gramAnswer(pr, 6);
    const d = Float64Array.of(1e-3, 2, 50, 0.5);
    const one = ridgeCertificate(state(pr, "gram", beta, e))!, scaled = ridgeCertificate(state(pr, "gram", beta, e, d))!;
    expect(scaled.dualGap).toBeCloseTo(one.dualGap, 12);
    expect(scaled.objective).toBeCloseTo(one.objective, 12);
    for (let j = 0; j < p; j++) expect(Math.abs(scaled.grad[j] - one.grad[j] * d[j])).toBeLessThan(1e-12 * Math.abs(one.grad[j] * d[j]));
    const kkt = Math.max(...e.map((v, j) => (Math.abs(v) * d[j]) / n));
    expect(Math.abs(scaled.kkt - kkt)).toBeLessThan(1e-12 * kkt);
  });

  it("kernel form: gap P(β) − D(x) = ½‖e‖², and a KKT bound at or above the true violation", () => {
    const n = 9, p = 30, pr = problem(7, n, p, (j) => 0.3 + 0.1 * j);
    const g = rng(8);
    const x = pr.y.map(() => g.normal()), sw = pr.w.map(Math.sqrt);
    // β = κ⁻¹Ãᵀx, e = √W y − x − Ãβ
    const beta = wtimes(pr, x.map((v, i) => v / sw[i])).map((v, j) => v / pr.kappa[j]);
    const f = times(pr.X, beta), e = pr.y.map((v, i) => sw[i] * v - x[i] - sw[i] * f[i]);
    const c = ridgeCertificate(state(pr, "kernel", beta, e))!;
    const P = primal(pr, beta), gap = P - dual(pr, x);
    expect(gap).toBeGreaterThan(1);
    expect(Math.abs(c.dualGap * n - gap)).toBeLessThan(1e-10 * gap);
    expect(Math.abs(c.objective * n - P)).toBeLessThan(1e-12 * P);
    // the true gradient XᵀW(y − Xβ) = κβ + Ãᵀe; the certificate reports κβ and bounds Ãᵀe
    const r = pr.y.map((v, i) => v - f[i]), grad = wtimes(pr, r);
    const violation = Math.max(...grad.map((v, j) => Math.abs(v - pr.kappa[j] * beta[j]))) / n;
    expect(violation).toBeGreaterThan(0.01);
    expect(c.kkt).toBeGreaterThanOrEqual(violation);
    expect(c.kkt).toBeLessThan(10 * violation); // a bound, not a blanket
    for (let j = 0; j < p; j++) {
      expect(Math.abs(c.grad[j] * n - pr.kappa[j] * beta[j])).toBeLessThan(1e-12 * (1 + Math.abs(pr.kappa[j] * beta[j])));
      expect(Math.abs(c.grad[j] - grad[j] / n)).toBeLessThanOrEqual(c.kkt);
    }
    // per caller unit (stored = caller·d): the violations scale by dⱼ, and so must the bound
    const d = Float64Array.from({ length: p }, (_, j) => 10 ** ((j % 3) - 1));
    const scaled = ridgeCertificate(state(pr, "kernel", beta, e, d))!;
    expect(scaled.dualGap).toBeCloseTo(c.dualGap, 12);
    const worst = Math.max(...grad.map((v, j) => (Math.abs(v - pr.kappa[j] * beta[j]) * d[j]) / n));
    expect(scaled.kkt).toBeGreaterThanOrEqual(worst);
    expect(scaled.kkt).toBeLessThan(10 * worst);
  });
});
