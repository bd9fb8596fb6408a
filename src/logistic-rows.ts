// A logistic fit's rows in WASM memory (assembly/logistic.ts): the labels, weights and offset,
// copied in once, and the n-value vectors a Newton step works on (η and the probabilities at
// the fit and at a step's candidates, the model's weights and response, the residual), which
// never leave WASM between steps; and the loss gradient from them, over chosen features.
import type { DesignMatrix } from "./design.js";
import { designPredictInto } from "./predict.js";
import { columnGradients, canonicalGradients } from "./column-gradients.js";
import { kernels, f64Parts, i32, type WasmBuffer } from "./wasm.js";

/** The gradient at β = 0 with intercept b0 (LogisticRows.nullGradient). */
export interface NullGradient { b0: number; grad: Float64Array; interceptGrad: number; scale: number }

export class LogisticRows {
  readonly n: number;
  readonly p: number;
  private readonly d: DesignMatrix;
  private readonly block: WasmBuffer<"f64">;
  /** The features in the order the gradient takes them (order()), then 0 … p − 1. */
  private readonly lists: WasmBuffer<"i32">;
  private readonly t: WasmBuffer<"f64">;
  private readonly w: WasmBuffer<"f64"> | null;
  private readonly off: Float64Array | undefined;
  private readonly offBuf: WasmBuffer<"f64"> | null;
  /**
   * Five vectors of η or probabilities, for a fit and its candidates (roles kept by the
   * caller): a fit that ends with hold() leaves its η and probabilities in the first two.
   */
  readonly vectors: WasmBuffer<"f64">[];
  /** The fit whose η and probabilities the first two vectors hold. */
  private holder: object | null = null;
  /** Newton's quadratic model: weights and working response. */
  readonly v: WasmBuffer<"f64">;
  readonly z: WasmBuffer<"f64">;
  private readonly rho: WasmBuffer<"f64">;
  /** −(column means) in stored units: X̃ⱼ = stored − m restores the raw column (over its scale). */
  private readonly m: WasmBuffer<"f64">;
  private readonly g: WasmBuffer<"f64">;
  private readonly stored: WasmBuffer<"f64">;
  /** The gradient at β = 0 with the intercept b0, once asked for. */
  private nullAt: NullGradient | null = null;

  /** Labels t ∈ {0, 1}, weights w (null: unit), offset (added to η, or none). */
  constructor(d: DesignMatrix, t: Float64Array, w: Float64Array | null, off: Float64Array | undefined) {
    const n = d.rows, p = d.cols;
    this.n = n; this.p = p; this.d = d; this.off = off;
    const { block, parts } = f64Parts([n, w ? n : 0, off ? n : 0, n, n, n, n, n, n, n, n, p, p, p]);
    this.block = block;
    try {
      this.lists = i32(2 * p);
    } catch (e) {
      block.free();
      throw e;
    }
    [this.t, , , , , , , , this.v, this.z, this.rho, this.m, this.g, this.stored] = parts;
    this.w = w ? parts[1] : null;
    this.offBuf = off ? parts[2] : null;
    this.vectors = parts.slice(3, 8);
    this.t.set(t);
    if (w) this.w!.set(w);
    if (off) this.offBuf!.set(off);
    const mv = this.m.view(), all = this.lists.view();
    for (let j = 0; j < p; j++) { mv[j] = -d.means[j] / d.scales[j]; all[p + j] = j; }
  }

  /**
   * Keeps η and the probabilities of the fit `state` ended with (two of the vectors) for the
   * next fit that starts there: they move to the first two places, no copy.
   */
  hold(eta: WasmBuffer<"f64">, prob: WasmBuffer<"f64">, state: object): void {
    const rest = this.vectors.filter((v) => v !== eta && v !== prob);
    this.vectors.splice(0, this.vectors.length, eta, prob, ...rest);
    this.holder = state;
  }

  /** Whether the first two vectors are the η and probabilities that hold() kept for `state`. */
  holds(state: object): boolean {
    return this.holder === state;
  }

  /** η = Xβ + b + offset into `eta`. */
  predict(coef: Float64Array, b: number, eta: WasmBuffer<"f64">): void {
    designPredictInto(this.d, coef, b, eta, this.stored, this.off);
  }

  /** (1/n)·Σ wᵢ·logLoss((2tᵢ − 1)ηᵢ), and prob[i] = sigmoid(ηᵢ): one exp(−|ηᵢ|) per row. */
  loss(eta: WasmBuffer<"f64">, prob: WasmBuffer<"f64">): number {
    return kernels().logisticLoss(eta.ptr, this.t.ptr, this.w ? this.w.ptr : 0, prob.ptr, this.n) / this.n;
  }

  /**
   * Newton's quadratic model at η and prob = sigmoid(η), into v and z: weights v = w·p̃(1 − p̃)
   * scaled to sum to n (p clipped to [pmin, 1 − pmin]) and response z = η − offset + (t − p)/(p̃(1 − p̃)).
   * Returns the scale n/Σw·p̃(1 − p̃), which the penalty takes to match.
   */
  newtonModel(eta: WasmBuffer<"f64">, prob: WasmBuffer<"f64">, pmin: number): number {
    return kernels().newtonModel(eta.ptr, this.offBuf ? this.offBuf.ptr : 0, prob.ptr, this.t.ptr,
      this.w ? this.w.ptr : 0, pmin, this.v.ptr, this.z.ptr, this.n);
  }

  /**
   * Sets the features the gradient is taken over: those marked in `mask` (all when none) first,
   * then the rest. Returns how many are marked.
   */
  order(mask: Uint8Array | undefined): number {
    const lv = this.lists.view(), p = this.p;
    let marked = 0;
    for (let j = 0, back = p; j < p; j++) {
      if (!mask || mask[j]) lv[marked++] = j; else lv[--back] = j;
    }
    return marked;
  }

  /**
   * Xᵀ W (t − p)/n (minus the loss gradient) at probabilities `prob`, into grad[j] for the
   * features order() put in places from … to − 1 (the others are left as they are); returns
   * the intercept's, Σ wᵢ(tᵢ − pᵢ)/n. A pass over those columns, in halves on two threads.
   */
  gradient(prob: WasmBuffer<"f64">, from: number, to: number, grad: Float64Array): number {
    return this.gradientOver(0, prob, from, to, grad);
  }

  /** gradient() over list `which` (0: order()'s, 1: 0 … p − 1). */
  private gradientOver(which: number, prob: WasmBuffer<"f64">, from: number, to: number, grad: Float64Array): number {
    const { n, p, d } = this;
    from += which * p; to += which * p;
    const s = kernels().logisticResidual(this.t.ptr, this.w ? this.w.ptr : 0, prob.ptr, this.rho.ptr, n);
    columnGradients(d, this.m.ptr, this.rho.ptr, this.lists, from, to, this.g);
    canonicalGradients(d, this.lists, from, to, this.g, grad);
    return s / n;
  }

  /**
   * The gradient at β = 0 with intercept b0 (and the offset), over all features, the
   * intercept's, and max |gⱼ|/spreadⱼ (the stopping rule's scale): kept, since a path asks at
   * every λ and a cold fit starts there. Uses two of `vectors`, not the first two.
   */
  nullGradient(b0: number): NullGradient {
    if (this.nullAt?.b0 === b0) return this.nullAt;
    const eta = this.vectors[2], prob = this.vectors[3], { p } = this; // (not the held ones)
    this.predict(new Float64Array(p), b0, eta);
    this.loss(eta, prob);
    const grad = new Float64Array(p);
    const interceptGrad = this.gradientOver(1, prob, 0, p, grad);
    let scale = 0;
    for (let j = 0; j < p; j++) scale = Math.max(scale, Math.abs(grad[j]) / this.d.scales[j]);
    return this.nullAt = { b0, grad, interceptGrad, scale };
  }

  dispose(): void {
    this.lists.free(); // last in, first out (wasm.ts Heap)
    this.block.free();
  }
}
