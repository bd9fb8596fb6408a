// The module's exports. Kernels take byte pointers into linear memory that the host
// allocates (src/wasm.ts owns it); nothing here allocates.
export { dot, axpy, wxpy, sum, wssd } from "./simd";
export { columnStats, addXb } from "./columns";
export { enetNaive, enetCov, gramColumn, xtwv, AA_K } from "./enet";
export { ridgeGram, ridgeKernel, cholesky, cholSolve } from "./ridge";
export { penaltyValue64, penaltyValue32, prox64, prox32 } from "./prox";

/** First byte the host may use. */
export function heapBase(): usize { return __heap_base; }
