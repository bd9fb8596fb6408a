// scikit-learn's LassoCV and ElasticNetCV: the α grid of the full data (per l1Ratio), a path
// per fold (KFold without shuffling by default), the fold MSEs, the best (α, l1Ratio), and a
// refit on all the data. Fold fits are the full design with zero weight on held-out rows.
import { DesignMatrix, withDesign } from "../design.js";
import { GaussianProblem, Penalty } from "../gaussian.js";
import { solvePath, Progress } from "../path.js";
import { alphaGrid } from "../sklearn-path.js";
import { CommonOptions, FitOptions, LinearModel, readModelJSON, resolveCommon } from "./linear-model.js";
import { MatrixInput, Vector, checkNumber, describe, toResponse, toVector, toWeights } from "../input.js";
import { linearPredict } from "../predict.js";
import { L1L2Error } from "../errors.js";

export interface ElasticNetCVOptions extends CommonOptions {
  /** One share of L1 or several to search over. Default 0.5 (1 for LassoCV). */
  l1Ratio?: number | number[];
  /** A count per l1Ratio (default 100) or explicit α values. */
  alphas?: number | number[];
  eps?: number;
  /** Number of folds of an unshuffled KFold (default 5), as scikit-learn's cv=int. */
  cv?: number;
  /** Or the fold (0-based) of each row. */
  folds?: ArrayLike<number>;
  /** "min" (scikit-learn) or "1se": the largest α within one standard error of the best. */
  selection?: "min" | "1se";
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export class ElasticNetCV extends LinearModel {
  protected readonly opts: ElasticNetCVOptions;
  private chosen: { alpha: number; l1Ratio: number } | null = null;
  /** alphas[r][k]: the grid for l1Ratio r. */
  alphas: Float64Array[] = [];
  /** msePath[r][k][f]: held-out MSE of fold f at alphas[r][k]. */
  msePath: Float64Array[][] = [];

  constructor(options: ElasticNetCVOptions = {}) {
    super(resolveCommon(options, { tol: 1e-4, maxIter: 1000 }));
    const ratios = Array.isArray(options.l1Ratio) ? options.l1Ratio : [options.l1Ratio ?? this.defaultRatio()];
    ratios.forEach((r, i) => checkNumber(`l1Ratio[${i}]`, r, 0, 1));
    if (ratios.length === 0) throw new L1L2Error("INVALID_PARAMETER", "l1Ratio is an empty list");
    if (options.selection !== undefined && options.selection !== "min" && options.selection !== "1se") {
      throw new L1L2Error("INVALID_PARAMETER", `selection must be "min" or "1se", got ${describe(options.selection)}`);
    }
    checkNumber("eps", options.eps ?? 1e-3, 0);
    if (options.cv !== undefined) checkNumber("cv", options.cv, 2, Infinity, true);
    this.opts = { ...options, l1Ratio: ratios };
  }

  protected defaultRatio(): number { return 0.5; }
  protected get modelName() { return "ElasticNetCV"; }
  /** The chosen α. */
  get alpha(): number { return this.selected().alpha; }
  /** The chosen l1Ratio. */
  get l1Ratio(): number { return this.selected().l1Ratio; }

  private selected() {
    if (!this.chosen) throw new L1L2Error("NOT_FITTED", `this ${this.modelName} is not fitted yet: call fit() first`);
    return this.chosen;
  }

  protected penalty(): Penalty {
    const { alpha, l1Ratio } = this.selected();
    return { l1: alpha * l1Ratio, l2: (alpha * (1 - l1Ratio)) / 2 };
  }

  protected params() {
    const { onProgress: _p, signal: _s, ...rest } = this.opts;
    return { ...rest, ...this.common, chosen: this.chosen };
  }

  fit(X: MatrixInput | DesignMatrix, y: Vector, options: FitOptions = {}): this {
    return withDesign(X, (d) => {
      this.crossValidate(d, toResponse(y, d.rows), options);
      return super.fit(d, y, options);
    });
  }

  private crossValidate(d: DesignMatrix, y: Float64Array, options: FitOptions): void {
    const n = d.rows, c = this.common, o = this.opts;
    // validated (finite, ≥ 0, not all zero) and rescaled to sum n, before any fit
    const weights = options.sampleWeight === undefined ? null : toWeights(options.sampleWeight, n);
    const raw = weights ?? new Float64Array(n).fill(1);
    const folds = foldsOf(o, n);
    const K = Math.max(...folds) + 1;
    const ratios = o.l1Ratio as number[];
    const full = new GaussianProblem(d, y, weights, { fitIntercept: c.fitIntercept, standardize: c.standardize });
    try {
      this.alphas = ratios.map((r) => alphaGrid(full, r, o.eps ?? 1e-3, o.alphas ?? 100));
    } finally {
      full.dispose();
    }
    const total = K * ratios.length;
    this.msePath = ratios.map((_, r) => Array.from(this.alphas[r], () => new Float64Array(K)));
    for (let f = 0; f < K; f++) {
      const fw = raw.map((v, i) => (folds[i] === f ? 0 : v));
      if (!(fw.reduce((a, b) => a + b, 0) > 0)) throw new L1L2Error("INVALID_PARAMETER", `fold ${f} leaves no training weight`);
      const problem = new GaussianProblem(d, y, toWeights(fw, n), { fitIntercept: c.fitIntercept, standardize: c.standardize });
      try {
        ratios.forEach((ratio, r) => {
          const alphas = this.alphas[r];
          const pts = solvePath(problem, {
            l1: alphas.map((a) => a * ratio), l2: alphas.map((a) => (a * (1 - ratio)) / 2),
            lower: c.positive ? new Float64Array(d.cols) : undefined,
            tol: c.tol, maxIter: c.maxIter, mode: c.mode === "auto" ? undefined : c.mode, signal: o.signal,
          });
          pts.forEach((pt, k) => {
            const yhat = linearPredict(d, pt.coef, pt.intercept);
            let se = 0, sw = 0;
            for (let i = 0; i < n; i++) if (folds[i] === f) { se += raw[i] * (y[i] - yhat[i]) ** 2; sw += raw[i]; }
            this.msePath[r][k][f] = se / sw;
          });
          o.onProgress?.({ done: f * ratios.length + r + 1, total, lambda: alphas[alphas.length - 1] });
        });
      } finally {
        problem.dispose();
      }
    }
    this.chosen = this.choose(ratios, K);
  }

  /** argmin of the fold-averaged MSE (first = largest α on ties), or the one-standard-error rule. */
  private choose(ratios: number[], K: number): { alpha: number; l1Ratio: number } {
    let best = { r: 0, k: 0, m: Infinity, se: 0 };
    const stats = this.msePath.map((rows) => rows.map((folds) => {
      const m = folds.reduce((a, b) => a + b, 0) / K;
      const sd = Math.sqrt(folds.reduce((a, b) => a + (b - m) ** 2, 0) / (K - 1));
      return { m, se: sd / Math.sqrt(K) };
    }));
    stats.forEach((rows, r) => rows.forEach((s, k) => { if (s.m < best.m) best = { r, k, m: s.m, se: s.se }; }));
    if (this.opts.selection !== "1se") return { alpha: this.alphas[best.r][best.k], l1Ratio: ratios[best.r] };
    const bound = best.m + best.se;
    const rows = stats[best.r];
    let k = 0;
    while (rows[k].m > bound) k++; // α decreases with k: the first within bound is the largest
    return { alpha: this.alphas[best.r][k], l1Ratio: ratios[best.r] };
  }

  /** Mean and standard error of the held-out MSE along alphas[r]. */
  cvCurve(r = 0): { alphas: Float64Array; mean: Float64Array; se: Float64Array } {
    const rows = this.msePath[r];
    if (!rows) throw new L1L2Error("NOT_FITTED", `this ${this.modelName} is not fitted yet: call fit() first`);
    const K = rows[0].length;
    const mean = Float64Array.from(rows, (f) => f.reduce((a, b) => a + b, 0) / K);
    const se = Float64Array.from(rows, (f, k) => Math.sqrt(f.reduce((a, b) => a + (b - mean[k]) ** 2, 0) / (K - 1) / K));
    return { alphas: this.alphas[r], mean, se };
  }

  static fromJSON(json: unknown): ElasticNetCV {
    const j = readModelJSON(json, "ElasticNetCV");
    return restoreCV(new ElasticNetCV(j.params as ElasticNetCVOptions), j);
  }
}

/** scikit-learn's LassoCV: ElasticNetCV with l1Ratio = 1. */
export class LassoCV extends ElasticNetCV {
  constructor(options: Omit<ElasticNetCVOptions, "l1Ratio"> = {}) {
    super({ ...options, l1Ratio: 1 });
  }
  protected defaultRatio(): number { return 1; }
  protected get modelName() { return "LassoCV"; }
  static fromJSON(json: unknown): LassoCV {
    const j = readModelJSON(json, "LassoCV");
    return restoreCV(new LassoCV(j.params as ElasticNetCVOptions), j);
  }
}

function restoreCV<T extends ElasticNetCV>(m: T, j: ReturnType<typeof readModelJSON>): T {
  const ch = (j.params as { chosen?: { alpha?: unknown; l1Ratio?: unknown } }).chosen;
  if (!ch || typeof ch.alpha !== "number" || typeof ch.l1Ratio !== "number") {
    throw new L1L2Error("INVALID_JSON", "saved model has no chosen alpha and l1Ratio");
  }
  (m as unknown as { chosen: object }).chosen = {
    alpha: checkNumber("alpha", ch.alpha, 0), l1Ratio: checkNumber("l1Ratio", ch.l1Ratio, 0, 1),
  };
  return m.restore(j);
}

/** Fold of each row: given (0-based), or scikit-learn's KFold(cv) without shuffling. */
function foldsOf(o: ElasticNetCVOptions, n: number): Int32Array {
  if (o.folds !== undefined) {
    const f = toVector(o.folds, "folds", n);
    const out = Int32Array.from(f);
    for (let i = 0; i < n; i++) {
      if (out[i] !== f[i] || f[i] < 0) throw new L1L2Error("INVALID_PARAMETER", `folds[${i}] must be an integer ≥ 0, got ${f[i]}`);
    }
    if (Math.max(...out) < 1) throw new L1L2Error("INVALID_PARAMETER", "folds must define at least 2 folds");
    return out;
  }
  const K = o.cv ?? 5;
  if (K > n) throw new L1L2Error("INVALID_PARAMETER", `cv = ${K} folds but there are only ${n} rows`);
  const out = new Int32Array(n);
  let i = 0;
  for (let f = 0; f < K; f++) {
    const size = Math.floor(n / K) + (f < n % K ? 1 : 0);
    for (let t = 0; t < size; t++) out[i++] = f;
  }
  return out;
}
