// scikit-learn's estimators with scikit-learn's parameters, defaults and numbers, mapped onto
// the canonical objective (1/2n)·Σwᵢ(yᵢ − xᵢβ − b)² + l1·‖β‖₁ + l2·‖β‖₂².
import { CommonOptions, LinearModel, ModelJSON, readModelJSON, resolveCommon } from "./linear-model.js";
import { Penalty } from "../gaussian.js";
import { checkNumber } from "../input.js";

/** scikit-learn's coordinate-descent defaults. */
const CD_DEFAULTS = { tol: 1e-4, maxIter: 1000 };

export interface LassoOptions extends CommonOptions {
  /** Multiplies the L1 term (sklearn's alpha; = canonical l1). Default 1. */
  alpha?: number;
}

/** sklearn.linear_model.Lasso: (1/2n)‖y − Xβ − b‖² + alpha·‖β‖₁. */
export class Lasso extends LinearModel {
  readonly alpha: number;
  constructor(options: LassoOptions = {}) {
    super(resolveCommon(options, CD_DEFAULTS));
    this.alpha = checkNumber("alpha", options.alpha ?? 1, 0);
  }
  protected get modelName() { return "Lasso"; }
  protected penalty(): Penalty { return { l1: this.alpha, l2: 0 }; }
  protected params() { return { alpha: this.alpha, ...this.common }; }
  static fromJSON(json: unknown): Lasso {
    const j = readModelJSON(json, "Lasso");
    return new Lasso(j.params as LassoOptions).restore(j);
  }
}

export interface ElasticNetOptions extends CommonOptions {
  /** Overall penalty strength. Default 1. */
  alpha?: number;
  /** Share of L1 in [0, 1]. Default 0.5. */
  l1Ratio?: number;
}

/** sklearn.linear_model.ElasticNet: l1 = alpha·l1Ratio, l2 = alpha·(1 − l1Ratio)/2. */
export class ElasticNet extends LinearModel {
  readonly alpha: number;
  readonly l1Ratio: number;
  constructor(options: ElasticNetOptions = {}) {
    super(resolveCommon(options, CD_DEFAULTS));
    this.alpha = checkNumber("alpha", options.alpha ?? 1, 0);
    this.l1Ratio = checkNumber("l1Ratio", options.l1Ratio ?? 0.5, 0, 1);
  }
  protected get modelName() { return "ElasticNet"; }
  protected penalty(): Penalty {
    return { l1: this.alpha * this.l1Ratio, l2: (this.alpha * (1 - this.l1Ratio)) / 2 };
  }
  protected params() { return { alpha: this.alpha, l1Ratio: this.l1Ratio, ...this.common }; }
  static fromJSON(json: unknown): ElasticNet {
    const j = readModelJSON(json, "ElasticNet");
    return new ElasticNet(j.params as ElasticNetOptions).restore(j);
  }
}

export interface RidgeOptions extends CommonOptions {
  /** sklearn's alpha: ‖y − Xβ − b‖² + alpha·‖β‖² (sums, not means). Default 1. */
  alpha?: number;
}

/**
 * sklearn.linear_model.Ridge: l2 = alpha/(2·Σw) (alpha/(2n) unweighted), solved in closed
 * form by Cholesky (on the p×p Gram, or the n×n kernel when p > n).
 */
export class Ridge extends LinearModel {
  readonly alpha: number;
  constructor(options: RidgeOptions = {}) {
    super(resolveCommon(options, CD_DEFAULTS));
    this.alpha = checkNumber("alpha", options.alpha ?? 1, 0);
  }
  protected get modelName() { return "Ridge"; }
  protected penalty(_n: number, _p: number, sumWeight: number): Penalty {
    return { l1: 0, l2: this.alpha / (2 * sumWeight) };
  }
  protected params() { return { alpha: this.alpha, ...this.common }; }
  static fromJSON(json: unknown): Ridge {
    const j = readModelJSON(json, "Ridge");
    return new Ridge(j.params as RidgeOptions).restore(j);
  }
}

export type { ModelJSON };
