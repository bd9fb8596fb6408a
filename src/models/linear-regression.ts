// The general squared-error model: any regularizer object as the penalty.
import { CommonOptions, LinearModel, WarmStartOption, readModelJSON, resolveCommon } from "./linear-model.js";
import { checkBoolean } from "../input.js";
import { Penalty } from "../gaussian.js";
import { L1L2Error } from "../errors.js";
import { Regularizer, isRegularizer, none, regularizerFromJSON } from "../regularizers.js";

export interface LinearRegressionOptions extends CommonOptions, WarmStartOption {
  /** l1(λ), l2(λ), l1l2({ l1, l2 }) or none() (ordinary least squares). Default none(). */
  penalty?: Regularizer;
}

/**
 * Least squares with a regularizer: minimises (1/2n)·Σwᵢ(yᵢ − xᵢβ − b)² + penalty(β).
 * Defaults are tighter than scikit-learn's (tol 1e-7, maxIter 100000).
 */
export class LinearRegression extends LinearModel {
  readonly penaltyObject: Regularizer;
  constructor(options: LinearRegressionOptions = {}) {
    super(resolveCommon(options, { tol: 1e-7, maxIter: 100000 }));
    const pen = options.penalty ?? none();
    if (!isRegularizer(pen)) {
      throw new L1L2Error("INVALID_PARAMETER", "penalty must be a regularizer: l1(λ), l2(λ), l1l2({ l1, l2 }) or none()");
    }
    this.penaltyObject = pen;
    this.warmStart = checkBoolean("warmStart", options.warmStart ?? false);
  }
  protected get modelName() { return "LinearRegression"; }
  protected penalty(): Penalty {
    const r = this.penaltyObject;
    return { l1: r.l1, l2: r.l2, factors: r.factors };
  }
  protected params() { return { penalty: this.penaltyObject.toJSON(), ...this.common, warmStart: this.warmStart }; }
  static fromJSON(json: unknown): LinearRegression {
    const j = readModelJSON(json, "LinearRegression");
    const { penalty, ...rest } = j.params as unknown as { penalty: unknown } & CommonOptions;
    return new LinearRegression({ ...rest, penalty: regularizerFromJSON(penalty) }).restore(j);
  }
}
