// scikit-learn's lasso_path / enet_path: its α grid (α_max, eps, n_alphas), its parameters
// and its output, computed by the path engine (warm starts, strong rules).
import { DesignMatrix, withDesign } from "./design.js";
import { GaussianProblem, Mode } from "./gaussian.js";
import { solvePath, Progress } from "./path.js";
import { MatrixInput, Vector, checkBoolean, checkNumber, readResponse, toVector, toWeights } from "./input.js";
import { L1L2Error } from "./errors.js";
import { kernels } from "./wasm.js";

export interface EnetPathOptions {
  /** Share of L1 in (0, 1]. Default 1 for lassoPath, 0.5 for enetPath. */
  l1Ratio?: number;
  /** A count (default 100) for a geometric grid from α_max down to eps·α_max, or explicit values. */
  alphas?: number | ArrayLike<number>;
  eps?: number;
  /** scikit-learn's lasso_path fits no intercept; pass true to centre as ElasticNet does. */
  fitIntercept?: boolean;
  sampleWeight?: Vector;
  positive?: boolean;
  tol?: number;
  maxIter?: number;
  mode?: Mode;
  screening?: boolean;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface EnetPathResult {
  /** Decreasing α values. */
  alphas: Float64Array;
  /** coefs[k] = coefficients at alphas[k]. */
  coefs: Float64Array[];
  intercepts: Float64Array;
  dualGaps: Float64Array;
  nIters: Int32Array;
  converged: boolean[];
}

/** scikit-learn's α_max: max |X̃ᵀW ỹ| / (n·l1Ratio). */
export function alphaMax(problem: GaussianProblem, l1Ratio: number): number {
  const c = problem.correlations();
  let m = 0;
  for (const v of c) m = Math.max(m, Math.abs(v));
  return m / l1Ratio;
}

export function enetPath(X: MatrixInput | DesignMatrix, y: Vector, options: EnetPathOptions = {}): EnetPathResult {
  const l1Ratio = checkNumber("l1Ratio", options.l1Ratio ?? 0.5, 0, 1);
  if (l1Ratio === 0) throw new L1L2Error("INVALID_PARAMETER", "l1Ratio must be > 0 for a path (α_max is infinite at 0)");
  const eps = checkNumber("eps", options.eps ?? 1e-3, 0);
  const fitIntercept = checkBoolean("fitIntercept", options.fitIntercept ?? false);
  const positive = checkBoolean("positive", options.positive ?? false);
  const tol = checkNumber("tol", options.tol ?? 1e-4, 0);
  const maxIter = checkNumber("maxIter", options.maxIter ?? 1000, 0, 2 ** 31 - 1, true);
  return withDesign(X, (d) => {
    const yv = readResponse(y, d.rows);
    const w = options.sampleWeight === undefined ? null : toWeights(options.sampleWeight, d.rows);
    const problem = new GaussianProblem(d, yv, w, { fitIntercept, standardize: false });
    try {
      const alphas = alphaGrid(problem, l1Ratio, eps, options.alphas ?? 100);
      const pts = solvePath(problem, {
        l1: alphas.map((a) => a * l1Ratio), l2: alphas.map((a) => (a * (1 - l1Ratio)) / 2),
        lower: positive ? new Float64Array(d.cols) : undefined,
        tol, maxIter, mode: options.mode, screening: options.screening,
        label: (k) => alphas[k], onProgress: options.onProgress, signal: options.signal,
      });
      return {
        alphas,
        coefs: pts.map((r) => r.coef),
        intercepts: Float64Array.from(pts, (r) => r.intercept),
        dualGaps: Float64Array.from(pts, (r) => r.dualGap),
        nIters: Int32Array.from(pts, (r) => r.nIter),
        converged: pts.map((r) => r.converged),
      };
    } finally {
      problem.dispose();
    }
  });
}

/** lasso_path: enetPath with l1Ratio = 1. */
export function lassoPath(X: MatrixInput | DesignMatrix, y: Vector, options: Omit<EnetPathOptions, "l1Ratio"> = {}): EnetPathResult {
  return enetPath(X, y, { ...options, l1Ratio: 1 });
}

export function alphaGrid(problem: GaussianProblem, l1Ratio: number, eps: number, alphas: number | ArrayLike<number>): Float64Array {
  if (typeof alphas !== "number") {
    const a = toVector(alphas, "alphas");
    for (let k = 0; k < a.length; k++) {
      if (a[k] < 0) throw new L1L2Error("INVALID_PARAMETER", `alphas[${k}] is negative (${a[k]})`);
    }
    return a.sort().reverse(); // scikit-learn solves from the largest α down
  }
  const count = checkNumber("alphas", alphas, 1, 1e6, true);
  const top = alphaMax(problem, l1Ratio);
  const out = new Float64Array(count);
  if (top <= 1e-15) return out.fill(1e-15); // numpy's float64 resolution, as scikit-learn
  // numpy.geomspace(top, top·eps, count)
  const km = kernels(); // log10/pow in WASM: the same grid in every engine
  const a = km.log10(top), b = km.log10(top * eps);
  for (let k = 0; k < count; k++) out[k] = count === 1 ? top : km.pow(10, a + ((b - a) * k) / (count - 1));
  out[0] = top;
  if (count > 1) out[count - 1] = top * eps;
  return out;
}
