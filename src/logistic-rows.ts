// A logistic fit's per-row arithmetic in WASM (assembly/logistic.ts): the loss and
// probabilities at η, and Newton's weights and working response. The labels, weights and offset
// are copied in once per fit; η and the outputs go through n-value buffers at each call.
import { kernels, f64, type WasmBuffer } from "./wasm.js";

export class LogisticRows {
  private readonly n: number;
  private readonly bufs: WasmBuffer<"f64">[] = [];
  private readonly t: WasmBuffer<"f64">;
  private readonly w: WasmBuffer<"f64"> | null;
  private readonly off: WasmBuffer<"f64"> | null;
  private readonly eta: WasmBuffer<"f64">;
  private readonly prob: WasmBuffer<"f64">;
  private readonly v: WasmBuffer<"f64">;
  private readonly z: WasmBuffer<"f64">;

  /** Labels t ∈ {0, 1}, weights w (null: unit), offset (added to η, or none). */
  constructor(t: Float64Array, w: Float64Array | null, off: Float64Array | undefined) {
    this.n = t.length;
    const take = (src?: Float64Array | null) => {
      const b = f64(this.n);
      this.bufs.push(b);
      if (src) b.set(src);
      return b;
    };
    try {
      this.t = take(t);
      this.w = w ? take(w) : null;
      this.off = off ? take(off) : null;
      this.eta = take();
      this.prob = take();
      this.v = take();
      this.z = take();
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** (1/n)·Σ wᵢ·logLoss((2tᵢ − 1)ηᵢ), and prob[i] = sigmoid(ηᵢ): one exp(−|ηᵢ|) per row. */
  lossAndProb(eta: Float64Array, prob: Float64Array): number {
    this.eta.set(eta);
    const s = kernels().logisticLoss(this.eta.ptr, this.t.ptr, this.w ? this.w.ptr : 0, this.prob.ptr, this.n);
    prob.set(this.prob.view());
    return s / this.n;
  }

  /**
   * Newton's quadratic model at η and prob = sigmoid(η): weights v = w·p̃(1 − p̃) scaled to sum
   * to n (p clipped to [pmin, 1 − pmin]) and response z = η − offset + (t − p)/(p̃(1 − p̃)).
   * Returns the scale n/Σw·p̃(1 − p̃), which the penalty takes to match.
   */
  newtonModel(eta: Float64Array, prob: Float64Array, pmin: number, v: Float64Array, z: Float64Array): number {
    this.eta.set(eta);
    this.prob.set(prob);
    const scale = kernels().newtonModel(this.eta.ptr, this.off ? this.off.ptr : 0, this.prob.ptr, this.t.ptr,
      this.w ? this.w.ptr : 0, pmin, this.v.ptr, this.z.ptr, this.n);
    v.set(this.v.view());
    z.set(this.z.view());
    return scale;
  }

  dispose(): void {
    for (let i = this.bufs.length - 1; i >= 0; i--) this.bufs[i].free(); // last in, first out (wasm.ts Heap)
    this.bufs.length = 0;
  }
}
