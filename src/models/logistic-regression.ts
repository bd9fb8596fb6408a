// scikit-learn's LogisticRegression with its parameters and numbers: binary for two classes,
// multinomial (softmax, one penalized coefficient row per class, as scikit-learn's default)
// for more. The canonical objective is (1/n)·Σwᵢ·logloss + l1·‖β‖₁ + l2·‖β‖₂²: penalty
// "l2" → l2 = 1/(2CΣw), "l1" → l1 = 1/(CΣw), "elasticnet" → l1 = ρ/(CΣw), l2 = (1−ρ)/(2CΣw)
// (Σw = n unweighted).
import { DesignMatrix, withDesign } from "../design.js";
import { fitLogistic, sigmoid } from "../logistic.js";
import { fitMultinomial, softmax } from "../multinomial.js";
import { Penalty, columnSpreads } from "../gaussian.js";
import { FitOptions, readModelJSON, sampleWeights } from "./linear-model.js";
import { MatrixInput, checkBoolean, checkNumber, describe, toVector, toWeights } from "../input.js";
import { linearPredict } from "../predict.js";
import { L1L2Error } from "../errors.js";
import { Label, encodeLabels } from "../labels.js";
import { Regularizer, isRegularizer, regularizerFromJSON } from "../regularizers.js";

export type { Label };

/** A fit, binary or multinomial: one coefficient row and intercept per class (one for binary). */
interface Fitted {
  classes: Label[];
  coefs: Float64Array[];
  intercepts: Float64Array;
  nIter: number;
  sweeps: number;
  objective: number;
  kkt: number;
  converged: boolean;
  separable: boolean;
}

export interface LogisticRegressionOptions {
  /** "l2" (default), "l1", "elasticnet", "none", or a regularizer object (canonical l1/l2). */
  penalty?: "l1" | "l2" | "elasticnet" | "none" | Regularizer;
  /** Inverse regularization strength (scikit-learn's C). Default 1. */
  C?: number;
  /** Share of L1 for "elasticnet", in [0, 1]. */
  l1Ratio?: number;
  fitIntercept?: boolean;
  /**
   * Put the penalty on standardized coefficients, βⱼ·sⱼ with sⱼ the weighted spread of column j
   * (glmnet's default; scikit-learn's default is false). coef stays on X's scale.
   */
  standardize?: boolean;
  /** Stop when the largest KKT violation ≤ tol × the largest gradient at β = 0. Default 1e-4. */
  tol?: number;
  /** Most Newton steps. Default 100. */
  maxIter?: number;
  /** "balanced", or a weight per class label. */
  classWeight?: "balanced" | Record<string, number>;
  /**
   * Start each fit from the previous fit's coefficients and intercepts (when it had as many
   * features and classes; else from zero), scikit-learn's warm_start. Default false.
   */
  warmStart?: boolean;
  warn?: boolean;
}

type ResolvedOptions = Required<Omit<LogisticRegressionOptions, "classWeight" | "l1Ratio">> &
  Pick<LogisticRegressionOptions, "classWeight" | "l1Ratio">;

export class LogisticRegression {
  private o: ResolvedOptions;
  private fitted: Fitted | null = null;

  constructor(options: LogisticRegressionOptions = {}) {
    this.o = resolveOptions(options);
  }

  /**
   * Changes parameters (scikit-learn's set_params), validated as the constructor does; the fit
   * is kept, so with `warmStart` the next fit starts from it (a path over C, as
   * LogisticRegressionCV runs its folds).
   */
  setParams(options: LogisticRegressionOptions): this {
    this.o = resolveOptions(options, this.o);
    return this;
  }

  /** The canonical penalty for raw weights summing to sumWeight. */
  private penaltyFor(sumWeight: number): Penalty {
    const { penalty, C, l1Ratio } = this.o;
    if (isRegularizer(penalty)) return { l1: penalty.l1, l2: penalty.l2, factors: penalty.factors };
    const s = 1 / (C * sumWeight);
    if (!Number.isFinite(s)) throw new L1L2Error("INVALID_PARAMETER", `1/(C·Σw) = ${s}: C or the weights are too small`);
    switch (penalty) {
      case "l1": return { l1: s, l2: 0 };
      case "l2": return { l1: 0, l2: s / 2 };
      case "elasticnet": return { l1: s * l1Ratio!, l2: (s * (1 - l1Ratio!)) / 2 };
      default: return { l1: 0, l2: 0 };
    }
  }

  fit(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: FitOptions = {}): this {
    options ??= {};
    const previous = this.o.warmStart ? this.fitted : null;
    this.fitted = withDesign(X, (d): Fitted => {
      const { classes, codes } = encodeLabels(y, d.rows);
      const opts: FitOptions = { sampleWeight: this.withClassWeights(codes, classes, options) };
      const { weights, sumWeight } = sampleWeights(opts, d.rows);
      const pen = this.penaltyFor(sumWeight);
      const o = {
        fitIntercept: this.o.fitIntercept, tol: this.o.tol, maxIter: this.o.maxIter, signal: options.signal,
        scales: this.o.standardize ? columnSpreads(d, weights, this.o.fitIntercept) : undefined,
      };
      // scikit-learn's warm_start: the previous fit when its shape matches (one row for two
      // classes, one per class for more; as many features), else zero. Without an intercept
      // only the coefficients are a start, as scikit-learn.
      const rows = classes.length === 2 ? 1 : classes.length;
      const start = previous && previous.coefs.length === rows && previous.coefs[0].length === d.cols ? {
        coefs: previous.coefs,
        intercepts: this.o.fitIntercept ? previous.intercepts : new Float64Array(rows),
      } : null;
      if (classes.length === 2) {
        // (the fit's end state, n-sized, is for a path's next point: not kept with the model)
        const { at: _state, ...r } = fitLogistic(d, Float64Array.from(codes), weights, pen, o,
          start ? { coef: start.coefs[0], intercept: start.intercepts[0] } : undefined);
        return { ...r, classes, coefs: [r.coef], intercepts: Float64Array.of(r.intercept) };
      }
      const r = fitMultinomial(d, codes, classes.length, weights, pen, o,
        start ? { coef: start.coefs, intercept: start.intercepts } : undefined);
      return { ...r, classes, coefs: r.coef, intercepts: r.intercept, separable: false };
    });
    if (!this.fitted.converged && this.o.warn) {
      console.warn(this.fitted.separable
        ? "l1l2: LogisticRegression: the classes are perfectly separable and there is no penalty, so the coefficients grow without bound; add a penalty"
        : `l1l2: LogisticRegression did not converge in ${this.fitted.nIter} ${this.fitted.classes.length > 2 ? "cycles" : "Newton steps"} ` +
          `(KKT violation ${this.fitted.kkt.toExponential(2)}); raise maxIter, or add a penalty if the classes are separable`);
    }
    return this;
  }

  private withClassWeights(codes: Int32Array, classes: Label[], options: FitOptions): number[] | Float64Array | undefined {
    const cw = this.o.classWeight;
    if (cw === undefined) return options.sampleWeight as Float64Array | undefined;
    const n = codes.length, K = classes.length, count = new Float64Array(K);
    for (let i = 0; i < n; i++) count[codes[i]]++;
    const per = cw === "balanced" ? Array.from(count, (c) => n / (K * c)) : classes.map((c) => {
      const v = cw[String(c)];
      return v === undefined ? 1 : checkNumber(`classWeight[${JSON.stringify(String(c))}]`, v, 0);
    });
    const base = options.sampleWeight === undefined ? null : toVector(options.sampleWeight, "sampleWeight", n);
    return Float64Array.from(codes, (c, i) => per[c] * (base ? base[i] : 1));
  }

  private get result(): Fitted {
    if (!this.fitted) throw new L1L2Error("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit() first");
    return this.fitted;
  }

  private binaryOnly(what: string): Fitted {
    const r = this.result;
    if (r.classes.length > 2) {
      throw new L1L2Error("INVALID_PARAMETER", `${what} is for two classes; with ${r.classes.length} use ${what}s (one row per class)`);
    }
    return r;
  }

  /** The labels, sorted. Binary: coef points towards classes[1]. */
  get classes(): Label[] { return this.result.classes.slice(); }
  /** Two classes: the coefficients (towards classes[1]). */
  get coef(): Float64Array { return this.binaryOnly("coef").coefs[0].slice(); }
  /** Two classes: the intercept. */
  get intercept(): number { return this.binaryOnly("intercept").intercepts[0]; }
  /** scikit-learn's coef_: one row for two classes, one per class for more (multinomial). */
  get coefs(): Float64Array[] { return this.result.coefs.map((c) => c.slice()); }
  /** scikit-learn's intercept_: one value for two classes, one per class (centred) for more. */
  get intercepts(): Float64Array { return this.result.intercepts.slice(); }
  /** Newton steps (binary) or cycles over the classes (multinomial). */
  get nIter(): number { return this.result.nIter; }
  get converged(): boolean { return this.result.converged; }
  /** Largest violation of the KKT conditions, in gradient units. */
  get kktViolation(): number { return this.result.kkt; }
  /** The canonical objective at the solution. */
  get objective(): number { return this.result.objective; }

  /** Two classes: xβ + b, the log-odds of classes[1]. More: a row of K class scores per sample. */
  decisionFunction(X: MatrixInput | DesignMatrix): Float64Array | Float64Array[] {
    const r = this.result;
    const scores = r.coefs.map((c, k) => linearPredict(X, c, r.intercepts[k]));
    if (scores.length === 1) return scores[0];
    return Array.from(scores[0], (_, i) => Float64Array.from(scores, (s) => s[i]));
  }

  /** One row of class probabilities per sample (columns in the order of classes). */
  predictProba(X: MatrixInput | DesignMatrix): number[][] {
    const f = this.decisionFunction(X);
    if (!Array.isArray(f)) {
      return Array.from(f as Float64Array, (e) => [1 - sigmoid(e), sigmoid(e)]);
    }
    return f.map((row) => Array.from(softmax(row)));
  }

  predict(X: MatrixInput | DesignMatrix): Label[] {
    const c = this.result.classes;
    const f = this.decisionFunction(X);
    if (!Array.isArray(f)) return Array.from(f as Float64Array, (e) => (e > 0 ? c[1] : c[0]));
    return f.map((row) => c[row.indexOf(Math.max(...row))]);
  }

  /** Accuracy (weighted when sampleWeight is given). */
  score(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: FitOptions = {}): number {
    const pred = this.predict(X);
    if (!y || typeof y.length !== "number" || y.length !== pred.length) {
      throw new L1L2Error("SHAPE_MISMATCH", `y has ${y?.length} labels but X has ${pred.length} rows`);
    }
    // validated as for fitting (a negative or all-zero weight is an error, not a NaN accuracy)
    const w = options?.sampleWeight === undefined ? null : toWeights(options.sampleWeight, pred.length, "sampleWeight");
    let hit = 0, tot = 0;
    for (let i = 0; i < pred.length; i++) { const wi = w ? w[i] : 1; tot += wi; if (pred[i] === y[i]) hit += wi; }
    return hit / tot;
  }

  toJSON() {
    const r = this.result;
    const { penalty, ...rest } = this.o;
    return {
      format: "l1l2-model" as const, version: 1 as const, model: "LogisticRegression",
      params: { ...rest, penalty: isRegularizer(penalty) ? penalty.toJSON() : penalty },
      classes: r.classes, coefs: r.coefs.map((c) => Array.from(c)), intercepts: Array.from(r.intercepts),
      nIter: r.nIter, converged: r.converged,
    };
  }

  static fromJSON(json: unknown): LogisticRegression {
    const j = readModelJSON(json, "LogisticRegression") as unknown as ReturnType<LogisticRegression["toJSON"]>;
    const params = j.params as LogisticRegressionOptions & { penalty: unknown };
    const penalty = typeof params.penalty === "string" ? params.penalty : regularizerFromJSON(params.penalty);
    const m = new LogisticRegression({ ...params, penalty: penalty as LogisticRegressionOptions["penalty"] });
    const classes = j.classes;
    if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === "number" || typeof c === "string")) {
      throw new L1L2Error("INVALID_JSON", "saved model needs two or more classes (numbers or strings)");
    }
    const rows = classes.length === 2 ? 1 : classes.length;
    if (!Array.isArray(j.coefs) || j.coefs.length !== rows) throw new L1L2Error("INVALID_JSON", `saved model needs ${rows} coefficient rows`);
    const coefs = j.coefs.map((c, k) => toVector(c, `coefs[${k}]`));
    if (coefs.some((c) => c.length !== coefs[0].length)) throw new L1L2Error("INVALID_JSON", "saved model has coefficient rows of different lengths");
    const intercepts = toVector(j.intercepts, "intercepts", rows);
    if (typeof j.converged !== "boolean") throw new L1L2Error("INVALID_JSON", "saved model has no boolean converged");
    const nIter = checkNumber("nIter", j.nIter, 0, Infinity, true);
    m.fitted = { coefs, intercepts, nIter, sweeps: 0, objective: NaN, kkt: NaN, converged: j.converged, separable: false, classes };
    return m;
  }
}

/**
 * The options checked and completed: over `base` (setParams: the current ones), else over the
 * defaults (the constructor).
 */
function resolveOptions(given: LogisticRegressionOptions, base: LogisticRegressionOptions = {}): ResolvedOptions {
  if (given === null || typeof given !== "object") throw new L1L2Error("INVALID_PARAMETER", "options must be an object");
  const options = { ...base, ...given };
  const penalty = options.penalty ?? "l2";
  if (!isRegularizer(penalty) && !["l1", "l2", "elasticnet", "none"].includes(penalty as string)) {
    throw new L1L2Error("INVALID_PARAMETER", `penalty must be "l1", "l2", "elasticnet", "none" or a regularizer, got ${describe(penalty)}`);
  }
  if (penalty === "elasticnet" && options.l1Ratio === undefined) {
    throw new L1L2Error("INVALID_PARAMETER", 'penalty "elasticnet" needs l1Ratio in [0, 1]');
  }
  const cw = options.classWeight;
  if (cw !== undefined && cw !== "balanced" && (cw === null || typeof cw !== "object" || Array.isArray(cw))) {
    throw new L1L2Error("INVALID_PARAMETER", `classWeight must be "balanced" or an object of weights per class, got ${describe(cw)}`);
  }
  return {
    penalty,
    C: checkNumber("C", options.C ?? 1, Number.MIN_VALUE),
    l1Ratio: options.l1Ratio === undefined ? undefined : checkNumber("l1Ratio", options.l1Ratio, 0, 1),
    fitIntercept: checkBoolean("fitIntercept", options.fitIntercept ?? true),
    standardize: checkBoolean("standardize", options.standardize ?? false),
    tol: checkNumber("tol", options.tol ?? 1e-4, 0),
    maxIter: checkNumber("maxIter", options.maxIter ?? 100, 0, 2 ** 31 - 1, true),
    classWeight: cw,
    warmStart: checkBoolean("warmStart", options.warmStart ?? false),
    warn: checkBoolean("warn", options.warn ?? true),
  };
}
