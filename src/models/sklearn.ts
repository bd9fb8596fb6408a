// scikit-learn's estimators with scikit-learn's parameters, defaults and numbers, mapped onto
// the canonical objective (1/2n)·Σwᵢ(yᵢ − xᵢβ − b)² + l1·‖β‖₁ + l2·‖β‖₂².
import {
  CommonOptions, FitOptions, LinearModel, ModelJSON, WarmStartOption, readModelJSON, resolveCommon, sampleWeights,
} from "./linear-model.js";
import { GaussianProblem, Penalty, RidgeMethod, SolveResult } from "../gaussian.js";
import { MatrixInput, Vector, checkBoolean, checkNumber, describe, isMatrixInput, toColumns } from "../input.js";
import { DesignMatrix, withDesign } from "../design.js";
import { linearPredict } from "../predict.js";
import { L1L2Error } from "../errors.js";

/** scikit-learn's coordinate-descent defaults. */
const CD_DEFAULTS = { tol: 1e-4, maxIter: 1000 };

export interface LassoOptions extends CommonOptions, WarmStartOption {
  /** Multiplies the L1 term (sklearn's alpha; = canonical l1). Default 1. */
  alpha?: number;
}

/** sklearn.linear_model.Lasso: (1/2n)‖y − Xβ − b‖² + alpha·‖β‖₁. */
export class Lasso extends LinearModel {
  readonly alpha: number;
  constructor(options: LassoOptions = {}) {
    super(resolveCommon(options, CD_DEFAULTS));
    this.alpha = checkNumber("alpha", options.alpha ?? 1, 0);
    this.warmStart = checkBoolean("warmStart", options.warmStart ?? false);
  }
  protected get modelName() { return "Lasso"; }
  protected penalty(): Penalty { return { l1: this.alpha, l2: 0 }; }
  protected params() { return { alpha: this.alpha, ...this.common, warmStart: this.warmStart }; }
  static fromJSON(json: unknown): Lasso {
    const j = readModelJSON(json, "Lasso");
    return new Lasso(j.params as LassoOptions).restore(j);
  }
}

export interface ElasticNetOptions extends CommonOptions, WarmStartOption {
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
    this.warmStart = checkBoolean("warmStart", options.warmStart ?? false);
  }
  protected get modelName() { return "ElasticNet"; }
  protected penalty(): Penalty {
    return { l1: this.alpha * this.l1Ratio, l2: (this.alpha * (1 - this.l1Ratio)) / 2 };
  }
  protected params() { return { alpha: this.alpha, l1Ratio: this.l1Ratio, ...this.common, warmStart: this.warmStart }; }
  static fromJSON(json: unknown): ElasticNet {
    const j = readModelJSON(json, "ElasticNet");
    return new ElasticNet(j.params as ElasticNetOptions).restore(j);
  }
}

export interface RidgeOptions extends CommonOptions {
  /** sklearn's alpha: ‖y − Xβ − b‖² + alpha·‖β‖² (sums, not means). Default 1. */
  alpha?: number;
  /**
   * How the normal equations are solved. "auto" (default): by conjugate gradients when they
   * should take fewer passes over X than forming X̃ᵀWX̃ costs (dense X with n ≥ p), else by
   * Cholesky; "cholesky": always factorise; "cg": conjugate gradients first, for up to maxIter
   * products, factorising if they have not converged. Every route solves to the rounding level
   * of a double-precision factorisation (not to tol, where scikit-learn's iterative solvers stop).
   */
  solver?: RidgeMethod;
}

const RIDGE_SOLVERS: readonly RidgeMethod[] = ["auto", "cholesky", "cg"];

/**
 * sklearn.linear_model.Ridge: l2 = alpha/(2·Σw) (alpha/(2n) unweighted), solved by conjugate
 * gradients when they are cheaper (dense X, n ≥ p), else by Cholesky (on the p×p Gram, or the
 * n×n kernel when p > n); `solver` picks the route.
 */
export class Ridge extends LinearModel {
  private readonly givenAlpha: number;
  constructor(options: RidgeOptions = {}) {
    super(resolveCommon(options, CD_DEFAULTS));
    this.givenAlpha = checkNumber("alpha", options.alpha ?? 1, 0);
    const solver = options.solver ?? "auto";
    if (!RIDGE_SOLVERS.includes(solver)) {
      throw new L1L2Error("INVALID_PARAMETER", `solver must be "auto", "cholesky" or "cg", got ${describe(solver)}`);
    }
    this.method = solver;
  }
  /** How the normal equations are solved (the `solver` option; the fit's route is `solver`). */
  readonly method: RidgeMethod;
  /** The penalty strength (sklearn's alpha). */
  get alpha(): number { return this.givenAlpha; }
  protected get modelName() { return "Ridge"; }
  protected penalty(_n: number, _p: number, sumWeight: number): Penalty {
    return { l1: 0, l2: ridgeL2(this.alpha, sumWeight) };
  }
  private targets: SolveResult[] | null = null;

  /**
   * Fits one target (y a vector) or several at once (Y an n × t matrix, as scikit-learn's 2-D
   * y): one factorisation serves every target. After a multi-target fit use `coefs`,
   * `intercepts` and `predictTargets`.
   */
  fit(X: MatrixInput | DesignMatrix, y: Vector | MatrixInput, options: FitOptions = {}): this {
    if (!isMatrixInput(y)) {
      this.targets = null;
      return super.fit(X, y, options);
    }
    const c = this.common;
    this.targets = withDesign(X, (d) => {
      const Y = toColumns(y, "y", d.rows);
      const { weights, sumWeight } = sampleWeights(options, d.rows);
      const pen = this.penalty(d.rows, d.cols, sumWeight);
      const problem = new GaussianProblem(d, Y[0], weights, { fitIntercept: c.fitIntercept, standardize: c.standardize });
      try {
        return Y.map((yt) => {
          problem.setTarget(yt);
          // one factorisation serves every target, where CG would start again for each
          const method = this.method === "auto" ? "cholesky" : this.method;
          const closed = !c.positive && c.mode === "auto" ? problem.solveRidge(pen, method, c.maxIter) : null;
          return closed ?? problem.solve(pen, {
            tol: c.tol, maxIter: c.maxIter, mode: c.mode, lower: c.positive ? new Float64Array(d.cols) : undefined, gradient: false,
          });
        });
      } finally {
        problem.dispose();
      }
    });
    this.fitted = null;
    return this;
  }

  protected get result(): SolveResult {
    if (this.targets) {
      throw new L1L2Error("SHAPE_MISMATCH",
        `this Ridge was fitted on ${this.targets.length} targets: use coefs, intercepts and predictTargets()`);
    }
    return super.result;
  }

  private get multi(): SolveResult[] {
    if (!this.targets) throw new L1L2Error("NOT_FITTED", "this Ridge has no multi-target fit: fit it with a 2-D y");
    return this.targets;
  }
  /** Coefficients per target (after a multi-target fit). */
  get coefs(): Float64Array[] { return this.multi.map((r) => r.coef.slice()); }
  /** Intercept per target (after a multi-target fit). */
  get intercepts(): Float64Array { return Float64Array.from(this.multi, (r) => r.intercept); }
  /** Predictions per target (after a multi-target fit). */
  predictTargets(X: MatrixInput | DesignMatrix): Float64Array[] {
    return this.multi.map((r) => linearPredict(X, r.coef, r.intercept));
  }
  protected solveRidge(problem: GaussianProblem, pen: Penalty): SolveResult | null {
    return problem.solveRidge(pen, this.method, this.common.maxIter);
  }
  protected params() { return { alpha: this.alpha, solver: this.method, ...this.common }; }
  static fromJSON(json: unknown): Ridge {
    const j = readModelJSON(json, "Ridge");
    return new Ridge(j.params as RidgeOptions).restore(j);
  }
}

export type { ModelJSON };

/** sklearn's Ridge alpha in canonical units, l2 = alpha/(2·Σw), refusing weights too small to divide by. */
export function ridgeL2(alpha: number, sumWeight: number): number {
  const l2 = alpha / (2 * sumWeight);
  if (!Number.isFinite(l2)) {
    throw new L1L2Error("INVALID_PARAMETER",
      `sampleWeight sums to ${sumWeight}: too small to scale alpha by (l2 = alpha/(2·Σw) overflows); rescale the weights`);
  }
  return l2;
}
