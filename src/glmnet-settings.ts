// What every glmnet family shares: its options read and checked, the penalty factors and
// limits as glmnet rescales and checks them, and the λ sequence.
import { DesignMatrix } from "./design.js";
import { Mode, columnSpreads } from "./gaussian.js";
import { Progress } from "./path.js";
import { Vector, checkBoolean, checkNumber, describe, toVector } from "./input.js";
import { L1L2Error } from "./errors.js";
import { kernels } from "./wasm.js";

export type Family = "gaussian" | "binomial" | "multinomial";

export interface GlmnetOptions {
  /** "gaussian" (default), "binomial" (two classes) or "multinomial" (two or more); labels for the last two. */
  family?: Family;
  /**
   * The multinomial penalty, R's type.multinomial: "ungrouped" (default) penalizes each class's
   * coefficients apart; "grouped" puts a feature's K coefficients in one group (lasso part
   * ‖Bⱼ‖₂), so that a feature enters or leaves every class at once.
   */
  typeMultinomial?: "ungrouped" | "grouped";
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
  /**
   * Convergence threshold (glmnet's default 1e-7): for the gaussian family the duality gap
   * relative to the null deviance, for binomial the largest KKT violation relative to its
   * value at β = 0.
   */
  thresh?: number;
  /** Most coordinate-descent sweeps per λ (per Newton step for binomial). */
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
  /** Stop when the deviance ratio grows by less than fdev·devRatio (gaussian) or fdev (binomial). */
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

/** The options of one glmnet call, checked. */
export interface Settings {
  alpha: number;
  nlambda: number;
  lambdaMinRatio: number;
  standardize: boolean;
  intercept: boolean;
  thresh: number;
  maxit: number;
  dfmax: number;
  /** The user's (or cv.glmnet's) λ sequence, or null for glmnet's own. */
  lambda: Float64Array | null;
  control: GlmnetControl;
  /** Penalty factors rescaled to sum to p. */
  factors: Float64Array;
  lower?: Float64Array;
  upper?: Float64Array;
  /** The grouped multinomial penalty. */
  grouped: boolean;
}

export function readSettings(d: DesignMatrix, o: GlmnetOptions, fixedLambda: Float64Array | null): Settings {
  const { rows: n, cols: p } = d;
  const lower = limits(o.lowerLimits, p, "lowerLimits", -1);
  const upper = limits(o.upperLimits, p, "upperLimits", 1);
  return {
    alpha: checkNumber("alpha", o.alpha ?? 1, 0, 1),
    nlambda: checkNumber("nlambda", o.nlambda ?? 100, 1, 1e6, true),
    lambdaMinRatio: checkNumber("lambdaMinRatio", o.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4), 0, 1),
    standardize: checkBoolean("standardize", o.standardize ?? true),
    intercept: checkBoolean("intercept", o.intercept ?? true),
    thresh: checkNumber("thresh", o.thresh ?? 1e-7, 0),
    maxit: checkNumber("maxit", o.maxit ?? 1e5, 1, 2 ** 31 - 1, true),
    dfmax: checkNumber("dfmax", o.dfmax ?? p + 1, 0, Infinity),
    lambda: fixedLambda ?? (o.lambda === undefined ? null : userSequence(o.lambda)),
    control: { ...glmnetControl, ...o.control },
    factors: penaltyFactors(o.penaltyFactor, p),
    lower: lower && lower.every((v) => v === -Infinity) ? undefined : lower,
    upper: upper && upper.every((v) => v === Infinity) ? undefined : upper,
    grouped: grouping(o),
  };
}

function grouping(o: GlmnetOptions): boolean {
  const t = o.typeMultinomial ?? "ungrouped";
  if (t !== "ungrouped" && t !== "grouped") {
    throw new L1L2Error("INVALID_PARAMETER", `typeMultinomial must be "ungrouped" or "grouped", got ${describe(t)}`);
  }
  if (t === "grouped" && o.family !== "multinomial") {
    throw new L1L2Error("INVALID_PARAMETER", `typeMultinomial "grouped" needs family "multinomial" (got ${describe(o.family ?? "gaussian")})`);
  }
  return t === "grouped";
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

function userSequence(lambda: ArrayLike<number>): Float64Array {
  const l = toVector(lambda, "lambda");
  for (let k = 0; k < l.length; k++) {
    if (l[k] < 0) throw new L1L2Error("INVALID_PARAMETER", `lambda[${k}] is negative (${l[k]})`);
  }
  return l.sort().reverse();
}

/**
 * The λ sequence: the user's, or glmnet's — λ_max = max |gⱼ|/(pfⱼ·sⱼ·α) over the penalized
 * features, g the loss gradient at the λ = ∞ fit (penalized coefficients zero, unpenalized ones
 * fitted), then geometric down to λ_max·ratio. fs holds pfⱼ·sⱼ.
 */
export function lambdaSequence(g: Float64Array, fs: Float64Array, s: Settings): Float64Array {
  if (s.lambda) return s.lambda;
  let top = 0;
  for (let j = 0; j < g.length; j++) if (fs[j] > 0) top = Math.max(top, Math.abs(g[j]) / fs[j]);
  top /= Math.max(s.alpha, s.control.alphaFloor);
  const { nlambda, lambdaMinRatio: ratio } = s;
  const out = new Float64Array(nlambda);
  const km = kernels(); // pow in WASM: the same grid in every engine
  for (let k = 0; k < nlambda; k++) out[k] = top * km.pow(ratio, nlambda > 1 ? k / (nlambda - 1) : 0);
  return out;
}

/** The features with penalty factor 0, or null when there are none. */
export function unpenalized(s: Settings): Uint8Array | null {
  return s.factors.some((f) => f === 0) ? Uint8Array.from(s.factors, (f) => (f === 0 ? 1 : 0)) : null;
}

/**
 * The scales glmnet standardizes by: each column's weighted standard deviation (1/n), centred
 * even without an intercept (R glmnet does so); undefined without standardization.
 */
export function glmnetScales(d: DesignMatrix, w: Float64Array | null, s: Settings): Float64Array | undefined {
  return s.standardize ? columnSpreads(d, w, true) : undefined;
}

/**
 * l1 along the sequence: λα, except that glmnet fits the first point of its own sequence at
 * λ = ∞ (all penalized coefficients zero; this differs from λ_max·α when α is below the floor
 * λ_max was computed with, as for ridge). Any l1 above λ_max·max(α, floor) gives that fit; the
 * margin keeps rounding in the solver from letting a feature in at the boundary.
 */
export function l1Sequence(lambda: Float64Array, s: Settings): Float64Array {
  return lambda.map((l, k) => (k === 0 && !s.lambda ? l * Math.max(s.alpha, s.control.alphaFloor) * (1 + 1e-9) : l * s.alpha));
}

/** Nonzero coefficients. */
export const nonzero = (beta: Float64Array) => beta.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0);
