// What every squared-error model shares: validation, the fit through GaussianProblem,
// prediction, R², convergence reporting and JSON round trips. Subclasses only say which
// penalty their parameters mean (scikit-learn's, or a regularizer object).
import { DesignMatrix, withDesign } from "../design.js";
import { GaussianProblem, Mode, Penalty, SolveResult } from "../gaussian.js";
import { MatrixInput, Vector, checkBoolean, checkNumber, describe, readResponse, toVector, toWeights, weightsAndSum } from "../input.js";
import { linearPredict, r2Score } from "../predict.js";
import { L1L2Error } from "../errors.js";

export interface FitOptions {
  /** Per-sample weights (≥ 0, not all zero); rescaled to sum to n as scikit-learn does. */
  sampleWeight?: Vector;
  /**
   * Checked before the fit starts (and between Newton steps of a logistic fit). One solve is
   * synchronous (WASM calls, bounded by maxIter), so it is not interrupted midway.
   */
  signal?: AbortSignal;
}

/** Options every linear model takes. */
export interface CommonOptions {
  fitIntercept?: boolean;
  /** Put the penalty on standardized coefficients (glmnet's default); coef stays on X's scale. */
  standardize?: boolean;
  /** Stop when the duality gap ≤ tol·‖y − ȳ‖²/n (scikit-learn's rule). */
  tol?: number;
  /** Most coordinate-descent sweeps. */
  maxIter?: number;
  /** Constrain every coefficient to be ≥ 0. */
  positive?: boolean;
  /**
   * "naive" (residual) or "covariance" (Gram) coordinate descent. "auto" (default) solves a
   * pure-L2 problem directly (Cholesky, or conjugate gradients where cheaper: dense X, n ≥ p) and
   * otherwise uses covariance updates when p < 500 and n ≥ p, naive ones otherwise.
   */
  mode?: Mode;
  /** Print a one-line warning when a fit does not converge (default true). */
  warn?: boolean;
}

/** scikit-learn's warm_start, for the coordinate-descent models (Lasso, ElasticNet, LinearRegression). */
export interface WarmStartOption {
  /**
   * Start each fit from the previous fit's coefficients (when it had as many features; else
   * from zero), scikit-learn's warm_start. Default false. The intercept is never a start value
   * (it follows from the coefficients), and a closed-form ridge solve takes none.
   */
  warmStart?: boolean;
}

export interface ResolvedCommon {
  fitIntercept: boolean;
  standardize: boolean;
  tol: number;
  maxIter: number;
  positive: boolean;
  mode: Mode;
  warn: boolean;
}

export function resolveCommon(o: CommonOptions, defaults: { tol: number; maxIter: number }): ResolvedCommon {
  if (o === null || typeof o !== "object") throw new L1L2Error("INVALID_PARAMETER", "options must be an object");
  if (Array.isArray(o)) throw new L1L2Error("INVALID_PARAMETER", "options must be an object, not an array");
  const mode = o.mode ?? "auto";
  if (mode !== "auto" && mode !== "naive" && mode !== "covariance") {
    throw new L1L2Error("INVALID_PARAMETER", `mode must be "auto", "naive" or "covariance", got ${describe(mode)}`);
  }
  return {
    fitIntercept: checkBoolean("fitIntercept", o.fitIntercept ?? true),
    standardize: checkBoolean("standardize", o.standardize ?? false),
    tol: checkNumber("tol", o.tol ?? defaults.tol, 0),
    maxIter: checkNumber("maxIter", o.maxIter ?? defaults.maxIter, 0, 2 ** 31 - 1, true),
    positive: checkBoolean("positive", o.positive ?? false),
    mode,
    warn: checkBoolean("warn", o.warn ?? true),
  };
}

/** The saved form of a fitted model. */
export interface ModelJSON {
  format: "l1l2-model";
  version: 1;
  model: string;
  params: Record<string, unknown>;
  coef: number[];
  intercept: number;
  nIter: number;
  dualGap: number;
  converged: boolean;
}

export abstract class LinearModel {
  protected readonly common: ResolvedCommon;
  protected fitted: SolveResult | null = null;
  /** Start from the previous fit's coefficients (scikit-learn's warm_start); set by the models that take it. */
  protected warmStart = false;

  protected constructor(common: ResolvedCommon) {
    this.common = common;
  }

  /** A pure-L2 fit's closed form (null: singular, left to coordinate descent). */
  protected solveRidge(problem: GaussianProblem, pen: Penalty): SolveResult | null {
    return problem.solveRidge(pen);
  }

  /** The model's name in messages and JSON. */
  protected abstract get modelName(): string;
  /** The canonical penalty for this fit; sumWeight is Σ of the raw sample weights (n without). */
  protected abstract penalty(n: number, p: number, sumWeight: number): Penalty;
  /** The constructor parameters, for toJSON. */
  protected abstract params(): Record<string, unknown>;

  fit(X: MatrixInput | DesignMatrix, y: Vector, options: FitOptions = {}): this {
    options = fitOptions(options);
    options.signal?.throwIfAborted();
    const c = this.common;
    const previous = this.warmStart ? this.fitted : null;
    this.fitted = withDesign(X, (d) => {
      const yv = readResponse(y, d.rows);
      const { weights, sumWeight } = sampleWeights(options, d.rows);
      const pen = this.penalty(d.rows, d.cols, sumWeight);
      if (pen.factors && pen.factors.length !== d.cols) {
        throw new L1L2Error("SHAPE_MISMATCH",
          `the penalty has ${pen.factors.length} factors but X has ${d.cols} columns`);
      }
      const problem = new GaussianProblem(d, yv, weights, { fitIntercept: c.fitIntercept, standardize: c.standardize });
      try {
        if (pen.l1 === 0 && !c.positive && c.mode === "auto") {
          const r = this.solveRidge(problem, pen);
          if (r) return r;
        }
        const lower = c.positive ? new Float64Array(d.cols) : undefined;
        // scikit-learn's warm_start: the previous coefficients when the shape matches, else zero
        // (coordinate descent brings a start outside the bounds, from an edited JSON, into them)
        const start = previous && previous.coef.length === d.cols ? previous.coef : undefined;
        return problem.solve(pen, { tol: c.tol, maxIter: c.maxIter, mode: c.mode, lower, gradient: false }, start);
      } finally {
        problem.dispose();
      }
    });
    if (!this.fitted.converged && c.warn) {
      console.warn(`l1l2: ${this.modelName} did not converge in ${this.fitted.nIter} iterations ` +
        `(duality gap ${this.fitted.dualGap.toExponential(2)}); raise maxIter or tol, or pass warn: false`);
    }
    return this;
  }

  protected get result(): SolveResult {
    if (!this.fitted) throw new L1L2Error("NOT_FITTED", `this ${this.modelName} is not fitted yet: call fit() first`);
    return this.fitted;
  }

  /** Coefficients on X's scale (a copy). */
  get coef(): Float64Array { return this.result.coef.slice(); }
  get intercept(): number { return this.result.intercept; }
  /**
   * Coordinate-descent sweeps; for a closed-form ridge solve, the solves with its Cholesky
   * factor: 0 for a direct double-precision solve, 1 + refinement steps when the matrix was
   * formed in single precision (large systems).
   */
  get nIter(): number { return this.result.nIter; }
  /**
   * The solver that produced the fit (scikit-learn's `solver_`): coordinate descent with naive
   * or covariance updates, or ridge's Cholesky on the p×p Gram or the n×n kernel matrix.
   */
  get solver(): SolveResult["solver"] { return this.result.solver; }
  /** Duality gap at the solution, in the canonical objective's units. */
  get dualGap(): number { return this.result.dualGap; }
  /** Largest violation of the KKT conditions, in gradient units. */
  get kktViolation(): number { return this.result.kkt; }
  /** The canonical objective at the solution. */
  get objective(): number { return this.result.objective; }
  get converged(): boolean { return this.result.converged; }
  get isFitted(): boolean { return this.fitted !== null; }

  predict(X: MatrixInput | DesignMatrix): Float64Array {
    const r = this.result;
    return linearPredict(X, r.coef, r.intercept);
  }

  /** R² of the predictions (weighted when sampleWeight is given). */
  score(X: MatrixInput | DesignMatrix, y: Vector, options: FitOptions = {}): number {
    options = fitOptions(options);
    const yhat = this.predict(X);
    const yv = readResponse(y, yhat.length);
    const w = options.sampleWeight === undefined ? null : toWeights(options.sampleWeight, yhat.length);
    return r2Score(yv, yhat, w);
  }

  toJSON(): ModelJSON {
    const r = this.result;
    return {
      format: "l1l2-model", version: 1, model: this.modelName, params: this.params(),
      coef: Array.from(r.coef), intercept: r.intercept, nIter: r.nIter, dualGap: r.dualGap, converged: r.converged,
    };
  }

  /** @internal Restores the fitted state from JSON (validated); used by the subclasses' fromJSON. */
  restore(json: ModelJSON): this {
    const coef = toVector(json.coef, "coef");
    const num = (k: "intercept" | "nIter" | "dualGap") => {
      const v = json[k];
      const ok = typeof v === "number" && Number.isFinite(v) && (k !== "nIter" || (Number.isInteger(v) && v >= 0));
      if (!ok) throw new L1L2Error("INVALID_JSON", `saved model has an invalid ${k}: ${describe(v)}`);
      return v as number;
    };
    if (typeof json.converged !== "boolean") throw new L1L2Error("INVALID_JSON", "saved model has no boolean converged");
    this.fitted = {
      coef, intercept: num("intercept"), nIter: num("nIter"), dualGap: num("dualGap"),
      kkt: NaN, objective: NaN, mse: NaN, grad: new Float64Array(0), converged: json.converged, solver: "cd-naive",
    };
    return this;
  }
}

/** The weights rescaled to sum to n (null: unit weights) and the sum of the raw ones. */
export function sampleWeights(options: FitOptions, n: number): { weights: Float64Array | null; sumWeight: number } {
  return weightsAndSum(options.sampleWeight === undefined ? null : toVector(options.sampleWeight, "sampleWeight", n), n);
}

/** Fit/score options: an object, or null/undefined for none. */
function fitOptions(o: unknown): FitOptions {
  if (o === undefined || o === null) return {};
  if (typeof o !== "object" || Array.isArray(o)) {
    throw new L1L2Error("INVALID_PARAMETER", `fit options must be an object like { sampleWeight }, got ${describe(o)}`);
  }
  return o as FitOptions;
}

/** Checks the envelope of a saved model and returns it typed. */
export function readModelJSON(json: unknown, model: string): ModelJSON {
  const j = typeof json === "string" ? parseJSON(json) : json;
  if (!j || typeof j !== "object" || Array.isArray(j)) throw new L1L2Error("INVALID_JSON", "a saved model must be an object");
  const o = j as Partial<ModelJSON>;
  if (o.format !== "l1l2-model" || o.version !== 1) {
    throw new L1L2Error("INVALID_JSON", "not an l1l2 model (format must be \"l1l2-model\", version 1)");
  }
  if (o.model !== model) throw new L1L2Error("INVALID_JSON", `saved model is a ${describe(o.model)}, not a ${model}`);
  if (!o.params || typeof o.params !== "object" || Array.isArray(o.params)) {
    throw new L1L2Error("INVALID_JSON", "saved model has no params object");
  }
  return o as ModelJSON;
}

function parseJSON(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw new L1L2Error("INVALID_JSON", "saved model is not valid JSON");
  }
}
