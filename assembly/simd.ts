// Level-1 primitives over f64 buffers in linear memory (pointers in bytes, lengths in
// elements). Every kernel in this folder goes through these: one dot, one axpy.
// Four f64x2 accumulators hide the add latency; the scalar tail handles odd lengths.

// @ts-ignore: decorator
@inline const STEP: i32 = 8;

/** Σ x[i]·y[i] */
export function dot(x: usize, y: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + STEP <= n; i += STEP) {
    const o = <usize>i << 3;
    a0 = f64x2.add(a0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(x + o, 32), v128.load(y + o, 32)));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(x + o, 48), v128.load(y + o, 48)));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    r += load<f64>(x + o) * load<f64>(y + o);
  }
  return r;
}

/** y[i] += a·x[i] */
export function axpy(a: f64, x: usize, y: usize, n: i32): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
    v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * load<f64>(x + o));
  }
}

/**
 * y[i] += a·w[i]·(x[i] − m): the update of a weighted residual by a shifted column.
 * w = 0 means unit weights.
 */
export function wxpy(a: f64, w: usize, x: usize, m: f64, y: usize, n: i32): void {
  if (w == 0) {
    if (m == 0) { axpy(a, x, y, n); return; }
    const va = f64x2.splat(a), vm = f64x2.splat(m);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, f64x2.sub(v128.load(x + o), vm))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(y + o, load<f64>(y + o) + a * (load<f64>(x + o) - m));
    }
    return;
  }
  const va = f64x2.splat(a), vm = f64x2.splat(m);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const t = f64x2.mul(v128.load(w + o), f64x2.sub(v128.load(x + o), vm));
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, t)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * load<f64>(w + o) * (load<f64>(x + o) - m));
  }
}

/** Σ x[i] */
export function sum(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    a0 = f64x2.add(a0, v128.load(x + o));
    a1 = f64x2.add(a1, v128.load(x + o, 16));
  }
  const s = f64x2.add(a0, a1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) r += load<f64>(x + (<usize>i << 3));
  return r;
}

/** x[i] = 0 */
export function zero(x: usize, n: i32): void {
  memory.fill(x, 0, <usize>n << 3);
}

/** Σ w[i]·(x[i] − m)², w = 0 meaning unit weights. */
export function wssd(w: usize, x: usize, m: f64, n: i32): f64 {
  const vm = f64x2.splat(m);
  let a0 = f64x2.splat(0);
  let i = 0;
  if (w == 0) {
    for (; i + 2 <= n; i += 2) {
      const d = f64x2.sub(v128.load(x + (<usize>i << 3)), vm);
      a0 = f64x2.add(a0, f64x2.mul(d, d));
    }
  } else {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const d = f64x2.sub(v128.load(x + o), vm);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(w + o), f64x2.mul(d, d)));
    }
  }
  let r = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const d = load<f64>(x + o) - m;
    r += (w == 0 ? 1.0 : load<f64>(w + o)) * d * d;
  }
  return r;
}
