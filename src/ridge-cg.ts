// Conjugate gradients for the ridge system A x = b (A symmetric positive definite, applied as
// a product, never formed), preconditioned by its diagonal. A ridge penalty bounds A's small
// eigenvalues from below, and correlated features add a few large ones that CG takes out in a
// step each, so on the scaled system CG often needs tens of products where forming the p×p
// matrix costs hundreds of passes' worth of arithmetic (10000 × 1000 with sklearn's
// alpha = n·(mean variance): 16 products).

/** CG's answer: x, the products it took, and the true residual b − Ax of that x. */
export interface ConjugateGradientResult {
  x: Float64Array;
  steps: number;
  residual: Float64Array;
}

/**
 * Solves A x = b to the rounding level of a double-precision factorisation: on the system
 * scaled to a unit diagonal (D = diag(A)^−½), ‖D r‖∞ ≤ √dim·ε·λ·‖D⁻¹x‖∞, dsposv's test with the
 * largest Rayleigh quotient met, λ ≤ ‖DAD‖₂, standing for ‖DAD‖∞ (a stricter test). CG's
 * recurrence for r drifts from b − Ax, so when it passes, one more product tests the true
 * residual, and CG restarts from it if that fails. `apply` writes A v into out; when steps > 0
 * the last product taken is A times the x returned. Returns null
 * when `maxSteps` products do not reach it, or sooner when the rate so far says they would need
 * more than twice as many, or when A is not positive definite to rounding; the caller then
 * factorises.
 */
export function conjugateGradient(apply: (v: Float64Array, out: Float64Array) => void,
                                  b: Float64Array, diag: Float64Array, maxSteps: number): ConjugateGradientResult | null {
  const dim = b.length;
  const x = new Float64Array(dim), r = b.slice(), d = new Float64Array(dim), q = new Float64Array(dim);
  let rz = 0, first = 0;
  for (let j = 0; j < dim; j++) {
    d[j] = r[j] / diag[j];
    rz += r[j] * d[j];
    first = Math.max(first, Math.abs(r[j]) / Math.sqrt(diag[j]));
  }
  if (first === 0) return { x, steps: 0, residual: r };
  const tol = Math.sqrt(dim) * Number.EPSILON;
  let lambda = 1; // DAD has a unit diagonal, so its largest eigenvalue is at least 1
  let verify = false;
  for (let step = 1; step <= maxSteps; step++) {
    apply(verify ? x : d, q);
    if (verify) {
      // the true residual of x: accept, or restart from it (a new first direction)
      verify = false;
      let rn = 0, xn = 0;
      rz = 0;
      for (let j = 0; j < dim; j++) {
        r[j] = b[j] - q[j];
        const s = Math.sqrt(diag[j]);
        rn = Math.max(rn, Math.abs(r[j]) / s);
        xn = Math.max(xn, Math.abs(x[j]) * s);
        d[j] = r[j] / diag[j];
        rz += r[j] * d[j];
      }
      if (rn <= tol * lambda * xn) return { x, steps: step, residual: r };
      continue;
    }
    let dq = 0, dd = 0;
    for (let j = 0; j < dim; j++) { dq += d[j] * q[j]; dd += d[j] * d[j] * diag[j]; }
    if (!(dq > 0)) return null;
    lambda = Math.max(lambda, dq / dd);
    const a = rz / dq;
    let rn = 0, xn = 0, rzNext = 0;
    for (let j = 0; j < dim; j++) {
      x[j] += a * d[j];
      r[j] -= a * q[j];
      const s = Math.sqrt(diag[j]);
      rn = Math.max(rn, Math.abs(r[j]) / s);
      xn = Math.max(xn, Math.abs(x[j]) * s);
      rzNext += (r[j] * r[j]) / diag[j];
    }
    const target = tol * lambda * xn;
    if (rn <= target) { verify = true; continue; }
    // at the rate so far (CG's is at least linear), the steps the target needs
    const progress = Math.log(rn / first);
    if (step >= 4 && (progress >= 0 || (step * Math.log(target / first)) / progress > 2 * maxSteps)) return null;
    const beta = rzNext / rz;
    rz = rzNext;
    for (let j = 0; j < dim; j++) d[j] = r[j] / diag[j] + beta * d[j];
  }
  return null;
}
