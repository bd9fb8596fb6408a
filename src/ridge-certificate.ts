// A closed-form ridge answer certified from the last product its solve took (refinement's and
// CG's both end with a product of the answer x, which leaves X̃β and the system's residual
// e = b − Ax behind): the duality gap, gradient and objective follow without a pass over X.
//
// In stored units the objective is P(β) = ½‖√W(ỹ − X̃β)‖² + ½Σκⱼβⱼ², and e gives its gap
// directly, free of the cancellation that P and D computed apart suffer.
// - Gram form (x = β, b = X̃ᵀWỹ): the gradient X̃ᵀW(ỹ − X̃β) is κ∘β + e, and the dual point
//   √W(ỹ − X̃β) leaves the gap ½Σⱼeⱼ²/κⱼ, a bound on the suboptimality ½eᵀA⁻¹e since
//   A ⪰ diag κ. A feature unpenalized, or nearly (assembly/enet.ts ridgeDual's rule), has no
//   usable conjugate and breaks that bound: no certificate here (null), the caller takes
//   coordinate descent's gap instead.
// - Kernel form (β = κ⁻¹Ãᵀx, Ã = √W X̃, b = √Wỹ): the dual point x leaves the gap ½‖e‖², and
//   the gradient is κ∘β + Ãᵀe. Ãᵀe would take a pass; it is left out of the gradient, and the
//   KKT violation reported is its Cauchy–Schwarz bound, ‖Ãⱼ‖·‖e‖.

/** κⱼ relative to Σwx̃ⱼ² below which a ridge term is too small for its conjugate in a gap. */
const RIDGE_DUAL_MIN = 1e-12;

/** What a ridge solve's last product of its answer leaves, and the problem's stored values. */
export interface RidgeProductState {
  /** "gram": the p×p system in β; "kernel": the n×n system in x, β = κ⁻¹Ãᵀx. */
  form: "gram" | "kernel";
  /** β in the caller's units (βⱼ·dⱼ stored). */
  beta: Float64Array;
  /** Stored units per caller unit, dⱼ. */
  scales: Float64Array;
  /** Ridge weights in stored units (P's ½Σκⱼβⱼ²). */
  kappa: Float64Array;
  /** Σᵢ wᵢx̃ᵢⱼ² (stored units). */
  colsq: Float64Array;
  /** The centred target ỹ. */
  y: Float64Array;
  /** Sample weights summing to n, or null. */
  w: Float64Array | null;
  /** X̃β (stored units). */
  fitted: Float64Array;
  /** e = b − Ax: p values (Gram form) or n (kernel form). */
  residual: Float64Array;
}

/** The certificate in canonical units (the objective's, divided by n; gradients per caller unit). */
export interface RidgeCertificate {
  dualGap: number;
  kkt: number;
  objective: number;
  mse: number;
  /** X̃ᵀWr/n per feature (the kernel form's without Ãᵀe/n, which kkt bounds). */
  grad: Float64Array;
}

export function ridgeCertificate(s: RidgeProductState): RidgeCertificate | null {
  const { beta, scales: d, kappa, colsq, y, w, fitted, residual: e } = s;
  const n = y.length, p = beta.length, kernel = s.form === "kernel";
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - fitted[i];
    rss += (w ? w[i] : 1) * r * r;
  }
  // kkt: the largest |eⱼ|·dⱼ/n (Gram form), or of ‖Ãⱼ‖·dⱼ/n before the kernel form's ‖e‖
  let pen = 0, gap = 0, kkt = 0;
  const grad = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const b = beta[j] * d[j], kb = kappa[j] * b;
    pen += 0.5 * kb * b;
    grad[j] = ((kernel ? kb : kb + e[j]) * d[j]) / n;
    if (kernel) kkt = Math.max(kkt, (Math.sqrt(colsq[j]) * d[j]) / n);
    else {
      if (!(kappa[j] > RIDGE_DUAL_MIN * colsq[j] && kappa[j] > 0)) return null;
      kkt = Math.max(kkt, (Math.abs(e[j]) * d[j]) / n);
      gap += (0.5 * e[j] * e[j]) / kappa[j];
    }
  }
  if (kernel) {
    let ee = 0;
    for (let i = 0; i < n; i++) ee += e[i] * e[i];
    gap = 0.5 * ee;
    kkt *= Math.sqrt(ee);
  }
  return { dualGap: gap / n, kkt, objective: (0.5 * rss + pen) / n, mse: rss / n, grad };
}
