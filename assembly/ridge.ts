// Ridge in closed form: the normal equations through a Cholesky factorisation, either on the
// p×p weighted centred Gram (n ≥ p) or on the n×n kernel matrix (p > n). Matrices are
// column-major; only the lower triangle is read, and the upper one is scratch.
//
// The dense Gram, the kernel matrix and the Cholesky's trailing updates are one operation,
// C += α·PᵀP over a panel P (syrk below). It is compute-bound: a 4×4 tile of C stays in
// registers while the panel's rows stream past (six loads per sixteen multiply-adds), and a
// panel is sized to stay in L2, so each entry of X is read from memory once.
//
// For a large ridge solve the Gram or kernel matrix can be formed in single precision instead
// (f32x4: twice the multiply-adds per instruction) and the solution brought to double precision
// by iterative refinement against X itself, as LAPACK's dsposv does (src/ridge-refine.ts, with
// the products below: ridgeApplyPart for the Gram form, ridgeKernelApplyPart for the kernel
// form); the caller falls back to the double-precision matrix when refinement does not
// converge (an ill-conditioned system).
//
// Before forming any matrix the caller may try conjugate gradients (src/ridge-cg.ts), whose
// product X̃ᵀWX̃v is ridgeApplyPart too.

import { dot, axpy, axpy4, dot4, sum, zero, absMax, scale32 } from "./simd";
import { Dense } from "./storage";
import { tile } from "./scratch";

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
  gram = max(gram, singlePanelWords(p, n, 2 * panelDepth32(p, n)));
  const kernel = p > n ? max(panelDepth(n, p) * n, singlePanelWords(n, p, n)) : 0;
  return max(max(gram, kernel), 4 * n + 4);
}

// A tile's sums go on their way into C through this instance's scratch (scratch.ts): eight
// v128, column by column (two per column).

/**
 * The one microkernel of both syrks: over `rows` panel rows from r (`step` bytes apart), the
 * sums of x·y for the two v128 of T at byte ao (x: 4 f64 or 8 f32 rows of C) and each of the
 * four T at byte bo (y: four columns of C), into `tile`. Six loads per sixteen multiply-adds
 * (one per lane), with the eight accumulators in registers.
 */
// @ts-ignore: decorator
@inline function tileSums<T>(r: usize, step: usize, rows: i32, ao: usize, bo: usize): void {
  // cHU: the H-th v128 of rows (from a) times column b + U
  let c00 = v128.splat<T>(0), c01 = v128.splat<T>(0), c02 = v128.splat<T>(0), c03 = v128.splat<T>(0);
  let c10 = v128.splat<T>(0), c11 = v128.splat<T>(0), c12 = v128.splat<T>(0), c13 = v128.splat<T>(0);
  for (let k = 0; k < rows; k++, r += step) {
    const x0 = v128.load(r + ao), x1 = v128.load(r + ao, 16);
    let y = v128.load_splat<T>(r + bo);
    c00 = v128.add<T>(c00, v128.mul<T>(x0, y)); c10 = v128.add<T>(c10, v128.mul<T>(x1, y));
    y = v128.load_splat<T>(r + bo, sizeof<T>());
    c01 = v128.add<T>(c01, v128.mul<T>(x0, y)); c11 = v128.add<T>(c11, v128.mul<T>(x1, y));
    y = v128.load_splat<T>(r + bo, 2 * sizeof<T>());
    c02 = v128.add<T>(c02, v128.mul<T>(x0, y)); c12 = v128.add<T>(c12, v128.mul<T>(x1, y));
    y = v128.load_splat<T>(r + bo, 3 * sizeof<T>());
    c03 = v128.add<T>(c03, v128.mul<T>(x0, y)); c13 = v128.add<T>(c13, v128.mul<T>(x1, y));
  }
  v128.store(tile, c00); v128.store(tile, c10, 16);
  v128.store(tile, c01, 32); v128.store(tile, c11, 48);
  v128.store(tile, c02, 64); v128.store(tile, c12, 80);
  v128.store(tile, c03, 96); v128.store(tile, c13, 112);
}

/**
 * C += α·PᵀP on the lower triangle of the N×N matrix C (leading dimension ldc), where row r
 * of P (r < depth) is N values at P + r·ldp; only C's rows from `from` on (the ones above may
 * hold something else: a kept factor). Tiles on the diagonal also write their upper entries
 * (scratch); the last N mod 4 rows go entry by entry.
 */
function syrk(P: usize, ldp: i32, depth: i32, N: i32, C: usize, ldc: i32, alpha: f64, from: i32 = 0): void {
  const step = <usize>ldp << 3, ldcb = <usize>ldc << 3, va = f64x2.splat(alpha);
  const N4 = N & ~3, first = from & ~3;
  for (let b = 0; b < N4; b += 4) {
    const bo = <usize>b << 3;
    for (let a = max(b, first); a < N4; a += 4) {
      tileSums<f64>(P, step, depth, <usize>a << 3, bo);
      let c = C + <usize>b * ldcb + (<usize>a << 3);
      if (a < from) {
        // (a tile across `from`: its rows from there on only)
        for (let u = 0; u < 4; u++, c += ldcb) {
          const t = tile + (<usize>u << 5);
          for (let i = from - a; i < 4; i++) put(c, i, at(c, i) + alpha * at(t, i));
        }
        continue;
      }
      for (let u = 0; u < 4; u++, c += ldcb) {
        const t = tile + (<usize>u << 5);
        v128.store(c, f64x2.add(v128.load(c), f64x2.mul(va, v128.load(t))));
        v128.store(c, f64x2.add(v128.load(c, 16), f64x2.mul(va, v128.load(t, 16))), 16);
      }
    }
  }
  for (let a = max(N4, from); a < N; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0.0, r = P;
      for (let k = 0; k < depth; k++, r += step) s += at(r, a) * at(r, b);
      const c = col(C, ldc, b);
      put(c, a, at(c, a) + alpha * s);
    }
  }
}

/** k rounded up to a multiple of 8: single-precision panels are padded to whole 8×4 tiles. */
// @ts-ignore: decorator
@inline function pad8(k: i32): i32 { return (k + 7) & ~7; }

/** Rows of a single-precision panel of the given width (the same bytes as a double one). */
function panelDepth32(width: i32, rows: i32): i32 {
  return min(rows, max(8, min(1024, (PANEL_BYTES >> 2) / max(8, pad8(width)))));
}

/**
 * Workspace (f64 values) of a single-precision panel `width` wide over `rows` rows: the panel,
 * its column scales and `stage` staged values.
 */
function singlePanelWords(width: i32, rows: i32, stage: i32): i32 {
  return ((panelDepth32(width, rows) * pad8(width) + 1) >> 1) + pad8(width) + stage;
}

/** Rows a single-precision tile sums before adding into C in double precision. */
const FLUSH = 128;

/**
 * The power of two just above amax (1 for 0): values divided by it lie below 1 in magnitude,
 * exactly, so f32's range holds any double-precision column.
 */
function unscaleFor(amax: f64): f64 {
  if (!(amax > 0)) return 1.0;
  const e = min(1021, <i32>((reinterpret<u64>(amax) >> 52) & 0x7ff) - 1022);
  return reinterpret<f64>(<u64>(1023 + e) << 52);
}

/** dst[k·stride] = f32(v[k]·s) */
function storeScaled(v: usize, len: i32, s: f64, dst: usize, stride: usize): void {
  for (let i = 0; i < len; i++, dst += stride) store<f32>(dst, <f32>(at(v, i) * s));
}

/**
 * C += diag(u)·PᵀP·diag(u) on the lower triangle of the N×N f64 matrix C (leading dimension
 * ldc) for a panel of f32 rows: row r (r < depth) is ldp ≥ pad8(N) values at P + 4·r·ldp, zero
 * past N; u (pad8(N) f64) unscales the columns. 8×4 tiles sum at most FLUSH rows in f32, then add
 * into C in f64. Tiles that cross the diagonal also write upper entries (scratch).
 */
function syrk32(P: usize, ldp: i32, depth: i32, N: i32, u: usize, C: usize, ldc: i32): void {
  const step = <usize>ldp << 2, ldcb = <usize>ldc << 3;
  for (let b = 0; b < N; b += 4) {
    const bo = <usize>b << 2;
    for (let a = b & ~7; a < N; a += 8) {
      const ao = <usize>a << 2;
      for (let k0 = 0; k0 < depth; k0 += FLUSH) {
        tileSums<f32>(P + <usize>k0 * step, step, min(FLUSH, depth - k0), ao, bo);
        if (a + 8 <= N && b + 4 <= N) {
          const c = C + <usize>b * ldcb + (<usize>a << 3), ua = u + (<usize>a << 3);
          for (let t = 0; t < 4; t++) {
            const s = tile + (<usize>t << 5);
            flush8(v128.load(s), v128.load(s, 16), ua, at(u, b + t), c + <usize>t * ldcb);
          }
        } else {
          for (let t = 0; t < min(4, N - b); t++) {
            const c = col(C, ldc, b + t), ub = at(u, b + t);
            for (let i = 0; i < min(8, N - a); i++) {
              const e = <f64>load<f32>(tile + (<usize>(8 * t + i) << 2));
              put(c, a + i, at(c, a + i) + e * at(u, a + i) * ub);
            }
          }
        }
      }
    }
  }
}

/** c[0…7] += (lo, hi)·u[0…7]·ub: eight f32 sums widened into a column of C. */
// @ts-ignore: decorator
@inline function flush8(lo: v128, hi: v128, u: usize, ub: f64, c: usize): void {
  const vb = f64x2.splat(ub);
  const lo2 = v128.shuffle<f32>(lo, lo, 2, 3, 0, 1), hi2 = v128.shuffle<f32>(hi, hi, 2, 3, 0, 1);
  v128.store(c, f64x2.add(v128.load(c), f64x2.mul(f64x2.promote_low_f32x4(lo), f64x2.mul(v128.load(u), vb))));
  v128.store(c, f64x2.add(v128.load(c, 16), f64x2.mul(f64x2.promote_low_f32x4(lo2), f64x2.mul(v128.load(u, 16), vb))), 16);
  v128.store(c, f64x2.add(v128.load(c, 32), f64x2.mul(f64x2.promote_low_f32x4(hi), f64x2.mul(v128.load(u, 32), vb))), 32);
  v128.store(c, f64x2.add(v128.load(c, 48), f64x2.mul(f64x2.promote_low_f32x4(hi2), f64x2.mul(v128.load(u, 48), vb))), 48);
}

/** X's column for position t of a Gram over the columns idx (0: all, in order). */
// @ts-ignore: decorator
@inline function feature(idx: usize, t: i32): i32 { return idx == 0 ? t : load<i32>(idx + (<usize>t << 2)); }

/** diag(A) += kappa from row `from` on (over X's columns idx[t], or t when idx = 0; kappa = 0: none). */
function addDiagonal(A: usize, p: i32, idx: usize, kappa: usize, from: i32 = 0): void {
  if (kappa == 0) return;
  for (let t = from; t < p; t++) put(col(A, p, t), t, at(col(A, p, t), t) + at(kappa, feature(idx, t)));
}

/**
 * Lower triangle of X̃ᵀWX̃ + diag(kappa) into A (p×p) for a dense X, its rows from `from` on
 * (the ones above are left as they are: a kept factor, enet.ts); v (ridgeWorkspace) is
 * workspace. Rows go in panels of √wᵢ·(xᵢ − m), centred exactly and widened once, and each
 * panel adds its PᵀP. With idx (p i32, else 0) the matrix is that of columns idx[0…p−1] of X
 * (m and kappa indexed by X's columns; kappa = 0 adds nothing): coordinate descent's exact step
 * on its support, and the Gram columns its covariance mode fills in bulk. With rowList (count
 * i32) the sums run over those rows only (a CV fold's held-out rows, foldGram).
 */
export function ridgeGramDense<T>(X: Dense<T>, n: i32, p: i32, idx: usize, w: usize, m: usize,
                                  kappa: usize, v: usize, A: usize, from: i32 = 0,
                                  rowList: usize = 0, count: i32 = n): void {
  const depth = panelDepth(p, count), step = <usize>p << 3;
  const sw = v + (<usize>depth * step);
  if (from == 0) zero(A, p * p);
  else for (let s = 0; s < p; s++) { const r = max(s, from); zero(col(A, p, s) + (<usize>r << 3), p - r); }
  for (let r0 = 0; r0 < count; r0 += depth) {
    const rows = min(depth, count - r0);
    for (let r = 0; r < rows; r++) put(sw, r, w == 0 ? 1.0 : Math.sqrt(at(w, feature(rowList, r0 + r))));
    for (let t = 0; t < p; t++) {
      const j = feature(idx, t), mj = at(m, j);
      let d = v + (<usize>t << 3);
      if (rowList == 0) for (let r = 0; r < rows; r++, d += step) store<f64>(d, at(sw, r) * (X.get(n, r0 + r, j) - mj));
      else for (let r = 0; r < rows; r++, d += step) store<f64>(d, at(sw, r) * (X.get(n, feature(rowList, r0 + r), j) - mj));
    }
    syrk(v, p, rows, p, A, p, 1.0, from);
  }
  addDiagonal(A, p, idx, kappa, from);
}

/**
 * ridgeGramDense (without idx or κ) in single precision over rows r0 … r1 − 1 only, into A: a
 * part of the Gram that ridgeAddParts sums with the others (the parts can run on different
 * threads). Each column's stretch of a panel is staged in f64 (√wᵢ·(xᵢⱼ − mⱼ), centred exactly)
 * and stored scaled in f32; syrk32 adds the panel's PᵀP into A in f64. Entries are off by ~1e-7
 * relative: an approximation for the refinement.
 */
export function ridgeGramSingle<T>(X: Dense<T>, n: i32, p: i32, w: usize, m: usize,
                                   r0: i32, r1: i32, v: usize, A: usize): void {
  const depth = panelDepth32(p, r1 - r0), ldp = pad8(p), stride = <usize>ldp << 2;
  const u = v + (<usize>((depth * ldp + 1) >> 1) << 3), sw = u + (<usize>ldp << 3), x = sw + (<usize>depth << 3);
  zero(A, p * p);
  memory.fill(v, 0, <usize>depth * stride);
  zero(u, ldp);
  for (let i0 = r0; i0 < r1; i0 += depth) {
    const rows = min(depth, r1 - i0);
    for (let r = 0; r < rows; r++) put(sw, r, w == 0 ? 1.0 : Math.sqrt(at(w, i0 + r)));
    for (let j = 0; j < p; j++) {
      const mj = at(m, j);
      for (let r = 0; r < rows; r++) put(x, r, at(sw, r) * (X.get(n, i0 + r, j) - mj));
      const uj = unscaleFor(absMax(x, rows));
      storeScaled(x, rows, 1.0 / uj, v + (<usize>j << 2), stride);
      put(u, j, uj);
    }
    syrk32(v, ldp, rows, p, u, A, p);
  }
}

/**
 * The same for compressed sparse columns, column by column: O(nnz·p) rather than the O(n·p²)
 * of the dense panels, which wins below ~10% density. Columns go four at a time (dot4), so X
 * is read p/4 times; v (4n + 4) is workspace. idx and `from` as in ridgeGramDense (q indexed
 * by X's columns too).
 */
export function ridgeGramSparse<S>(X: S, n: i32, p: i32, idx: usize, w: usize, m: usize, q: usize,
                                   kappa: usize, v: usize, A: usize, from: i32 = 0): void {
  const out = v + (<usize>(4 * n) << 3);
  for (let j = 0; j < p; j += 4) {
    const k = min(4, p - j);
    // vₖ = w∘X̃ⱼ₊ₖ; a short last block repeats its last column (results ignored)
    for (let t = 0; t < 4; t++) {
      const vt = v + (<usize>(t * n) << 3), jt = feature(idx, j + min(t, k - 1));
      zero(vt, n);
      X.wxpy(n, jt, 1.0, w, at(m, jt), vt);
    }
    for (let i = max(j, from); i < p; i++) {
      const xi = feature(idx, i);
      X.dot4(n, xi, v, v + (<usize>n << 3), v + (<usize>(2 * n) << 3), v + (<usize>(3 * n) << 3), out);
      for (let t = 0; t < k; t++) {
        // X̃ᵢᵀ(w∘X̃ⱼ) = Xᵢᵀ(w∘X̃ⱼ) − mᵢ·Σ w∘X̃ⱼ
        if (i >= j + t) put(col(A, p, j + t), i, at(out, t) - at(m, xi) * at(q, feature(idx, j + t)));
      }
    }
  }
  addDiagonal(A, p, idx, kappa, from);
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
    for (let r = 0; r < rows; r++) kernelRow<S>(X, n, j0 + r, sw, m, kappa, t + ((<usize>r * <usize>n) << 3));
    syrk(t, n, rows, n, K, n, 1.0);
  }
  for (let i = 0; i < n; i++) put(col(K, n, i), i, at(col(K, n, i), i) + 1.0);
}

/** row = √w∘X̃ⱼ/√κⱼ: feature j's row of the kernel's panel. */
function kernelRow<S>(X: S, n: i32, j: i32, sw: usize, m: usize, kappa: usize, row: usize): void {
  zero(row, n);
  X.wxpy(n, j, 1.0 / Math.sqrt(at(kappa, j)), sw, at(m, j), row);
}

/**
 * ridgeKernel (without its + I) in single precision over features j0 … j1 − 1 only, into K: a
 * part for ridgeAddParts. A panel's rows are computed in f64 and stored in f32 under one scale,
 * in one pass (wxpyNarrow; a per-row scale would not factor out of PᵀP), and syrk32 adds its
 * PᵀP into K in f64. The scale is the power of two above the panel's largest |value| so far: a
 * row that exceeds it rescales the rows stored before it (exactly, by a power of two) while
 * that has cost less than one more panel's worth of values, and otherwise ends the panel early;
 * only the row that grows it is staged twice. An approximation for the refinement.
 */
export function ridgeKernelSingle<S>(X: S, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                                     j0: i32, j1: i32, t: usize, K: usize): void {
  const depth = panelDepth32(n, j1 - j0), ldp = pad8(n), stride = <usize>ldp << 2;
  const u = t + (<usize>((depth * ldp + 1) >> 1) << 3), x = u + (<usize>ldp << 3);
  zero(K, n * n);
  memory.fill(t, 0, <usize>depth * stride);
  let rows = 0, unscale = 0.0, budget = depth;
  for (let j = j0; j < j1; j++) {
    const c = 1.0 / Math.sqrt(at(kappa, j)), mj = at(m, j);
    let row = t + <usize>rows * stride;
    const amax = X.wxpyNarrow(n, j, c, sw, mj, 1.0 / unscale, x, row);
    if (amax >= unscale) {
      const grown = unscaleFor(amax);
      // (a jump past 2¹⁰⁰ would flush the rows stored so far to zero in f32: end the panel)
      if (rows > budget || (rows > 0 && unscale < grown * 7.888609052210118e-31)) {
        kernelPanel(t, ldp, rows, n, u, unscale, K);
        rows = 0;
        row = t;
        budget = depth;
      } else if (rows > 0) {
        scale32(<f32>(unscale / grown), t, rows * ldp);
        budget -= rows;
      }
      unscale = grown;
      X.wxpyNarrow(n, j, c, sw, mj, 1.0 / unscale, x, row);
    }
    if (++rows == depth) {
      kernelPanel(t, ldp, rows, n, u, unscale, K);
      rows = 0;
      unscale = 0.0;
      budget = depth;
    }
  }
  if (rows > 0) kernelPanel(t, ldp, rows, n, u, unscale, K);
}

/** K += PᵀP for `rows` f32 rows of P stored under one scale. */
function kernelPanel(P: usize, ldp: i32, rows: i32, n: i32, u: usize, unscale: f64, K: usize): void {
  for (let i = 0; i < ldp; i++) put(u, i, unscale);
  syrk32(P, ldp, rows, n, u, K, n);
}

/**
 * A += B on the lower triangle of dim×dim matrices (B = 0: A is the whole matrix), then the
 * diagonal of the ridge system: + κ (a Gram's) or, with kappa = 0, + 1 (the kernel form's).
 * Parts are summed in a fixed order, so the matrix has the same bits however many threads
 * formed them.
 */
export function ridgeAddParts(A: usize, B: usize, dim: i32, kappa: usize): void {
  for (let j = 0; B != 0 && j < dim; j++) {
    const a = col(A, dim, j), b = col(B, dim, j);
    for (let i = j; i < dim; i++) put(a, i, at(a, i) + at(b, i));
  }
  if (kappa != 0) addDiagonal(A, dim, 0, kappa);
  else for (let i = 0; i < dim; i++) put(col(A, dim, i), i, at(col(A, dim, i), i) + 1.0);
}

/**
 * In-place Cholesky A = LLᵀ of the lower triangle, blocked right-looking: a block of columns
 * is factored left-looking within itself, then the rest of the matrix is updated by its
 * PᵀP in one syrk. Returns 0, or k+1 when the k-th pivot is not clearly positive (≤ 1e-12 of
 * its diagonal).
 */
export function cholesky(A: usize, p: i32): i32 {
  return choleskyFrom(A, p, 0);
}

/**
 * cholesky() of a matrix whose first `from` columns are factored already and applied to the
 * rest (the trailing block holds A₂₂ − L₂₁L₂₁ᵀ): the factor of the trailing columns.
 */
function choleskyFrom(A: usize, p: i32, from: i32): i32 {
  for (let j0 = from; j0 < p; j0 += CHOL_BLOCK) {
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

/**
 * Completes the Cholesky factor of a p×p matrix from the factor L₁₁ of its leading keep×keep
 * block (in place in A's leading block): A's rows keep… of the first keep columns become
 * L₂₁ = A₂₁L₁₁⁻ᵀ (a forward substitution per row, (p − keep)·keep²/2 multiply-adds), the trailing
 * block A₂₂ − L₂₁L₂₁ᵀ (one syrk), then its factor. The same factor as cholesky() of A, at the
 * cost of the rows added rather than keep³/3 more. Returns as cholesky() does.
 */
export function cholExtend(A: usize, p: i32, keep: i32): i32 {
  if (keep == 0) return cholesky(A, p);
  const k = p - keep;
  if (k == 0) return 0; // (the whole factor is there)
  const below = <usize>keep << 3;
  for (let c = 0; c < keep; c++) {
    const cc = col(A, p, c);
    for (let d = 0; d < c; d++) {
      const lcd = at(col(A, p, d), c);
      if (lcd != 0) axpy<f64>(-lcd, col(A, p, d) + below, cc + below, k);
    }
    const inv = 1.0 / at(cc, c);
    for (let i = keep; i < p; i++) put(cc, i, at(cc, i) * inv);
  }
  syrk(A + below, p, keep, k, col(A, p, keep) + below, p, -1.0);
  return choleskyFrom(A, p, keep);
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

/**
 * Writes d = 1/√diag(A) (1 where the diagonal is not positive) and returns ‖DAD‖∞, the largest
 * absolute row sum of the equilibrated matrix (A symmetric, dim×dim, in its lower triangle):
 * refinement measures its residual in these units, so that features on very different scales
 * are all held to rounding level.
 */
export function ridgeEquilibrate(A: usize, dim: i32, d: usize): f64 {
  for (let i = 0; i < dim; i++) {
    const a = at(col(A, dim, i), i);
    put(d, i, a > 0 ? 1.0 / Math.sqrt(a) : 1.0);
  }
  let norm = 0.0;
  for (let i = 0; i < dim; i++) {
    let s = 0.0;
    for (let j = 0; j <= i; j++) s += abs(at(col(A, dim, j), i)) * at(d, j);
    for (let j = i + 1; j < dim; j++) s += abs(at(col(A, dim, i), j)) * at(d, j);
    norm = max(norm, s * at(d, i));
  }
  return norm;
}

/**
 * The kernel form's product over features j0 … j1 − 1, in parts that may run on different
 * threads: z[j] = X̃ⱼᵀ(sw∘x)/κⱼ for those j (z is shared, each part writes its own range), and
 * u = Σ zⱼX̃ⱼ over them (each part its own u; the parts' u sum to X̃z). With z = Ãᵀx/κ the
 * caller has Ãdiag(κ)⁻¹Ãᵀx = sw∘X̃z, and z itself is the ridge coefficient of that x (Ã = √W X̃,
 * sw = √w, 0: unit weights). A column's dot and its update are taken while it is in cache, and
 * the shifts enter once, as Σzⱼmⱼ on every row, so a CSC part stays O(nonzeros). v (n) is
 * workspace.
 */
export function ridgeKernelApplyPart<S>(X: S, n: i32, sw: usize, m: usize, kappa: usize, x: usize,
                                        j0: i32, j1: i32, v: usize, z: usize, u: usize): void {
  for (let i = 0; i < n; i++) put(v, i, (sw == 0 ? 1.0 : at(sw, i)) * at(x, i));
  const sv = sum<f64>(v, n);
  zero(u, n);
  let shift = 0.0, j = j0;
  // four columns at a time: v and u are loaded once for four
  for (; j + 4 <= j1; j += 4) {
    X.columnDots(n, j, j + 1, j + 2, j + 3, v, tile);
    for (let k = 0; k < 4; k++) {
      const zk = (at(tile, k) - at(m, j + k) * sv) / at(kappa, j + k);
      put(z, j + k, zk);
      shift += zk * at(m, j + k);
    }
    X.addColumns(n, j, j + 1, j + 2, j + 3, at(z, j), at(z, j + 1), at(z, j + 2), at(z, j + 3), u);
  }
  for (; j < j1; j++) {
    const zj = (X.dot(n, j, v) - at(m, j) * sv) / at(kappa, j);
    put(z, j, zj);
    if (zj == 0) continue;
    X.wxpy(n, j, zj, 0, 0.0, u);
    shift += zj * at(m, j);
  }
  for (let i = 0; i < n; i++) put(u, i, at(u, i) - shift);
}

/**
 * Bytes of the rows of X that ridgeApplyPart takes at a time: within a 2 MiB per-core L2, so
 * that the rows read for X̃v are still cached when X̃ᵀ(w∘u) reads them again.
 */
const APPLY_BLOCK_BYTES = 1 << 19;

/**
 * out = X̃ᵀWX̃v over the rows r0 … r1 − 1 of a dense X (X̃ⱼ = Xⱼ − mⱼ; w = 0: unit weights): the
 * product of a conjugate-gradient or refinement step on the Gram form, in row ranges that may
 * run on different threads (the caller sums their outputs). Block by block of rows, u = X̃v then
 * out += X̃ᵀ(w∘u), so X is read from memory once. u (n values; each part writes its rows, so
 * parts share one) is left holding X̃v: the fitted values, from which the caller forms the
 * residual when v is the answer. t is
 * workspace for w∘u when weighted: applyBlockRows(p, sizeof<T>()) values, or r1 − r0 when fewer.
 */
export function ridgeApplyPart<T>(X: Dense<T>, n: i32, p: i32, w: usize, m: usize, v: usize,
                                  r0: i32, r1: i32, u: usize, t: usize, out: usize): void {
  const rows = applyBlockRows(p, sizeof<T>()), stride = <usize>n * sizeof<T>(), p4 = p & ~3;
  let s = 0.0;
  for (let j = 0; j < p; j++) s += at(m, j) * at(v, j);
  zero(out, p);
  for (let i0 = r0; i0 < r1; i0 += rows) {
    const len = min(rows, r1 - i0), x = changetype<usize>(X) + <usize>i0 * sizeof<T>();
    const ub = u + (<usize>i0 << 3);
    for (let i = 0; i < len; i++) put(ub, i, -s);
    let j = 0;
    for (; j < p4; j += 4) {
      const xj = x + <usize>j * stride;
      axpy4<T>(at(v, j), at(v, j + 1), at(v, j + 2), at(v, j + 3), xj, xj + stride, xj + 2 * stride, xj + 3 * stride, ub, len);
    }
    for (; j < p; j++) axpy<T>(at(v, j), x + <usize>j * stride, ub, len);
    let wu = ub;
    if (w != 0) {
      for (let i = 0; i < len; i++) put(t, i, at(ub, i) * at(w, i0 + i));
      wu = t;
    }
    const su = sum<f64>(wu, len);
    for (j = 0; j < p4; j += 4) {
      const xj = x + <usize>j * stride;
      dot4<T>(xj, xj + stride, xj + 2 * stride, xj + 3 * stride, wu, len, tile);
      for (let k = 0; k < 4; k++) put(out, j + k, at(out, j + k) + at(tile, k) - at(m, j + k) * su);
    }
    for (; j < p; j++) put(out, j, at(out, j) + dot<T>(x + <usize>j * stride, wu, len) - at(m, j) * su);
  }
}

/** Rows per block of ridgeApplyPart for p columns of `size` bytes (the workspace it needs). */
export function applyBlockRows(p: i32, size: i32): i32 {
  return max(8, min(4096, (APPLY_BLOCK_BYTES / max(p * size, 1)) & ~7));
}
