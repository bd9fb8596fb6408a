// R glmnet's face for the gaussian family: its parameters, defaults, λ sequence, early stop,
// standardization and output, computed by the path engine. R's gaussian family divides y by
// sd(y) internally, which leaves its ridge term scaled by 1/sd(y): we reproduce R's numbers,
// so λ, α map to l1 = λα, l2 = λ(1−α)/(2·sd(y)) (sd with 1/n and the weights).
import { DesignMatrix, withDesign } from "./design.js";
import { GaussianProblem, Mode, SolveResult } from "./gaussian.js";
import { solvePath, Progress } from "./path.js";
import { MatrixInput, Vector, checkBoolean, checkNumber, describe, toResponse, toVector, toWeights } from "./input.js";
import { linearPredict } from "./predict.js";
import { L1L2Error } from "./errors.js";
import { kernels } from "./wasm.js";

export interface GlmnetOptions {
  family?: "gaussian";
  /** Elastic-net mix: 1 = lasso, 0 = ridge. Default 1. */
  alpha?: number;
  nlambda?: number;
  /** Smallest λ as a fraction of λ_max: 1e-4, or 0.01 when n < p. */
  lambdaMinRatio?: number;
  /** A user λ sequence (sorted decreasing; no early stop). */
  lambda?: ArrayLike<number>;
  standardize?: boolean;
  intercept?: boolean;
  /** glmnet's penalty.factor; rescaled to sum to p as glmnet does. */
  penaltyFactor?: ArrayLike<number>;
  lowerLimits?: number | ArrayLike<number>;
  upperLimits?: number | ArrayLike<number>;
  weights?: Vector;
  /** Convergence threshold (glmnet's default 1e-7); here the relative duality-gap tolerance. */
  thresh?: number;
  maxit?: number;
  /** Stop the path once more than dfmax features are nonzero (default p + 1). */
  dfmax?: number;
  mode?: Mode;
  screening?: boolean;
  /** glmnet.control() for this call, e.g. { fdev: 0, devmax: 1 } to never stop the path early. */
  control?: Partial<GlmnetControl>;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface GlmnetControl {
  /** Stop when the deviance ratio grows by less than fdev·devRatio. */
  fdev: number;
  /** Stop when the deviance ratio exceeds devmax. */
  devmax: number;
  /** No early stop before this many λ. */
  mnlam: number;
  /** λ_max uses max(α, this), so that α = 0 gets a finite λ_max. */
  alphaFloor: number;
}

/** glmnet.control()'s factory defaults, the constants of the path. */
export const glmnetControl: Readonly<GlmnetControl> = Object.freeze({ fdev: 1e-5, devmax: 0.999, mnlam: 5, alphaFloor: 1e-3 });

export interface GlmnetFit {
  family: "gaussian";
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

interface Prepared {
  problem: GaussianProblem;
  l1Factors: Float64Array;
  sdY: number;
  lower?: Float64Array;
  upper?: Float64Array;
}

function limits(v: number | ArrayLike<number> | undefined, p: number, name: string, sign: 1 | -1): Float64Array | undefined {
  if (v === undefined) return undefined;
  const arr = typeof v === "number" ? new Float64Array(p).fill(v) : Float64Array.from(v as ArrayLike<number>);
  if (arr.length !== p) throw new L1L2Error("SHAPE_MISMATCH", `${name} has ${arr.length} values but X has ${p} columns`);
  for (let j = 0; j < p; j++) {
    if (Number.isNaN(arr[j]) || sign * arr[j] < 0) {
      throw new L1L2Error("INVALID_PARAMETER", `${name}[${j}] must be ${sign > 0 ? "≥" : "≤"} 0, got ${arr[j]}`);
    }
  }
  return arr;
}

/** Validated penalty factors rescaled to sum to p (glmnet). */
function penaltyFactors(pf: ArrayLike<number> | undefined, p: number): Float64Array {
  if (pf === undefined) return new Float64Array(p).fill(1);
  const v = toVector(pf, "penaltyFactor");
  if (v.length !== p) throw new L1L2Error("SHAPE_MISMATCH", `penaltyFactor has ${v.length} values but X has ${p} columns`);
  let s = 0;
  for (let j = 0; j < p; j++) {
    if (v[j] < 0) throw new L1L2Error("INVALID_PARAMETER", `penaltyFactor[${j}] is negative (${v[j]})`);
    s += v[j];
  }
  if (!(s > 0)) throw new L1L2Error("INVALID_PARAMETER", "penaltyFactor is all zero");
  for (let j = 0; j < p; j++) v[j] *= p / s;
  return v;
}

function prepare(d: DesignMatrix, y: Float64Array, w: Float64Array | null, o: GlmnetOptions, standardize: boolean, intercept: boolean): Prepared {
  const pf = penaltyFactors(o.penaltyFactor, d.cols);
  const lower = limits(o.lowerLimits, d.cols, "lowerLimits", -1);
  const upper = limits(o.upperLimits, d.cols, "upperLimits", 1);
  const problem = new GaussianProblem(d, y, w, { fitIntercept: intercept, standardize });
  const sdY = Math.sqrt(2 * problem.nullObjective);
  return { problem, l1Factors: pf, sdY, lower: lower && lower.every((v) => v === -Infinity) ? undefined : lower, upper: upper && upper.every((v) => v === Infinity) ? undefined : upper };
}

/** R's glmnet(x, y, family = "gaussian", ...). */
export function glmnet(X: MatrixInput | DesignMatrix, y: Vector, options: GlmnetOptions = {}): GlmnetFit {
  return withDesign(X, (d) => {
    const yv = toResponse(y, d.rows);
    const w = options.weights === undefined ? null : toWeights(options.weights, d.rows, "weights");
    return glmnetOn(d, yv, w, options, null);
  });
}

/** The fit on a design (optionally with a fixed λ sequence, as cv.glmnet's fold fits). */
export function glmnetOn(d: DesignMatrix, y: Float64Array, w: Float64Array | null, o: GlmnetOptions,
                         fixedLambda: Float64Array | null): GlmnetFit {
  if (o.family !== undefined && o.family !== "gaussian") {
    throw new L1L2Error("INVALID_PARAMETER", `family ${describe(o.family)} is not supported yet (gaussian only)`);
  }
  const alpha = checkNumber("alpha", o.alpha ?? 1, 0, 1);
  const nlambda = checkNumber("nlambda", o.nlambda ?? 100, 1, 1e6, true);
  const { rows: n, cols: p } = d;
  const lmr = checkNumber("lambdaMinRatio", o.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4), 0, 1);
  const standardize = checkBoolean("standardize", o.standardize ?? true);
  const intercept = checkBoolean("intercept", o.intercept ?? true);
  const thresh = checkNumber("thresh", o.thresh ?? 1e-7, 0);
  const maxit = checkNumber("maxit", o.maxit ?? 1e5, 1, 2 ** 31 - 1, true);
  const dfmax = checkNumber("dfmax", o.dfmax ?? p + 1, 0, Infinity);
  const userLambda = fixedLambda ?? (o.lambda === undefined ? null : userSequence(o.lambda));
  const ctl = { ...glmnetControl, ...o.control };
  const pr = prepare(d, y, w, o, standardize, intercept);
  try {
    const { problem, l1Factors, sdY } = pr;
    const lambda = userLambda ?? sequence(problem, l1Factors, Math.max(alpha, ctl.alphaFloor), nlambda, lmr);
    const rss0 = 2 * problem.nullObjective;
    let prevRsq = 0;
    const pts: SolveResult[] = solvePath(problem, {
      l1: lambda.map((l) => l * alpha),
      l2: lambda.map((l) => (sdY > 0 ? (l * (1 - alpha)) / (2 * sdY) : 0)),
      factors: l1Factors, lower: pr.lower, upper: pr.upper,
      tol: thresh, maxIter: maxit, mode: o.mode, screening: o.screening,
      label: (k) => lambda[k], onProgress: o.onProgress, signal: o.signal,
      stop: userLambda ? undefined : (k, r) => {
        const rsq = rss0 > 0 ? 1 - r.mse / rss0 : 0;
        const before = prevRsq;
        prevRsq = rsq;
        if (k + 1 < Math.min(ctl.mnlam, nlambda)) return false;
        const df = r.coef.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0);
        return df > dfmax || rsq - before < ctl.fdev * rsq || rsq > ctl.devmax;
      },
    });
    const rawW = o.weights === undefined ? null : toVector(o.weights, "weights", n);
    const sumW = rawW ? rawW.reduce((a, b) => a + b, 0) : n;
    return {
      family: "gaussian",
      alpha,
      lambda: lambda.slice(0, pts.length),
      a0: Float64Array.from(pts, (r) => r.intercept),
      beta: pts.map((r) => r.coef),
      df: Int32Array.from(pts, (r) => r.coef.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0)),
      devRatio: Float64Array.from(pts, (r) => (rss0 > 0 ? 1 - r.mse / rss0 : 0)),
      nulldev: (rss0 * sumW),
      npasses: pts.reduce((s, r) => s + r.nIter, 0),
      converged: pts.map((r) => r.converged),
      dim: [p, pts.length],
    };
  } finally {
    pr.problem.dispose();
  }
}

function userSequence(lambda: ArrayLike<number>): Float64Array {
  const l = toVector(lambda, "lambda");
  for (let k = 0; k < l.length; k++) {
    if (l[k] < 0) throw new L1L2Error("INVALID_PARAMETER", `lambda[${k}] is negative (${l[k]})`);
  }
  return l.sort().reverse();
}

/** glmnet's sequence: λ_max = max |∇ⱼ|/(pfⱼ·sⱼ·α), then geometric down to λ_max·ratio. */
function sequence(problem: GaussianProblem, pf: Float64Array, alpha: number, nlambda: number, ratio: number): Float64Array {
  const c = problem.correlations();
  const fs = problem.l1Scale(pf);
  let top = 0;
  for (let j = 0; j < c.length; j++) if (fs[j] > 0) top = Math.max(top, Math.abs(c[j]) / fs[j]);
  top /= alpha;
  const out = new Float64Array(nlambda);
  const km = kernels(); // pow in WASM: the same grid in every engine
  for (let k = 0; k < nlambda; k++) out[k] = top * km.pow(ratio, nlambda > 1 ? k / (nlambda - 1) : 0);
  return out;
}

export interface AtLambda {
  /** One λ or several; default: every λ of the fit. */
  s?: number | ArrayLike<number>;
}

/** Coefficients at λ = s as R's coef(): intercept first (length p + 1), interpolated linearly in λ. */
export function coef(fit: GlmnetFit, options: { s: number }): Float64Array;
export function coef(fit: GlmnetFit, options?: AtLambda): Float64Array[];
export function coef(fit: GlmnetFit, options: AtLambda = {}): Float64Array | Float64Array[] {
  const single = typeof options.s === "number";
  const ss = options.s === undefined ? fit.lambda : single ? [options.s as number] : toVector(options.s, "s");
  const out = Array.from(ss, (s) => {
    checkNumber("s", s, 0);
    const { left, right, frac } = interpolate(fit.lambda, s);
    const v = new Float64Array(fit.dim[0] + 1);
    v[0] = (1 - frac) * fit.a0[left] + frac * fit.a0[right];
    for (let j = 0; j < fit.dim[0]; j++) v[j + 1] = (1 - frac) * fit.beta[left][j] + frac * fit.beta[right][j];
    return v;
  });
  return single ? out[0] : out;
}

/** Predictions at λ = s as R's predict(fit, newx, s). */
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options: { s: number }): Float64Array;
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options?: AtLambda): Float64Array[];
export function predict(fit: GlmnetFit, X: MatrixInput | DesignMatrix, options: AtLambda = {}): Float64Array | Float64Array[] {
  const cs = coef(fit, options as AtLambda);
  const one = (c: Float64Array) => linearPredict(X, c.subarray(1), c[0]);
  return Array.isArray(cs) ? cs.map(one) : one(cs as Float64Array);
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
