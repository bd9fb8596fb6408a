// Optimality checks computed from scratch in plain JS, independent of the solver.

export interface Problem {
  X: number[][];
  y: number[];
  w?: number[];       // raw weights (normalized here to sum n)
  l1: number;
  l2: number;
  factors?: number[];
  lower?: number[];
  upper?: number[];
  /** scale per feature put under the penalty (standardization); default 1 */
  scales?: number[];
}

/** Largest KKT violation (gradient units) of (β, b) for the canonical objective, plus the objective. */
export function kktCheck(pr: Problem, beta: ArrayLike<number>, b: number, fitIntercept = true): { kkt: number; objective: number } {
  const n = pr.X.length, p = pr.X[0].length;
  const sw = pr.w ? pr.w.reduce((a, c) => a + c, 0) : n;
  const w = pr.w ? pr.w.map((v) => (v * n) / sw) : new Array(n).fill(1);
  const r = pr.X.map((row, i) => pr.y[i] - b - row.reduce((s, x, j) => s + x * beta[j], 0));
  let viol = 0, obj = 0;
  for (let i = 0; i < n; i++) obj += (w[i] * r[i] * r[i]) / (2 * n);
  if (fitIntercept) viol = Math.abs(r.reduce((s, ri, i) => s + w[i] * ri, 0) / n);
  for (let j = 0; j < p; j++) {
    const f = (pr.factors ? pr.factors[j] : 1) * (pr.scales ? pr.scales[j] : 1);
    const a = pr.l1 * f, k = 2 * pr.l2 * f * (pr.scales ? pr.scales[j] : 1);
    obj += a * Math.abs(beta[j]) + (k / 2) * beta[j] * beta[j];
    let g = 0;
    for (let i = 0; i < n; i++) g -= (w[i] * pr.X[i][j] * r[i]) / n;
    g += k * beta[j];
    const lo = pr.lower ? pr.lower[j] : -Infinity, hi = pr.upper ? pr.upper[j] : Infinity;
    let left = beta[j] > 0 ? a : beta[j] < 0 ? -a : -a;
    let right = beta[j] > 0 ? a : beta[j] < 0 ? -a : a;
    if (beta[j] <= lo) left = -Infinity;
    if (beta[j] >= hi) right = Infinity;
    const t = -g;
    viol = Math.max(viol, t < left ? left - t : t > right ? t - right : 0);
  }
  return { kkt: viol, objective: obj };
}

/** Deterministic PRNG (mulberry32) and Gaussian draws, so failures reproduce. */
export function rng(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** A random regression problem: X (n×p) Gaussian, y = X β* + noise with a few true features. */
export function randomProblem(seed: number, n: number, p: number): { X: number[][]; y: number[] } {
  const g = rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: p }, () => g.normal()));
  const bstar = Array.from({ length: p }, (_, j) => (j < 5 ? (j % 2 ? -1 : 1) * (1 + j) : 0));
  const y = X.map((row) => row.reduce((s, x, j) => s + x * bstar[j], 0) + 0.5 * g.normal() + 3);
  return { X, y };
}

/**
 * Equicorrelated Gaussian features (ρ = 0.5), a few with signal, and sample weights cycling
 * through 1 … weightPeriod.
 */
export function correlatedProblem(seed: number, n: number, p: number, weightPeriod = 4): { X: number[][]; y: number[]; w: number[] } {
  const g = rng(seed);
  const X = Array.from({ length: n }, () => {
    const z = g.normal();
    return Array.from({ length: p }, () => Math.SQRT1_2 * (z + g.normal()));
  });
  const y = X.map((r) => r[0] - 2 * r[1] + 0.5 * r[p - 1] + g.normal() + 1);
  return { X, y, w: X.map((_, i) => 1 + (i % weightPeriod)) };
}

/** λ_max = max_j |x̃_jᵀ w (y − ȳ)| / n. */
export function lambdaMax(X: number[][], y: number[]): number {
  const n = X.length, p = X[0].length;
  const ybar = y.reduce((a, b) => a + b, 0) / n;
  let m = 0;
  for (let j = 0; j < p; j++) {
    const xbar = X.reduce((s, r) => s + r[j], 0) / n;
    let c = 0;
    for (let i = 0; i < n; i++) c += (X[i][j] - xbar) * (y[i] - ybar);
    m = Math.max(m, Math.abs(c) / n);
  }
  return m;
}
