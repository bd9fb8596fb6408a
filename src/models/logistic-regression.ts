// scikit-learn's LogisticRegression (binary) with its parameters and numbers, on the
// canonical objective (1/n)·Σwᵢ·logloss + l1·‖β‖₁ + l2·‖β‖₂²: penalty "l2" → l2 = 1/(2CΣw),
// "l1" → l1 = 1/(CΣw), "elasticnet" → l1 = ρ/(CΣw), l2 = (1−ρ)/(2CΣw) (Σw = n unweighted).
import { DesignMatrix, withDesign } from "../design.js";
import { fitLogistic, LogisticResult } from "../logistic.js";
import { Penalty } from "../gaussian.js";
import { FitOptions, readModelJSON, sampleWeights } from "./linear-model.js";
import { MatrixInput, checkBoolean, checkNumber, describe, toVector } from "../input.js";
import { linearPredict } from "../predict.js";
import { L1L2Error } from "../errors.js";
import { Label, binaryTarget } from "../labels.js";
import { Regularizer, isRegularizer, regularizerFromJSON } from "../regularizers.js";

export type { Label };

export interface LogisticRegressionOptions {
  /** "l2" (default), "l1", "elasticnet", "none", or a regularizer object (canonical l1/l2). */
  penalty?: "l1" | "l2" | "elasticnet" | "none" | Regularizer;
  /** Inverse regularization strength (scikit-learn's C). Default 1. */
  C?: number;
  /** Share of L1 for "elasticnet", in [0, 1]. */
  l1Ratio?: number;
  fitIntercept?: boolean;
  /** Stop when the largest KKT violation ≤ tol × the largest gradient at β = 0. Default 1e-4. */
  tol?: number;
  /** Most Newton steps. Default 100. */
  maxIter?: number;
  /** "balanced", or a weight per class label. */
  classWeight?: "balanced" | Record<string, number>;
  warn?: boolean;
}

export class LogisticRegression {
  private readonly o: Required<Omit<LogisticRegressionOptions, "classWeight" | "l1Ratio">> & Pick<LogisticRegressionOptions, "classWeight" | "l1Ratio">;
  private fitted: (Omit<LogisticResult, "grad" | "loss"> & { classes: Label[] }) | null = null;

  constructor(options: LogisticRegressionOptions = {}) {
    if (options === null || typeof options !== "object") throw new L1L2Error("INVALID_PARAMETER", "options must be an object");
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
    this.o = {
      penalty,
      C: checkNumber("C", options.C ?? 1, Number.MIN_VALUE),
      l1Ratio: options.l1Ratio === undefined ? undefined : checkNumber("l1Ratio", options.l1Ratio, 0, 1),
      fitIntercept: checkBoolean("fitIntercept", options.fitIntercept ?? true),
      tol: checkNumber("tol", options.tol ?? 1e-4, 0),
      maxIter: checkNumber("maxIter", options.maxIter ?? 100, 0, 2 ** 31 - 1, true),
      classWeight: cw,
      warn: checkBoolean("warn", options.warn ?? true),
    };
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
    this.fitted = withDesign(X, (d) => {
      const { classes, t } = binaryTarget(y, d.rows, "LogisticRegression");
      const opts: FitOptions = { sampleWeight: this.withClassWeights(t, classes, options) };
      const { weights, sumWeight } = sampleWeights(opts, d.rows);
      const pen = this.penaltyFor(sumWeight);
      const r = fitLogistic(d, t, weights, pen, {
        fitIntercept: this.o.fitIntercept, tol: this.o.tol, maxIter: this.o.maxIter, signal: options.signal,
      });
      return { ...r, classes };
    });
    if (!this.fitted.converged && this.o.warn) {
      console.warn(this.fitted.separable
        ? "l1l2: LogisticRegression: the classes are perfectly separable and there is no penalty, so the coefficients grow without bound; add a penalty"
        : `l1l2: LogisticRegression did not converge in ${this.fitted.nIter} Newton steps ` +
          `(KKT violation ${this.fitted.kkt.toExponential(2)}); raise maxIter, or add a penalty if the classes are separable`);
    }
    return this;
  }

  private withClassWeights(t: Float64Array, classes: Label[], options: FitOptions): number[] | Float64Array | undefined {
    const cw = this.o.classWeight;
    if (cw === undefined) return options.sampleWeight as Float64Array | undefined;
    const n = t.length, count = [0, 0];
    for (let i = 0; i < n; i++) count[t[i]]++;
    const per = cw === "balanced" ? count.map((c) => n / (2 * c)) : classes.map((c) => {
      const v = cw[String(c)];
      return v === undefined ? 1 : checkNumber(`classWeight[${JSON.stringify(String(c))}]`, v, 0);
    });
    const base = options.sampleWeight === undefined ? null : toVector(options.sampleWeight, "sampleWeight", n);
    return Float64Array.from(t, (ti, i) => per[ti] * (base ? base[i] : 1));
  }

  private get result() {
    if (!this.fitted) throw new L1L2Error("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit() first");
    return this.fitted;
  }

  /** The two labels, sorted; coef points towards classes[1]. */
  get classes(): Label[] { return this.result.classes.slice(); }
  get coef(): Float64Array { return this.result.coef.slice(); }
  get intercept(): number { return this.result.intercept; }
  /** Newton steps. */
  get nIter(): number { return this.result.nIter; }
  get converged(): boolean { return this.result.converged; }
  /** Largest violation of the KKT conditions, in gradient units. */
  get kktViolation(): number { return this.result.kkt; }
  /** The canonical objective at the solution. */
  get objective(): number { return this.result.objective; }

  /** xβ + b: the log-odds of classes[1]. */
  decisionFunction(X: MatrixInput | DesignMatrix): Float64Array {
    const r = this.result;
    return linearPredict(X, r.coef, r.intercept);
  }

  /** Rows [P(classes[0]), P(classes[1])], as scikit-learn's predict_proba. */
  predictProba(X: MatrixInput | DesignMatrix): [number, number][] {
    return Array.from(this.decisionFunction(X), (e) => {
      const p1 = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
      return [1 - p1, p1];
    });
  }

  predict(X: MatrixInput | DesignMatrix): Label[] {
    const c = this.result.classes;
    return Array.from(this.decisionFunction(X), (e) => (e > 0 ? c[1] : c[0]));
  }

  /** Accuracy (weighted when sampleWeight is given). */
  score(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: FitOptions = {}): number {
    const pred = this.predict(X);
    if (!y || typeof y.length !== "number" || y.length !== pred.length) {
      throw new L1L2Error("SHAPE_MISMATCH", `y has ${y?.length} labels but X has ${pred.length} rows`);
    }
    const w = options?.sampleWeight === undefined ? null : toVector(options.sampleWeight, "sampleWeight", pred.length);
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
      classes: r.classes, coef: Array.from(r.coef), intercept: r.intercept, nIter: r.nIter, converged: r.converged,
    };
  }

  static fromJSON(json: unknown): LogisticRegression {
    const j = readModelJSON(json, "LogisticRegression") as unknown as ReturnType<LogisticRegression["toJSON"]>;
    const params = j.params as LogisticRegressionOptions & { penalty: unknown };
    const penalty = typeof params.penalty === "string" ? params.penalty : regularizerFromJSON(params.penalty);
    const m = new LogisticRegression({ ...params, penalty: penalty as LogisticRegressionOptions["penalty"] });
    const coef = toVector(j.coef, "coef");
    if (!Array.isArray(j.classes) || j.classes.length !== 2 || !j.classes.every((c) => typeof c === "number" || typeof c === "string")) {
      throw new L1L2Error("INVALID_JSON", "saved model needs two classes (numbers or strings)");
    }
    if (typeof j.intercept !== "number" || !Number.isFinite(j.intercept)) throw new L1L2Error("INVALID_JSON", "saved model has an invalid intercept");
    if (typeof j.converged !== "boolean") throw new L1L2Error("INVALID_JSON", "saved model has no boolean converged");
    const nIter = checkNumber("nIter", j.nIter, 0, Infinity, true);
    m.fitted = { coef, intercept: j.intercept, nIter, sweeps: 0, objective: NaN, kkt: NaN, converged: j.converged, separable: false, classes: j.classes };
    return m;
  }
}
