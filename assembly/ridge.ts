// Ridge in closed form: the normal equations through a Cholesky factorisation, either on the
// p×p weighted centred Gram (n ≥ p) or on the n×n kernel matrix (p > n). Matrices are
// column-major; only the lower triangle is read, and the upper one is scratch.
//
// The dense Gram, the kernel matrix and the Cholesky's trailing updates are one operation,
// C += α·PᵀP over a panel P (syrk below). It is compute-bound: a 4×4 tile of C stays in
// registers while the panel's rows stream past (six loads per sixteen multiply-adds), and a
// panel is sized to stay in L2, so each entry of X is read from memory once.

import { dot, axpy, zero } from "./simd";
import { Dense } from "./storage";

// @ts-ignore: decorator
@inline function at(p: usize, j: i32): f64 { return load<f64>(p + (<usize>j << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, j: i32, v: f64): void { store<f64>(p + (<usize>j << 3), v); }
// @ts-ignore: decorator
@inline function col(A: usize, rows: i32, j: i32): usize { return A + ((<usize>rows * <usize>j) << 3); }

/**
 * Bytes of a panel: half of a 2 MiB per-core L2, so that the panel and the tiles of C it
 * updates stay cached (0.5, 1 and 2 MiB measured alike on 10000 × 1000, within the noise
 * of a shared machine).
 */
const PANEL_BYTES = 1 << 20;

/** Columns per block of the Cholesky: its panel (rows × 32) and the trailing tiles stay in L2. */
const CHOL_BLOCK = 32;

/**
 * Rows of a panel of the given width, out of `rows` in all: a deeper panel adds fewer passes
 * over C, a wider one fewer rows per pass.
 */
function panelDepth(width: i32, rows: i32): i32 {
  return min(rows, max(8, min(512, (PANEL_BYTES >> 3) / max(width, 1))));
}

/**
 * Workspace (f64 values) that ridgeGram and ridgeKernel need for an n×p design: a Gram panel
 * and its √w (the Gram serves any shape), a kernel panel when p > n, four columns for CSC.
 * The Gram's panel is sized for any number of columns up to p (coordinate descent takes the
 * Gram of its support, whatever its size, in one workspace).
 */
export function ridgeWorkspace(n: i32, p: i32): i32 {
  let gram = 0;
  for (let k = 1; k <= p; k++) gram = max(gram, panelDepth(k, n) * (k + 1));
  const kernel = p > n ? panelDepth(n, p) * n : 0;
  return max(max(gram, kernel), 4 * n + 4);
}

/**
 * C += α·PᵀP on the lower triangle of the N×N matrix C (leading dimension ldc), where row r
 * of P (r < depth) is N values at P + r·ldp. Tiles on the diagonal also write their upper
 * entries (scratch); the last N mod 4 rows go entry by entry.
 */
function syrk(P: usize, ldp: i32, depth: i32, N: i32, C: usize, ldc: i32, alpha: f64): void {
  const step = <usize>ldp << 3, ldcb = <usize>ldc << 3, va = f64x2.splat(alpha);
  const N4 = N & ~3;
  for (let b = 0; b < N4; b += 4) {
    const bo = <usize>b << 3;
    for (let a = b; a < N4; a += 4) {
      const ao = <usize>a << 3;
      // cHU: rows a + 2H, a + 2H + 1 of column b + U
      let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c02 = f64x2.splat(0), c03 = f64x2.splat(0);
      let c10 = f64x2.splat(0), c11 = f64x2.splat(0), c12 = f64x2.splat(0), c13 = f64x2.splat(0);
      let r = P;
      for (let k = 0; k < depth; k++, r += step) {
        const x0 = v128.load(r + ao), x1 = v128.load(r + ao, 16);
        let y = v128.load64_splat(r + bo);
        c00 = f64x2.add(c00, f64x2.mul(x0, y)); c10 = f64x2.add(c10, f64x2.mul(x1, y));
        y = v128.load64_splat(r + bo, 8);
        c01 = f64x2.add(c01, f64x2.mul(x0, y)); c11 = f64x2.add(c11, f64x2.mul(x1, y));
        y = v128.load64_splat(r + bo, 16);
        c02 = f64x2.add(c02, f64x2.mul(x0, y)); c12 = f64x2.add(c12, f64x2.mul(x1, y));
        y = v128.load64_splat(r + bo, 24);
        c03 = f64x2.add(c03, f64x2.mul(x0, y)); c13 = f64x2.add(c13, f64x2.mul(x1, y));
      }
      let c = C + <usize>b * ldcb + ao;
      v128.store(c, f64x2.add(v128.load(c), f64x2.mul(va, c00)));
      v128.store(c, f64x2.add(v128.load(c, 16), f64x2.mul(va, c10)), 16);
      c += ldcb;
      v128.store(c, f64x2.add(v128.load(c), f64x2.mul(va, c01)));
      v128.store(c, f64x2.add(v128.load(c, 16), f64x2.mul(va, c11)), 16);
      c += ldcb;
      v128.store(c, f64x2.add(v128.load(c), f64x2.mul(va, c02)));
      v128.store(c, f64x2.add(v128.load(c, 16), f64x2.mul(va, c12)), 16);
      c += ldcb;
      v128.store(c, f64x2.add(v128.load(c), f64x2.mul(va, c03)));
      v128.store(c, f64x2.add(v128.load(c, 16), f64x2.mul(va, c13)), 16);
    }
  }
  for (let a = N4; a < N; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0.0, r = P;
      for (let k = 0; k < depth; k++, r += step) s += at(r, a) * at(r, b);
      const c = col(C, ldc, b);
      put(c, a, at(c, a) + alpha * s);
    }
  }
}

/**
 * Lower triangle of X̃ᵀWX̃ + diag(kappa) into A (p×p) for a dense X; v (ridgeWorkspace) is
 * workspace. Rows go in panels of √wᵢ·(xᵢ − m), centred exactly and widened once, and each
 * panel adds its PᵀP. With idx (p i32, else 0) the matrix is that of columns idx[0…p−1] of X
 * (m and kappa indexed by X's columns): coordinate descent's exact step on its support.
 */
export function ridgeGramDense<T>(X: Dense<T>, n: i32, p: i32, idx: usize, w: usize, m: usize,
                                  kappa: usize, v: usize, A: usize): void {
  const depth = panelDepth(p, n), step = <usize>p << 3;
  const sw = v + (<usize>depth * step);
  zero(A, p * p);
  for (let r0 = 0; r0 < n; r0 += depth) {
    const rows = min(depth, n - r0);
    for (let r = 0; r < rows; r++) put(sw, r, w == 0 ? 1.0 : Math.sqrt(at(w, r0 + r)));
    for (let t = 0; t < p; t++) {
      const j = idx == 0 ? t : load<i32>(idx + (<usize>t << 2)), mj = at(m, j);
      let d = v + (<usize>t << 3);
      for (let r = 0; r < rows; r++, d += step) store<f64>(d, at(sw, r) * (X.get(n, r0 + r, j) - mj));
    }
    syrk(v, p, rows, p, A, p, 1.0);
  }
  for (let t = 0; t < p; t++) {
    const j = idx == 0 ? t : load<i32>(idx + (<usize>t << 2));
    put(col(A, p, t), t, at(col(A, p, t), t) + at(kappa, j));
  }
}

/**
 * The same for compressed sparse columns, column by column: O(nnz·p) rather than the O(n·p²)
 * of the dense panels, which wins below ~10% density. Columns go four at a time (dot4), so X
 * is read p/4 times; v (4n + 4) is workspace.
 */
export function ridgeGramSparse<S>(X: S, n: i32, p: i32, w: usize, m: usize, q: usize,
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
 * weights), t (ridgeWorkspace) is workspace. Features go in panels, one row
 * √(1/κⱼ)·√w∘X̃ⱼ per feature, and each panel adds its PᵀP.
 */
export function ridgeKernel<S>(X: S, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                               t: usize, K: usize): void {
  const depth = panelDepth(n, p);
  zero(K, n * n);
  for (let j0 = 0; j0 < p; j0 += depth) {
    const rows = min(depth, p - j0);
    for (let r = 0; r < rows; r++) {
      const j = j0 + r, row = t + ((<usize>r * <usize>n) << 3);
      zero(row, n);
      X.wxpy(n, j, 1.0 / Math.sqrt(at(kappa, j)), sw, at(m, j), row);
    }
    syrk(t, n, rows, n, K, n, 1.0);
  }
  for (let i = 0; i < n; i++) put(col(K, n, i), i, at(col(K, n, i), i) + 1.0);
}

/**
 * In-place Cholesky A = LLᵀ of the lower triangle, blocked right-looking: a block of columns
 * is factored left-looking within itself, then the rest of the matrix is updated by its
 * PᵀP in one syrk. Returns 0, or k+1 when the k-th pivot is not clearly positive (≤ 1e-12 of
 * its diagonal).
 */
export function cholesky(A: usize, p: i32): i32 {
  for (let j0 = 0; j0 < p; j0 += CHOL_BLOCK) {
    const j1 = min(j0 + CHOL_BLOCK, p);
    for (let j = j0; j < j1; j++) {
      const cj = col(A, p, j);
      // a[j:, j] -= L[j:, j0:j] · L[j, j0:j]: the columns before j0 are in already
      for (let k = j0; k < j; k++) {
        const ljk = at(col(A, p, k), j);
        if (ljk != 0) axpy<f64>(-ljk, col(A, p, k) + (<usize>j << 3), cj + (<usize>j << 3), p - j);
      }
      const d = at(cj, j);
      // the diagonal before any update is d + Σ L[j, :j]²; a pivot lost to rounding means
      // (numerical) rank deficiency: refuse rather than amplify
      let done = 0.0;
      for (let k = 0; k < j; k++) { const l = at(col(A, p, k), j); done += l * l; }
      if (!(d > 1e-12 * (d + done))) return j + 1;
      const r = Math.sqrt(d);
      put(cj, j, r);
      const inv = 1.0 / r;
      for (let i = j + 1; i < p; i++) put(cj, i, at(cj, i) * inv);
    }
    // A[j1:, j1:] -= L[j1:, j0:j1] · L[j1:, j0:j1]ᵀ: row r of the panel is column j0 + r of L
    if (j1 < p) syrk(col(A, p, j0) + (<usize>j1 << 3), p, j1 - j0, p - j1, col(A, p, j1) + (<usize>j1 << 3), p, -1.0);
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
