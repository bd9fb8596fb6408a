// Iterative refinement of a ridge solve from a single-precision factorisation, as LAPACK's
// dsposv does: the matrix is formed and factorised in f32 (twice the multiply-adds per SIMD
// instruction), and the solution brought to double precision by products with the true system,
// applied through X. Each product reads X once and splits between threads; the host drives the
// steps so that it can.

/** Most refinement steps before handing over to the double-precision matrix (dsposv's ITERMAX). */
const MAX_REFINE = 30;

/** Refinement's answer: x, the steps after the first solve, and the residual b − Ax of that x. */
export interface RefinementResult {
  x: Float64Array;
  steps: number;
  residual: Float64Array;
}

/**
 * Solves A x = b given `solve`, which overwrites v with an approximation of A⁻¹v (the f32
 * factor's), and `apply`, which writes A v into out exactly: x = solve(b), then x += solve(b − Ax)
 * until the residual is at the rounding level of a double-precision Cholesky solve,
 * ‖D(b − Ax)‖∞ ≤ √dim·ε·anrm·‖D⁻¹x‖∞ with d the equilibration (1/√diag A) and anrm = ‖DAD‖∞
 * (dsposv's test on the equilibrated system, with the √dim that a computed residual's own
 * rounding needs). The last product taken is A times the x returned, so whatever `apply` leaves
 * behind belongs to that x. Returns null when the residual stops halving first (the
 * approximation is too far from A for this system): the caller factorises in double precision.
 */
export function refine(apply: (v: Float64Array, out: Float64Array) => void, solve: (v: Float64Array) => void,
                       b: Float64Array, d: Float64Array, anrm: number): RefinementResult | null {
  const dim = b.length, tol = Number.EPSILON * Math.sqrt(dim);
  const x = b.slice(), r = new Float64Array(dim);
  solve(x);
  let last = Infinity;
  for (let step = 0; ; step++) {
    apply(x, r);
    let rnrm = 0, xnrm = 0;
    for (let i = 0; i < dim; i++) {
      r[i] = b[i] - r[i];
      rnrm = Math.max(rnrm, Math.abs(r[i]) * d[i]);
      xnrm = Math.max(xnrm, Math.abs(x[i]) / d[i]);
    }
    if (rnrm <= tol * anrm * xnrm) return { x, steps: step, residual: r };
    if (!(rnrm <= 0.5 * last) || step === MAX_REFINE) return null;
    last = rnrm;
    solve(r);
    for (let i = 0; i < dim; i++) x[i] += r[i];
  }
}
