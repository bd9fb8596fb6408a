// R glmnet's multinomial family (its default, ungrouped penalty): one coefficient vector per
// class, each penalized as the binomial one, l1 = λα, l2 = λ(1−α)/2; λ_max from the loss
// gradient at the class-prior fit over every class; lognet's early stop; intercepts centred.
import { DesignMatrix } from "./design.js";
import { Settings, GlmnetOptions, glmnetScales, l1Sequence, lambdaSequence, unpenalized } from "./glmnet-settings.js";
import { fitMultinomial, priorLogits, softmaxLoss, MultinomialResult } from "./multinomial.js";
import { Progress } from "./path.js";
import type { Label } from "./labels.js";
import { L1L2Error } from "./errors.js";

export interface MultinomialGlmnetFit {
  family: "multinomial";
  /** The labels, sorted: class c of every per-class array is classnames[c]. */
  classnames: Label[];
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
  const n = d.rows, p = d.cols, K = classes.length;
  if (s.lower || s.upper) throw new L1L2Error("INVALID_PARAMETER", "lowerLimits/upperLimits are not supported for the multinomial family");
  const scales = glmnetScales(d, w, s);
  const fs = Float64Array.from(s.factors, (f, j) => f * (scales ? scales[j] : 1));
  const common = {
    fitIntercept: s.intercept, scales, tol: s.thresh * KKT_PER_THRESH, maxIter: CYCLES_MAX, mode: o.mode, signal: o.signal,
  };
  const prior = s.intercept ? priorLogits(codes, K, w) : new Float64Array(K);
  const zero = () => Array.from({ length: K }, () => new Float64Array(p));
  // the λ = ∞ fit: class priors, and the unpenalized features when there are any
  const free = unpenalized(s);
  const nullFit = fitMultinomial(d, codes, K, w, { l1: 0, l2: 0 }, { ...common, include: free ?? new Uint8Array(p) },
    { coef: zero(), intercept: prior });
  const g = Float64Array.from({ length: p }, (_, j) => Math.max(...nullFit.grad.map((gk) => Math.abs(gk[j]))));
  const lambda = lambdaSequence(g, fs, s);
  const loss0 = softmaxLoss(Array.from(prior, (v) => new Float64Array(n).fill(v)), codes, w, n);
  const ratio = (loss: number) => (loss0 > 0 ? 1 - loss / loss0 : 0);
  const l1 = l1Sequence(lambda, s), L = lambda.length, ctl = s.control;
  const pts: MultinomialResult[] = [];
  const ever = new Uint8Array(p);
  let start = { coef: nullFit.coef, intercept: nullFit.intercept }, grad = nullFit.grad, prev = 0, prevL1 = Infinity;
  for (let k = 0; k < L; k++) {
    o.signal?.throwIfAborted();
    const pen = { l1: l1[k], l2: (lambda[k] * (1 - s.alpha)) / 2, factors: s.factors };
    // sequential strong rules over all classes, then a KKT check of the discarded features
    const include = new Uint8Array(p).fill(1);
    if ((o.screening ?? true) && l1[k] > 0) {
      const cut = 2 * l1[k] - (Number.isFinite(prevL1) ? prevL1 : l1[k]);
      for (let j = 0; j < p; j++) include[j] = ever[j] || fs[j] === 0 || grad.some((gk) => Math.abs(gk[j]) >= cut * fs[j]) ? 1 : 0;
    }
    let r: MultinomialResult;
    for (;;) {
      r = fitMultinomial(d, codes, K, w, pen, { ...common, include }, start);
      let added = 0;
      for (let j = 0; j < p; j++) {
        if (!include[j] && r.grad.some((gk) => Math.abs(gk[j]) > l1[k] * fs[j])) { include[j] = 1; added++; }
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
