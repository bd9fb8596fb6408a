// The binary logistic engine: glmnet's proximal Newton. Each outer step replaces the log-loss
// by its quadratic model at the current fit (IRLS weights p(1−p), working response z) and
// solves that weighted elastic net with the same coordinate-descent kernels as regression,
// warm-started; a step-halving line search on the true objective keeps every step a descent.
// A path runs that fit over a decreasing λ sequence with warm starts and sequential strong
// rules, checking the KKT conditions of the discarded features after each point.
//
//   F(β, b) = (1/n)·Σ wᵢ·log(1 + exp(−sᵢ(xᵢβ + b))) + Σ fⱼsⱼ·(l1·|βⱼ| + l2·sⱼβⱼ²),  sᵢ = 2tᵢ − 1
//
// with penalty factors fⱼ and, when standardizing, the columns' spreads sⱼ (else sⱼ = 1).
import { DesignMatrix } from "./design.js";
import { GaussianProblem, Mode, Penalty, violation } from "./gaussian.js";
import { Progress } from "./path.js";
import { linearPredict } from "./predict.js";
import { L1L2Error } from "./errors.js";
import { LogisticRows } from "./logistic-rows.js";

export interface LogisticOptions {
  fitIntercept: boolean;
  /**
   * Stop when the largest KKT violation, each feature's measured in units of its column's
   * spread (so that the test does not depend on the units of X), ≤ tol × the largest such
   * gradient at β = 0 (λ_max's scale).
   */
  tol: number;
  /** Most Newton steps. */
  maxIter: number;
  mode?: Mode;
  lower?: Float64Array;
  upper?: Float64Array;
  /** Penalize βⱼ·sⱼ (glmnet's standardize), sⱼ the observation-weighted spread of column j. */
  scales?: Float64Array;
  /** Optimise only these features (the rest keep their start value): screening. */
  include?: Uint8Array;
  /**
   * A fixed term added to every row's linear predictor, η = Xβ + b + offset (glmnet's offset;
   * a multinomial class given the others is a binary fit with this offset).
   */
  offset?: Float64Array;
  signal?: AbortSignal;
}

export interface LogisticResult {
  coef: Float64Array;
  intercept: number;
  nIter: number;
  /** Inner coordinate-descent sweeps over all Newton steps. */
  sweeps: number;
  objective: number;
  /** (1/n)·Σ wᵢ·logloss: half the deviance per unit weight. */
  loss: number;
  /** Xᵀ W (t − p)/n at the solution: minus the loss gradient, per feature. */
  grad: Float64Array;
  kkt: number;
  converged: boolean;
  /** No penalty and perfectly separated classes: the coefficients diverge. */
  separable: boolean;
  /** The state at the solution, for a fit that starts there (LogisticStart.at). */
  at?: FitState;
}

/**
 * glmnet keeps IRLS weights off zero: p(1−p) is taken at p clipped to [pmin, 1 − pmin], with
 * glmnet.control's pmin. A larger floor overstates the curvature of well-fitted rows and slows
 * Newton to a linear rate (1e-5 took 1.8× the steps on breast_cancer's path).
 */
const P_MIN = 1e-9;

/** The smallest relative duality gap an inner solve is asked for: below it the gap is rounding. */
const INNER_FLOOR = 1e-14;

export const sigmoid = (e: number) => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)));
/** log(1 + exp(−m)) without overflow. */
export const logLoss = (m: number) => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));

/**
 * Where a fit starts: coefficients and intercept, and optionally what a previous fit ended with
 * there (a path's previous point, same labels, weights and offset), which is then not recomputed.
 */
export interface LogisticStart {
  coef: Float64Array;
  intercept: number;
  at?: FitState;
}

/** A fit's state at its coefficients: η = Xβ + b (+ offset), sigmoid(η), the loss and gradient. */
export interface FitState {
  eta: Float64Array;
  prob: Float64Array;
  loss: number;
  grad: Float64Array;
}

export function fitLogistic(d: DesignMatrix, t: Float64Array, w: Float64Array | null, pen: Penalty,
                            o: LogisticOptions, start?: LogisticStart,
                            shared?: LogisticGradient): LogisticResult {
  const grads = shared ?? new LogisticGradient(d, w);
  let rows: LogisticRows | null = null;
  try {
    rows = new LogisticRows(t, w, o.offset);
    return newton(d, t, w, pen, o, grads, rows, start);
  } finally {
    rows?.dispose();
    if (!shared) grads.dispose();
  }
}

function newton(d: DesignMatrix, t: Float64Array, w: Float64Array | null, pen: Penalty, o: LogisticOptions,
                grads: LogisticGradient, rows: LogisticRows, start?: LogisticStart): LogisticResult {
  const n = d.rows, p = d.cols, off = o.offset;
  const { a1, a2 } = penaltyWeights(pen, o.scales, p);
  const penalty = (beta: Float64Array) => {
    let s = 0;
    for (let j = 0; j < p; j++) if (beta[j] !== 0) s += a1[j] * Math.abs(beta[j]) + a2[j] * beta[j] * beta[j];
    return s;
  };
  const b0 = o.fitIntercept ? interceptOnly(t, w) : 0;
  let beta: Float64Array = start ? start.coef.slice() : new Float64Array(p);
  let b = start ? start.intercept : b0;
  const predictAt = (coef: Float64Array, b0: number, into: Float64Array) => {
    const e = linearPredict(d, coef, b0, into);
    if (off) for (let i = 0; i < n; i++) e[i] += off[i];
    return e;
  };
  // η at (β, b), at the full step, and at a shortened one: three arrays, swapped as steps are taken
  // (a given start state is copied: these are written)
  const at = start?.at;
  let eta = at ? at.eta.slice() : predictAt(beta, b, new Float64Array(n));
  let etaNext: Float64Array = new Float64Array(n), etaPart: Float64Array = new Float64Array(n);
  // probabilities at η, and at a step's candidate (swapped in when it is taken)
  let prob = at ? at.prob.slice() : new Float64Array(n), candProb = new Float64Array(n);
  let loss = at ? at.loss : rows.lossAndProb(eta, prob);
  let f = loss + penalty(beta);
  const kkt0 = grads.nullScale(t, off, b0);
  let sweeps = 0, iter = 0, converged = false;
  // a cold start is β = 0 at the intercept-only b0: the gradient nullScale just computed (a copy:
  // the result's gradient must not alias the cache)
  const grad0 = at ? at.grad : start ? grads.atProb(t, prob) : grads.nullGradient(t, off, b0).slice();
  let state = kktAt(d, t, w, a1, a2, o, beta, prob, grad0);
  const v = new Float64Array(n), z = new Float64Array(n);
  // naive updates unless told otherwise (as glmnet's lognet): the weights change at every step,
  // so covariance mode would pay its Gram columns anew for a few sweeps (breast_cancer's 20-λ
  // path, 3 sweeps per step: 4.8 ms covariance, 4.2 naive; S4: 3.2 s, 2.5)
  const mode = o.mode === undefined || o.mode === "auto" ? "naive" : o.mode;
  // a screened naive step needs the column statistics of its features only (and of any feature
  // held at a nonzero start), not of all p (glmnet's lognet likewise works on its strong set)
  const columns = mode === "naive" && o.include ? o.include.slice() : undefined;
  if (columns) for (let j = 0; j < p; j++) if (beta[j] !== 0) columns[j] = 1;
  for (; iter < o.maxIter; iter++) {
    o.signal?.throwIfAborted();
    if (state.scaled <= o.tol * Math.max(kkt0, 1e-300)) { converged = true; break; }
    // the quadratic model: weights v = w·p(1−p), response z = Xβ + b + (t − p)/(p(1−p)); the
    // curvature is floored, the gradient (t − p) stays exact, or the fit stalls short of the
    // optimum wherever p is clipped; the engine takes weights summing to n, so the penalty is
    // rescaled to match
    const scale = rows.newtonModel(eta, prob, P_MIN, v, z);
    const problem = new GaussianProblem(d, z, v, { fitIntercept: o.fitIntercept, standardize: o.scales ?? false, columns });
    let next;
    try {
      // the working response is huge where p is clipped, so a gap relative to its spread would
      // be loose: ask for an absolute gap of ~1e-13 of the objective instead — but not below
      // 1e-14 of the spread, where the gap is rounding (a solve asked for less never stops:
      // digits' L2 fit spent 90% of its time in 100,000-sweep inner solves)
      const inner = Math.min(1e-10, Math.max(INNER_FLOOR, (1e-13 * f * scale) / Math.max(2 * problem.nullObjective, 1e-300)));
      next = problem.solve({ l1: pen.l1 * scale, l2: pen.l2 * scale, factors: pen.factors },
        { tol: inner, maxIter: 100_000, mode, lower: o.lower, upper: o.upper, include: o.include, gradient: false }, beta);
    } finally {
      problem.dispose();
    }
    sweeps += next.nIter;
    // step halving on the true objective; η is affine in (β, b), so a shorter step's η is
    // interpolated rather than recomputed through X
    predictAt(next.coef, next.intercept, etaNext);
    let step = 1, cand = next.coef, candB = next.intercept, candEta = etaNext;
    let candLoss = rows.lossAndProb(candEta, candProb), fc = candLoss + penalty(cand);
    while (!(fc <= f + 1e-15 * Math.abs(f)) && step > 1e-10) {
      step /= 2;
      cand = beta.map((v0, j) => v0 + step * (next.coef[j] - v0));
      candB = b + step * (next.intercept - b);
      for (let i = 0; i < n; i++) etaPart[i] = eta[i] + step * (etaNext[i] - eta[i]);
      candEta = etaPart;
      candLoss = rows.lossAndProb(candEta, candProb);
      fc = candLoss + penalty(cand);
    }
    if (!(fc <= f + 1e-15 * Math.abs(f))) break; // no descent left: report as it stands
    if (candEta === etaNext) etaNext = eta; else etaPart = eta;
    beta = cand; b = candB; eta = candEta; f = fc; loss = candLoss;
    [prob, candProb] = [candProb, prob];
    state = kktAt(d, t, w, a1, a2, o, beta, prob, grads.atProb(t, prob));
  }
  // without a penalty, perfectly separated classes have no optimum: the gradient vanishes only
  // as β runs off to infinity, so a small KKT value proves nothing
  const separable = pen.l1 === 0 && pen.l2 === 0 && eta.every((e, i) => (w ? w[i] === 0 : false) || (2 * t[i] - 1) * e > 0);
  return {
    coef: beta, intercept: b, nIter: iter, sweeps, objective: f, loss, grad: state.grad, kkt: state.kkt,
    converged: converged && !separable, separable, at: { eta, prob, loss, grad: state.grad },
  };
}

/** Per-feature l1 and l2 multipliers: l1·fⱼ·sⱼ and l2·fⱼ·sⱼ². */
function penaltyWeights(pen: Penalty, scales: Float64Array | undefined, p: number) {
  const a1 = new Float64Array(p), a2 = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const f = pen.factors ? pen.factors[j] : 1, s = scales ? scales[j] : 1;
    a1[j] = pen.l1 * f * s;
    a2[j] = pen.l2 * f * s * s;
  }
  return { a1, a2 };
}

/** b + offset per row: the linear predictor at β = 0. */
function offsetOr(offset: Float64Array | undefined, n: number, b: number): Float64Array {
  return offset ? offset.map((v) => v + b) : new Float64Array(n).fill(b);
}

/** The intercept of the model without features: the log-odds of the weighted mean label. */
function interceptOnly(t: Float64Array, w: Float64Array | null): number {
  let s = 0, sw = 0;
  for (let i = 0; i < t.length; i++) { const wi = w ? w[i] : 1; s += wi * t[i]; sw += wi; }
  const m = Math.min(Math.max(s / sw, 1e-12), 1 - 1e-12);
  return Math.log(m / (1 - m));
}

/**
 * The largest violation of the optimality conditions of F at (β, b), given the probabilities
 * sigmoid(Xβ + b) and the gradient Xᵀ W (t − p)/n there, over the intercept and the included
 * features: in gradient units (kkt) and with each feature's divided by its column's spread
 * (scaled).
 */
function kktAt(d: DesignMatrix, t: Float64Array, w: Float64Array | null, a1: Float64Array, a2: Float64Array,
               o: LogisticOptions, beta: Float64Array, prob: Float64Array,
               grad: Float64Array): { kkt: number; scaled: number; grad: Float64Array } {
  const n = d.rows, p = d.cols;
  let worst = 0, scaled = 0;
  if (o.fitIntercept) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * (t[i] - prob[i]);
    worst = scaled = Math.abs(s / n);
  }
  for (let j = 0; j < p; j++) {
    if (o.include && !o.include[j]) continue;
    const v = violation(grad[j], beta[j], a1[j], a2[j], o.lower?.[j], o.upper?.[j]);
    worst = Math.max(worst, v);
    scaled = Math.max(scaled, v / d.scales[j]);
  }
  return { kkt: worst, scaled, grad };
}

/** max |gⱼ|/spreadⱼ: the scale of the stopping rule. */
function scaleOfGradient(d: DesignMatrix, g: Float64Array): number {
  let m = 0;
  for (let j = 0; j < g.length; j++) m = Math.max(m, Math.abs(g[j]) / d.scales[j]);
  return m;
}

/**
 * Xᵀ W (t − p)/n for labels t at a linear predictor η (minus the gradient of the loss, per
 * feature), through one prepared problem (the raw columns, the observation weights) that every
 * Newton step, every λ of a path and every class of a multinomial fit share: preparing it reads
 * all of X.
 */
export class LogisticGradient {
  private readonly problem: GaussianProblem;
  private readonly resid: Float64Array;
  /**
   * The gradient at β = 0 without an offset, with its labels, intercept and scale: a path's
   * screening at its first λ and every λ's stopping rule ask for the same one. With an offset
   * (a multinomial class given the others, new at every visit) it is computed each time.
   */
  private nullNoOffset: { t: Float64Array; b0: number; grad: Float64Array; scale: number } | null = null;

  constructor(private readonly d: DesignMatrix, w: Float64Array | null) {
    this.resid = new Float64Array(d.rows);
    this.problem = new GaussianProblem(d, this.resid, w, { fitIntercept: false, standardize: false });
  }

  /** The gradient at β = 0 (intercept b0, the offset). */
  nullGradient(t: Float64Array, off: Float64Array | undefined, b0: number): Float64Array {
    return this.atZero(t, off, b0).grad;
  }

  /** max |gⱼ|/spreadⱼ at β = 0 (intercept b0, the offset): the stopping rule's scale. */
  nullScale(t: Float64Array, off: Float64Array | undefined, b0: number): number {
    return this.atZero(t, off, b0).scale;
  }

  private atZero(t: Float64Array, off: Float64Array | undefined, b0: number): { grad: Float64Array; scale: number } {
    const hit = this.nullNoOffset;
    if (!off && hit?.t === t && hit.b0 === b0) return hit;
    const grad = this.atProb(t, offsetOr(off, this.d.rows, b0).map(sigmoid));
    const r = { t, b0, grad, scale: scaleOfGradient(this.d, grad) };
    if (!off) this.nullNoOffset = r;
    return r;
  }

  /** The gradient for labels t at the probabilities sigmoid(η). */
  atProb(t: Float64Array, prob: Float64Array): Float64Array {
    const { resid } = this;
    for (let i = 0; i < resid.length; i++) resid[i] = t[i] - prob[i];
    this.problem.setTarget(resid);
    return this.problem.correlations();
  }

  dispose(): void {
    this.problem.dispose();
  }
}

export interface LogisticPathOptions extends Omit<LogisticOptions, "include"> {
  /** Decreasing l1 values (canonical units). */
  l1: ArrayLike<number>;
  /** l2 per point (canonical units). */
  l2: ArrayLike<number>;
  factors?: Float64Array;
  /** Sequential strong rules with KKT checks (default true). */
  screening?: boolean;
  /** The value reported to onProgress for point k (the user's λ). */
  label?: (k: number) => number;
  onProgress?: (p: Progress) => void;
  /** Called after each point; returning true ends the path there (glmnet's early stop). */
  stop?: (k: number, point: LogisticResult) => boolean;
}

/** The fits along a decreasing λ sequence, warm-started, with strong rules and KKT checks. */
export function logisticPath(d: DesignMatrix, t: Float64Array, w: Float64Array | null, o: LogisticPathOptions): LogisticResult[] {
  const p = d.cols, L = o.l1.length;
  const fs = Float64Array.from({ length: p }, (_, j) => (o.factors ? o.factors[j] : 1) * (o.scales ? o.scales[j] : 1));
  const screening = o.screening ?? true;
  const points: LogisticResult[] = [];
  const ever = new Uint8Array(p);
  let start: LogisticStart | undefined;
  let grad: Float64Array | null = null;
  let prevL1 = Infinity;
  const grads = new LogisticGradient(d, w);
  try {
    for (let k = 0; k < L; k++) {
      o.signal?.throwIfAborted();
      const l1 = o.l1[k], l2 = o.l2[k];
      if (k > 0 && l1 > prevL1) throw new L1L2Error("INVALID_PARAMETER", "the λ sequence must be decreasing");
      const pen: Penalty = { l1, l2, factors: o.factors };
      const include = new Uint8Array(p).fill(1);
      if (screening && l1 > 0) {
        // the gradient at the previous solution, or at the intercept-only fit
        grad ??= grads.nullGradient(t, o.offset, o.fitIntercept ? interceptOnly(t, w) : 0);
        const cut = 2 * l1 - (Number.isFinite(prevL1) ? prevL1 : l1);
        for (let j = 0; j < p; j++) include[j] = ever[j] || fs[j] === 0 || Math.abs(grad[j]) >= cut * fs[j] ? 1 : 0;
      }
      let r: LogisticResult;
      for (;;) {
        r = fitLogistic(d, t, w, pen, { ...o, include }, start, grads);
        let added = 0;
        for (let j = 0; j < p; j++) {
          if (include[j]) continue;
          if (violation(r.grad[j], 0, l1 * fs[j], 0, o.lower?.[j], o.upper?.[j]) > 0) { include[j] = 1; added++; }
        }
        if (added === 0) break;
        start = { coef: r.coef, intercept: r.intercept, at: r.at };
      }
      for (let j = 0; j < p; j++) if (r.coef[j] !== 0) ever[j] = 1;
      start = { coef: r.coef, intercept: r.intercept, at: r.at };
      points.push({ ...r, at: undefined }); // a path keeps its points, not their n-sized states
      grad = r.grad;
      prevL1 = l1;
      o.onProgress?.({ done: k + 1, total: L, lambda: o.label ? o.label(k) : l1 });
      if (o.stop?.(k, r)) break;
    }
  } finally {
    grads.dispose();
  }
  return points;
}
