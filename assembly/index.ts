// The module's exports. Kernels take byte pointers into linear memory that the host
// allocates (src/wasm.ts owns it); nothing here allocates. The kernels that read the design
// X take `layout` first, which picks their instance for X's storage (storage.ts):
//   0 dense float64, 1 dense float32, 2 CSC float64, 3 CSC float32
// (for CSC, X points to the header of three pointers: indptr, indices, data).
import { Dense, Csc } from "./storage";
import { columnStats as columnStatsT, addXb as addXbT, addXbRows as addXbRowsT, xtwvRange as xtwvT, gradientOf as gradientOfT } from "./columns";
import { enetNaive as enetNaiveT, enetCov as enetCovT } from "./enet";
import { ridgeGramDense, ridgeGramSingle, ridgeGramSparse, ridgeKernel as ridgeKernelT, ridgeKernelSingle,
  ridgeKernelApplyPart as ridgeKernelApplyPartT, ridgeApplyPart as ridgeApplyPartT } from "./ridge";
export { wmean, centre } from "./columns";
export { AA_K, naiveDualGap, checkList, supportFactorWords } from "./enet";
export { toStored, penaltyWeights, fromStored, fillValue, countedOrder, restOrder, markUncounted } from "./features";
export { cholesky, cholExtend, cholSolve, ridgeWorkspace, ridgeEquilibrate, ridgeAddParts, applyBlockRows } from "./ridge";
export { useScratch } from "./scratch";
export { foldGram } from "./fold-gram";
export { penaltyValue64, prox64, prox32 } from "./prox";
export { logisticLoss, newtonModel, logisticResidual } from "./logistic";

type D64 = Dense<f64>;
type D32 = Dense<f32>;
type C64 = Csc<f64>;
type C32 = Csc<f32>;

export function columnStats(layout: i32, X: usize, n: i32, idx: usize, t0: i32, t1: i32, w: usize, intercept: bool,
                            mu: usize, m: usize, q: usize, colsq: usize): void {
  if (layout == 0) columnStatsT<D64>(changetype<D64>(X), n, idx, t0, t1, w, intercept, mu, m, q, colsq);
  else if (layout == 1) columnStatsT<D32>(changetype<D32>(X), n, idx, t0, t1, w, intercept, mu, m, q, colsq);
  else if (layout == 2) columnStatsT<C64>(changetype<C64>(X), n, idx, t0, t1, w, intercept, mu, m, q, colsq);
  else columnStatsT<C32>(changetype<C32>(X), n, idx, t0, t1, w, intercept, mu, m, q, colsq);
}

export function addXb(layout: i32, X: usize, n: i32, p: i32, coef: usize, out: usize): void {
  if (layout == 0) addXbT<D64>(changetype<D64>(X), n, p, 0, coef, out);
  else if (layout == 1) addXbT<D32>(changetype<D32>(X), n, p, 0, coef, out);
  else if (layout == 2) addXbT<C64>(changetype<C64>(X), n, p, 0, coef, out);
  else addXbT<C32>(changetype<C32>(X), n, p, 0, coef, out);
}

/** L coefficient vectors' X·B at the listed rows only (columns.ts addXbRows). */
export function addXbRows(layout: i32, X: usize, n: i32, p: i32, rows: usize, count: i32, B: usize, L: i32,
                          x: usize, t: usize, out: usize): void {
  if (layout == 0) addXbRowsT<D64>(changetype<D64>(X), n, p, rows, count, B, L, x, t, out);
  else if (layout == 1) addXbRowsT<D32>(changetype<D32>(X), n, p, rows, count, B, L, x, t, out);
  else if (layout == 2) addXbRowsT<C64>(changetype<C64>(X), n, p, rows, count, B, L, x, t, out);
  else addXbRowsT<C32>(changetype<C32>(X), n, p, rows, count, B, L, x, t, out);
}

/** X̃ⱼᵀ(w∘v) for j0 ≤ j < j1 into dst; t (n) is workspace. */
export function xtwv(layout: i32, X: usize, n: i32, j0: i32, j1: i32, w: usize, m: usize, v: usize, t: usize, dst: usize): void {
  if (layout == 0) xtwvT<D64>(changetype<D64>(X), n, j0, j1, w, m, v, t, dst);
  else if (layout == 1) xtwvT<D32>(changetype<D32>(X), n, j0, j1, w, m, v, t, dst);
  else if (layout == 2) xtwvT<C64>(changetype<C64>(X), n, j0, j1, w, m, v, t, dst);
  else xtwvT<C32>(changetype<C32>(X), n, j0, j1, w, m, v, t, dst);
}

export function gradientOf(layout: i32, X: usize, n: i32, m: usize, rho: usize, idx: usize, t0: i32, t1: i32, g: usize): void {
  if (layout == 0) gradientOfT<D64>(changetype<D64>(X), n, m, rho, idx, t0, t1, g);
  else if (layout == 1) gradientOfT<D32>(changetype<D32>(X), n, m, rho, idx, t0, t1, g);
  else if (layout == 2) gradientOfT<C64>(changetype<C64>(X), n, m, rho, idx, t0, t1, g);
  else gradientOfT<C32>(changetype<C32>(X), n, m, rho, idx, t0, t1, g);
}

export function enetNaive(layout: i32, X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                          yc: usize, rho: usize, coef: usize,
                          alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                          include: usize, g: usize, idx: usize, work: usize, sw: usize, fac: usize, cap: i32,
                          tol: f64, maxIter: i32, start: i32, out: usize): void {
  if (layout == 0) enetNaiveT<D64>(changetype<D64>(X), n, p, w, m, q, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, idx, work, sw, fac, cap, tol, maxIter, start, out);
  else if (layout == 1) enetNaiveT<D32>(changetype<D32>(X), n, p, w, m, q, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, idx, work, sw, fac, cap, tol, maxIter, start, out);
  else if (layout == 2) enetNaiveT<C64>(changetype<C64>(X), n, p, w, m, q, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, idx, work, sw, fac, cap, tol, maxIter, start, out);
  else enetNaiveT<C32>(changetype<C32>(X), n, p, w, m, q, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, idx, work, sw, fac, cap, tol, maxIter, start, out);
}

export function enetCov(layout: i32, X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                        yc: usize, ytwy: f64, coef: usize,
                        alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                        include: usize, g: usize, c: usize, G: usize, slot: usize, v: usize, idx: usize,
                        used: i32, haveC: bool, sw: usize, fac: usize, cap: i32, tol: f64, gapTol: f64, maxIter: i32, out: usize): void {
  if (layout == 0) enetCovT<D64>(changetype<D64>(X), n, p, w, m, q, yc, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, v, idx, used, haveC, sw, fac, cap, tol, gapTol, maxIter, out);
  else if (layout == 1) enetCovT<D32>(changetype<D32>(X), n, p, w, m, q, yc, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, v, idx, used, haveC, sw, fac, cap, tol, gapTol, maxIter, out);
  else if (layout == 2) enetCovT<C64>(changetype<C64>(X), n, p, w, m, q, yc, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, v, idx, used, haveC, sw, fac, cap, tol, gapTol, maxIter, out);
  else enetCovT<C32>(changetype<C32>(X), n, p, w, m, q, yc, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, v, idx, used, haveC, sw, fac, cap, tol, gapTol, maxIter, out);
}

/** The ridge system's matrix into A: X̃ᵀWX̃ + diag κ, in double precision. */
export function ridgeGram(layout: i32, X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                          kappa: usize, v: usize, A: usize): void {
  if (layout == 0) ridgeGramDense<f64>(changetype<D64>(X), n, p, 0, w, m, kappa, v, A);
  else if (layout == 1) ridgeGramDense<f32>(changetype<D32>(X), n, p, 0, w, m, kappa, v, A);
  else if (layout == 2) ridgeGramSparse<C64>(changetype<C64>(X), n, p, 0, w, m, q, kappa, v, A);
  else ridgeGramSparse<C32>(changetype<C32>(X), n, p, 0, w, m, q, kappa, v, A);
}

/** X̃ᵀWX̃ (lower triangle) over the listed rows only (dense X only): a fold's held-out rows (foldGram). */
export function ridgeGramRows(layout: i32, X: usize, n: i32, p: i32, rows: usize, count: i32, w: usize, m: usize,
                              v: usize, A: usize): void {
  if (layout == 0) ridgeGramDense<f64>(changetype<D64>(X), n, p, 0, w, m, 0, v, A, 0, rows, count);
  else ridgeGramDense<f32>(changetype<D32>(X), n, p, 0, w, m, 0, v, A, 0, rows, count);
}

/** Rows r0 … r1 − 1's part of X̃ᵀWX̃ in single precision (dense X only), for ridgeAddParts. */
export function ridgeGramPart(layout: i32, X: usize, n: i32, p: i32, w: usize, m: usize,
                              r0: i32, r1: i32, v: usize, A: usize): void {
  if (layout == 0) ridgeGramSingle<f64>(changetype<D64>(X), n, p, w, m, r0, r1, v, A);
  else ridgeGramSingle<f32>(changetype<D32>(X), n, p, w, m, r0, r1, v, A);
}

/** The kernel form's n×n matrix into K, in double precision. */
export function ridgeKernel(layout: i32, X: usize, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                            t: usize, K: usize): void {
  if (layout == 0) ridgeKernelT<D64>(changetype<D64>(X), n, p, sw, m, kappa, t, K);
  else if (layout == 1) ridgeKernelT<D32>(changetype<D32>(X), n, p, sw, m, kappa, t, K);
  else if (layout == 2) ridgeKernelT<C64>(changetype<C64>(X), n, p, sw, m, kappa, t, K);
  else ridgeKernelT<C32>(changetype<C32>(X), n, p, sw, m, kappa, t, K);
}

/** Features j0 … j1 − 1's part of the kernel matrix (without + I) in single precision, any layout. */
export function ridgeKernelPart(layout: i32, X: usize, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                                j0: i32, j1: i32, t: usize, K: usize): void {
  if (layout == 0) ridgeKernelSingle<D64>(changetype<D64>(X), n, p, sw, m, kappa, j0, j1, t, K);
  else if (layout == 1) ridgeKernelSingle<D32>(changetype<D32>(X), n, p, sw, m, kappa, j0, j1, t, K);
  else if (layout == 2) ridgeKernelSingle<C64>(changetype<C64>(X), n, p, sw, m, kappa, j0, j1, t, K);
  else ridgeKernelSingle<C32>(changetype<C32>(X), n, p, sw, m, kappa, j0, j1, t, K);
}

/** Features j0 … j1 − 1's part of the kernel form's product, any layout: ridge.ts ridgeKernelApplyPart. */
export function ridgeKernelApplyPart(layout: i32, X: usize, n: i32, sw: usize, m: usize, kappa: usize, x: usize,
                                     j0: i32, j1: i32, v: usize, z: usize, u: usize): void {
  if (layout == 0) ridgeKernelApplyPartT<D64>(changetype<D64>(X), n, sw, m, kappa, x, j0, j1, v, z, u);
  else if (layout == 1) ridgeKernelApplyPartT<D32>(changetype<D32>(X), n, sw, m, kappa, x, j0, j1, v, z, u);
  else if (layout == 2) ridgeKernelApplyPartT<C64>(changetype<C64>(X), n, sw, m, kappa, x, j0, j1, v, z, u);
  else ridgeKernelApplyPartT<C32>(changetype<C32>(X), n, sw, m, kappa, x, j0, j1, v, z, u);
}

/** Rows r0 … r1 − 1's part of X̃ᵀWX̃v (dense X only): ridge.ts ridgeApplyPart. */
export function ridgeApplyPart(layout: i32, X: usize, n: i32, p: i32, w: usize, m: usize, v: usize,
                               r0: i32, r1: i32, u: usize, t: usize, out: usize): void {
  if (layout == 0) ridgeApplyPartT<f64>(changetype<D64>(X), n, p, w, m, v, r0, r1, u, t, out);
  else ridgeApplyPartT<f32>(changetype<D32>(X), n, p, w, m, v, r0, r1, u, t, out);
}

/** First byte the host may use. */
export function heapBase(): usize { return __heap_base; }

// Engines disagree in the last bit of Math.pow/log (V8 in Node 20 vs Chromium); λ grids use
// these so that a path is bit-identical everywhere.
export function pow(x: f64, y: f64): f64 { return Math.pow(x, y); }
export function log10(x: f64): f64 { return Math.log10(x); }
