// Level-1 primitives over buffers in linear memory (pointers in bytes, lengths in elements).
// Every kernel in this folder goes through these: one dot, one axpy. The type parameter T is
// the storage of the x operand (f64, or f32 for a float32 design), widened to f64 on load;
// every other operand is f64. Four f64x2 accumulators hide the add latency; the scalar tail
// handles odd lengths.

// @ts-ignore: decorator
@inline const STEP: i32 = 8;

/** Lanes i, i+1 of x, as f64x2. */
// @ts-ignore: decorator
@inline export function ld2<T>(x: usize, i: i32): v128 {
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>i << 2)));
  return v128.load(x + (<usize>i << 3));
}

/** Element i of x, as f64. */
// @ts-ignore: decorator
@inline export function ld<T>(x: usize, i: i32): f64 {
  if (sizeof<T>() == 4) return <f64>load<f32>(x + (<usize>i << 2));
  return load<f64>(x + (<usize>i << 3));
}

/** Column j of a column-major n-row matrix of T. */
// @ts-ignore: decorator
@inline export function column<T>(X: usize, n: i32, j: i32): usize {
  return X + <usize>n * <usize>j * sizeof<T>();
}

/** Σ x[i]·y[i] */
export function dot<T>(x: usize, y: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + STEP <= n; i += STEP) {
    const o = <usize>i << 3;
    a0 = f64x2.add(a0, f64x2.mul(ld2<T>(x, i), v128.load(y + o)));
    a1 = f64x2.add(a1, f64x2.mul(ld2<T>(x, i + 2), v128.load(y + o, 16)));
    a2 = f64x2.add(a2, f64x2.mul(ld2<T>(x, i + 4), v128.load(y + o, 32)));
    a3 = f64x2.add(a3, f64x2.mul(ld2<T>(x, i + 6), v128.load(y + o, 48)));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) r += ld<T>(x, i) * load<f64>(y + (<usize>i << 3));
  return r;
}

/** y[i] += a·x[i] */
export function axpy<T>(a: f64, x: usize, y: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, ld2<T>(x, i))));
    v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, ld2<T>(x, i + 2))), 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * ld<T>(x, i));
  }
}

/**
 * y[i] += a0·x₀[i] + a1·x₁[i] + a2·x₂[i] + a3·x₃[i]: four vectors at once, so y is loaded and
 * stored once for four multiply-adds.
 */
export function axpy4<T>(a0: f64, a1: f64, a2: f64, a3: f64, x: usize, x1: usize, x2: usize, x3: usize, y: usize, n: i32): void {
  const v0 = f64x2.splat(a0), v1 = f64x2.splat(a1), v2 = f64x2.splat(a2), v3 = f64x2.splat(a3);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const s = f64x2.add(f64x2.add(f64x2.mul(v0, ld2<T>(x, i)), f64x2.mul(v1, ld2<T>(x1, i))),
                        f64x2.add(f64x2.mul(v2, ld2<T>(x2, i)), f64x2.mul(v3, ld2<T>(x3, i))));
    v128.store(y + o, f64x2.add(v128.load(y + o), s));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + (a0 * ld<T>(x, i) + a1 * ld<T>(x1, i)) + (a2 * ld<T>(x2, i) + a3 * ld<T>(x3, i)));
  }
}

/** out[k] = Σ xₖ[i]·y[i] for the four vectors x₀ … x₃: four dots at once, sharing the loads of y. */
export function dot4<T>(x: usize, x1: usize, x2: usize, x3: usize, y: usize, n: i32, out: usize): void {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const v = v128.load(y + (<usize>i << 3));
    a0 = f64x2.add(a0, f64x2.mul(ld2<T>(x, i), v));
    a1 = f64x2.add(a1, f64x2.mul(ld2<T>(x1, i), v));
    a2 = f64x2.add(a2, f64x2.mul(ld2<T>(x2, i), v));
    a3 = f64x2.add(a3, f64x2.mul(ld2<T>(x3, i), v));
  }
  let r0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  let r1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
  let r2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
  let r3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
  for (; i < n; i++) {
    const v = load<f64>(y + (<usize>i << 3));
    r0 += ld<T>(x, i) * v; r1 += ld<T>(x1, i) * v; r2 += ld<T>(x2, i) * v; r3 += ld<T>(x3, i) * v;
  }
  store<f64>(out, r0); store<f64>(out, r1, 8); store<f64>(out, r2, 16); store<f64>(out, r3, 24);
}

/**
 * y[i] += a·w[i]·(x[i] − m): the update of a weighted residual by a shifted column.
 * w = 0 means unit weights.
 */
export function wxpy<T>(a: f64, w: usize, x: usize, m: f64, y: usize, n: i32): void {
  if (w == 0) {
    if (m == 0) { axpy<T>(a, x, y, n); return; }
    const va = f64x2.splat(a), vm = f64x2.splat(m);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, f64x2.sub(ld2<T>(x, i), vm))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(y + o, load<f64>(y + o) + a * (ld<T>(x, i) - m));
    }
    return;
  }
  const va = f64x2.splat(a), vm = f64x2.splat(m);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const t = f64x2.mul(v128.load(w + o), f64x2.sub(ld2<T>(x, i), vm));
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, t)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * load<f64>(w + o) * (ld<T>(x, i) - m));
  }
}

/** Σ x[i] */
export function sum<T>(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + STEP <= n; i += STEP) {
    a0 = f64x2.add(a0, ld2<T>(x, i));
    a1 = f64x2.add(a1, ld2<T>(x, i + 2));
    a2 = f64x2.add(a2, ld2<T>(x, i + 4));
    a3 = f64x2.add(a3, ld2<T>(x, i + 6));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) r += ld<T>(x, i);
  return r;
}

/** x[i] = 0 */
export function zero(x: usize, n: i32): void {
  memory.fill(x, 0, <usize>n << 3);
}

/** Σ w[i]·(x[i] − m)², w = 0 meaning unit weights. */
export function wssd<T>(w: usize, x: usize, m: f64, n: i32): f64 {
  const vm = f64x2.splat(m);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  if (w == 0) {
    for (; i + STEP <= n; i += STEP) {
      const d0 = f64x2.sub(ld2<T>(x, i), vm), d1 = f64x2.sub(ld2<T>(x, i + 2), vm);
      const d2 = f64x2.sub(ld2<T>(x, i + 4), vm), d3 = f64x2.sub(ld2<T>(x, i + 6), vm);
      a0 = f64x2.add(a0, f64x2.mul(d0, d0));
      a1 = f64x2.add(a1, f64x2.mul(d1, d1));
      a2 = f64x2.add(a2, f64x2.mul(d2, d2));
      a3 = f64x2.add(a3, f64x2.mul(d3, d3));
    }
  } else {
    for (; i + STEP <= n; i += STEP) {
      const o = <usize>i << 3;
      const d0 = f64x2.sub(ld2<T>(x, i), vm), d1 = f64x2.sub(ld2<T>(x, i + 2), vm);
      const d2 = f64x2.sub(ld2<T>(x, i + 4), vm), d3 = f64x2.sub(ld2<T>(x, i + 6), vm);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(w + o), f64x2.mul(d0, d0)));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(w + o, 16), f64x2.mul(d1, d1)));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(w + o, 32), f64x2.mul(d2, d2)));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(w + o, 48), f64x2.mul(d3, d3)));
    }
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const d = ld<T>(x, i) - m;
    r += (w == 0 ? 1.0 : load<f64>(w + (<usize>i << 3))) * d * d;
  }
  return r;
}

/** max |x[i]| (0 for n = 0) of finite x: pmax, one instruction, where max's NaN rules cost several. */
export function absMax(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    a0 = f64x2.pmax(a0, f64x2.abs(v128.load(x + o)));
    a1 = f64x2.pmax(a1, f64x2.abs(v128.load(x + o, 16)));
  }
  const a = f64x2.pmax(a0, a1);
  let r = max(f64x2.extract_lane(a, 0), f64x2.extract_lane(a, 1));
  for (; i < n; i++) r = max(r, abs(load<f64>(x + (<usize>i << 3))));
  return r;
}

/** Four f64 (two f64x2) rounded to f32 into y[0…3]. */
// @ts-ignore: decorator
@inline function store4f32(y: usize, lo: v128, hi: v128): void {
  v128.store(y, v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/** y[i] = f32(s·x[i]): y is n contiguous f32. */
export function narrow(s: f64, x: usize, y: usize, n: i32): void {
  const vs = f64x2.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    store4f32(y + (<usize>i << 2), f64x2.mul(vs, v128.load(x + o)), f64x2.mul(vs, v128.load(x + o, 16)));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), <f32>(s * load<f64>(x + (<usize>i << 3))));
}

/** x[i] *= s over n contiguous f32. */
export function scale32(s: f32, x: usize, n: i32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(vs, v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), s * load<f32>(x + (<usize>i << 2)));
}

/**
 * y[i] = f32(s·v[i]) with v = a·w∘(x − m) (w = 0: unit weights), in one pass; returns max |v[i]|
 * (a single-precision panel's row, staged and measured at once; finite x, as absMax).
 */
export function wxpyNarrow<T>(a: f64, w: usize, x: usize, m: f64, s: f64, y: usize, n: i32): f64 {
  const va = f64x2.splat(a), vm = f64x2.splat(m), vs = f64x2.splat(s);
  let amax = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let v0 = f64x2.mul(va, f64x2.sub(ld2<T>(x, i), vm)), v1 = f64x2.mul(va, f64x2.sub(ld2<T>(x, i + 2), vm));
    if (w != 0) {
      const o = <usize>i << 3;
      v0 = f64x2.mul(v0, v128.load(w + o));
      v1 = f64x2.mul(v1, v128.load(w + o, 16));
    }
    amax = f64x2.pmax(amax, f64x2.pmax(f64x2.abs(v0), f64x2.abs(v1)));
    store4f32(y + (<usize>i << 2), f64x2.mul(vs, v0), f64x2.mul(vs, v1));
  }
  let r = max(f64x2.extract_lane(amax, 0), f64x2.extract_lane(amax, 1));
  for (; i < n; i++) {
    const v = a * (ld<T>(x, i) - m) * (w == 0 ? 1.0 : load<f64>(w + (<usize>i << 3)));
    r = max(r, abs(v));
    store<f32>(y + (<usize>i << 2), <f32>(s * v));
  }
  return r;
}
