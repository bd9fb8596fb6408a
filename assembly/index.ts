// The module's exports. Kernels take byte pointers into linear memory that the host
// allocates (src/wasm.ts owns it); nothing here allocates.
export { dot, axpy, wxpy, sum, wssd } from "./simd";
export { columnStats, addXb } from "./columns";
export { enetNaive, enetCov, gramColumn, xtwv, AA_K } from "./enet";
export { ridgeGram, ridgeKernel, cholesky, cholSolve } from "./ridge";
export { penaltyValue64, penaltyValue32, prox64, prox32 } from "./prox";

/** First byte the host may use. */
export function heapBase(): usize { return __heap_base; }

// Engines disagree in the last bit of Math.pow/log (V8 in Node 20 vs Chromium); λ grids use
// these so that a path is bit-identical everywhere.
export function pow(x: f64, y: f64): f64 { return Math.pow(x, y); }
export function log10(x: f64): f64 { return Math.log10(x); }
