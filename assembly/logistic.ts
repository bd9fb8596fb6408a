// Logistic regression's per-row arithmetic: the loss and probabilities at η, and the weights and
// working response of Newton's quadratic model. WebAssembly has no vector exp or log, and a
// JavaScript loop calling Math.exp and Math.log1p spends ~17 ns a row, more than the
// coordinate descent it feeds on small data, so the loss has its own over f64x2 (fdlibm's
// methods, polynomials by Estrin's scheme for a short dependency chain: within 4 ulp of
// Math's), two rows at a time, an odd last row in both lanes. The Newton model needs neither,
// and goes two rows at a time too (for its division).

/**
 * The constants, each in both lanes, read from memory: V8 builds a v128.const in the loop from
 * general registers every time (three instructions), a load is one.
 */
const TABLE = memory.data<f64>([
  1.44269504088896338700e+00, 1.44269504088896338700e+00, // 1/ln2
  6755399441055744.0, 6755399441055744.0, // 1.5·2⁵²: adding it rounds to an integer in the low mantissa bits
  6.93147180369123816490e-01, 6.93147180369123816490e-01, // ln2, high part (k·it is exact)
  1.90821492927058770002e-10, 1.90821492927058770002e-10, // ln2, low part
  1.0, 1.0,
  0.5, 0.5,
  1.0 / 6.0, 1.0 / 6.0,
  1.0 / 24.0, 1.0 / 24.0,
  1.0 / 120.0, 1.0 / 120.0,
  1.0 / 720.0, 1.0 / 720.0,
  1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 40320.0, 1.0 / 40320.0,
  1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 3628800.0, 1.0 / 3628800.0,
  1.0 / 39916800.0, 1.0 / 39916800.0,
  1.0 / 479001600.0, 1.0 / 479001600.0,
  1.0 / 6227020800.0, 1.0 / 6227020800.0,
  5.421010862427522e-20, 5.421010862427522e-20, // 2⁻⁶⁴
  18446744073709551616.0, 18446744073709551616.0, // 2⁶⁴, whose bits are (64 + 1023) << 52
  -746.0, -746.0, // below this exp(x) is 0 in double precision (its least subnormal is exp(−744.4))
  1.41421356237309504880, 1.41421356237309504880, // √2
  2.0, 2.0,
  6.666666666666735130e-01, 6.666666666666735130e-01, // fdlibm's Lg1 … Lg7
  3.999999999940941908e-01, 3.999999999940941908e-01,
  2.857142874366239149e-01, 2.857142874366239149e-01,
  2.222219843214978396e-01, 2.222219843214978396e-01,
  1.818357216161805012e-01, 1.818357216161805012e-01,
  1.531383769920937332e-01, 1.531383769920937332e-01,
  1.479819860511658591e-01, 1.479819860511658591e-01,
], 16);

// @ts-ignore: decorator
@inline const INV_LN2 = 0, SHIFT = 1, LN2_HI = 2, LN2_LO = 3, ONE = 4, HALF = 5, F3 = 6, F4 = 7, F5 = 8,
  F6 = 9, F7 = 10, F8 = 11, F9 = 12, F10 = 13, F11 = 14, F12 = 15, F13 = 16, TWO_M64 = 17, TWO_64 = 18,
  EXP_MIN = 19, SQRT2 = 20, TWO = 21, LG1 = 22, LG2 = 23, LG3 = 24, LG4 = 25, LG5 = 26, LG6 = 27, LG7 = 28;

// @ts-ignore: decorator
@inline function K(i: i32): v128 { return v128.load(TABLE + (<usize>i << 4)); }

/**
 * exp(x) for x ≤ 0 (0 below EXP_MIN): x = k·ln2 + r, |r| ≤ ln2/2, exp(r) by its Taylor series
 * to r¹³, times 2ᵏ⁺⁶⁴ and then 2⁻⁶⁴, so that results in the subnormal range round once.
 */
// @ts-ignore: decorator
@inline function expNeg(x: v128): v128 {
  const kd = f64x2.add(f64x2.mul(x, K(INV_LN2)), K(SHIFT));
  const k = f64x2.sub(kd, K(SHIFT));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, K(LN2_HI))), f64x2.mul(k, K(LN2_LO)));
  // Σ rʲ/j!, j ≤ 13, by Estrin's scheme
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const p01 = f64x2.add(K(ONE), r);
  const p23 = f64x2.add(K(HALF), f64x2.mul(r, K(F3)));
  const p45 = f64x2.add(K(F4), f64x2.mul(r, K(F5)));
  const p67 = f64x2.add(K(F6), f64x2.mul(r, K(F7)));
  const p89 = f64x2.add(K(F8), f64x2.mul(r, K(F9)));
  const pab = f64x2.add(K(F10), f64x2.mul(r, K(F11)));
  const pcd = f64x2.add(K(F12), f64x2.mul(r, K(F13)));
  const q0 = f64x2.add(p01, f64x2.mul(p23, r2)), q1 = f64x2.add(p45, f64x2.mul(p67, r2));
  const q2 = f64x2.add(p89, f64x2.mul(pab, r2));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r4)), s1 = f64x2.add(q2, f64x2.mul(pcd, r4));
  const q = f64x2.add(s0, f64x2.mul(s1, r8));
  // 2ᵏ⁺⁶⁴ from k's bits in kd's mantissa (SHIFT's low bits are zero), then 2⁻⁶⁴
  const e = f64x2.mul(f64x2.mul(q, i64x2.add(i64x2.shl(kd, 52), K(TWO_64))), K(TWO_M64));
  return v128.bitselect(f64x2.splat(0), e, f64x2.lt(x, K(EXP_MIN)));
}

/**
 * log(1 + x) for 0 ≤ x ≤ 1 (fdlibm's log1p), given u = fl(1 + x) and d = 1/u (the sigmoid's
 * too): 1 + x = 2ᵏ(1 + f) with k = 0 or 1, the rounding of 1 + x carried as c, and log(1 + f)
 * from s = f/(2 + f) by a polynomial in s².
 */
// @ts-ignore: decorator
@inline function log1pUnit(x: v128, u: v128, d: v128): v128 {
  const one = K(ONE), zero = f64x2.splat(0);
  const big = f64x2.ge(u, K(SQRT2));
  const f = v128.bitselect(f64x2.sub(f64x2.mul(u, K(HALF)), one), x, big);
  const k = v128.bitselect(one, zero, big);
  const c = v128.bitselect(f64x2.mul(f64x2.sub(x, f64x2.sub(u, one)), d), zero, big);
  const hfsq = f64x2.mul(K(HALF), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(K(TWO), f));
  const z = f64x2.mul(s, s);
  // z·(Lg1 + Lg2·z + … + Lg7·z⁶) by Estrin's scheme
  const z2 = f64x2.mul(z, z), z4 = f64x2.mul(z2, z2);
  const l12 = f64x2.add(K(LG1), f64x2.mul(z, K(LG2)));
  const l34 = f64x2.add(K(LG3), f64x2.mul(z, K(LG4)));
  const l567 = f64x2.add(f64x2.add(K(LG5), f64x2.mul(z, K(LG6))), f64x2.mul(z2, K(LG7)));
  const R = f64x2.mul(z, f64x2.add(f64x2.add(l12, f64x2.mul(l34, z2)), f64x2.mul(l567, z4)));
  // k·ln2_hi − ((hfsq − (s·(hfsq + R) + (k·ln2_lo + c))) − f)
  const tail = f64x2.add(f64x2.mul(k, K(LN2_LO)), c);
  const inner = f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), tail)), f);
  return f64x2.sub(f64x2.mul(k, K(LN2_HI)), inner);
}

/**
 * One pair of rows (η, t): prob = sigmoid(η) into out (both lanes, or lane 0 only when `single`),
 * and the returned log(1 + exp(−m)), m = (2t − 1)η.
 */
// @ts-ignore: decorator
@inline function lossLanes(e: v128, t: v128, out: usize, single: bool): v128 {
  const zero = f64x2.splat(0), one = K(ONE);
  const x = expNeg(f64x2.neg(f64x2.abs(e)));
  const u = f64x2.add(one, x), d = f64x2.div(one, u);
  const p = v128.bitselect(d, f64x2.mul(x, d), f64x2.ge(e, zero));
  if (single) store<f64>(out, f64x2.extract_lane(p, 0));
  else v128.store(out, p);
  const m = f64x2.mul(f64x2.sub(f64x2.mul(K(TWO), t), one), e);
  return f64x2.add(f64x2.pmax(f64x2.neg(m), zero), log1pUnit(x, u, d));
}

/**
 * Σ wᵢ·log(1 + exp(−mᵢ)) with mᵢ = (2tᵢ − 1)ηᵢ (w = 0: unit weights), and prob[i] = sigmoid(ηᵢ):
 * both from one exp(−|ηᵢ|) per row.
 */
export function logisticLoss(eta: usize, t: usize, w: usize, prob: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const term = lossLanes(v128.load(eta + o), v128.load(t + o), prob + o, false);
    acc = f64x2.add(acc, w != 0 ? f64x2.mul(term, v128.load(w + o)) : term);
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < n) {
    const o = <usize>i << 3;
    const term = f64x2.extract_lane(lossLanes(f64x2.splat(load<f64>(eta + o)), f64x2.splat(load<f64>(t + o)), prob + o, true), 0);
    s += w != 0 ? term * load<f64>(w + o) : term;
  }
  return s;
}

/**
 * Newton's quadratic model at η: v = w·h (scaled to sum to n, as the engine takes weights) and
 * z = η − offset + (t − p)/h, with h = p̃(1 − p̃) at p clipped to [pmin, 1 − pmin] (the
 * curvature floored, the gradient t − p exact). off = 0: no offset. Returns n/Σw·h, the scale
 * the penalty takes to match.
 */
export function newtonModel(eta: usize, off: usize, prob: usize, t: usize, w: usize, pmin: f64,
                            v: usize, z: usize, n: i32): f64 {
  // two rows at a time: the division by h is most of a row's cost, and f64x2 halves it
  const lo = f64x2.splat(pmin), hi = f64x2.splat(1.0 - pmin), one = K(ONE);
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3, p = v128.load(prob + o);
    // (compare and select: f64x2.min/max's NaN rules cost V8 several instructions each)
    const pc = v128.bitselect(lo, v128.bitselect(hi, p, f64x2.gt(p, hi)), f64x2.lt(p, lo));
    const h = f64x2.mul(pc, f64x2.sub(one, pc));
    const vi = w != 0 ? f64x2.mul(v128.load(w + o), h) : h;
    v128.store(v + o, vi);
    const e = off != 0 ? f64x2.sub(v128.load(eta + o), v128.load(off + o)) : v128.load(eta + o);
    v128.store(z + o, f64x2.add(e, f64x2.div(f64x2.sub(v128.load(t + o), p), h)));
    acc = f64x2.add(acc, vi);
  }
  let sv = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < n) {
    const o = <usize>i << 3, p = load<f64>(prob + o);
    const pc = p < pmin ? pmin : p > 1.0 - pmin ? 1.0 - pmin : p, h = pc * (1.0 - pc);
    const vi = w != 0 ? load<f64>(w + o) * h : h;
    store<f64>(v + o, vi);
    const e = off != 0 ? load<f64>(eta + o) - load<f64>(off + o) : load<f64>(eta + o);
    store<f64>(z + o, e + (load<f64>(t + o) - p) / h);
    sv += vi;
  }
  const scale = <f64>n / sv, vs = f64x2.splat(scale);
  for (i = 0; i + 2 <= n; i += 2) v128.store(v + (<usize>i << 3), f64x2.mul(v128.load(v + (<usize>i << 3)), vs));
  if (i < n) store<f64>(v + (<usize>i << 3), load<f64>(v + (<usize>i << 3)) * scale);
  return scale;
}

/**
 * ρᵢ = wᵢ(tᵢ − pᵢ) (w = 0: unit weights), the residual whose products with the columns are
 * minus the loss gradient; returns Σρᵢ, the intercept's.
 */
export function logisticResidual(t: usize, w: usize, prob: usize, rho: usize, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3, r = load<f64>(t + o) - load<f64>(prob + o);
    const ri = w != 0 ? load<f64>(w + o) * r : r;
    store<f64>(rho + o, ri);
    s += ri;
  }
  return s;
}
