// The layouts a design can be stored in, as the kernels read them. Each kernel is written once
// over a storage type S and takes X as an S: an unmanaged view placed at the design's address,
// so `X.dot(…)` compiles to direct loads with nothing virtual. The ops read the stored columns
// as they are; centring is the kernels' business (X̃ⱼ = Xⱼ − mⱼ, with mⱼ passed in).
//
// T is the element type of the stored values (f64, or f32 widened to f64 on load); every other
// operand is f64, and w = 0 means unit weights.

import { dot, dot4, axpy4, wxpy, sum, wssd, column, ld, wxpyNarrow, absMax, narrow } from "./simd";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/**
 * Rows up to which columnDots reads four adjacent columns one after the other, a single stream,
 * rather than side by side: four short streams at once (a column of 200 is 25 cache lines)
 * leave the hardware prefetcher behind, and a pass over X ran at a third of the memory's speed
 * (8.1 against 29 GB/s at n = 200, 13 against 24 at 800; from 1600 rows sharing v's loads wins,
 * 17 against 11.5, as v no longer stays in L1). Scattered columns are separate streams anyway,
 * and four of them side by side overlap their misses (a random quarter of the columns at
 * n = 200: 2.0 ms side by side, 3.0 one after the other).
 */
// @ts-ignore: decorator
@inline const SHORT_COLUMN: i32 = 1024;

/** Column-major n×p of T: the view's address is X[0, 0]. */
@final @unmanaged export class Dense<T> {
  /** xᵢⱼ */
  // @ts-ignore: decorator
  @inline get(n: i32, i: i32, j: i32): f64 {
    return ld<T>(column<T>(changetype<usize>(this), n, j), i);
  }

  /** Σᵢ xᵢⱼ vᵢ */
  // @ts-ignore: decorator
  @inline dot(n: i32, j: i32, v: usize): f64 {
    return dot<T>(column<T>(changetype<usize>(this), n, j), v, n);
  }

  /** y += a·w∘(xⱼ − m) */
  // @ts-ignore: decorator
  @inline wxpy(n: i32, j: i32, a: f64, w: usize, m: f64, y: usize): void {
    wxpy<T>(a, w, column<T>(changetype<usize>(this), n, j), m, y, n);
  }

  /**
   * Column j itself as an f64 vector to take raw dot products with, or 0 where there is none:
   * unit weights and float64 storage. The columns are stored centred at their plain means
   * (DesignMatrix.from), so raw products lose nothing to a centring correction of size n·mᵢmⱼ.
   */
  // @ts-ignore: decorator
  @inline rawColumn(n: i32, j: i32, w: usize): usize {
    return w == 0 && sizeof<T>() == 8 ? column<T>(changetype<usize>(this), n, j) : 0;
  }

  /**
   * out[k] = Σᵢ xᵢ,ⱼₖ vᵢ for the columns j₀ … j₃: four dots, sharing the loads of v; four
   * adjacent short columns one after the other (SHORT_COLUMN).
   */
  // @ts-ignore: decorator
  @inline columnDots(n: i32, j0: i32, j1: i32, j2: i32, j3: i32, v: usize, out: usize): void {
    const x = changetype<usize>(this);
    if (n <= SHORT_COLUMN && j1 == j0 + 1 && j2 == j0 + 2 && j3 == j0 + 3) {
      store<f64>(out, dot<T>(column<T>(x, n, j0), v, n));
      store<f64>(out, dot<T>(column<T>(x, n, j1), v, n), 8);
      store<f64>(out, dot<T>(column<T>(x, n, j2), v, n), 16);
      store<f64>(out, dot<T>(column<T>(x, n, j3), v, n), 24);
    } else dot4<T>(column<T>(x, n, j0), column<T>(x, n, j1), column<T>(x, n, j2), column<T>(x, n, j3), v, n, out);
  }

  /** Whether columnDots reads v once for its four columns (long columns: n > SHORT_COLUMN). */
  // @ts-ignore: decorator
  @inline sharesDots(n: i32): bool { return n > SHORT_COLUMN; }

  /** y += Σₖ aₖ·xⱼₖ over the columns j₀ … j₃, y loaded and stored once. */
  // @ts-ignore: decorator
  @inline addColumns(n: i32, j0: i32, j1: i32, j2: i32, j3: i32, a0: f64, a1: f64, a2: f64, a3: f64, y: usize): void {
    const x = changetype<usize>(this);
    axpy4<T>(a0, a1, a2, a3, column<T>(x, n, j0), column<T>(x, n, j1), column<T>(x, n, j2), column<T>(x, n, j3), y, n);
  }

  /**
   * dst[i] = f32(s·vᵢ) for v = a·w∘(xⱼ − m), returning max |vᵢ| (a single-precision panel's
   * row); t (n) is workspace that only CSC needs.
   */
  // @ts-ignore: decorator
  @inline wxpyNarrow(n: i32, j: i32, a: f64, w: usize, m: f64, s: f64, t: usize, dst: usize): f64 {
    return wxpyNarrow<T>(a, w, column<T>(changetype<usize>(this), n, j), m, s, dst, n);
  }

  /** Σᵢ wᵢ xᵢⱼ */
  // @ts-ignore: decorator
  @inline wsum(n: i32, j: i32, w: usize): f64 {
    const x = column<T>(changetype<usize>(this), n, j);
    return w == 0 ? sum<T>(x, n) : dot<T>(x, w, n);
  }

  /** Σᵢ wᵢ (xᵢⱼ − m)²; W = Σᵢ wᵢ (unused here: every row is stored). */
  // @ts-ignore: decorator
  @inline wssd(n: i32, j: i32, w: usize, m: f64, W: f64): f64 {
    return wssd<T>(w, column<T>(changetype<usize>(this), n, j), m, n);
  }
}

/**
 * Compressed sparse columns (scikit-learn's and SciPy's CSC): the view is a header of three
 * pointers, to indptr (p + 1 i32), indices (nnz i32, strictly increasing rows within a
 * column) and data (nnz T). Column j is entries indptr[j] … indptr[j+1] − 1; every other
 * entry is zero, so each op costs O(nnz of the column), except a shifted wxpy (its shift
 * touches every row).
 */
@final @unmanaged export class Csc<T> {
  indptr: usize;
  indices: usize;
  data: usize;

  /** Σᵢ xᵢⱼ vᵢ */
  // @ts-ignore: decorator
  @inline dot(n: i32, j: i32, v: usize): f64 {
    const ix = this.indices, xs = this.data;
    const end = this.end(j);
    let k = this.start(j), s0 = 0.0, s1 = 0.0;
    for (; k + 1 < end; k += 2) {
      s0 += ld<T>(xs, k) * at(v, row(ix, k));
      s1 += ld<T>(xs, k + 1) * at(v, row(ix, k + 1));
    }
    if (k < end) s0 += ld<T>(xs, k) * at(v, row(ix, k));
    return s0 + s1;
  }

  /** out[k] = Σᵢ xᵢⱼ·vₖ[i] for four vectors. */
  // @ts-ignore: decorator
  @inline dot4(n: i32, j: i32, v0: usize, v1: usize, v2: usize, v3: usize, out: usize): void {
    const ix = this.indices, xs = this.data;
    let r0 = 0.0, r1 = 0.0, r2 = 0.0, r3 = 0.0;
    for (let k = this.start(j), end = this.end(j); k < end; k++) {
      const x = ld<T>(xs, k), i = row(ix, k);
      r0 += x * at(v0, i); r1 += x * at(v1, i); r2 += x * at(v2, i); r3 += x * at(v3, i);
    }
    store<f64>(out, r0); store<f64>(out, r1, 8); store<f64>(out, r2, 16); store<f64>(out, r3, 24);
  }

  /** None: sparse columns are stored uncentred, and their means may dwarf their spread. */
  // @ts-ignore: decorator
  @inline rawColumn(n: i32, j: i32, w: usize): usize { return 0; }

  /** columnDots is four separate dots here: nothing shared. */
  // @ts-ignore: decorator
  @inline sharesDots(n: i32): bool { return false; }

  /** As Dense's, a column at a time (sparse columns share no loads). */
  // @ts-ignore: decorator
  @inline columnDots(n: i32, j0: i32, j1: i32, j2: i32, j3: i32, v: usize, out: usize): void {
    store<f64>(out, this.dot(n, j0, v));
    store<f64>(out, this.dot(n, j1, v), 8);
    store<f64>(out, this.dot(n, j2, v), 16);
    store<f64>(out, this.dot(n, j3, v), 24);
  }

  /** As Dense's, a column at a time. */
  // @ts-ignore: decorator
  @inline addColumns(n: i32, j0: i32, j1: i32, j2: i32, j3: i32, a0: f64, a1: f64, a2: f64, a3: f64, y: usize): void {
    if (a0 != 0) this.wxpy(n, j0, a0, 0, 0.0, y);
    if (a1 != 0) this.wxpy(n, j1, a1, 0, 0.0, y);
    if (a2 != 0) this.wxpy(n, j2, a2, 0, 0.0, y);
    if (a3 != 0) this.wxpy(n, j3, a3, 0, 0.0, y);
  }

  /** y += a·w∘(xⱼ − m): the stored entries, then the shift (if any) on every row. */
  // @ts-ignore: decorator
  @inline wxpy(n: i32, j: i32, a: f64, w: usize, m: f64, y: usize): void {
    const ix = this.indices, xs = this.data, end = this.end(j);
    if (w == 0) {
      for (let k = this.start(j); k < end; k++) {
        const o = <usize>row(ix, k) << 3;
        store<f64>(y + o, load<f64>(y + o) + a * ld<T>(xs, k));
      }
    } else {
      for (let k = this.start(j); k < end; k++) {
        const o = <usize>row(ix, k) << 3;
        store<f64>(y + o, load<f64>(y + o) + a * load<f64>(w + o) * ld<T>(xs, k));
      }
    }
    if (m != 0) addWeights(-a * m, w, y, n);
  }

  /** As Dense's: the column staged in t first (the shift touches every row anyway). */
  // @ts-ignore: decorator
  @inline wxpyNarrow(n: i32, j: i32, a: f64, w: usize, m: f64, s: f64, t: usize, dst: usize): f64 {
    memory.fill(t, 0, <usize>n << 3);
    this.wxpy(n, j, a, w, m, t);
    narrow(s, t, dst, n);
    return absMax(t, n);
  }

  /** Σᵢ wᵢ xᵢⱼ */
  // @ts-ignore: decorator
  @inline wsum(n: i32, j: i32, w: usize): f64 {
    if (w == 0) return this.total(j);
    return this.dot(n, j, w);
  }

  /**
   * Σᵢ wᵢ (xᵢⱼ − m)², W = Σᵢ wᵢ: the stored rows, plus m² times the weight of the others —
   * a sum of non-negative terms, so no cancellation whatever m is.
   */
  // @ts-ignore: decorator
  @inline wssd(n: i32, j: i32, w: usize, m: f64, W: f64): f64 {
    const ix = this.indices, xs = this.data;
    let s = 0.0, stored = 0.0;
    for (let k = this.start(j), end = this.end(j); k < end; k++) {
      const wi = w == 0 ? 1.0 : at(w, row(ix, k)), d = ld<T>(xs, k) - m;
      s += wi * d * d;
      stored += wi;
    }
    return s + m * m * max(W - stored, 0.0);
  }

  /** Σ of the stored entries of column j. */
  // @ts-ignore: decorator
  @inline total(j: i32): f64 {
    const xs = this.data;
    let s = 0.0;
    for (let k = this.start(j), end = this.end(j); k < end; k++) s += ld<T>(xs, k);
    return s;
  }

  // @ts-ignore: decorator
  @inline start(j: i32): i32 { return load<i32>(this.indptr + (<usize>j << 2)); }
  // @ts-ignore: decorator
  @inline end(j: i32): i32 { return load<i32>(this.indptr + (<usize>j << 2), 4); }
}

// @ts-ignore: decorator
@inline function row(indices: usize, k: i32): i32 { return load<i32>(indices + (<usize>k << 2)); }

/** y += a·w (a on every row when w = 0). */
export function addWeights(a: f64, w: usize, y: usize, n: i32): void {
  if (w != 0) { wxpy<f64>(a, 0, w, 0.0, y, n); return; }
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), va));
  }
  for (; i < n; i++) store<f64>(y + (<usize>i << 3), at(y, i) + a);
}
