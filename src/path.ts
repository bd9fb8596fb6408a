// The path engine: a decreasing sequence of l1 values solved with warm starts, sequential
// strong rules (Tibshirani et al. 2012) and a KKT check on the discarded features after each
// point. X stays resident; each point is one GaussianProblem.solve on a subset of features.
import { GaussianProblem, Mode, SolveResult } from "./gaussian.js";
import { L1L2Error } from "./errors.js";

export interface Progress {
  done: number;
  total: number;
  lambda: number;
}

export interface PathOptions {
  /** Decreasing l1 values (canonical units). */
  l1: ArrayLike<number>;
  /** l2 per point (canonical units). */
  l2: ArrayLike<number>;
  factors?: Float64Array;
  lower?: Float64Array;
  upper?: Float64Array;
  tol: number;
  maxIter: number;
  mode?: Mode;
  /** Sequential strong rules with KKT checks (default true). */
  screening?: boolean;
  /** The value reported to onProgress for point k (the user's λ). */
  label?: (k: number) => number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Called after each point; returning true ends the path there (glmnet's early stop). */
  stop?: (k: number, point: SolveResult) => boolean;
}

export function solvePath(problem: GaussianProblem, o: PathOptions): SolveResult[] {
  const p = problem.p, L = o.l1.length;
  const fs = problem.l1Scale(o.factors);
  const lower = o.lower, upper = o.upper;
  const screening = o.screening ?? true;
  const points: SolveResult[] = [];
  let coef: Float64Array = new Float64Array(p);
  let grad: Float64Array = problem.correlations();
  let prevL1 = Infinity;
  const ever = new Uint8Array(p);
  for (let k = 0; k < L; k++) {
    o.signal?.throwIfAborted();
    const l1 = o.l1[k], l2 = o.l2[k];
    if (k > 0 && l1 > prevL1) throw new L1L2Error("INVALID_PARAMETER", "the λ sequence must be decreasing");
    const include = new Uint8Array(p);
    if (screening && l1 > 0) {
      // keep j when |∇ⱼ| ≥ (2λₖ − λₖ₋₁)·scaleⱼ at the previous solution
      const cut = 2 * l1 - (Number.isFinite(prevL1) ? prevL1 : l1);
      for (let j = 0; j < p; j++) {
        include[j] = ever[j] || fs[j] === 0 || Math.abs(grad[j]) >= cut * fs[j] ? 1 : 0;
      }
    } else {
      include.fill(1);
    }
    let r: SolveResult;
    for (;;) {
      r = problem.solve({ l1, l2, factors: o.factors },
        { tol: o.tol, maxIter: o.maxIter, mode: o.mode, lower, upper, include }, coef);
      // KKT on the discarded features: could any of them move from zero?
      let added = 0;
      for (let j = 0; j < p; j++) {
        if (include[j]) continue;
        const a = l1 * fs[j], g = r.grad[j];
        const up = g > a && !(upper && upper[j] <= 0);
        const down = g < -a && !(lower && lower[j] >= 0);
        if (up || down) { include[j] = 1; added++; }
      }
      if (added === 0) break;
      coef = r.coef;
    }
    for (let j = 0; j < p; j++) if (r.coef[j] !== 0) ever[j] = 1;
    points.push(r);
    coef = r.coef;
    grad = r.grad;
    prevL1 = l1;
    o.onProgress?.({ done: k + 1, total: L, lambda: o.label ? o.label(k) : l1 });
    if (o.stop?.(k, r)) break;
  }
  return points;
}
