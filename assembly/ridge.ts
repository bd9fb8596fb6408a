// Ridge in closed form: the normal equations through a Cholesky factorisation, either on the
// p×p weighted centred Gram (n ≥ p) or on the n×n kernel matrix (p > n). Matrices are
// column-major; only the lower triangle is read.

import { dot, axpy, axpy4, zero } from "./simd";

// @ts-ignore: decorator
@inline function at(p: usize, j: i32): f64 { return load<f64>(p + (<usize>j << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, j: i32, v: f64): void { store<f64>(p + (<usize>j << 3), v); }
// @ts-ignore: decorator
@inline function col(A: usize, rows: i32, j: i32): usize { return A + ((<usize>rows * <usize>j) << 3); }

/**
 * Lower triangle of X̃ᵀWX̃ + diag(kappa) into A (p×p); v (4n + 4) is workspace. Columns go
 * four at a time (dot4), so X is streamed p/4 times rather than p times.
 */
export function ridgeGram<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize,
                          kappa: usize, v: usize, A: usize): void {
  const out = v + (<usize>(4 * n) << 3);
  for (let j = 0; j < p; j += 4) {
    const k = min(4, p - j);
    // vₖ = w∘X̃ⱼ₊ₖ; a short last block repeats its last column (results ignored)
    for (let t = 0; t < 4; t++) {
      const vt = v + (<usize>(t * n) << 3), jt = j + min(t, k - 1);
      zero(vt, n);
      X.wxpy(n, jt, 1.0, w, at(m, jt), vt);
    }
    for (let i = j; i < p; i++) {
      X.dot4(n, i, v, v + (<usize>n << 3), v + (<usize>(2 * n) << 3), v + (<usize>(3 * n) << 3), out);
      for (let t = 0; t < k; t++) {
        // X̃ᵢᵀ(w∘X̃ⱼ) = Xᵢᵀ(w∘X̃ⱼ) − mᵢ·Σ w∘X̃ⱼ
        if (i >= j + t) put(col(A, p, j + t), i, at(out, t) - at(m, i) * at(q, j + t));
      }
    }
    for (let t = 0; t < k; t++) put(col(A, p, j + t), j + t, at(col(A, p, j + t), j + t) + at(kappa, j + t));
  }
}

/**
 * Lower triangle of (√W X̃) diag(1/kappa) (√W X̃)ᵀ + I into K (n×n); sw = √w (0 = unit
 * weights), t (4n + 4) is workspace. Built from rank-one updates, four features per pass over K.
 */
export function ridgeKernel<S>(X: S, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                            t: usize, K: usize): void {
  zero(K, n * n);
  const t1 = t + (<usize>n << 3), t2 = t + (<usize>(2 * n) << 3), t3 = t + (<usize>(3 * n) << 3);
  for (let j = 0; j < p; j += 4) {
    // tᵤ = √w∘X̃ⱼ₊ᵤ; a short last block leaves its extra vectors at zero
    const k = min(4, p - j);
    for (let u = 0; u < 4; u++) {
      const tu = t + (<usize>(u * n) << 3);
      zero(tu, n);
      if (u < k) X.wxpy(n, j + u, 1.0, sw, at(m, j + u), tu);
    }
    const s0 = 1.0 / at(kappa, j);
    const s1 = k > 1 ? 1.0 / at(kappa, j + 1) : 0.0, s2 = k > 2 ? 1.0 / at(kappa, j + 2) : 0.0;
    const s3 = k > 3 ? 1.0 / at(kappa, j + 3) : 0.0;
    for (let i = 0; i < n; i++) {
      // column i, rows i..n-1
      const o = <usize>i << 3;
      axpy4(at(t, i) * s0, at(t1, i) * s1, at(t2, i) * s2, at(t3, i) * s3,
        t + o, t1 + o, t2 + o, t3 + o, col(K, n, i) + o, n - i);
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
