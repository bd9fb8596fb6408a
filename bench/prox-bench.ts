// T7: the regularizer's proximal operator, l1l2({ l1, l2 }).prox(w, step, out), on a long
// Float32Array (a network's weights) against the plain JavaScript loop a user would write.
// Timed with the `benchmark` package (Benchmark.js: calibrated cycles, mean ± rme, and we
// report the median of its per-cycle samples); the results are compared element-wise with the plain loop's.
import { createRequire } from "node:module";
import { initSync, l1l2 } from "../src/index.js";
import { rng } from "./data.js";
import { median } from "./timing.js";

const require = createRequire(import.meta.url);

export interface ProxRow {
  solver: string;
  medianMs: number;
  meanMs: number;
  rmePct: number;
  samples: number;
  /** max |out − plain JS out| */
  maxAbsDiff: number;
  /** elements set exactly to zero */
  zeros: number;
  detail: string;
}

/** The loop a user would write: soft-threshold by step·l1, then shrink by 1/(1 + 2·step·l2). */
export function proxPlain(w: Float32Array, step: number, l1: number, l2: number, out: Float32Array): void {
  const t = step * l1, d = 1 / (1 + 2 * step * l2);
  for (let i = 0; i < w.length; i++) {
    const v = w[i], a = Math.abs(v) - t;
    out[i] = a > 0 ? (v > 0 ? a : -a) * d : 0;
  }
}

/** The same with Math.sign / Math.max (no data-dependent branches). */
export function proxPlainBranchless(w: Float32Array, step: number, l1: number, l2: number, out: Float32Array): void {
  const t = step * l1, d = 1 / (1 + 2 * step * l2);
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    out[i] = Math.sign(v) * Math.max(Math.abs(v) - t, 0) * d;
  }
}

export function runProxBench(length: number, maxTimeS: number): ProxRow[] {
  initSync();
  const r = rng(7), w = new Float32Array(length);
  for (let i = 0; i < length; i++) w[i] = 0.05 * r.normal();
  const l1 = 1e-3, l2 = 1e-4, step = 10;
  const reg = l1l2({ l1, l2 });
  const outWasm = new Float32Array(length), outJs = new Float32Array(length), outJs2 = new Float32Array(length);
  const Benchmark = require("benchmark");
  const suite = new Benchmark.Suite();
  suite.add("l1l2 prox", () => { reg.prox(w, step, outWasm); }, { maxTime: maxTimeS, minSamples: 5 });
  suite.add("plain JS loop", () => { proxPlain(w, step, l1, l2, outJs); }, { maxTime: maxTimeS, minSamples: 5 });
  suite.add("plain JS (Math.sign/max)", () => { proxPlainBranchless(w, step, l1, l2, outJs2); }, { maxTime: maxTimeS, minSamples: 5 });
  suite.run({ async: false });
  reg.prox(w, step, outWasm);
  proxPlain(w, step, l1, l2, outJs);
  proxPlainBranchless(w, step, l1, l2, outJs2);
  const maxDiff = (a: Float32Array) => {
    let m = 0;
    for (let i = 0; i < length; i++) m = Math.max(m, Math.abs(a[i] - outJs[i]));
    return m;
  };
  const outs: Record<string, Float32Array> = { "l1l2 prox": outWasm, "plain JS loop": outJs, "plain JS (Math.sign/max)": outJs2 };
  const details: Record<string, string> = {
    "l1l2 prox": `l1l2({ l1: ${l1}, l2: ${l2} }).prox(w, ${step}, out): copy in, WASM SIMD f32x4, copy out`,
    "plain JS loop": "for-loop, a > 0 ? (v > 0 ? a : −a)·d : 0",
    "plain JS (Math.sign/max)": "for-loop, Math.sign(v)·Math.max(|v| − t, 0)·d",
  };
  const count0 = (a: Float32Array) => a.reduce((s, v) => s + (v === 0 ? 1 : 0), 0);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return suite.map((b: any) => ({
    solver: b.name,
    medianMs: median(b.stats.sample) * 1e3,
    meanMs: b.stats.mean * 1e3,
    rmePct: b.stats.rme,
    samples: b.stats.sample.length,
    maxAbsDiff: maxDiff(outs[b.name]),
    zeros: count0(outs[b.name]),
    detail: details[b.name],
  }));
}
