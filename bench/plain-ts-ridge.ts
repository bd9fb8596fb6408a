// The ridge of src/gaussian.ts and assembly/ridge.ts in plain TypeScript, for the benchmark
// only: conjugate gradients on X̃ᵀX̃ + κI first when n ≥ p ≥ 128 (the same driver, src/ridge-cg.ts,
// the same budget p/16 and the same product by blocks of rows), else Cholesky of X̃ᵀX̃ + κI
// (p×p, n ≥ p) or of the kernel X̃X̃ᵀ/κ + I (n×n, p > n), built and factorised in the same loop
// order (column-major, lower triangle, left-looking Cholesky).
// Unit weights; X as plainDesign gives it (centred, column-major, with its column statistics).
import { dot } from "./plain-ts-cd.js";
import type { PlainDesign } from "./plain-ts-cd.js";
import { conjugateGradient } from "../src/ridge-cg.js";

export interface PlainRidgeResult {
  coef: Float64Array;
  intercept: number;
  solver: "cholesky-gram" | "cholesky-kernel" | "conjugate-gradient";
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
  const { n, p, cols: X, m } = d;
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
  const cg = p <= n && p >= 128 ? plainCg(d, m, yc, kappa, xtv, Math.round(p / 16)) : null;
  if (cg) {
    coef.set(cg);
    solver = "conjugate-gradient";
  } else if (p > n) {
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

/** CG on X̃ᵀX̃ + κI from the diagonal; the product by blocks of rows, as ridgeApplyPart. */
function plainCg(d: PlainDesign, m: Float64Array, yc: Float64Array, kappa: number,
                 xtv: (v: Float64Array, dst: Float64Array) => void, maxSteps: number): Float64Array | null {
  const { n, p, cols: X } = d;
  const rows = Math.max(8, Math.min(4096, Math.floor((1 << 19) / (p * 8)) & ~7));
  const u = new Float64Array(rows), diag = new Float64Array(p), b = new Float64Array(p);
  for (let j = 0; j < p; j++) diag[j] = d.colsq[j] + kappa;
  xtv(yc, b);
  const apply = (v: Float64Array, out: Float64Array) => {
    let s = 0;
    for (let j = 0; j < p; j++) s += m[j] * v[j];
    out.fill(0);
    for (let i0 = 0; i0 < n; i0 += rows) {
      const len = Math.min(rows, n - i0);
      u.fill(-s, 0, len);
      for (let j = 0; j < p; j++) {
        const vj = v[j], o = j * n + i0;
        if (vj !== 0) for (let i = 0; i < len; i++) u[i] += vj * X[o + i];
      }
      let su = 0;
      for (let i = 0; i < len; i++) su += u[i];
      for (let j = 0; j < p; j++) out[j] += dot(X, j * n + i0, u, 0, len) - m[j] * su;
    }
    for (let j = 0; j < p; j++) out[j] += kappa * v[j];
  };
  const r = conjugateGradient(apply, b, diag, maxSteps);
  return r && r.x;
}
