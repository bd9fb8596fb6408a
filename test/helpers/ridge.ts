// The double-precision ridge answer in plain JS, and how far another is from it, for the tests
// of the ridge solvers (single-precision refinement, conjugate gradients).
import { columnSpreads } from "./glmnet.js";
import type { DesignMatrix } from "../../src/index.js";

/** scikit-learn's Ridge in plain JS: (X̃ᵀWX̃ + αI)β = X̃ᵀWỹ by a Cholesky solve in float64. */
export function ridgeReference(X: number[][], y: number[], alpha: number, w?: number[]): number[] {
  const n = X.length, p = X[0].length;
  const wt = w ?? new Array(n).fill(1), sw = wt.reduce((a, b) => a + b, 0);
  const xbar = new Array(p).fill(0);
  let ybar = 0;
  for (let i = 0; i < n; i++) {
    ybar += (wt[i] * y[i]) / sw;
    for (let j = 0; j < p; j++) xbar[j] += (wt[i] * X[i][j]) / sw;
  }
  const Xc = X.map((r) => r.map((v, j) => v - xbar[j]));
  const A = Array.from({ length: p }, () => new Float64Array(p));
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const r = Xc[i];
    for (let j = 0; j < p; j++) {
      const s = wt[i] * r[j];
      b[j] += s * (y[i] - ybar);
      for (let k = 0; k <= j; k++) A[j][k] += s * r[k];
    }
  }
  for (let j = 0; j < p; j++) A[j][j] += alpha;
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) A[j][j] -= A[j][k] * A[j][k];
    A[j][j] = Math.sqrt(A[j][j]);
    for (let i = j + 1; i < p; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= A[i][k] * A[j][k];
      A[i][j] = s / A[j][j];
    }
  }
  for (let j = 0; j < p; j++) {
    let s = b[j];
    for (let k = 0; k < j; k++) s -= A[j][k] * b[k];
    b[j] = s / A[j][j];
  }
  for (let j = p - 1; j >= 0; j--) {
    let s = b[j];
    for (let k = j + 1; k < p; k++) s -= A[k][j] * b[k];
    b[j] = s / A[j][j];
  }
  return Array.from(b);
}

/** Largest |a − b| on standardized coefficients (βⱼ·sdⱼ), relative to the largest of b's. */
export function standardizedDiff(X: number[][], a: ArrayLike<number>, b: number[]): number {
  const sd = columnSpreads({ data: Float64Array.from(X.flat()), rows: X.length, cols: b.length }, new Float64Array(X.length).fill(1));
  let diff = 0, size = 0;
  for (let j = 0; j < b.length; j++) {
    diff = Math.max(diff, Math.abs(a[j] - b[j]) * sd[j]);
    size = Math.max(size, Math.abs(b[j]) * sd[j]);
  }
  return diff / size;
}

/**
 * Ridge's canonical objective, (Σwᵢrᵢ² + α‖β‖²)/(2Σw) with rᵢ = yᵢ − xᵢβ − b, from scratch: what
 * a fit reports as `objective`, which its certificate computes from the solve's own X̃β.
 */
export function ridgeObjective(X: number[][], y: number[], w: number[] | undefined, alpha: number,
                               coef: ArrayLike<number>, intercept: number): number {
  let rss = 0, sw = 0, bb = 0;
  for (let i = 0; i < X.length; i++) {
    let r = y[i] - intercept;
    for (let j = 0; j < coef.length; j++) r -= X[i][j] * coef[j];
    const wi = w ? w[i] : 1;
    rss += wi * r * r;
    sw += wi;
  }
  for (let j = 0; j < coef.length; j++) bb += coef[j] * coef[j];
  return (rss + alpha * bb) / (2 * sw);
}

/**
 * The values a float32 DesignMatrix made from X fits on: each column centred by its mean,
 * divided by its spread, rounded to f32 (input.ts writeCentredColumns), then mapped back — the
 * X an independent reference must take to hold a float32 fit to double precision.
 */
export function storedFloat32(X: number[][], D: DesignMatrix): number[][] {
  return X.map((r) => r.map((v, j) => D.means[j] + D.scales[j] * Math.fround((v - D.means[j]) / D.scales[j])));
}
