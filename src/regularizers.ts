// Uniform regularizer objects: l1·Σ fⱼ|wⱼ| + l2·Σ fⱼ wⱼ² (Keras' `regularizers.l1_l2`
// convention, so the l2 term has no ½), usable outside the linear models — e.g. as the penalty
// of a neural network's weights trained by proximal gradient.
//
// Long arrays go through the WASM kernels in assembly/prox.ts; short ones (or any array before
// init) through plain JS. The JS loops below mirror those kernels operation for operation —
// including where the SIMD bulk multiplies by 1/(1+2s) or works in f32 — so the two paths give
// bit-identical results and a model never changes by crossing the size threshold. Any change
// to assembly/prox.ts must be mirrored here (the tests compare the two paths bit for bit).
import { L1L2Error, type L1L2ErrorCode } from "./errors.js";
import { f32, f64, isInitialized, kernels, scoped } from "./wasm.js";

/** A weight vector: typed arrays are used as they are; `number[]` is read as float64. */
export type Vec = Float64Array | Float32Array | number[];

/** Which terms are active; derived from the values (`l1 > 0`, `l2 > 0`), not the constructor. */
export type RegularizerKind = "none" | "l1" | "l2" | "l1l2";

/** The saved form of a regularizer; every kind saves as `type: "l1l2"` with both weights. */
export interface RegularizerJSON {
  type: "l1l2";
  l1: number;
  l2: number;
  factors?: number[];
}

/** Options shared by the constructors. */
export interface RegularizerOptions {
  /**
   * Per-feature penalty factors fⱼ (glmnet's `penalty.factor`): 0 leaves wⱼ unpenalized,
   * 2 penalizes it twice as hard. Finite and ≥ 0; the length must equal the weights' length.
   * Copied on construction.
   */
  factors?: ArrayLike<number>;
}

/**
 * The penalty P(w) = l1·Σ fⱼ|wⱼ| + l2·Σ fⱼ wⱼ² (fⱼ = 1 without factors). Immutable.
 *
 * Methods that return an array and take an optional `out` write into `out` (same length as `w`,
 * any {@link Vec} type, may be `w` itself) and return it; without `out` they return a new array
 * of `w`'s type (Float64Array, Float32Array or number[]).
 */
export interface Regularizer {
  /** "none" | "l1" | "l2" | "l1l2", from which of l1, l2 are > 0. */
  readonly kind: RegularizerKind;
  readonly l1: number;
  readonly l2: number;
  /** A fresh copy of the penalty factors on each read (read it once, outside loops), or undefined. */
  readonly factors: Float64Array | undefined;
  /** P(w). Float32 weights are widened to float64 before summing. */
  value(w: Vec): number;
  /**
   * A subgradient of P at w: l1·fⱼ·sign(wⱼ) + 2·l2·fⱼ·wⱼ, with sign(0) = 0 (at wⱼ = 0 that is
   * the minimum-norm element of the subdifferential [−l1·fⱼ, l1·fⱼ]). Always computed in JS.
   */
  gradient<T extends Vec>(w: Vec, out: T): T;
  gradient(w: Float32Array): Float32Array;
  gradient(w: Float64Array): Float64Array;
  gradient(w: number[]): number[];
  gradient(w: Vec): Vec;
  /**
   * The proximal operator argmin_v ½‖v − w‖² + step·P(v), in closed form
   * vⱼ = sign(wⱼ)·max(|wⱼ| − step·l1·fⱼ, 0) / (1 + 2·step·l2·fⱼ).
   * Components with |wⱼ| ≤ step·l1·fⱼ come out exactly 0 — as -0 for negative wⱼ when there
   * are no factors (the SIMD kernel copies the sign bit; -0 === 0). Float32 weights are computed
   * as the WASM kernel does (f32 lanes without factors, f64 with) and rounded to float32.
   */
  prox<T extends Vec>(w: Vec, step: number, out: T): T;
  prox(w: Float32Array, step: number): Float32Array;
  prox(w: Float64Array, step: number): Float64Array;
  prox(w: number[], step: number): number[];
  prox(w: Vec, step: number): Vec;
  /** The same penalty times `factor` (l1·factor, l2·factor, same factors), e.g. along a λ path. */
  scaled(factor: number): Regularizer;
  /** `{ type: "l1l2", l1, l2, factors? }`, for JSON.stringify and {@link regularizerFromJSON}. */
  toJSON(): RegularizerJSON;
}

// Measured (2-core Xeon, Node 20, random-sign weights, copies in and out included): the SIMD
// prox overtakes JS near 512 elements and is 3-10x faster from 4096 to 1e6, 1.5-3x at 1e7 (JS
// mispredicts the sign branches; the kernel has none). With factors the kernel is scalar and
// only 1.1-1.7x faster, about even at 1e7. 4096 leaves margin for branch-friendly inputs.
const WASM_MIN_LENGTH = 4096;

const fail = (code: L1L2ErrorCode, message: string): never => {
  throw new L1L2Error(code, message);
};

function show(x: unknown): string {
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x);
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object" : typeof x;
}

function nonNegative(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    fail("INVALID_PARAMETER", `${what} must be a finite number ≥ 0, got ${show(x)}`);
  }
  return (x as number) + 0; // -0 → 0, so toJSON and kind never see a negative zero
}

function copyFactors(f: unknown): Float64Array {
  if (!(Array.isArray(f) || f instanceof Float64Array || f instanceof Float32Array)) {
    fail("INVALID_PARAMETER", `factors must be an array of numbers (number[], Float64Array or Float32Array), got ${show(f)}`);
  }
  // a sparse array can claim 2³²−1 elements without holding them
  if ((f as ArrayLike<unknown>).length > 2 ** 28) {
    fail("INVALID_PARAMETER", `factors has ${(f as ArrayLike<unknown>).length} entries: more than any weight vector l1l2 can hold`);
  }
  const src = f as ArrayLike<unknown>;
  const out = new Float64Array(src.length);
  for (let j = 0; j < src.length; j++) out[j] = nonNegative(src[j], `factors[${j}]`);
  return out;
}

function checkVec(w: unknown, what: string): asserts w is Vec {
  if (!(w instanceof Float64Array || w instanceof Float32Array || Array.isArray(w))) {
    fail("INVALID_INPUT", `${what} must be a Float64Array, Float32Array or number[], got ${show(w)}`);
  }
  if (Array.isArray(w)) {
    if (w.length > 2 ** 28) fail("INVALID_INPUT", `${what} has ${w.length} entries: too many for a weight vector`);
    for (let i = 0; i < w.length; i++) {
      if (typeof w[i] !== "number") fail("INVALID_INPUT", `${what}[${i}] is not a number (${show(w[i])})`);
    }
  }
}

function alike(w: Vec): Float64Array | Float32Array {
  return w instanceof Float32Array ? new Float32Array(w.length) : new Float64Array(w.length);
}

const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);
// The kernels take the sign bit (v128.or/and), so -0 counts as negative.
const negative = (v: number) => v < 0 || (v === 0 && 1 / v < 0);

// ---- JS mirrors of assembly/prox.ts -------------------------------------------------------

/** The value in JS; for f64 without factors the summation order of penaltyValue64 (two lanes). */
function valueJS(w: Vec, l1: number, l2: number, f: Float64Array | undefined): number {
  const n = w.length;
  let a = 0, b = 0;
  if (f) {
    for (let i = 0; i < n; i++) { const v = w[i], fi = f[i]; a += fi * Math.abs(v); b += fi * v * v; }
  } else if (w instanceof Float32Array) {
    for (let i = 0; i < n; i++) { const v = w[i]; a += Math.abs(v); b += v * v; }
  } else {
    let a0 = 0, a1 = 0, b0 = 0, b1 = 0, i = 0;
    for (; i + 2 <= n; i += 2) {
      const u = w[i], v = w[i + 1];
      a0 += Math.abs(u); a1 += Math.abs(v); b0 += u * u; b1 += v * v;
    }
    a = a0 + a1; b = b0 + b1;
    for (; i < n; i++) { const v = w[i]; a += Math.abs(v); b += v * v; }
  }
  return penaltyOf(l1, a, l2, b);
}

/** The value summed term by term: slower, but finite whenever it can be (Σ|w| may overflow first). */
function valueTermwise(w: Vec, l1: number, l2: number, f: Float64Array | undefined): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i], fi = f ? f[i] : 1;
    s += (l1 === 0 ? 0 : l1 * fi * Math.abs(v)) + (l2 === 0 ? 0 : l2 * fi * v * v);
  }
  return s;
}

/** l1·a + l2·b without 0·∞ = NaN when a term is switched off and the weights are huge. */
function penaltyOf(l1: number, a: number, l2: number, b: number): number {
  return (l1 === 0 ? 0 : l1 * a) + (l2 === 0 ? 0 : l2 * b);
}

/**
 * prox64 / prox32 on w[from..to) into out. Without factors this is the SIMD lane formula,
 * which the WASM path also applies to the few tail elements (see proxWasm) so that one formula
 * holds for every index.
 */
function proxJS(w: Vec, out: Vec, from: number, to: number, t: number, s: number, f: Float64Array | undefined): void {
  const w32 = w instanceof Float32Array;
  if (f) {
    for (let i = from; i < to; i++) {
      const v = w[i], fi = f[i], a = Math.abs(v) - t * fi;
      const r = a > 0 ? (v > 0 ? a : -a) / (1 + 2 * s * fi) : 0;
      out[i] = w32 ? Math.fround(r) : r;
    }
  } else if (w32) {
    const tf = Math.fround(t), d = Math.fround(1 / (1 + 2 * s));
    for (let i = from; i < to; i++) {
      const v = w[i], mag = Math.max(Math.fround(Math.abs(v) - tf), 0);
      out[i] = Math.fround((negative(v) ? -mag : mag) * d);
    }
  } else {
    const d = 1 / (1 + 2 * s);
    for (let i = from; i < to; i++) {
      const v = w[i], mag = Math.max(Math.abs(v) - t, 0);
      out[i] = (negative(v) ? -mag : mag) * d;
    }
  }
}

// ---- WASM paths ---------------------------------------------------------------------------

/** Runs `body` in WASM when it pays; returns undefined to ask for the JS path. */
function viaWasm<R>(n: number, body: () => R): R | undefined {
  if (n < WASM_MIN_LENGTH || !isInitialized()) return undefined;
  try {
    return body();
  } catch (e) {
    // Too big for the 4 GiB address space: JS computes the same numbers.
    if (e instanceof L1L2Error && e.code === "OUT_OF_MEMORY") return undefined;
    throw e;
  }
}

function valueWasm(w: Vec, l1: number, l2: number, f: Float64Array | undefined): number | undefined {
  // A single pass that reads each element once rarely repays the copy into WASM memory: only
  // the SIMD float64 kernel keeps up (≈1.8x faster up to 65536, even at 1e6-1e7). Scalar f32
  // and factor kernels lost to JS by 10-40% at 1e6-1e7, so those cases are JS only.
  if (!(w instanceof Float64Array) || f) return undefined;
  return viaWasm(w.length, () => scoped((take) => {
    const x = take(f64(w.length)).set(w);
    return kernels().penaltyValue64(x.ptr, w.length, l1, l2);
  }));
}

function proxWasm(w: Vec, out: Vec, t: number, s: number, f: Float64Array | undefined): boolean {
  const n = w.length, w32 = w instanceof Float32Array;
  // The kernels' scalar tail (n mod lanes) divides where the SIMD bulk multiplies by the
  // reciprocal; doing the tail in JS with the bulk formula keeps one formula for all indices.
  const bulk = f ? n : n - (n % (w32 ? 4 : 2));
  const done = viaWasm(n, () => scoped((take) => {
    const x = take(w32 ? f32(n) : f64(n));
    const fb = f ? take(f64(n)) : undefined;
    fb?.set(f!);
    x.set(w);
    const k = kernels(), fp = fb ? fb.ptr : 0;
    if (w32) k.prox32(x.ptr, bulk, t, s, fp); else k.prox64(x.ptr, bulk, t, s, fp);
    const r = x.view().subarray(0, bulk);
    if (Array.isArray(out)) for (let i = 0; i < bulk; i++) out[i] = r[i];
    else out.set(r);
    return true;
  }));
  if (!done) return false;
  proxJS(w, out, bulk, n, t, s, f);
  return true;
}

// ---- the regularizer ----------------------------------------------------------------------

const ALL_REGULARIZERS = new WeakSet<object>();

class L1L2Regularizer implements Regularizer {
  readonly kind: RegularizerKind;
  readonly l1: number;
  readonly l2: number;
  readonly #f: Float64Array | undefined;

  constructor(l1: number, l2: number, f: Float64Array | undefined) {
    this.l1 = l1;
    this.l2 = l2;
    this.kind = l1 > 0 ? (l2 > 0 ? "l1l2" : "l1") : l2 > 0 ? "l2" : "none";
    this.#f = f;
    ALL_REGULARIZERS.add(this);
    Object.freeze(this);
  }

  // A typed array with elements cannot be frozen, so the stored one never leaves this object.
  get factors(): Float64Array | undefined {
    return this.#f?.slice();
  }

  #checkLength(v: Vec, what: string): void {
    const f = this.#f;
    if (f && f.length !== v.length) {
      fail("SHAPE_MISMATCH", `${what} has length ${v.length} but the regularizer has ${f.length} penalty factors`);
    }
  }

  #output(w: Vec, out: Vec | undefined): Vec {
    if (out === undefined) return alike(w);
    checkVec(out, "out");
    if (out.length !== w.length) {
      fail("SHAPE_MISMATCH", `out has length ${out.length} but w has length ${w.length}`);
    }
    return out;
  }

  value(w: Vec): number {
    checkVec(w, "w");
    this.#checkLength(w, "w");
    if (this.l1 === 0 && this.l2 === 0) return 0;
    const v = valueWasm(w, this.l1, this.l2, this.#f) ?? valueJS(w, this.l1, this.l2, this.#f);
    return Number.isFinite(v) ? v : valueTermwise(w, this.l1, this.l2, this.#f);
  }

  gradient<T extends Vec>(w: Vec, out: T): T;
  gradient(w: Float32Array): Float32Array;
  gradient(w: Float64Array): Float64Array;
  gradient(w: number[]): number[];
  gradient(w: Vec): Vec;
  gradient(w: Vec, out?: Vec): Vec {
    checkVec(w, "w");
    this.#checkLength(w, "w");
    const res = this.#output(w, out), f = this.#f, n = w.length;
    const l1 = this.l1, l22 = 2 * this.l2;
    // No kernel: one multiply-add per element never repays the copies into WASM memory.
    // The "+ 0" turns the -0 of a zero-weighted negative wⱼ into 0.
    if (f) for (let i = 0; i < n; i++) { const v = w[i]; res[i] = l1 * f[i] * sign(v) + l22 * f[i] * v + 0; }
    else for (let i = 0; i < n; i++) { const v = w[i]; res[i] = l1 * sign(v) + l22 * v + 0; }
    return out ?? (Array.isArray(w) ? Array.from(res) : res);
  }

  prox<T extends Vec>(w: Vec, step: number, out: T): T;
  prox(w: Float32Array, step: number): Float32Array;
  prox(w: Float64Array, step: number): Float64Array;
  prox(w: number[], step: number): number[];
  prox(w: Vec, step: number): Vec;
  prox(w: Vec, step: number, out?: Vec): Vec {
    checkVec(w, "w");
    nonNegative(step, "step");
    this.#checkLength(w, "w");
    const res = this.#output(w, out), f = this.#f;
    // a switched-off term stays off even for an infinite step (∞·0 would be NaN)
    const t = this.l1 === 0 ? 0 : step * this.l1, s = this.l2 === 0 ? 0 : step * this.l2;
    if (t === 0 && s === 0) {
      if (res !== w) for (let i = 0; i < w.length; i++) res[i] = w[i];
    } else if (!proxWasm(w, res, t, s, f)) {
      proxJS(w, res, 0, w.length, t, s, f);
    }
    return out ?? (Array.isArray(w) ? Array.from(res) : res);
  }

  scaled(factor: number): Regularizer {
    nonNegative(factor, "scale factor");
    // the products are checked too: a huge factor could overflow them to Infinity
    return new L1L2Regularizer(nonNegative(this.l1 * factor, "l1 × scale factor"),
      nonNegative(this.l2 * factor, "l2 × scale factor"), this.#f);
  }

  toJSON(): RegularizerJSON {
    const json: RegularizerJSON = { type: "l1l2", l1: this.l1, l2: this.l2 };
    if (this.#f) json.factors = Array.from(this.#f);
    return json;
  }
}

function make(l1: number, l2: number, opts: RegularizerOptions | undefined): Regularizer {
  if (opts !== undefined && (opts === null || typeof opts !== "object")) {
    fail("INVALID_PARAMETER", `options must be an object like { factors }, got ${show(opts)}`);
  }
  const f = opts?.factors === undefined ? undefined : copyFactors(opts.factors);
  return new L1L2Regularizer(l1, l2, f);
}

/** Lasso penalty λ·Σ fⱼ|wⱼ| (Keras `l1(λ)`). λ finite ≥ 0. */
export function l1(lambda: number, opts?: RegularizerOptions): Regularizer {
  return make(nonNegative(lambda, "l1 (λ)"), 0, opts);
}

/** Ridge penalty λ·Σ fⱼwⱼ² — no ½, as in Keras `l2(λ)`; its gradient is 2λw. λ finite ≥ 0. */
export function l2(lambda: number, opts?: RegularizerOptions): Regularizer {
  return make(0, nonNegative(lambda, "l2 (λ)"), opts);
}

/**
 * Elastic-net penalty l1·Σ fⱼ|wⱼ| + l2·Σ fⱼwⱼ² (Keras `l1_l2`). Both weights are required
 * (Keras defaults them to 0.01; here an omitted weight is an error, not a silent default).
 */
export function l1l2(opts: { l1: number; l2: number; factors?: ArrayLike<number> }): Regularizer {
  if (opts === null || typeof opts !== "object") {
    fail("INVALID_PARAMETER", `l1l2 expects an object like { l1, l2, factors? }, got ${show(opts)}`);
  }
  return make(nonNegative(opts.l1, "l1"), nonNegative(opts.l2, "l2"), opts);
}

/** No penalty: value 0, gradient 0, prox is the identity. */
export function none(): Regularizer {
  return new L1L2Regularizer(0, 0, undefined);
}

/** True for regularizers made by this module (not for look-alike objects or their JSON). */
export function isRegularizer(x: unknown): x is Regularizer {
  return typeof x === "object" && x !== null && ALL_REGULARIZERS.has(x);
}

const JSON_KEYS = new Set(["type", "l1", "l2", "factors"]);

/**
 * Rebuilds a regularizer from {@link Regularizer.toJSON} output (the parsed object, not the
 * string). Strict: a plain object with exactly `type: "l1l2"`, `l1`, `l2` and optional
 * `factors`, all finite ≥ 0; anything else — other fields (including `__proto__`), accessors,
 * wrong types — throws an INVALID_JSON error.
 */
export function regularizerFromJSON(json: unknown): Regularizer {
  const bad = (why: string): never => fail("INVALID_JSON", `not a saved regularizer: ${why}`);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    bad(`expected an object like { type: "l1l2", l1, l2 }, got ${show(json)}` +
      (typeof json === "string" ? " (pass JSON.parse(text), not the text)" : ""));
  }
  const proto = Object.getPrototypeOf(json);
  if (proto !== Object.prototype && proto !== null) bad("expected a plain object");
  const o: Record<string, unknown> = Object.create(null);
  for (const key of Reflect.ownKeys(json as object)) {
    if (typeof key !== "string" || !JSON_KEYS.has(key)) bad(`unexpected field ${JSON.stringify(String(key))}`);
    const d = Object.getOwnPropertyDescriptor(json, key)!;
    if (!("value" in d)) bad(`field "${String(key)}" is an accessor, not a value`);
    o[key as string] = d.value;
  }
  if (o.type !== "l1l2") bad(`type must be "l1l2", got ${show(o.type)}`);
  const weight = (name: "l1" | "l2"): number => {
    const v = o[name];
    if (v === undefined) bad(`missing field "${name}"`);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) bad(`${name} must be a finite number ≥ 0, got ${show(v)}`);
    return (v as number) + 0;
  };
  const a = weight("l1"), b = weight("l2");
  let f: Float64Array | undefined;
  if (o.factors !== undefined) {
    if (!Array.isArray(o.factors)) bad(`factors must be an array of numbers, got ${show(o.factors)}`);
    try {
      f = copyFactors(o.factors);
    } catch (e) {
      bad(e instanceof Error ? e.message : String(e));
    }
  }
  return new L1L2Regularizer(a, b, f);
}
