// R glmnet's face: its parameters, defaults, λ sequence, early stop, standardization and
// output, computed by the path engines (binomial in glmnet-binomial.ts). R's gaussian family
// divides y by sd(y) internally, which leaves its ridge term scaled by 1/sd(y): we reproduce
// R's numbers, so λ, α map to l1 = λα, l2 = λ(1−α)/(2·sd(y)) (sd with 1/n and the weights).
import { DesignMatrix, withDesign } from "./design.js";
import { GaussianProblem, SolveResult } from "./gaussian.js";
import { solvePath } from "./path.js";
import { GlmnetOptions, Settings, glmnetScales, l1Sequence, lambdaSequence, nonzero, readSettings, unpenalized } from "./glmnet-settings.js";
import { binomialFit } from "./glmnet-binomial.js";
import { MatrixInput, Vector, checkNumber, describe, toResponse, toVector, weightsAndSum } from "./input.js";
import { linearPredict } from "./predict.js";
import { sigmoid } from "./logistic.js";
import { softmax } from "./multinomial.js";
import { Label, binaryTarget, encodeLabels } from "./labels.js";
import { MultinomialGlmnetFit, multinomialFit } from "./glmnet-multinomial.js";
import { L1L2Error } from "./errors.js";

export { glmnetControl } from "./glmnet-settings.js";
export type { Family, GlmnetOptions, GlmnetControl } from "./glmnet-settings.js";
export type { MultinomialGlmnetFit } from "./glmnet-multinomial.js";

export interface GlmnetFit {
  family: "gaussian" | "binomial";
  /** binomial: the two labels, sorted; the model gives the log-odds of classnames[1]. */
  classnames?: Label[];
  alpha: number;
  lambda: Float64Array;
  a0: Float64Array;
  /** beta[k] = coefficients at lambda[k] (length p). */
  beta: Float64Array[];
  df: Int32Array;
  devRatio: Float64Array;
  nulldev: number;
  npasses: number;
  /** Whether each point met the convergence threshold. */
  converged: boolean[];
  /** [p, number of λ] */
  dim: [number, number];
}

/**
 * R's glmnet(x, y, family, ...): y is numeric for "gaussian", two labels for "binomial", labels
 * (two or more) for "multinomial".
 */
export function glmnet(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: GlmnetOptions & { family: "multinomial" }): MultinomialGlmnetFit;
export function glmnet(X: MatrixInput | DesignMatrix, y: Vector | ArrayLike<Label>, options?: GlmnetOptions): GlmnetFit;
export function glmnet(X: MatrixInput | DesignMatrix, y: Vector | ArrayLike<Label>, options: GlmnetOptions = {}): GlmnetFit | MultinomialGlmnetFit {
  return withDesign(X, (d) => {
    const raw = options.weights === undefined ? null : toVector(options.weights, "weights", d.rows);
    const { t, classes } = glmnetResponse(y, d.rows, options);
    return glmnetOn(d, t, raw, options, null, classes);
  });
}

/**
 * The response as the fit takes it: y checked (gaussian), labels coded 0/1 (binomial) or
 * 0..K−1 (multinomial).
 */
export function glmnetResponse(y: Vector | ArrayLike<Label>, n: number, o: GlmnetOptions): { t: Float64Array; classes?: Label[] } {
  checkFamily(o);
  if (o.family === "binomial") return binaryTarget(y as ArrayLike<Label>, n, 'glmnet(family: "binomial")');
  if (o.family === "multinomial") {
    const { classes, codes } = encodeLabels(y as ArrayLike<Label>, n);
    return { t: Float64Array.from(codes), classes };
  }
  return { t: toResponse(y as Vector, n) };
}

function checkFamily(o: GlmnetOptions): void {
  if (o.family !== undefined && o.family !== "gaussian" && o.family !== "binomial" && o.family !== "multinomial") {
    throw new L1L2Error("INVALID_PARAMETER", `family ${describe(o.family)} is not supported (gaussian, binomial, multinomial)`);
  }
}

/**
 * The fit on a design (optionally with a fixed λ sequence, as cv.glmnet's fold fits); y as
 * glmnetResponse gives it, raw the observation weights as given (or null: o.weights is not
 * read), checked and normalized to sum n here.
 */
export function glmnetOn(d: DesignMatrix, y: Float64Array, raw: Float64Array | null, o: GlmnetOptions,
                         fixedLambda: Float64Array | null, classes?: Label[],
                         gramBase: GaussianProblem | null = null): GlmnetFit | MultinomialGlmnetFit {
  checkFamily(o);
  const s = readSettings(d, o, fixedLambda);
  const { weights: w, sumWeight: sumW } = weightsAndSum(raw, d.rows, "weights");
  if (o.family === "binomial") return binomialFit(d, y, w, s, o, classes ?? [0, 1], sumW);
  if (o.family === "multinomial") {
    const codes = Int32Array.from(y);
    return multinomialFit(d, codes, classes ?? Array.from({ length: Math.max(...codes) + 1 }, (_, c) => c), w, s, o, sumW);
  }
  return gaussianFit(d, y, w, s, o, sumW, gramBase);
}

function gaussianFit(d: DesignMatrix, y: Float64Array, w: Float64Array | null, s: Settings, o: GlmnetOptions, sumW: number,
                     gramBase: GaussianProblem | null): GlmnetFit {
  const problem = new GaussianProblem(d, y, w, { fitIntercept: s.intercept, standardize: glmnetScales(d, w, s) ?? false, gramBase });
  try {
    const { alpha, control: ctl } = s;
    const sdY = Math.sqrt(2 * problem.nullObjective);
    const free = unpenalized(s);
    const nullFit = free ? problem.solve({ l1: 0, l2: 0 }, { tol: s.thresh, maxIter: s.maxit, mode: o.mode, include: free }) : null;
    const lambda = lambdaSequence(nullFit ? nullFit.grad : problem.correlations(), problem.l1Scale(s.factors), s);
    const rss0 = 2 * problem.nullObjective;
    let prevRsq = 0;
    const pts: SolveResult[] = solvePath(problem, {
      l1: l1Sequence(lambda, s),
      l2: lambda.map((l) => (sdY > 0 ? (l * (1 - alpha)) / (2 * sdY) : 0)),
      factors: s.factors, lower: s.lower, upper: s.upper,
      tol: s.thresh, maxIter: s.maxit, mode: o.mode, screening: o.screening,
      label: (k) => lambda[k], onProgress: o.onProgress, signal: o.signal,
      stop: s.lambda ? undefined : (k, r) => {
        const rsq = rss0 > 0 ? 1 - r.mse / rss0 : 0;
        const before = prevRsq;
        prevRsq = rsq;
        if (k + 1 < Math.min(ctl.mnlam, s.nlambda)) return false;
        return nonzero(r.coef) > s.dfmax || rsq - before < ctl.fdev * rsq || rsq > ctl.devmax;
      },
    });
    return {
      family: "gaussian",
      alpha,
      lambda: lambda.slice(0, pts.length),
      a0: Float64Array.from(pts, (r) => r.intercept),
      beta: pts.map((r) => r.coef),
      df: Int32Array.from(pts, (r) => nonzero(r.coef)),
      devRatio: Float64Array.from(pts, (r) => (rss0 > 0 ? 1 - r.mse / rss0 : 0)),
      nulldev: rss0 * sumW,
      npasses: pts.reduce((a, r) => a + r.nIter, 0),
      converged: pts.map((r) => r.converged),
      dim: [d.cols, pts.length],
    };
  } finally {
    problem.dispose();
  }
}

export interface AtLambda {
  /** One λ or several; default: every λ of the fit. */
  s?: number | ArrayLike<number>;
}

/**
 * Coefficients at λ = s as R's coef(): intercept first (length p + 1), interpolated linearly in
 * λ; for a multinomial fit one such vector per class.
 */
export function coef(fit: MultinomialGlmnetFit, options: { s: number }): Float64Array[];
export function coef(fit: MultinomialGlmnetFit, options?: AtLambda): Float64Array[][];
export function coef(fit: GlmnetFit, options: { s: number }): Float64Array;
export function coef(fit: GlmnetFit, options?: AtLambda): Float64Array[];
export function coef(fit: GlmnetFit | MultinomialGlmnetFit, options: AtLambda = {}): Float64Array | Float64Array[] | Float64Array[][] {
  const single = typeof options.s === "number";
  const ss = options.s === undefined ? fit.lambda : single ? [options.s as number] : toVector(options.s, "s");
  const p = fit.dim[0];
  const mix = (a: Float64Array, b: Float64Array, a0: number, b0: number, frac: number) => {
    const v = new Float64Array(p + 1);
    v[0] = (1 - frac) * a0 + frac * b0;
    for (let j = 0; j < p; j++) v[j + 1] = (1 - frac) * a[j] + frac * b[j];
    return v;
  };
  const out = Array.from(ss, (s) => {
    checkNumber("s", s, 0);
    const { left, right, frac } = interpolate(fit.lambda, s);
    if (fit.family === "multinomial") {
      return fit.classnames.map((_, c) => mix(fit.beta[left][c], fit.beta[right][c], fit.a0[left][c], fit.a0[right][c], frac));
    }
    return mix(fit.beta[left], fit.beta[right], fit.a0[left], fit.a0[right], frac);
  });
  return (single ? out[0] : out) as Float64Array | Float64Array[] | Float64Array[][];
}

export interface PredictOptions extends AtLambda {
  /**
   * "link" (default): Xβ + b; binomial also "response" (the probability of classnames[1]) and
   * "class" (the more likely label), as R's predict type.
   */
  type?: "link" | "response" | "class";
}

/**
 * Predictions at λ = s as R's predict(fit, newx, s, type). Multinomial: "link" and "response"
 * give one row of K values (scores, or probabilities) per sample, "class" the likeliest label.
 */
export function predict(fit: MultinomialGlmnetFit, X: MatrixInput | DesignMatrix, options: { s: number; type: "class" }): Label[];
export function predict(fit: MultinomialGlmnetFit, X: MatrixInput | DesignMatrix, options: { s: number; type?: "link" | "response" }): Float64Array[];
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options: { s: number; type: "class" }): Label[];
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options: { s?: ArrayLike<number>; type: "class" }): Label[][];
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options: { s: number; type?: "link" | "response" }): Float64Array;
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options?: { s?: ArrayLike<number>; type?: "link" | "response" }): Float64Array[];
export function predict(fit: GlmnetFit | MultinomialGlmnetFit, X: MatrixInput | DesignMatrix, options: PredictOptions = {}): Float64Array | Float64Array[] | Label[] | Label[][] {
  const type = options.type ?? "link";
  if (type !== "link" && (fit.family === "gaussian" || (type !== "response" && type !== "class"))) {
    throw new L1L2Error("INVALID_PARAMETER", `predict type ${describe(type)} is not available for the ${fit.family} family`);
  }
  if (fit.family === "multinomial") {
    if (typeof options.s !== "number") throw new L1L2Error("INVALID_PARAMETER", "predict on a multinomial fit takes one λ: { s: number }");
    const scores = (coef(fit, { s: options.s })).map((c) => linearPredict(X, c.subarray(1), c[0]));
    const rows = Array.from(scores[0], (_, i) => Float64Array.from(scores, (sc) => sc[i]));
    if (type === "class") return rows.map((r) => fit.classnames[r.indexOf(Math.max(...r))]);
    if (type === "response") return rows.map(softmax);
    return rows;
  }
  const cs = coef(fit, options as AtLambda);
  const one = (c: Float64Array) => {
    const eta = linearPredict(X, c.subarray(1), c[0]);
    if (type === "response") return eta.map(sigmoid);
    if (type === "class") return Array.from(eta, (e) => fit.classnames![e > 0 ? 1 : 0]);
    return eta;
  };
  return (Array.isArray(cs) ? cs.map(one) : one(cs as Float64Array)) as Float64Array | Float64Array[] | Label[] | Label[][];
}

/** glmnet's lambda.interp: the bracketing λs and the weight of the right one. */
function interpolate(lambda: Float64Array, s: number): { left: number; right: number; frac: number } {
  const L = lambda.length;
  if (L === 1 || s >= lambda[0]) return { left: 0, right: 0, frac: 0 };
  if (s <= lambda[L - 1]) return { left: L - 1, right: L - 1, frac: 0 };
  let k = 0;
  while (lambda[k + 1] > s) k++;
  const frac = (lambda[k] - s) / (lambda[k] - lambda[k + 1]);
  return { left: k, right: k + 1, frac };
}
