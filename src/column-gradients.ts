// The gradient pass over chosen columns of a resident design, shared by the squared-error
// engine (gap checks, the features a path leaves out) and logistic fits (the loss gradient).
import type { DesignMatrix } from "./design.js";
import { inHalves } from "./threads.js";
import type { WasmBuffer } from "./wasm.js";

/**
 * g[j] = X̃ⱼᵀρ = Xⱼᵀρ − mⱼ·Σρ (stored units; m and ρ pointers) for j = list[from … to − 1]: one
 * pass over those columns, in two halves on two threads when a helper is there.
 */
export function columnGradients(d: DesignMatrix, m: number, rho: number, list: WasmBuffer<"i32">, from: number, to: number,
                                g: WasmBuffer<"f64">): void {
  if (to <= from) return;
  inHalves(to - from, d.rows, (t0, t1) => ({
    name: "gradientOf", args: [d.layout, d.ptr, d.rows, m, rho, list.ptr, from + t0, from + t1, g.ptr],
  }));
}

/** grad[j] = g[j]·dⱼ/n for j = list[from … to − 1]: stored units to the canonical gradient's. */
export function canonicalGradients(d: DesignMatrix, list: WasmBuffer<"i32">, from: number, to: number,
                                   g: WasmBuffer<"f64">, grad: Float64Array): void {
  const gv = g.view(), lv = list.view(), scales = d.scales, n = d.rows;
  for (let t = from; t < to; t++) { const j = lv[t]; grad[j] = (gv[j] * scales[j]) / n; }
}
