// Per-fit column statistics of the stored design under sample weights, X·β and X̃ᵀ(w∘v).

import { axpy, dot, sum, wssd, wxpy, zero } from "./simd";
import { tile } from "./scratch";

/** Below this spread relative to its mean, a weighted column is taken as constant. */
const NOISE: f64 = 1e-12;

/** Σ wᵢ vᵢ / n for weights w summing to n (w = 0: unit weights): a response's weighted mean. */
export function wmean(v: usize, w: usize, n: i32): f64 {
  return (w == 0 ? sum<f64>(v, n) : dot<f64>(v, w, n)) / <f64>n;
}

/** vᵢ −= c for every i, then Σ wᵢ vᵢ² (w = 0: unit weights): a response centred, and its ỹᵀWỹ. */
export function centre(v: usize, w: usize, n: i32, c: f64): f64 {
  if (c != 0) {
    const vc = f64x2.splat(c);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(v + o, f64x2.sub(v128.load(v + o), vc));
    }
    if (i < n) store<f64>(v + (<usize>i << 3), load<f64>(v + (<usize>i << 3)) - c);
  }
  return wssd<f64>(w, v, 0.0, n);
}

/**
 * For the columns j = idx[t], t0 ≤ t < t1, of X (idx = 0: j = t) (the raw column is
 * scale·(stored + mu[j])) and weights w summing to n (w = 0: unit weights), writes the shift
 * m[j] that defines the working column X̃ⱼ = Xⱼ − m[j] (its weighted mean when fitting an
 * intercept, −mu[j] otherwise, which restores the raw column), q[j] = Σ wᵢ X̃ᵢⱼ and
 * colsq[j] = Σ wᵢ X̃ᵢⱼ².
 */
export function columnStats<S>(X: S, n: i32, idx: usize, t0: i32, t1: i32, w: usize, intercept: bool,
                               mu: usize, m: usize, q: usize, colsq: usize): void {
  const W = w == 0 ? <f64>n : sum<f64>(w, n);
  for (let t = t0; t < t1; t++) {
    const j = idx == 0 ? t : load<i32>(idx + (<usize>t << 2));
    const s = X.wsum(n, j, w);
    const o = <usize>j << 3;
    const mj = intercept ? s / <f64>n : -load<f64>(mu + o);
    store<f64>(m + o, mj);
    store<f64>(q + o, s - mj * <f64>n);
    const c = X.wssd(n, j, w, mj, W);
    // a column constant on the weighted rows (a CV fold that holds out a rare feature's rows)
    // centres to rounding noise of its mean, not to zeros: that is no direction to fit
    store<f64>(colsq + o, c <= NOISE * NOISE * mj * mj * W ? 0.0 : c);
  }
}

/** X̃ᵀ(w∘v) for a vector v (n) into dst (p), X̃ⱼ = Xⱼ − m[j]; t (n) is workspace (for w∘v, with weights). */
export function xtwv<S>(X: S, n: i32, p: i32, w: usize, m: usize, v: usize, t: usize, dst: usize): void {
  xtwvRange<S>(X, n, 0, p, w, m, v, t, dst);
}

/** xtwv over the features j0 ≤ j < j1 only (parts on different threads need their own t). */
export function xtwvRange<S>(X: S, n: i32, j0: i32, j1: i32, w: usize, m: usize, v: usize, t: usize, dst: usize): void {
  if (w != 0) {
    zero(t, n);
    wxpy<f64>(1.0, w, v, 0.0, t, n);
    v = t;
  }
  centredDots<S>(X, n, m, v, sum<f64>(v, n), j0, j1, dst);
}

/**
 * dst[j] = X̃ⱼᵀv = Xⱼᵀv − mⱼ·s for j0 ≤ j < j1, given s = Σv: four columns at a time, sharing
 * the loads of v.
 */
export function centredDots<S>(X: S, n: i32, m: usize, v: usize, s: f64, j0: i32, j1: i32, dst: usize): void {
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    X.columnDots(n, j, j + 1, j + 2, j + 3, v, tile);
    for (let k = 0; k < 4; k++) {
      const o = <usize>(j + k) << 3;
      store<f64>(dst + o, load<f64>(tile + (<usize>k << 3)) - load<f64>(m + o) * s);
    }
  }
  for (; j < j1; j++) {
    const o = <usize>j << 3;
    store<f64>(dst + o, X.dot(n, j, v) - load<f64>(m + o) * s);
  }
}

/** out += X̃·β over the columns with βⱼ ≠ 0, X̃ⱼ = Xⱼ − m[j] (m = 0: the stored X). */
export function addXb<S>(X: S, n: i32, p: i32, m: usize, coef: usize, out: usize): void {
  for (let j = 0; j < p; j++) {
    const o = <usize>j << 3, b = load<f64>(coef + o);
    if (b != 0) X.wxpy(n, j, b, 0, m == 0 ? 0.0 : load<f64>(m + o), out);
  }
}

/**
 * out[k·count + s] += Σⱼ B[j·L + k]·X[rows[s], j] (the stored X) for L coefficient vectors at
 * once: a CV fold's predictions at its held-out rows at every λ of its path, each column that
 * any vector uses read once, where a prediction per vector reads X L times. The column goes
 * through t (n, zero on entry and again on return: the same column taken back out) and the
 * listed rows' entries into x (count), in any storage layout.
 */
export function addXbRows<S>(X: S, n: i32, p: i32, rows: usize, count: i32, B: usize, L: i32,
                             x: usize, t: usize, out: usize): void {
  for (let j = 0; j < p; j++) {
    const bj = B + ((<usize>j * <usize>L) << 3);
    let used = false;
    for (let k = 0; k < L && !used; k++) used = load<f64>(bj + (<usize>k << 3)) != 0;
    if (!used) continue;
    X.wxpy(n, j, 1.0, 0, 0.0, t);
    for (let s = 0; s < count; s++) {
      store<f64>(x + (<usize>s << 3), load<f64>(t + (<usize>load<i32>(rows + (<usize>s << 2)) << 3)));
    }
    X.wxpy(n, j, -1.0, 0, 0.0, t);
    for (let k = 0; k < L; k++) {
      const b = load<f64>(bj + (<usize>k << 3));
      if (b != 0) axpy<f64>(b, x, out + ((<usize>k * <usize>count) << 3), count);
    }
  }
}

/**
 * g[j] = X̃ⱼᵀρ = Xⱼᵀρ − mⱼ·Σρ for j = idx[t0 … t1 − 1]: naive coordinate descent's gradient,
 * for its gap checks and for the features it left out (enet.ts enetNaive), in parts that may
 * run on different threads.
 */
export function gradientOf<S>(X: S, n: i32, m: usize, rho: usize, idx: usize, t0: i32, t1: i32, g: usize): void {
  const s = sum<f64>(rho, n);
  let t = t0;
  // four columns at a time, sharing the loads of ρ
  for (; t + 4 <= t1; t += 4) {
    const l = idx + (<usize>t << 2);
    X.columnDots(n, load<i32>(l), load<i32>(l, 4), load<i32>(l, 8), load<i32>(l, 12), rho, tile);
    for (let k = 0; k < 4; k++) {
      const o = <usize>load<i32>(l + (<usize>k << 2)) << 3;
      store<f64>(g + o, load<f64>(tile + (<usize>k << 3)) - load<f64>(m + o) * s);
    }
  }
  for (; t < t1; t++) {
    const o = <usize>load<i32>(idx + (<usize>t << 2)) << 3;
    store<f64>(g + o, X.dot(n, <i32>(o >> 3), rho) - load<f64>(m + o) * s);
  }
}
