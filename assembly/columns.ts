// Per-fit column statistics of the stored (mean-centred) design under sample weights.

import { dot, axpy, sum, wssd, column } from "./simd";

/**
 * For each column j of X (stored centred by its plain mean mu[j]) and weights w summing to n
 * (w = 0: unit weights), writes the shift m[j] that defines the working column X̃ⱼ = Xⱼ − m[j]
 * (its weighted mean when fitting an intercept, −mu[j] otherwise, which restores the raw
 * column), q[j] = Σ wᵢ X̃ᵢⱼ and colsq[j] = Σ wᵢ X̃ᵢⱼ².
 */
export function columnStats<T>(X: usize, n: i32, p: i32, w: usize, intercept: bool,
                            mu: usize, m: usize, q: usize, colsq: usize): void {
  for (let j = 0; j < p; j++) {
    const xj = column<T>(X, n, j);
    const s = w == 0 ? sum<T>(xj, n) : dot<T>(xj, w, n);
    const o = <usize>j << 3;
    const mj = intercept ? s / <f64>n : -load<f64>(mu + o);
    store<f64>(m + o, mj);
    store<f64>(q + o, s - mj * <f64>n);
    store<f64>(colsq + o, wssd<T>(w, xj, mj, n));
  }
}

/** out += X·β over the columns with βⱼ ≠ 0. */
export function addXb<T>(X: usize, n: i32, p: i32, coef: usize, out: usize): void {
  for (let j = 0; j < p; j++) {
    const b = load<f64>(coef + (<usize>j << 3));
    if (b != 0) axpy<T>(b, column<T>(X, n, j), out, n);
  }
}
