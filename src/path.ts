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
  /**
   * Called after each point; returning true ends the path there (glmnet's early stop). The
   * point's `grad` is NaN for features a bound cleared (solvePath).
   */
  stop?: (k: number, point: SolveResult) => boolean;
}

/**
 * Past this share of the features, a point's check of the left-out features passes over all of
 * their columns and takes that residual as the new reference, rather than computing only the
 * gradients the bounds cannot clear. S2's path (200 × 20000, 100 λ), the KKT checks' reads in
 * passes over all columns: 100 without bounds; with them 43 full + 3.3 in parts at 0.1, 40 + 5.3
 * at 0.3, 33 + 11 at 0.5, 28 + 17 at 0.7: flat from 0.1 to 0.7, so the middle of it (all of the
 * path's gradient passes, the gap checks' included: 104 → 54).
 */
const FULL_CHECK_SHARE = 0.25;

/**
 * The fits along a decreasing l1 sequence. A point's `grad` is NaN for features left out whose
 * gradient a bound proves below what the checks compare it with (see leftOutGradients).
 */
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
  const bounds: GradientBounds = { ref: null, refNorm: 0, scales: screening ? problem.gradientScales() : null, pending: new Int32Array(p) };
  for (let k = 0; k < L; k++) {
    o.signal?.throwIfAborted();
    const l1 = o.l1[k], l2 = o.l2[k];
    if (k > 0 && l1 > prevL1) throw new L1L2Error("INVALID_PARAMETER", "the λ sequence must be decreasing");
    const include = new Uint8Array(p);
    if (screening && l1 > 0) {
      // keep j when |∇ⱼ| ≥ (2λₖ − λₖ₋₁)·scaleⱼ at the previous solution (a NaN ∇ⱼ was proven
      // below that: left out)
      const cut = 2 * l1 - (Number.isFinite(prevL1) ? prevL1 : l1);
      for (let j = 0; j < p; j++) {
        include[j] = ever[j] || fs[j] === 0 || Math.abs(grad[j]) >= cut * fs[j] ? 1 : 0;
      }
    } else {
      include.fill(1);
    }
    // what the left-out gradients are compared with: this point's KKT check and the next
    // point's strong rule
    const threshold = Math.min(l1, k + 1 < L ? 2 * o.l1[k + 1] - l1 : l1);
    let r: SolveResult;
    for (;;) {
      r = problem.solve({ l1, l2, factors: o.factors },
        { tol: o.tol, maxIter: o.maxIter, mode: o.mode, lower, upper, include, gradient: screening ? "counted" : true }, coef);
      if (r.solver === "cd-naive" && screening) leftOutGradients(problem, r, threshold, fs, bounds);
      // KKT on the discarded features: could any of them move from zero? (NaN: proven not)
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

/**
 * Gradients at a reference residual r_ref (every feature's, from a point whose check passed over
 * all columns) and what bounds how far they moved since: the problem's residualDrift and
 * gradientScales.
 */
interface GradientBounds {
  ref: Float64Array | null;
  /** ‖r_ref‖ in the weights' norm (its gradients' rounding scale). */
  refNorm: number;
  scales: Float64Array | null;
  pending: Int32Array;
}

/**
 * The gradient of the features a naive solve left out (NaN in r.grad), where the checks need it:
 * |gⱼ(r)| ≤ |gⱼ(r_ref)| + scaleⱼ·‖r − r_ref‖ (Cauchy–Schwarz), so a feature whose bound stays
 * below threshold·fsⱼ can neither violate the KKT conditions nor pass the next strong rule, and
 * keeps NaN; the others get theirs from a pass over their columns only. When those are more than
 * FULL_CHECK_SHARE of the features (or there is no reference yet), every one is computed and this
 * residual becomes the reference. (The gradient passes of S2's path were most of its time: its
 * 20000 columns do not fit in cache, and the check read all of them at every λ.)
 */
function leftOutGradients(problem: GaussianProblem, r: SolveResult, threshold: number, fs: Float64Array,
                          b: GradientBounds): void {
  const p = problem.p, g = r.grad, pending = b.pending, norm = Math.sqrt(problem.n * r.mse);
  let count = 0;
  if (b.ref) {
    const { ref, scales } = b;
    // (a margin for the rounding of the gradients, ~n·ε of ‖xⱼ‖·‖r‖: the bound must hold for the
    // computed values as it does for the exact ones)
    const drift = problem.residualDrift() + 1e-9 * (norm + b.refNorm);
    for (let j = 0; j < p; j++) {
      if (Number.isNaN(g[j]) && Math.abs(ref[j]) + scales![j] * drift >= threshold * fs[j]) pending[count++] = j;
    }
  }
  if (!b.ref || count > FULL_CHECK_SHARE * p) {
    count = 0;
    for (let j = 0; j < p; j++) if (Number.isNaN(g[j])) pending[count++] = j;
    problem.gradientFor(pending, count, g);
    problem.markReference();
    b.ref = g.slice();
    b.refNorm = norm;
    return;
  }
  problem.gradientFor(pending, count, g);
}
