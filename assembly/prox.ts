// The regularizer l1·Σfⱼ|xⱼ| + l2·Σfⱼxⱼ² on plain arrays (f64 or f32): its value (f64, no
// factors) and proximal operator, for arrays large enough that a pass in WASM beats JavaScript.
// f = 0 means all factors are 1.

// @ts-ignore: decorator
@inline function factor(f: usize, i: i32): f64 { return f == 0 ? 1.0 : load<f64>(f + (<usize>i << 3)); }

/**
 * l1·Σ|xᵢ| + l2·Σxᵢ² (no factors: with factors, or on f32, a scalar kernel loses to
 * JavaScript, so those stay in src/regularizers.ts).
 */
export function penaltyValue64(x: usize, n: i32, l1: f64, l2: f64): f64 {
  let va = f64x2.splat(0), vb = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(x + (<usize>i << 3));
    va = f64x2.add(va, f64x2.abs(v));
    vb = f64x2.add(vb, f64x2.mul(v, v));
  }
  let a = f64x2.extract_lane(va, 0) + f64x2.extract_lane(va, 1);
  let b = f64x2.extract_lane(vb, 0) + f64x2.extract_lane(vb, 1);
  for (; i < n; i++) { const v = load<f64>(x + (<usize>i << 3)); a += abs(v); b += v * v; }
  return (l1 == 0 ? 0.0 : l1 * a) + (l2 == 0 ? 0.0 : l2 * b);
}

/** xᵢ ← sign(xᵢ)·max(|xᵢ| − t·fᵢ, 0) / (1 + 2·s·fᵢ), t = step·l1, s = step·l2. */
export function prox64(x: usize, n: i32, t: f64, s: f64, f: usize): void {
  if (f == 0) {
    const vt = f64x2.splat(t), vz = f64x2.splat(0), vd = f64x2.splat(1.0 / (1.0 + 2.0 * s));
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const p = x + (<usize>i << 3);
      const v = v128.load(p);
      const mag = f64x2.pmax(f64x2.sub(f64x2.abs(v), vt), vz); // (pmax: one instruction; keeps a NaN)
      // copysign: take the sign bit of v
      const signed = v128.or(v128.and(v, f64x2.splat(-0.0)), mag);
      v128.store(p, f64x2.mul(signed, vd));
    }
    for (; i < n; i++) store<f64>(x + (<usize>i << 3), shrink(load<f64>(x + (<usize>i << 3)), t, s, 1.0));
  } else {
    for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 3), shrink(load<f64>(x + (<usize>i << 3)), t, s, factor(f, i)));
  }
}

/** prox64 for f32 storage. */
export function prox32(x: usize, n: i32, t: f64, s: f64, f: usize): void {
  if (f == 0) {
    const vt = f32x4.splat(<f32>t), vz = f32x4.splat(0), vd = f32x4.splat(<f32>(1.0 / (1.0 + 2.0 * s)));
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const p = x + (<usize>i << 2);
      const v = v128.load(p);
      const mag = f32x4.pmax(f32x4.sub(f32x4.abs(v), vt), vz);
      const signed = v128.or(v128.and(v, f32x4.splat(-0.0)), mag);
      v128.store(p, f32x4.mul(signed, vd));
    }
    for (; i < n; i++) store<f32>(x + (<usize>i << 2), <f32>shrink(<f64>load<f32>(x + (<usize>i << 2)), t, s, 1.0));
  } else {
    for (let i = 0; i < n; i++) store<f32>(x + (<usize>i << 2), <f32>shrink(<f64>load<f32>(x + (<usize>i << 2)), t, s, factor(f, i)));
  }
}

// @ts-ignore: decorator
@inline function shrink(v: f64, t: f64, s: f64, f: f64): f64 {
  const a = abs(v) - t * f;
  return a > 0 ? (v > 0 ? a : -a) / (1.0 + 2.0 * s * f) : 0.0;
}
