// The module's exports. Kernels take byte pointers into linear memory that the host
// allocates (src/wasm.ts owns it); nothing here allocates. The kernels that read the design
// X take `x32` first: true when X is stored as float32, which picks their f32 instance.
import { columnStats as columnStatsT, addXb as addXbT } from "./columns";
import { enetNaive as enetNaiveT, enetCov as enetCovT, xtwv as xtwvT } from "./enet";
import { ridgeGram as ridgeGramT, ridgeKernel as ridgeKernelT } from "./ridge";
export { AA_K } from "./enet";
export { cholesky, cholSolve } from "./ridge";
export { penaltyValue64, penaltyValue32, prox64, prox32 } from "./prox";

export function columnStats(x32: bool, X: usize, n: i32, p: i32, w: usize, intercept: bool,
                            mu: usize, m: usize, q: usize, colsq: usize): void {
  if (x32) columnStatsT<f32>(X, n, p, w, intercept, mu, m, q, colsq);
  else columnStatsT<f64>(X, n, p, w, intercept, mu, m, q, colsq);
}

export function addXb(x32: bool, X: usize, n: i32, p: i32, coef: usize, out: usize): void {
  if (x32) addXbT<f32>(X, n, p, coef, out);
  else addXbT<f64>(X, n, p, coef, out);
}

export function xtwv(x32: bool, X: usize, n: i32, p: i32, w: usize, m: usize, v: usize, t: usize, dst: usize): void {
  if (x32) xtwvT<f32>(X, n, p, w, m, v, t, dst);
  else xtwvT<f64>(X, n, p, w, m, v, t, dst);
}

export function enetNaive(x32: bool, X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                          yc: usize, rho: usize, coef: usize,
                          alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                          include: usize, g: usize, idx: usize, work: usize,
                          tol: f64, gapTol: f64, maxIter: i32, out: usize): void {
  if (x32) enetNaiveT<f32>(X, n, p, w, m, q, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, idx, work, tol, gapTol, maxIter, out);
  else enetNaiveT<f64>(X, n, p, w, m, q, yc, rho, coef, alpha, kappa, lo, hi, colsq, include, g, idx, work, tol, gapTol, maxIter, out);
}

export function enetCov(x32: bool, X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                        yc: usize, ytwy: f64, coef: usize,
                        alpha: usize, kappa: usize, lo: usize, hi: usize, colsq: usize,
                        include: usize, g: usize, c: usize, G: usize, slot: usize, v: usize, idx: usize,
                        used: i32, haveC: bool, tol: f64, gapTol: f64, maxIter: i32, out: usize): void {
  if (x32) enetCovT<f32>(X, n, p, w, m, q, yc, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, v, idx, used, haveC, tol, gapTol, maxIter, out);
  else enetCovT<f64>(X, n, p, w, m, q, yc, ytwy, coef, alpha, kappa, lo, hi, colsq, include, g, c, G, slot, v, idx, used, haveC, tol, gapTol, maxIter, out);
}

export function ridgeGram(x32: bool, X: usize, n: i32, p: i32, w: usize, m: usize, q: usize,
                          kappa: usize, v: usize, A: usize): void {
  if (x32) ridgeGramT<f32>(X, n, p, w, m, q, kappa, v, A);
  else ridgeGramT<f64>(X, n, p, w, m, q, kappa, v, A);
}

export function ridgeKernel(x32: bool, X: usize, n: i32, p: i32, sw: usize, m: usize, kappa: usize,
                            t: usize, K: usize): void {
  if (x32) ridgeKernelT<f32>(X, n, p, sw, m, kappa, t, K);
  else ridgeKernelT<f64>(X, n, p, sw, m, kappa, t, K);
}

/** First byte the host may use. */
export function heapBase(): usize { return __heap_base; }

// Engines disagree in the last bit of Math.pow/log (V8 in Node 20 vs Chromium); λ grids use
// these so that a path is bit-identical everywhere.
export function pow(x: f64, y: f64): f64 { return Math.pow(x, y); }
export function log10(x: f64): f64 { return Math.log10(x); }
