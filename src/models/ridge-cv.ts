// scikit-learn's RidgeCV with its default efficient leave-one-out: one eigen-decomposition of
// the smaller Gram (X̃ᵀX̃ or X̃X̃ᵀ) gives the hat matrix for every α, so the LOO errors
// eᵢ = (yᵢ − ŷᵢ)/(1 − Hᵢᵢ) cost O(n·r) per α, with no refit; then a Ridge refit at the best α.
import { DesignMatrix, withDesign } from "../design.js";
import { GaussianProblem } from "../gaussian.js";
import { symmetricEigen } from "../eigen.js";
import { FitOptions } from "./linear-model.js";
import { Ridge, RidgeOptions, ridgeL2 } from "./sklearn.js";
import { MatrixInput, Vector, checkNumber, describe, toResponse } from "../input.js";
import { L1L2Error } from "../errors.js";

export interface RidgeCVOptions extends Omit<RidgeOptions, "alpha"> {
  /** Candidate α values (scikit-learn's default: 0.1, 1, 10). */
  alphas?: number[];
  /** "min" (scikit-learn) or "1se": the largest α whose mean LOO error is within one SE of the best. */
  selection?: "min" | "1se";
}

export class RidgeCV extends Ridge {
  readonly alphas: Float64Array;
  private readonly selection: "min" | "1se";
  private chosenAlpha: number | null = null;
  /** Mean squared LOO error per α (scikit-learn's −best_score_ at the best). */
  msePath: Float64Array = new Float64Array(0);
  /** Standard error of that mean per α. */
  mseSE: Float64Array = new Float64Array(0);

  constructor(options: RidgeCVOptions = {}) {
    const { alphas, selection, ...rest } = options;
    super(rest);
    const a = alphas ?? [0.1, 1, 10];
    if (!Array.isArray(a) || a.length === 0) throw new L1L2Error("INVALID_PARAMETER", "alphas must be a non-empty array");
    a.forEach((v, i) => checkNumber(`alphas[${i}]`, v, 0));
    if (a.some((v) => v === 0)) throw new L1L2Error("INVALID_PARAMETER", "alphas must be > 0 for leave-one-out");
    if (selection !== undefined && selection !== "min" && selection !== "1se") {
      throw new L1L2Error("INVALID_PARAMETER", `selection must be "min" or "1se", got ${describe(selection)}`);
    }
    this.alphas = Float64Array.from(a);
    this.selection = selection ?? "min";
  }

  protected get modelName() { return "RidgeCV"; }
  /** The chosen α. */
  get alpha(): number {
    if (this.chosenAlpha === null) throw new L1L2Error("NOT_FITTED", "this RidgeCV is not fitted yet: call fit() first");
    return this.chosenAlpha;
  }
  protected penalty(n: number, p: number, sumWeight: number) {
    return { l1: 0, l2: ridgeL2(this.alpha, sumWeight) };
  }

  fit(X: MatrixInput | DesignMatrix, y: Vector, options: FitOptions = {}): this {
    if (options.sampleWeight !== undefined) {
      throw new L1L2Error("INVALID_PARAMETER", "RidgeCV does not take sample weights yet");
    }
    if (this.common.standardize) throw new L1L2Error("INVALID_PARAMETER", "RidgeCV does not take standardize yet");
    return withDesign(X, (d) => {
      const yv = toResponse(y, d.rows);
      const problem = new GaussianProblem(d, yv, null, { fitIntercept: this.common.fitIntercept, standardize: false });
      try {
        this.leaveOneOut(problem);
      } finally {
        problem.dispose();
      }
      return super.fit(d, y, options);
    });
  }

  private leaveOneOut(problem: GaussianProblem): void {
    const n = problem.n, yc = problem.centredTarget();
    const { kind, G } = problem.smallGram();
    const r = kind === "features" ? problem.p : n;
    const { values, vectors } = symmetricEigen(G, r);
    const top = Math.max(...values);
    // U: orthonormal directions in sample space, with their squared singular values λ
    const U: Float64Array[] = [], lam: number[] = [];
    for (let k = 0; k < r; k++) {
      if (!(values[k] > 1e-12 * top)) continue;
      const v = vectors.subarray(k * r, (k + 1) * r);
      if (kind === "samples") U.push(Float64Array.from(v));
      else { const u = problem.times(Float64Array.from(v)); const s = 1 / Math.sqrt(values[k]); U.push(u.map((x) => x * s)); }
      lam.push(values[k]);
    }
    const uty = U.map((u) => u.reduce((s, x, i) => s + x * yc[i], 0));
    const h0 = this.common.fitIntercept ? 1 / n : 0;
    this.msePath = new Float64Array(this.alphas.length);
    this.mseSE = new Float64Array(this.alphas.length);
    this.alphas.forEach((alpha, a) => {
      const fitted = new Float64Array(n), hat = new Float64Array(n).fill(h0);
      U.forEach((u, k) => {
        const f = lam[k] / (lam[k] + alpha), c = f * uty[k];
        for (let i = 0; i < n; i++) { fitted[i] += c * u[i]; hat[i] += f * u[i] * u[i]; }
      });
      const e2 = Float64Array.from(yc, (v, i) => ((v - fitted[i]) / (1 - hat[i])) ** 2);
      const mean = e2.reduce((s, v) => s + v, 0) / n;
      this.msePath[a] = mean;
      this.mseSE[a] = Math.sqrt(e2.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) / n);
    });
    let best = 0;
    this.msePath.forEach((m, a) => { if (m < this.msePath[best]) best = a; });
    let pick = best;
    if (this.selection === "1se") {
      const bound = this.msePath[best] + this.mseSE[best];
      this.alphas.forEach((al, a) => { if (this.msePath[a] <= bound && al > this.alphas[pick]) pick = a; });
    }
    this.chosenAlpha = this.alphas[pick];
  }
}
