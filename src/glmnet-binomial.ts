// R glmnet's binomial family: the canonical logistic objective with l1 = λα, l2 = λ(1−α)/2
// (glmnet scales the binomial likelihood by 1/Σw and does not touch the labels), the λ
// sequence from the gradient at the intercept-only fit, and glmnet's early stop.
import { DesignMatrix } from "./design.js";
import { GaussianProblem } from "./gaussian.js";
import { GlmnetOptions, Settings, glmnetScales, l1Sequence, lambdaSequence, nonzero, unpenalized } from "./glmnet-settings.js";
import { fitLogistic, logisticPath, logLoss } from "./logistic.js";
import type { Label } from "./labels.js";
import type { GlmnetFit } from "./glmnet.js";

/** Newton steps per λ. */
const NEWTON_MAX = 100;

/**
 * thresh → the relative KKT tolerance: glmnet's thresh bounds a change in the objective, which
 * leaves coefficients ~√thresh from the optimum on ill-conditioned (near-separable) points; a
 * KKT tolerance of thresh/1000 gives the 1e-6 agreement R reaches only at thresh 1e-20.
 */
const KKT_PER_THRESH = 1e-3;

/** The path for 0/1 labels t (weights summing to n, or null), rawW the weights as given. */
export function binomialFit(d: DesignMatrix, t: Float64Array, w: Float64Array | null, s: Settings, o: GlmnetOptions,
                            classes: Label[], sumRawWeight: number): GlmnetFit {
  const n = d.rows, p = d.cols;
  // λ_max from the loss gradient at the λ = ∞ fit: Xᵀ W (t − p₀)/n with p₀ the intercept-only
  // fit (or ½ without an intercept) — unless unpenalized features must be fitted first
  let p0 = 0.5;
  if (s.intercept) {
    let st = 0;
    for (let i = 0; i < n; i++) st += (w ? w[i] : 1) * t[i];
    p0 = st / n;
  }
  const scales = glmnetScales(d, w, s);
  const fs = Float64Array.from(s.factors, (f, j) => f * (scales ? scales[j] : 1));
  const free = unpenalized(s);
  const common = {
    fitIntercept: s.intercept, scales, lower: s.lower, upper: s.upper,
    tol: s.thresh * KKT_PER_THRESH, maxIter: NEWTON_MAX, mode: o.mode, signal: o.signal,
  };
  let g: Float64Array;
  if (free) {
    g = fitLogistic(d, t, w, { l1: 0, l2: 0 }, { ...common, include: free }).grad;
  } else {
    const problem = new GaussianProblem(d, t.map((v) => v - p0), w, { fitIntercept: s.intercept, standardize: false });
    try {
      g = problem.correlations();
    } finally {
      problem.dispose();
    }
  }
  const lambda = lambdaSequence(g, fs, s);
  const { alpha, control: ctl } = s;
  let loss0 = 0;
  for (let i = 0; i < n; i++) {
    const e = s.intercept ? Math.log(p0 / (1 - p0)) : 0;
    loss0 += (w ? w[i] : 1) * logLoss((2 * t[i] - 1) * e);
  }
  loss0 /= n;
  const ratio = (loss: number) => (loss0 > 0 ? 1 - loss / loss0 : 0);
  let prev = 0;
  const pts = logisticPath(d, t, w, {
    l1: l1Sequence(lambda, s), l2: lambda.map((l) => (l * (1 - alpha)) / 2),
    ...common, factors: s.factors, screening: o.screening, label: (k) => lambda[k], onProgress: o.onProgress,
    stop: s.lambda ? undefined : (k, r) => {
      // glmnet's lognet stops on an absolute change of the deviance ratio (elnet's is relative)
      const dev = ratio(r.loss), before = prev;
      prev = dev;
      if (k + 1 < Math.min(ctl.mnlam, s.nlambda)) return false;
      return nonzero(r.coef) > s.dfmax || dev - before < ctl.fdev || dev > ctl.devmax;
    },
  });
  return {
    family: "binomial",
    classnames: classes,
    alpha,
    lambda: lambda.slice(0, pts.length),
    a0: Float64Array.from(pts, (r) => r.intercept),
    beta: pts.map((r) => r.coef),
    df: Int32Array.from(pts, (r) => nonzero(r.coef)),
    devRatio: Float64Array.from(pts, (r) => ratio(r.loss)),
    nulldev: 2 * loss0 * sumRawWeight,
    npasses: pts.reduce((a, r) => a + r.sweeps, 0),
    converged: pts.map((r) => r.converged),
    dim: [p, pts.length],
  };
}
