// The closed-form ridge of assembly/ridge.ts in plain TypeScript, for the benchmark only:
// Cholesky of X̃ᵀX̃ + κI (p×p, n ≥ p) or of the kernel X̃X̃ᵀ/κ + I (n×n, p > n), built and
// factorised in the same loop order (column-major, lower triangle, left-looking Cholesky).
// Unit weights; X as plainDesign gives it (centred, column-major).
import { dot } from "./plain-ts-cd.js";
import type { PlainDesign } from "./plain-ts-cd.js";

export interface PlainRidgeResult {
  coef: Float64Array;
  intercept: number;
  solver: "cholesky-gram" | "cholesky-kernel";
}

/** In-place lower Cholesky of the column-major k×k A; false if not positive definite. */
function cholesky(A: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const cj = j * k;
    for (let c = 0; c < j; c++) {
      const ck = c * k, l = A[ck + j];
      if (l !== 0) for (let i = j; i < k; i++) A[cj + i] -= l * A[ck + i];
    }
    const d = A[cj + j];
    if (!(d > 0)) return false;
    const r = Math.sqrt(d), inv = 1 / r;
    A[cj + j] = r;
    for (let i = j + 1; i < k; i++) A[cj + i] *= inv;
  }
  return true;
}

function cholSolve(L: Float64Array, k: number, b: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const cj = j * k, z = b[j] / L[cj + j];
    b[j] = z;
    for (let i = j + 1; i < k; i++) b[i] -= z * L[cj + i];
  }
  for (let j = k - 1; j >= 0; j--) {
    const cj = j * k;
    b[j] = (b[j] - dot(L, cj + j + 1, b, j + 1, k - j - 1)) / L[cj + j];
  }
}

/** Ridge at canonical l2 (> 0): minimises (1/2n)‖y − Xβ − b‖² + l2‖β‖². */
export function plainRidge(d: PlainDesign, y: Float64Array, l2: number): PlainRidgeResult {
  const { n, p, cols: X } = d;
  const m = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0, o = j * n; i < n; i++) s += X[o + i];
    m[j] = s / n;
  }
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i];
  ybar /= n;
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = y[i] - ybar;
  const kappa = 2 * n * l2;
  const coef = new Float64Array(p), t = new Float64Array(n);
  // X̃ᵀv for v (n) into dst
  const xtv = (v: Float64Array, dst: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i];
    for (let j = 0; j < p; j++) dst[j] = dot(X, j * n, v, 0, n) - m[j] * s;
  };
  let solver: PlainRidgeResult["solver"];
  if (p > n) {
    const K = new Float64Array(n * n);
    for (let j = 0; j < p; j++) {
      const o = j * n, mj = m[j];
      for (let i = 0; i < n; i++) t[i] = X[o + i] - mj;
      for (let i = 0; i < n; i++) {
        const a = t[i] / kappa;
        if (a !== 0) for (let r = i, c = i * n; r < n; r++) K[c + r] += a * t[r];
      }
    }
    for (let i = 0; i < n; i++) K[i * n + i] += 1;
    if (!cholesky(K, n)) throw new Error("plainRidge: kernel matrix not positive definite");
    const u = Float64Array.from(yc);
    cholSolve(K, n, u);
    xtv(u, coef);
    for (let j = 0; j < p; j++) coef[j] /= kappa;
    solver = "cholesky-kernel";
  } else {
    const A = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      const o = j * n, mj = m[j];
      let s = 0;
      for (let i = 0; i < n; i++) { t[i] = X[o + i] - mj; s += t[i]; }
      for (let i = j; i < p; i++) A[j * p + i] = dot(X, i * n, t, 0, n) - m[i] * s;
      A[j * p + j] += kappa;
    }
    if (!cholesky(A, p)) throw new Error("plainRidge: Gram matrix not positive definite");
    xtv(yc, coef);
    cholSolve(A, p, coef);
    solver = "cholesky-gram";
  }
  let b = ybar;
  for (let j = 0; j < p; j++) b -= coef[j] * (d.means[j] + m[j]);
  return { coef, intercept: b, solver };
}
