// R glmnet's multinomial family: one coefficient vector per class, l1 = λα, l2 = λ(1−α)/2,
// each class penalized as the binomial one (the default, ungrouped) or each feature's K
// coefficients as one group (type.multinomial = "grouped": multinomial-grouped.ts). λ_max from
// the loss gradient at the class-prior fit — a feature's largest over the classes, or for
// groups its norm over them; lognet's early stop; intercepts centred.
import { DesignMatrix } from "./design.js";
import { Settings, GlmnetOptions, glmnetScales, l1Sequence, lambdaSequence, unpenalized } from "./glmnet-settings.js";
import { fitMultinomial, priorLogits, softmaxLoss, MultinomialOptions, MultinomialResult } from "./multinomial.js";
import { GroupedMultinomial } from "./multinomial-grouped.js";
import { Penalty } from "./gaussian.js";
import { Progress } from "./path.js";
import type { Label } from "./labels.js";
import { L1L2Error } from "./errors.js";

export interface MultinomialGlmnetFit {
  family: "multinomial";
  /** The labels, sorted: class c of every per-class array is classnames[c]. */
  classnames: Label[];
  /** The grouped penalty (typeMultinomial: "grouped"). */
  grouped: boolean;
  alpha: number;
  lambda: Float64Array;
  /** a0[k][c]: the intercept of class c at lambda[k] (centred over the classes). */
  a0: Float64Array[];
  /** beta[k][c]: the coefficients (length p) of class c at lambda[k]. */
  beta: Float64Array[][];
  /** Features nonzero in any class, per λ. */
  df: Int32Array;
  /** dfmat[k][c]: nonzero coefficients of class c at lambda[k]. */
  dfmat: Int32Array[];
  devRatio: Float64Array;
  nulldev: number;
  npasses: number;
  converged: boolean[];
  /** [p, number of λ] */
  dim: [number, number];
}

/** Cycles over the classes per λ (bounded: each cycle is a descent step per class). */
const CYCLES_MAX = 1000;
/** As in glmnet-binomial.ts: the relative KKT tolerance per unit of thresh. */
const KKT_PER_THRESH = 1e-3;

export function multinomialFit(d: DesignMatrix, codes: Int32Array, classes: Label[], w: Float64Array | null,
                               s: Settings, o: GlmnetOptions, sumRawWeight: number): MultinomialGlmnetFit {
  if (s.lower || s.upper) throw new L1L2Error("INVALID_PARAMETER", "lowerLimits/upperLimits are not supported for the multinomial family");
  const K = classes.length;
  const engine = s.grouped ? new GroupedMultinomial(d, codes, K, w, s.intercept) : null;
  try {
    const fit = engine
      ? (pen: Penalty, opts: MultinomialOptions, start: Start) => engine.fit(pen, opts, start)
      : (pen: Penalty, opts: MultinomialOptions, start: Start) => fitMultinomial(d, codes, K, w, pen, opts, start);
    // what the strong rules and λ_max compare with l1: a feature's gradient, largest over the
    // classes (each class its own lasso) or its norm over them (one group)
    const size = s.grouped ? (g: Float64Array[], j: number) => Math.hypot(...g.map((gk) => gk[j]))
      : (g: Float64Array[], j: number) => Math.max(...g.map((gk) => Math.abs(gk[j])));
    return path(d, codes, classes, w, s, o, sumRawWeight, fit, size);
  } finally {
    engine?.dispose();
  }
}

type Start = { coef: Float64Array[]; intercept: Float64Array };

function path(d: DesignMatrix, codes: Int32Array, classes: Label[], w: Float64Array | null, s: Settings, o: GlmnetOptions,
              sumRawWeight: number, fit: (pen: Penalty, opts: MultinomialOptions, start: Start) => MultinomialResult,
              size: (g: Float64Array[], j: number) => number): MultinomialGlmnetFit {
  const n = d.rows, p = d.cols, K = classes.length;
  const scales = glmnetScales(d, w, s);
  const fs = Float64Array.from(s.factors, (f, j) => f * (scales ? scales[j] : 1));
  const common = {
    fitIntercept: s.intercept, scales, tol: s.thresh * KKT_PER_THRESH, maxIter: CYCLES_MAX, mode: o.mode, signal: o.signal,
  };
  const prior = s.intercept ? priorLogits(codes, K, w) : new Float64Array(K);
  const zero = () => Array.from({ length: K }, () => new Float64Array(p));
  // the λ = ∞ fit: class priors, and the unpenalized features when there are any
  const free = unpenalized(s);
  const nullFit = fit({ l1: 0, l2: 0 }, { ...common, include: free ?? new Uint8Array(p) }, { coef: zero(), intercept: prior });
  const g = Float64Array.from({ length: p }, (_, j) => size(nullFit.grad, j));
  const lambda = lambdaSequence(g, fs, s);
  const loss0 = softmaxLoss(Array.from(prior, (v) => new Float64Array(n).fill(v)), codes, w, n);
  const ratio = (loss: number) => (loss0 > 0 ? 1 - loss / loss0 : 0);
  const l1 = l1Sequence(lambda, s), L = lambda.length, ctl = s.control;
  const pts: MultinomialResult[] = [];
  const ever = new Uint8Array(p);
  let start: Start = { coef: nullFit.coef, intercept: nullFit.intercept }, grad = nullFit.grad, prev = 0, prevL1 = Infinity;
  for (let k = 0; k < L; k++) {
    o.signal?.throwIfAborted();
    const pen = { l1: l1[k], l2: (lambda[k] * (1 - s.alpha)) / 2, factors: s.factors };
    // sequential strong rules per feature (per group), then a KKT check of the discarded ones
    const include = new Uint8Array(p).fill(1);
    if ((o.screening ?? true) && l1[k] > 0) {
      const cut = 2 * l1[k] - (Number.isFinite(prevL1) ? prevL1 : l1[k]);
      for (let j = 0; j < p; j++) include[j] = ever[j] || fs[j] === 0 || size(grad, j) >= cut * fs[j] ? 1 : 0;
    }
    let r: MultinomialResult;
    for (;;) {
      r = fit(pen, { ...common, include }, start);
      let added = 0;
      for (let j = 0; j < p; j++) {
        if (!include[j] && size(r.grad, j) > l1[k] * fs[j]) { include[j] = 1; added++; }
      }
      if (added === 0) break;
      start = { coef: r.coef, intercept: r.intercept };
    }
    for (let j = 0; j < p; j++) if (r.coef.some((c) => c[j] !== 0)) ever[j] = 1;
    pts.push(r);
    start = { coef: r.coef, intercept: r.intercept };
    grad = r.grad;
    prevL1 = l1[k];
    (o.onProgress as ((p: Progress) => void) | undefined)?.({ done: k + 1, total: L, lambda: lambda[k] });
    if (!s.lambda) {
      // lognet's early stop, as for the binomial family
      const dev = ratio(r.loss), before = prev;
      prev = dev;
      if (k + 1 >= Math.min(ctl.mnlam, s.nlambda) && (dfOf(r) > s.dfmax || dev - before < ctl.fdev || dev > ctl.devmax)) break;
    }
  }
  return {
    family: "multinomial",
    classnames: classes,
    grouped: s.grouped,
    alpha: s.alpha,
    lambda: lambda.slice(0, pts.length),
    a0: pts.map((r) => r.intercept),
    beta: pts.map((r) => r.coef),
    df: Int32Array.from(pts, dfOf),
    dfmat: pts.map((r) => Int32Array.from(r.coef, (c) => c.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0))),
    devRatio: Float64Array.from(pts, (r) => ratio(r.loss)),
    nulldev: 2 * loss0 * sumRawWeight,
    npasses: pts.reduce((a, r) => a + r.sweeps, 0),
    converged: pts.map((r) => r.converged),
    dim: [p, pts.length],
  };
}

/** Features nonzero in any class. */
function dfOf(r: MultinomialResult): number {
  let c = 0;
  for (let j = 0; j < r.coef[0].length; j++) if (r.coef.some((b) => b[j] !== 0)) c++;
  return c;
}
