// The multinomial (softmax) engine with glmnet's grouped penalty: feature j's K coefficients
// (one per class) form a group, in or out of the model together,
//
//   F(B, b) = −(1/n)·Σ wᵢ·log softmax(xᵢB + b)_{yᵢ} + Σⱼ fⱼsⱼ·(l1·‖Bⱼ‖₂ + l2·sⱼ‖Bⱼ‖₂²).
//
// Solved by proximal Newton steps: at the current fit the loss is replaced by its quadratic
// model with the exact softmax Hessian, per row wᵢ(diag(pᵢ) − pᵢpᵢᵀ), cross-class terms
// included. A diagonal curvature (2·pᵢₖ(1 − pᵢₖ), which bounds it) makes the steps converge only
// linearly, and near separation on wine the last points of the default path did not reach the
// tolerance in 1000 steps; with the exact Hessian the steps converge quadratically. Block
// coordinate descent over the features solves the model, each group's step exact in the
// eigenbasis of its K×K curvature (groupStep); step halving on F keeps every step a descent.
// The loss is invariant under adding a constant to a group, the penalty is not: the optimum has
// every Bⱼ (and, centred, b) summing to zero over classes, and the steps stay on that subspace.
import { DesignMatrix } from "./design.js";
import { GaussianProblem, Penalty } from "./gaussian.js";
import { MultinomialOptions, MultinomialResult, priorLogits, softmaxLoss } from "./multinomial.js";
import { symmetricEigen } from "./eigen.js";
import { linearPredict } from "./predict.js";

/** Curvature floor per unit of Σwᵢxᵢⱼ²/n, as the binary engine's P_MIN: keeps every group step bounded. */
const H_MIN = 2e-9;
/** The inner solve stops when no group moved the gradient by more than this share of the outer tolerance. */
const INNER_SHARE = 0.1;
/** Most coordinate-descent sweeps per model. */
const INNER_SWEEPS = 100_000;
/** Newton steps for a group's norm: quadratic convergence from a monotone start, ~10 suffice. */
const GROUP_NEWTON_MAX = 100;

/** A raw column of X: its nonzero rows (null: every row) and values. */
interface Column { rows: Int32Array | null; values: Float64Array }

/**
 * One prepared problem (columns, targets, the gradient's design) that every λ of a path
 * shares. Block coordinate descent needs X by columns in JS, which the kernels do not expose
 * one at a time: the columns are read out once (for CSC only their nonzeros).
 */
export class GroupedMultinomial {
  private readonly cols: Column[];
  private readonly grads: GaussianProblem;
  private readonly targets: Float64Array[];
  /** The largest group gradient at B = 0 (class priors), each in units of its column's spread: the scale of tol. */
  private readonly kkt0: number;

  constructor(private readonly d: DesignMatrix, private readonly codes: Int32Array, private readonly K: number,
              private readonly w: Float64Array | null, fitIntercept: boolean) {
    const n = d.rows, p = d.cols;
    this.cols = Array.from({ length: p }, (_, j) => {
      const unit = new Float64Array(p);
      unit[j] = 1;
      const x = linearPredict(d, unit, 0);
      if (d.format === "dense") return { rows: null, values: x };
      const rows = Int32Array.from(x.keys()).filter((i) => x[i] !== 0);
      return { rows, values: Float64Array.from(rows, (i) => x[i]) };
    });
    this.targets = Array.from({ length: K }, (_, k) => Float64Array.from(codes, (c) => (c === k ? 1 : 0)));
    // the raw columns and the observation weights: correlations() is Xᵀ W r / n
    this.grads = new GaussianProblem(d, new Float64Array(n), w, { fitIntercept: false, standardize: false });
    const prior = fitIntercept ? priorLogits(codes, K, w) : new Float64Array(K);
    const G = this.gradient(this.probabilities(Array.from(prior, (v) => new Float64Array(n).fill(v))));
    this.kkt0 = Math.max(0, ...Array.from({ length: p }, (_, j) => groupNorm(G, j) / d.scales[j]));
  }

  fit(pen: Penalty, o: MultinomialOptions, start: { coef: Float64Array[]; intercept: Float64Array }): MultinomialResult {
    const { d, K, w } = this, n = d.rows, p = d.cols;
    const a1 = new Float64Array(p), a2 = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const fs = (pen.factors ? pen.factors[j] : 1) * (o.scales ? o.scales[j] : 1);
      a1[j] = pen.l1 * fs;
      a2[j] = pen.l2 * fs * (o.scales ? o.scales[j] : 1);
    }
    const penalty = (B: Float64Array[]) => {
      let s = 0;
      for (let j = 0; j < p; j++) { const r = groupNorm(B, j); if (r > 0) s += a1[j] * r + a2[j] * r * r; }
      return s;
    };
    let B: Float64Array[] = start.coef.map((c) => c.slice()), b: Float64Array = start.intercept.slice();
    let eta: Float64Array[] = B.map((c, k) => linearPredict(d, c, b[k]));
    let loss = softmaxLoss(eta, this.codes, w, n), f = loss + penalty(B);
    let P = this.probabilities(eta), G = this.gradient(P);
    const target = o.tol * Math.max(this.kkt0, 1e-300);
    let iter = 0, sweeps = 0, converged = false, kkt = Infinity;
    for (; iter < o.maxIter; iter++) {
      o.signal?.throwIfAborted();
      const v = this.violation(G, P, B, a1, a2, o);
      kkt = v.kkt;
      if (v.scaled <= target) { converged = true; break; }
      const model = this.solveModel(P, B, b, a1, a2, o, INNER_SHARE * target);
      sweeps += model.sweeps;
      // step halving on F along the model's step (η is linear in B and b)
      const etaNext = model.B.map((c, k) => linearPredict(d, c, model.b[k]));
      let step = 1, cand: Float64Array[] = model.B, candB: Float64Array = model.b, candEta: Float64Array[] = etaNext;
      let candLoss = softmaxLoss(candEta, this.codes, w, n), fc = candLoss + penalty(cand);
      while (!(fc <= f + 1e-15 * Math.abs(f)) && step > 1e-10) {
        step /= 2;
        const mix = (x: Float64Array, y: Float64Array) => x.map((v0, i) => v0 + step * (y[i] - v0));
        cand = B.map((c, k) => mix(c, model.B[k]));
        candB = mix(b, model.b);
        candEta = eta.map((e, k) => mix(e, etaNext[k]));
        candLoss = softmaxLoss(candEta, this.codes, w, n);
        fc = candLoss + penalty(cand);
      }
      if (!(fc <= f + 1e-15 * Math.abs(f))) break; // no descent left: report as it stands
      B = cand; b = candB; eta = candEta; loss = candLoss; f = fc;
      P = this.probabilities(eta);
      G = this.gradient(P);
    }
    // the optimum's groups sum to zero over the classes; the steps are centred, but a start
    // need not be and rounding drifts. Centring them is free: the loss does not change and the penalty can only drop
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += B[k][j];
      if (s !== 0) for (let k = 0; k < K; k++) B[k][j] -= s / K;
    }
    const mean = b.reduce((a, x) => a + x, 0) / K;
    return { coef: B, intercept: b.map((x) => x - mean), nIter: iter, sweeps, objective: f, loss, kkt, grad: G, converged };
  }

  dispose(): void {
    this.grads.dispose();
  }

  /** Softmax probabilities per class and row. */
  private probabilities(eta: Float64Array[]): Float64Array[] {
    const n = this.d.rows, P = eta.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      let m = -Infinity;
      for (const e of eta) m = Math.max(m, e[i]);
      let z = 0;
      for (let k = 0; k < eta.length; k++) z += (P[k][i] = Math.exp(eta[k][i] - m));
      for (let k = 0; k < eta.length; k++) P[k][i] /= z;
    }
    return P;
  }

  /** G[k] = Xᵀ W (t_k − p_k)/n: minus the loss gradient of class k. */
  private gradient(P: Float64Array[]): Float64Array[] {
    return P.map((pk, k) => {
      this.grads.setTarget(this.targets[k].map((t, i) => t - pk[i]));
      return this.grads.correlations();
    });
  }

  /**
   * The largest violation of F's optimality conditions over the intercepts and the included
   * groups, in gradient units (kkt) and each group's divided by its column's spread (scaled):
   * for Bⱼ ≠ 0, ‖Gⱼ − 2a₂Bⱼ − a₁Bⱼ/‖Bⱼ‖‖; for Bⱼ = 0, how far ‖Gⱼ‖ exceeds a₁.
   */
  private violation(G: Float64Array[], P: Float64Array[], B: Float64Array[], a1: Float64Array, a2: Float64Array,
                    o: MultinomialOptions): { kkt: number; scaled: number } {
    const { d, K, w } = this, n = d.rows;
    let kkt = 0, scaled = 0;
    if (o.fitIntercept) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * (this.targets[k][i] - P[k][i]);
        kkt = scaled = Math.max(kkt, Math.abs(s / n));
      }
    }
    for (let j = 0; j < d.cols; j++) {
      if (o.include && !o.include[j]) continue;
      const r = groupNorm(B, j);
      let v = 0;
      if (r === 0) v = Math.max(0, groupNorm(G, j) - a1[j]);
      else for (let k = 0; k < K; k++) v += (G[k][j] - 2 * a2[j] * B[k][j] - (a1[j] * B[k][j]) / r) ** 2;
      v = r === 0 ? v : Math.sqrt(v);
      kkt = Math.max(kkt, v);
      scaled = Math.max(scaled, v / d.scales[j]);
    }
    return { kkt, scaled };
  }

  /**
   * Minimises the quadratic model of F at (B, b) — the exact softmax Hessian, per row
   * Hᵢ = wᵢ(diag(pᵢ) − pᵢpᵢᵀ)/n — by block coordinate descent over the included groups,
   * cycling over the nonzero ones between full sweeps. The working residuals
   * R̂ᵢ = wᵢ(tᵢ − pᵢ) − n·Hᵢ·Σⱼ xᵢⱼΔBⱼ (minus the model's gradient per row) move only on a
   * group's rows, so CSC columns stay sparse; the intercepts' shift β stays implicit: the model
   * gradient of group j is Σᵢ xᵢⱼR̂ᵢ/n − Cⱼβ with Cⱼ = Σᵢ xᵢⱼHᵢ, of the intercepts
   * ρ = ΣR̂ᵢ/n − Sβ with S = ΣHᵢ. Each group step minimises over the intercepts as well
   * (they are unpenalized: Schur complement Hⱼ − CⱼS⁺Cⱼ), exactly, in the eigenbasis of that
   * K×K matrix, where the group penalty stays a norm (groupStep).
   */
  private solveModel(P: Float64Array[], B0: Float64Array[], b0: Float64Array, a1: Float64Array, a2: Float64Array,
                     o: MultinomialOptions, tol: number): { B: Float64Array[]; b: Float64Array; sweeps: number } {
    const { d, K, w, cols } = this, n = d.rows, p = d.cols, KK = K * K;
    const R = P.map((pk, k) => Float64Array.from(pk, (v, i) => (w ? w[i] : 1) * (this.targets[k][i] - v)));
    /** M += scale·(diag(pᵢ) − pᵢpᵢᵀ), K×K (symmetric, so the layout does not matter). */
    const addRow = (M: Float64Array, i: number, scale: number) => {
      for (let k = 0; k < K; k++) {
        const pk = P[k][i] * scale;
        M[k * K + k] += pk;
        for (let l = 0; l < K; l++) M[k * K + l] -= pk * P[l][i];
      }
    };
    const S = new Float64Array(KK);
    if (o.fitIntercept) for (let i = 0; i < n; i++) addRow(S, i, (w ? w[i] : 1) / n);
    const Sinv = pseudoInverse(S, K);
    const sumR = new Float64Array(K), beta = new Float64Array(K), rho = new Float64Array(K);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) sumR[k] += R[k][i] / n;
    // per included group: C, M = S⁺C (the intercepts' reply to a group step), and the
    // eigenbasis V and curvatures (floored: a direction the rows do not see still gets a
    // bounded step; the all-ones direction, null for every Hᵢ, gets the floor and is centred out)
    const C: Float64Array[] = [], M: Float64Array[] = [], V: Float64Array[] = [], lam: Float64Array[] = [];
    const included = (j: number) => !o.include || o.include[j] === 1;
    for (let j = 0; j < p; j++) {
      if (!included(j)) continue;
      const { rows, values } = cols[j];
      const Hj = new Float64Array(KK), Cj = new Float64Array(KK);
      let spread = 0;
      for (let t = 0; t < values.length; t++) {
        const i = rows ? rows[t] : t, x = values[t], wi = (w ? w[i] : 1) / n;
        addRow(Hj, i, wi * x * x);
        if (o.fitIntercept) addRow(Cj, i, wi * x);
        spread += wi * x * x;
      }
      const Mj = matMul(Sinv, Cj, K), CMj = matMul(Cj, Mj, K);
      for (let t = 0; t < KK; t++) Hj[t] -= CMj[t];
      const e = symmetricEigen(Hj, K);
      C[j] = Cj; M[j] = Mj; V[j] = e.vectors;
      lam[j] = e.values.map((v) => Math.max(v, H_MIN * spread));
    }
    const B = B0.map((c) => c.slice());
    /** ρ = ΣR̂ᵢ/n − Sβ: minus the model's gradient in the intercepts. */
    const intercepts = () => { for (let k = 0; k < K; k++) { let s = sumR[k]; for (let l = 0; l < K; l++) s -= S[k * K + l] * beta[l]; rho[k] = s; } };
    if (o.fitIntercept) { intercepts(); beta.set(matVec(Sinv, rho, K)); }
    const g = new Float64Array(K), y0 = new Float64Array(K), a = new Float64Array(K), q = new Float64Array(K);
    const y = new Float64Array(K), delta = new Float64Array(K);
    /** One group's exact step; returns how far it moved the gradient, in units of the column's spread. */
    const update = (j: number): number => {
      const { rows, values } = cols[j], Vj = V[j], Cj = C[j];
      for (let k = 0; k < K; k++) {
        const Rk = R[k];
        let s = 0;
        for (let t = 0; t < values.length; t++) s += values[t] * Rk[rows ? rows[t] : t];
        g[k] = s / n;
      }
      if (o.fitIntercept) {
        // the reduced gradient: at the intercepts' optimum β + S⁺ρ
        intercepts();
        const target = matVec(Sinv, rho, K);
        for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) g[k] -= Cj[k * K + l] * (beta[l] + target[l]);
      }
      // eigen coordinates: a = Vᵀ(g + H̃Bⱼ) = Vᵀg + Λ·VᵀBⱼ
      for (let k = 0; k < K; k++) {
        let s0 = 0, sg = 0;
        for (let l = 0; l < K; l++) { s0 += Vj[k * K + l] * B[l][j]; sg += Vj[k * K + l] * g[l]; }
        y0[k] = s0;
        a[k] = sg + lam[j][k] * s0;
        q[k] = lam[j][k] + 2 * a2[j];
      }
      groupStep(a, q, a1[j], y);
      let moved = 0, mean = 0;
      for (let k = 0; k < K; k++) moved += (lam[j][k] * (y[k] - y0[k])) ** 2;
      for (let l = 0; l < K; l++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += Vj[k * K + l] * y[k];
        delta[l] = s;
        mean += s / K;
      }
      // centred: the all-ones direction changes no fit and only adds penalty
      for (let l = 0; l < K; l++) delta[l] = delta[l] - mean - B[l][j];
      if (delta.every((v) => v === 0)) return 0;
      for (let l = 0; l < K; l++) B[l][j] += delta[l];
      for (let t = 0; t < values.length; t++) {
        const i = rows ? rows[t] : t, scale = (w ? w[i] : 1) * values[t];
        let u = 0;
        for (let k = 0; k < K; k++) u += P[k][i] * delta[k];
        for (let k = 0; k < K; k++) R[k][i] -= scale * P[k][i] * (delta[k] - u);
      }
      if (o.fitIntercept) {
        const Cd = matVec(Cj, delta, K), Md = matVec(M[j], delta, K);
        intercepts();
        const target = matVec(Sinv, rho, K);
        for (let k = 0; k < K; k++) { sumR[k] -= Cd[k]; beta[k] += target[k] - Md[k]; }
      }
      return Math.sqrt(moved) / d.scales[j];
    };
    let sweeps = 0;
    const sweep = (active: (j: number) => boolean) => {
      sweeps++;
      let most = 0;
      for (let j = 0; j < p; j++) if (active(j)) most = Math.max(most, update(j));
      return most;
    };
    const nonzero = (j: number) => included(j) && groupNorm(B, j) > 0;
    while (sweeps < INNER_SWEEPS && sweep(included) > tol) {
      while (sweeps < INNER_SWEEPS && sweep(nonzero) > tol);
    }
    return { B, b: b0.map((v, k) => v + beta[k]), sweeps };
  }
}

/** The K×K product A·B (row-major; the operands here are symmetric or S⁺·symmetric). */
function matMul(A: Float64Array, B: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let l = 0; l < K; l++) for (let k = 0; k < K; k++) out[i * K + k] += A[i * K + l] * B[l * K + k];
  return out;
}

/** A·v for a K×K row-major A. */
function matVec(A: Float64Array, v: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K);
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) out[i] += A[i * K + k] * v[k];
  return out;
}

/**
 * The pseudo-inverse of a symmetric positive semidefinite K×K matrix: S = ΣHᵢ is singular
 * along the all-ones vector (softmax invariance), where the intercepts are left centred.
 */
function pseudoInverse(S: Float64Array, K: number): Float64Array {
  const { values, vectors } = symmetricEigen(S, K), top = Math.max(0, ...values), out = new Float64Array(K * K);
  for (let e = 0; e < K; e++) {
    if (!(values[e] > 1e-12 * top)) continue;
    for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) out[i * K + k] += (vectors[e * K + i] * vectors[e * K + k]) / values[e];
  }
  return out;
}

/**
 * argmin over x of ½Σ qₖxₖ² − aᵀx + a₁‖x‖₂ (into out). Zero when ‖a‖ ≤ a₁; else
 * xₖ = aₖr/(qₖr + a₁) with r = ‖x‖ the root of ψ(r) = Σ aₖ²/(qₖr + a₁)² − 1, which is convex
 * and decreasing: Newton's method from r = 0 climbs to it without overshooting.
 */
function groupStep(a: Float64Array, q: Float64Array, a1: number, out: Float64Array): void {
  const K = a.length;
  let norm = 0;
  for (let k = 0; k < K; k++) norm += a[k] * a[k];
  if (Math.sqrt(norm) <= a1) { out.fill(0); return; }
  if (a1 === 0) {
    for (let k = 0; k < K; k++) out[k] = q[k] > 0 ? a[k] / q[k] : 0;
    return;
  }
  let r = 0;
  for (let it = 0; it < GROUP_NEWTON_MAX; it++) {
    let psi = -1, slope = 0;
    for (let k = 0; k < K; k++) {
      const den = q[k] * r + a1;
      psi += (a[k] / den) ** 2;
      slope -= (2 * a[k] * a[k] * q[k]) / den ** 3;
    }
    const step = -psi / slope;
    if (!(step > 0) || !Number.isFinite(step)) break;
    r += step;
    if (step <= 1e-15 * r) break;
  }
  for (let k = 0; k < K; k++) out[k] = (a[k] * r) / (q[k] * r + a1);
}

/** ‖(M[0][j], …, M[K−1][j])‖₂. */
function groupNorm(M: Float64Array[], j: number): number {
  let s = 0;
  for (const row of M) s += row[j] * row[j];
  return Math.sqrt(s);
}
