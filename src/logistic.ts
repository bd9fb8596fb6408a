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
  /** The state at the solution, for a fit on the same shared rows that starts there (LogisticStart.at). */
  at?: FitState;
  /** η = Xβ + b (+ offset) at the solution, from a fit that made its own rows (a copy). */
  eta?: Float64Array;
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

/**
 * A fit's state at its coefficients: the loss and the gradient (every feature's, and the
 * intercept's); η = Xβ + b (+ offset) and sigmoid(η) stay in the rows the fit ran on
 * (LogisticRows.hold), which the next fit must share.
 */
export interface FitState {
  loss: number;
  grad: Float64Array;
  interceptGrad: number;
}

/**
 * The fit. `shared`: the rows of a caller that fits the same labels, weights and offset many
 * times (a path), else made here.
 */
export function fitLogistic(d: DesignMatrix, t: Float64Array, w: Float64Array | null, pen: Penalty,
                            o: LogisticOptions, start?: LogisticStart, shared?: LogisticRows): LogisticResult {
  const rows = shared ?? new LogisticRows(d, t, w, o.offset);
  try {
    return newton(d, t, w, pen, o, rows, shared !== undefined, start);
  } finally {
    if (!shared) rows.dispose();
  }
}

function newton(d: DesignMatrix, t: Float64Array, w: Float64Array | null, pen: Penalty, o: LogisticOptions,
                rows: LogisticRows, shared: boolean, start?: LogisticStart): LogisticResult {
  const n = d.rows, p = d.cols;
  const { a1, a2 } = penaltyWeights(pen, o.scales, p);
  const penalty = (beta: Float64Array) => {
    let s = 0;
    for (let j = 0; j < p; j++) if (beta[j] !== 0) s += a1[j] * Math.abs(beta[j]) + a2[j] * beta[j] * beta[j];
    return s;
  };
  const b0 = o.fitIntercept ? interceptOnly(t, w) : 0;
  const nul = rows.nullGradient(b0); // (before the vectors below are written: it uses two)
  let beta: Float64Array = start ? start.coef.slice() : new Float64Array(p);
  let b = start ? start.intercept : b0;
  // η at (β, b), at the full step, and at a shortened one, and the probabilities at η and at a
  // step's candidate: vectors in WASM, whose roles are swapped as steps are taken
  let [eta, prob, etaNext, etaPart, candProb] = rows.vectors;
  const at = start?.at;
  let loss: number;
  if (at) {
    if (!rows.holds(at)) throw new Error("l1l2 internal: a start state that its rows no longer hold");
    loss = at.loss;
  } else {
    rows.predict(beta, b, eta);
    loss = rows.loss(eta, prob);
  }
  let f = loss + penalty(beta);
  // the gradient, of the included features while the fit runs (the KKT check reads only
  // theirs), of every feature at the end (the caller's check of the others, and its screening)
  const checked = rows.order(o.include), grad = new Float64Array(p);
  let gb: number, full = false;
  // (a cold start is β = 0 at b0, where the null gradient already is)
  const known = at ?? (start ? null : nul);
  if (known) {
    grad.set(known.grad);
    gb = known.interceptGrad;
    full = true;
  } else gb = rows.gradient(prob, 0, checked, grad);
  let state = kktAt(d, a1, a2, o, beta, grad, gb);
  let sweeps = 0, iter = 0, converged = false;
  // naive updates unless told otherwise (as glmnet's lognet): the weights change at every step,
  // so covariance mode would pay its Gram columns anew for a few sweeps (breast_cancer's 20-λ
  // path, 3 sweeps per step: 4.8 ms covariance, 4.2 naive; S4: 3.2 s, 2.5)
  const mode = o.mode === undefined || o.mode === "auto" ? "naive" : o.mode;
  // a screened naive step needs the column statistics of its features only (and of any feature
  // held at a nonzero start), not of all p (glmnet's lognet likewise works on its strong set)
  const columns = mode === "naive" && o.include ? o.include.slice() : undefined;
  if (columns) for (let j = 0; j < p; j++) if (beta[j] !== 0) columns[j] = 1;
  // one weighted problem for every step, reweighted (its buffers kept)
  let problem: GaussianProblem | null = null;
  try {
    for (; iter < o.maxIter; iter++) {
      o.signal?.throwIfAborted();
      if (state.scaled <= o.tol * Math.max(nul.scale, 1e-300)) { converged = true; break; }
      // the quadratic model: weights v = w·p(1−p), response z = Xβ + b + (t − p)/(p(1−p)); the
      // curvature is floored, the gradient (t − p) stays exact, or the fit stalls short of the
      // optimum wherever p is clipped; the engine takes weights summing to n, so the penalty is
      // rescaled to match
      const scale = rows.newtonModel(eta, prob, P_MIN);
      if (problem) problem.reweight(rows.v, rows.z);
      else problem = new GaussianProblem(d, rows.z, rows.v, { fitIntercept: o.fitIntercept, standardize: o.scales ?? false, columns });
      // the working response is huge where p is clipped, so a gap relative to its spread would
      // be loose: ask for an absolute gap of ~1e-13 of the objective instead — but not below
      // 1e-14 of the spread, where the gap is rounding (a solve asked for less never stops:
      // digits' L2 fit spent 90% of its time in 100,000-sweep inner solves)
      const inner = Math.min(1e-10, Math.max(INNER_FLOOR, (1e-13 * f * scale) / Math.max(2 * problem.nullObjective, 1e-300)));
      const next = problem.solve({ l1: pen.l1 * scale, l2: pen.l2 * scale, factors: pen.factors },
        { tol: inner, maxIter: 100_000, mode, lower: o.lower, upper: o.upper, include: o.include, gradient: false }, beta);
      sweeps += next.nIter;
      // step halving on the true objective; η is affine in (β, b), so a shorter step's η is
      // interpolated rather than recomputed through X
      rows.predict(next.coef, next.intercept, etaNext);
      let step = 1, cand = next.coef, candB = next.intercept, candEta = etaNext;
      let candLoss = rows.loss(candEta, candProb), fc = candLoss + penalty(cand);
      while (!(fc <= f + 1e-15 * Math.abs(f)) && step > 1e-10) {
        step /= 2;
        cand = beta.map((v0, j) => v0 + step * (next.coef[j] - v0));
        candB = b + step * (next.intercept - b);
        const ev = eta.view(), nv = etaNext.view(), pv = etaPart.view();
        for (let i = 0; i < n; i++) pv[i] = ev[i] + step * (nv[i] - ev[i]);
        candEta = etaPart;
        candLoss = rows.loss(candEta, candProb);
        fc = candLoss + penalty(cand);
      }
      if (!(fc <= f + 1e-15 * Math.abs(f))) break; // no descent left: report as it stands
      if (candEta === etaNext) etaNext = eta; else etaPart = eta;
      beta = cand; b = candB; eta = candEta; f = fc; loss = candLoss;
      [prob, candProb] = [candProb, prob];
      gb = rows.gradient(prob, 0, checked, grad);
      full = checked === p;
      state = kktAt(d, a1, a2, o, beta, grad, gb);
    }
  } finally {
    problem?.dispose();
  }
  if (!full) rows.gradient(prob, checked, p, grad);
  // without a penalty, perfectly separated classes have no optimum: the gradient vanishes only
  // as β runs off to infinity, so a small KKT value proves nothing
  const separable = pen.l1 === 0 && pen.l2 === 0 && eta.view().every((e, i) => (w ? w[i] === 0 : false) || (2 * t[i] - 1) * e > 0);
  const end: FitState = { loss, grad, interceptGrad: gb };
  if (shared) rows.hold(eta, prob, end);
  return {
    coef: beta, intercept: b, nIter: iter, sweeps, objective: f, loss, grad, kkt: state.kkt,
    converged: converged && !separable, separable, at: shared ? end : undefined, eta: shared ? undefined : eta.toArray(),
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

/** The intercept of the model without features: the log-odds of the weighted mean label. */
function interceptOnly(t: Float64Array, w: Float64Array | null): number {
  let s = 0, sw = 0;
  for (let i = 0; i < t.length; i++) { const wi = w ? w[i] : 1; s += wi * t[i]; sw += wi; }
  const m = Math.min(Math.max(s / sw, 1e-12), 1 - 1e-12);
  return Math.log(m / (1 - m));
}

/**
 * The largest violation of the optimality conditions of F at (β, b), given the gradient
 * Xᵀ W (t − p)/n there and the intercept's, over the intercept and the included features: in
 * gradient units (kkt) and with each feature's divided by its column's spread (scaled).
 */
function kktAt(d: DesignMatrix, a1: Float64Array, a2: Float64Array, o: LogisticOptions, beta: Float64Array,
               grad: Float64Array, interceptGrad: number): { kkt: number; scaled: number } {
  let worst = 0, scaled = 0;
  if (o.fitIntercept) worst = scaled = Math.abs(interceptGrad);
  for (let j = 0; j < beta.length; j++) {
    if (o.include && !o.include[j]) continue;
    const v = violation(grad[j], beta[j], a1[j], a2[j], o.lower?.[j], o.upper?.[j]);
    worst = Math.max(worst, v);
    scaled = Math.max(scaled, v / d.scales[j]);
  }
  return { kkt: worst, scaled };
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
  const rows = new LogisticRows(d, t, w, o.offset);
  try {
    for (let k = 0; k < L; k++) {
      o.signal?.throwIfAborted();
      const l1 = o.l1[k], l2 = o.l2[k];
      if (k > 0 && l1 > prevL1) throw new L1L2Error("INVALID_PARAMETER", "the λ sequence must be decreasing");
      const pen: Penalty = { l1, l2, factors: o.factors };
      const include = new Uint8Array(p).fill(1);
      if (screening && l1 > 0) {
        // the gradient at the previous solution, or at the intercept-only fit
        grad ??= rows.nullGradient(o.fitIntercept ? interceptOnly(t, w) : 0).grad;
        const cut = 2 * l1 - (Number.isFinite(prevL1) ? prevL1 : l1);
        for (let j = 0; j < p; j++) include[j] = ever[j] || fs[j] === 0 || Math.abs(grad[j]) >= cut * fs[j] ? 1 : 0;
      }
      let r: LogisticResult;
      for (;;) {
        r = fitLogistic(d, t, w, pen, { ...o, include }, start, rows);
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
      points.push({ ...r, at: undefined }); // (its state is the rows', which the path disposes)
      grad = r.grad;
      prevL1 = l1;
      o.onProgress?.({ done: k + 1, total: L, lambda: o.label ? o.label(k) : l1 });
      if (o.stop?.(k, r)) break;
    }
  } finally {
    rows.dispose();
  }
  return points;
}
