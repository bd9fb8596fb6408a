// The binary logistic engine: glmnet's proximal Newton. Each outer step replaces the log-loss
// by its quadratic model at the current fit (IRLS weights p(1−p), working response z) and
// solves that weighted elastic net with the same coordinate-descent kernels as regression,
// warm-started; a step-halving line search on the true objective keeps every step a descent.
//
//   F(β, b) = (1/n)·Σ wᵢ·log(1 + exp(−sᵢ(xᵢβ + b))) + l1·Σ fⱼ|βⱼ| + l2·Σ fⱼβⱼ²,  sᵢ = 2tᵢ − 1
import { DesignMatrix } from "./design.js";
import { GaussianProblem, Mode, Penalty } from "./gaussian.js";
import { linearPredict } from "./predict.js";

export interface LogisticOptions {
  fitIntercept: boolean;
  /**
   * Stop when the largest KKT violation, each feature's measured in units of its column's
   * spread (so that the test does not depend on the units of X), ≤ tol × its value at β = 0.
   */
  tol: number;
  /** Most Newton steps. */
  maxIter: number;
  mode?: Mode;
  lower?: Float64Array;
  signal?: AbortSignal;
}

export interface LogisticResult {
  coef: Float64Array;
  intercept: number;
  nIter: number;
  /** Inner coordinate-descent sweeps over all Newton steps. */
  sweeps: number;
  objective: number;
  kkt: number;
  converged: boolean;
  /** No penalty and perfectly separated classes: the coefficients diverge. */
  separable: boolean;
}

/** glmnet keeps IRLS weights off zero: p(1−p) is taken at p clipped to [1e−5, 1 − 1e−5]. */
const P_MIN = 1e-5;

const sigmoid = (e: number) => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)));
/** log(1 + exp(−m)) without overflow. */
const logLoss = (m: number) => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));

export function fitLogistic(d: DesignMatrix, t: Float64Array, w: Float64Array | null, pen: Penalty,
                            o: LogisticOptions, start?: { coef: Float64Array; intercept: number }): LogisticResult {
  const n = d.rows, p = d.cols;
  const wi = (i: number) => (w ? w[i] : 1);
  const penalty = (beta: Float64Array) => {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const f = pen.factors ? pen.factors[j] : 1;
      if (beta[j] !== 0) s += f * (pen.l1 * Math.abs(beta[j]) + pen.l2 * beta[j] * beta[j]);
    }
    return s;
  };
  const objective = (eta: Float64Array, beta: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += wi(i) * logLoss((2 * t[i] - 1) * eta[i]);
    return s / n + penalty(beta);
  };
  let beta: Float64Array = start ? start.coef.slice() : new Float64Array(p);
  let b = start ? start.intercept : o.fitIntercept ? interceptOnly(t, w) : 0;
  let eta = linearPredict(d, beta, b);
  let f = objective(eta, beta);
  const b0 = o.fitIntercept ? interceptOnly(t, w) : 0;
  const kkt0 = kktAt(d, t, w, pen, o, new Float64Array(p), new Float64Array(n).fill(b0)).scaled;
  let sweeps = 0, iter = 0, kkt = Infinity, converged = false;
  for (; iter < o.maxIter; iter++) {
    o.signal?.throwIfAborted();
    const state = kktAt(d, t, w, pen, o, beta, eta);
    kkt = state.kkt;
    if (state.scaled <= o.tol * Math.max(kkt0, 1e-300)) { converged = true; break; }
    // the quadratic model: weights v = w·p(1−p), response z = η + (t − p)/(p(1−p))
    const v = new Float64Array(n), z = new Float64Array(n);
    let sv = 0;
    for (let i = 0; i < n; i++) {
      // the curvature is floored; the gradient (t − p) stays exact, or the fit stalls short of
      // the optimum wherever p is clipped
      const pt = sigmoid(eta[i]), pi = Math.min(Math.max(pt, P_MIN), 1 - P_MIN), h = pi * (1 - pi);
      v[i] = wi(i) * h;
      z[i] = eta[i] + (t[i] - pt) / h;
      sv += v[i];
    }
    for (let i = 0; i < n; i++) v[i] *= n / sv; // the engine takes weights summing to n…
    const scale = n / sv;                        // …so the penalty is rescaled to match
    const problem = new GaussianProblem(d, z, v, { fitIntercept: o.fitIntercept, standardize: false });
    let next;
    try {
      // the working response is huge where p is clipped, so a gap relative to its spread would
      // be loose: ask for an absolute gap of ~1e-13 of the objective instead
      const inner = Math.min(1e-10, Math.max(1e-16, (1e-13 * f * scale) / Math.max(2 * problem.nullObjective, 1e-300)));
      next = problem.solve({ l1: pen.l1 * scale, l2: pen.l2 * scale, factors: pen.factors },
        { tol: inner, maxIter: 100_000, mode: o.mode, lower: o.lower }, beta);
    } finally {
      problem.dispose();
    }
    sweeps += next.nIter;
    // step halving on the true objective
    let step = 1, cand = next.coef, candB = next.intercept, candEta = linearPredict(d, cand, candB);
    let fc = objective(candEta, cand);
    while (!(fc <= f + 1e-15 * Math.abs(f)) && step > 1e-10) {
      step /= 2;
      cand = beta.map((v0, j) => v0 + step * (next.coef[j] - v0));
      candB = b + step * (next.intercept - b);
      candEta = linearPredict(d, cand, candB);
      fc = objective(candEta, cand);
    }
    if (!(fc <= f + 1e-15 * Math.abs(f))) break; // no descent left: report as it stands
    beta = cand; b = candB; eta = candEta; f = fc;
  }
  if (!converged) kkt = kktAt(d, t, w, pen, o, beta, eta).kkt;
  // without a penalty, perfectly separated classes have no optimum: the gradient vanishes only
  // as β runs off to infinity, so a small KKT value proves nothing
  const separable = pen.l1 === 0 && pen.l2 === 0 && eta.every((e, i) => (w ? w[i] === 0 : false) || (2 * t[i] - 1) * e > 0);
  return { coef: beta, intercept: b, nIter: iter, sweeps, objective: f, kkt, converged: converged && !separable, separable };
}

/** The intercept of the model without features: the log-odds of the weighted mean label. */
function interceptOnly(t: Float64Array, w: Float64Array | null): number {
  let s = 0, sw = 0;
  for (let i = 0; i < t.length; i++) { const wi = w ? w[i] : 1; s += wi * t[i]; sw += wi; }
  const m = Math.min(Math.max(s / sw, 1e-12), 1 - 1e-12);
  return Math.log(m / (1 - m));
}

/**
 * Largest violation of the optimality conditions of F at (β, b), given η = Xβ + b: in gradient units (kkt) and
 * with each feature's divided by its column's spread (scaled).
 */
function kktAt(d: DesignMatrix, t: Float64Array, w: Float64Array | null, pen: Penalty, o: LogisticOptions,
               beta: Float64Array, eta: Float64Array): { kkt: number; scaled: number } {
  const n = d.rows, p = d.cols;
  const resid = Float64Array.from(eta, (e, i) => t[i] - sigmoid(e)); // −∂loss/∂η per row (× n/w)
  let worst = 0, scaled = 0;
  if (o.fitIntercept) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * resid[i];
    worst = scaled = Math.abs(s / n);
  }
  // Xᵀ W (t − p)/n through the engine (no centring: the raw columns)
  const problem = new GaussianProblem(d, resid, w, { fitIntercept: false, standardize: false });
  try {
    const g = problem.correlations();
    for (let j = 0; j < p; j++) {
      const f = pen.factors ? pen.factors[j] : 1, bj = beta[j];
      const a = pen.l1 * f, tj = g[j] - 2 * pen.l2 * f * bj;
      let left = bj > 0 ? a : -a, right = bj < 0 ? -a : a;
      if (o.lower && bj <= o.lower[j]) left = -Infinity;
      const v = tj < left ? left - tj : tj > right ? tj - right : 0;
      worst = Math.max(worst, v);
      scaled = Math.max(scaled, v / d.scales[j]);
    }
  } finally {
    problem.dispose();
  }
  return { kkt: worst, scaled };
}
