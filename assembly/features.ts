// A solve's per-feature vectors on their way into and out of the stored units (the design's
// columns are scaled by 1/dⱼ, storage.ts): the start and bounds, the penalty weights, the
// answer and its gradient, and naive mode's list of the features its gap counts. Along a path
// these run per λ on p values; as plain JS loops they were a fifth of S2's path (p = 20000).

/** dst[j] = src[j]·d[j] (dst may be src). */
export function toStored(p: i32, src: usize, d: usize, dst: usize): void {
  let j = 0;
  for (; j + 2 <= p; j += 2) {
    const o = <usize>j << 3;
    v128.store(dst + o, f64x2.mul(v128.load(src + o), v128.load(d + o)));
  }
  if (j < p) { const o = <usize>j << 3; store<f64>(dst + o, load<f64>(src + o) * load<f64>(d + o)); }
}

/**
 * The stored units' L1 and L2 weights αⱼ = a1·fⱼ·sⱼ·eⱼ and κⱼ = (a2·fⱼ·sⱼ·eⱼ)·(sⱼ·eⱼ) (e = 1/d;
 * d² may underflow) into alpha and kappa, with the penalty factors f and the standardization's
 * scales s (0: all 1).
 */
export function penaltyWeights(p: i32, a1: f64, a2: f64, factors: usize, scales: usize, e: usize,
                               alpha: usize, kappa: usize): void {
  if (factors == 0 && scales == 0) {
    const v1 = f64x2.splat(a1), v2 = f64x2.splat(a2);
    let j = 0;
    for (; j + 2 <= p; j += 2) {
      const o = <usize>j << 3, ej = v128.load(e + o);
      v128.store(alpha + o, f64x2.mul(v1, ej));
      v128.store(kappa + o, f64x2.mul(f64x2.mul(v2, ej), ej));
    }
    if (j < p) { const o = <usize>j << 3, ej = load<f64>(e + o); store<f64>(alpha + o, a1 * ej); store<f64>(kappa + o, a2 * ej * ej); }
    return;
  }
  for (let j = 0; j < p; j++) {
    const o = <usize>j << 3;
    const f = factors == 0 ? 1.0 : load<f64>(factors + o), s = scales == 0 ? 1.0 : load<f64>(scales + o);
    const ej = load<f64>(e + o);
    store<f64>(alpha + o, a1 * f * s * ej);
    store<f64>(kappa + o, a2 * f * s * ej * (s * ej));
  }
}

/**
 * The answer in the caller's units: βⱼ = coef[j]·eⱼ (e = 1/d) in place, and gⱼ·dⱼ/n in place
 * (X̃ᵀWr/n, the gradient the caller's checks read).
 */
export function fromStored(p: i32, n: i32, coef: usize, g: usize, d: usize, e: usize): void {
  // ((g·d)/n, as src/column-gradients.ts computes the gradients a path adds later)
  const vn = f64x2.splat(<f64>n);
  let j = 0;
  for (; j + 2 <= p; j += 2) {
    const o = <usize>j << 3;
    v128.store(coef + o, f64x2.mul(v128.load(coef + o), v128.load(e + o)));
    v128.store(g + o, f64x2.div(f64x2.mul(v128.load(g + o), v128.load(d + o)), vn));
  }
  if (j < p) {
    const o = <usize>j << 3;
    store<f64>(coef + o, load<f64>(coef + o) * load<f64>(e + o));
    store<f64>(g + o, (load<f64>(g + o) * load<f64>(d + o)) / <f64>n);
  }
}

/** dst[j] = v for j < p. */
export function fillValue(p: i32, v: f64, dst: usize): void {
  const vv = f64x2.splat(v);
  let j = 0;
  for (; j + 2 <= p; j += 2) v128.store(dst + (<usize>j << 3), vv);
  if (j < p) store<f64>(dst + (<usize>j << 3), v);
}

/** Whether feature j counts in naive mode's gap: included, or nonzero. */
// @ts-ignore: decorator
@inline function counts(include: usize, coef: usize, j: i32): bool {
  return load<u8>(include + <usize>j) != 0 || load<f64>(coef + (<usize>j << 3)) != 0;
}

/** Whether none of features j … j + 15 counts (sixteen include bytes, eight pairs of coef). */
// @ts-ignore: decorator
@inline function noneCount16(include: usize, coef: usize, j: i32): bool {
  const c = coef + (<usize>j << 3);
  const nz = v128.or(v128.or(v128.or(v128.load(c), v128.load(c, 16)), v128.or(v128.load(c, 32), v128.load(c, 48))),
    v128.or(v128.or(v128.load(c, 64), v128.load(c, 80)), v128.or(v128.load(c, 96), v128.load(c, 112))));
  // (−0 has its sign bit set: it counts here and is then tested one by one)
  return !v128.any_true(v128.load(include + <usize>j)) && !v128.any_true(nz);
}

/**
 * Naive mode's list of the features its gap counts (included, or nonzero), ascending, into
 * order; returns how many. Along a path most features are neither: sixteen at a time.
 */
export function countedOrder(p: i32, include: usize, coef: usize, order: usize): i32 {
  let counted = 0, j = 0;
  while (j < p) {
    if (j + 16 <= p && noneCount16(include, coef, j)) { j += 16; continue; }
    const end = min(j + 16, p);
    for (; j < end; j++) if (counts(include, coef, j)) store<i32>(order + (<usize>(counted++) << 2), j);
  }
  return counted;
}

/**
 * The other features (left out at zero), ascending, into order from position counted (at most
 * p − counted of them: the list's room).
 */
export function restOrder(p: i32, include: usize, coef: usize, order: usize, counted: i32): void {
  for (let j = 0, t = counted; j < p && t < p; j++) if (!counts(include, coef, j)) store<i32>(order + (<usize>(t++) << 2), j);
}

/** g[j] = NaN for the features that do not count: the gradients a naive solve did not compute. */
export function markUncounted(p: i32, include: usize, coef: usize, g: usize): void {
  for (let j = 0; j < p; j++) if (!counts(include, coef, j)) store<f64>(g + (<usize>j << 3), NaN);
}
