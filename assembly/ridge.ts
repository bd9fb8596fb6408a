// Ridge in closed form: the normal equations through a Cholesky factorisation, either on the
// p×p weighted centred Gram (n ≥ p) or on the n×n kernel matrix (p > n). Matrices are
// column-major; only the lower triangle is read.

import { dot, axpy, wxpy, zero, column } from "./simd";
import { gramColumn } from "./enet";

// @ts-ignore: decorator
@inline function at(p: usize, j: i32): f64 { return load<f64>(p + (<usize>j << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, j: i32, v: f64): void { store<f64>(p + (<usize>j << 3), v); }
// @ts-ignore: decorator
@inline function col(A: usize, rows: i32, j: i32): usize { return A + ((<usize>rows * <usize>j) << 3); }

/** Lower triangle of X̃ᵀWX̃ + diag(kappa) into A (p×p); v (n) is workspace. */
export function ridgeGram<T>(X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                          kappa: usize, v: usize, A: usize): void {
  for (let j = 0; j < p; j++) {
    const cj = col(A, p, j);
    gramColumn<T>(X, n, p, w, m, q, j, v, cj, j);
    put(cj, j, at(cj, j) + at(kappa, j));
  }
}

/**
 * Lower triangle of (√W X̃) diag(1/kappa) (√W X̃)ᵀ + I into K (n×n); sw = √w (0 = unit
 * weights), t (n) is workspace. Built from rank-one updates, one per feature.
 */
export function ridgeKernel<T>(X: usize, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                            t: usize, K: usize): void {
  zero(K, n * n);
  for (let j = 0; j < p; j++) {
    zero(t, n);
    wxpy<T>(1.0, sw, column<T>(X, n, j), at(m, j), t, n);
    const s = 1.0 / at(kappa, j);
    for (let i = 0; i < n; i++) {
      const a = at(t, i) * s;
      // column i, rows i..n-1
      if (a != 0) axpy<f64>(a, t + (<usize>i << 3), col(K, n, i) + (<usize>i << 3), n - i);
    }
  }
  for (let i = 0; i < n; i++) put(col(K, n, i), i, at(col(K, n, i), i) + 1.0);
}

/**
 * In-place Cholesky A = LLᵀ of the lower triangle (left-looking, column by column).
 * Returns 0, or k+1 when the k-th pivot is not clearly positive (≤ 1e-12 of its diagonal).
 */
export function cholesky(A: usize, p: i32): i32 {
  for (let j = 0; j < p; j++) {
    const cj = col(A, p, j);
    const orig = at(cj, j);
    // a[j:, j] -= L[j:, :j] · L[j, :j]
    for (let k = 0; k < j; k++) {
      const ljk = at(col(A, p, k), j);
      if (ljk != 0) axpy<f64>(-ljk, col(A, p, k) + (<usize>j << 3), cj + (<usize>j << 3), p - j);
    }
    const d = at(cj, j);
    // a pivot lost to rounding means (numerical) rank deficiency: refuse rather than amplify
    if (!(d > 1e-12 * orig)) return j + 1;
    const r = Math.sqrt(d);
    put(cj, j, r);
    const inv = 1.0 / r;
    for (let i = j + 1; i < p; i++) put(cj, i, at(cj, i) * inv);
  }
  return 0;
}

/** Solve LLᵀx = b in place (b has p entries). */
export function cholSolve(L: usize, p: i32, b: usize): void {
  // forward: L z = b, column-oriented
  for (let j = 0; j < p; j++) {
    const cj = col(L, p, j);
    const z = at(b, j) / at(cj, j);
    put(b, j, z);
    if (j + 1 < p) axpy<f64>(-z, cj + (<usize>(j + 1) << 3), b + (<usize>(j + 1) << 3), p - j - 1);
  }
  // backward: Lᵀ x = z, row of Lᵀ is column of L
  for (let j = p - 1; j >= 0; j--) {
    const cj = col(L, p, j);
    const s = j + 1 < p ? dot<f64>(cj + (<usize>(j + 1) << 3), b + (<usize>(j + 1) << 3), p - j - 1) : 0.0;
    put(b, j, (at(b, j) - s) / at(cj, j));
  }
}
