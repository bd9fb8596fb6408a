// The multinomial (softmax) engine with glmnet's grouped penalty: feature j's K coefficients
// (one per class) form a group, in or out of the model together,
//
//   F(B, b) = −(1/n)·Σ wᵢ·log softmax(xᵢB + b)_{yᵢ} + Σⱼ fⱼsⱼ·(l1·‖Bⱼ‖₂ + l2·sⱼ‖Bⱼ‖₂²).
//
// Solved by proximal quasi-Newton steps: at the current fit the loss is replaced by a quadratic
// with the diagonal curvature 2·diag(pᵢₖ(1 − pᵢₖ)) per row — twice the diagonal of the softmax
// Hessian diag(pᵢ) − pᵢpᵢᵀ, which bounds it (that Hessian is diagonally dominant with
// off-diagonal row sums equal to its diagonal). Per class matters: a shared curvature per row
// (maxₖ, or glmnet's ½·I bound) is loose by orders of magnitude in the direction of a class
// with tiny probability on well-separated rows, and the iteration crawled (1000 steps short of
// the tolerance on wine). Block coordinate descent over the features solves the model, each
// group's step a one-dimensional root (groupStep); step halving on F keeps every step a descent. The loss is invariant under adding a constant to a group,
// the penalty is not: the optimum has every Bⱼ (and, centred, b) summing to zero over classes.
import { DesignMatrix } from "./design.js";
import { GaussianProblem, Penalty } from "./gaussian.js";
import { AA_K, MultinomialOptions, MultinomialResult, anderson, pack, priorLogits, softmaxLoss, unpack } from "./multinomial.js";
import { linearPredict } from "./predict.js";

/** Curvature floor, as the binary engine's P_MIN: keeps the model's weights off zero. */
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
    const history = [pack(B, b)];
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
      // the steps converge linearly (the model's curvature is diagonal while the softmax
      // couples the classes): extrapolate the last AA_K + 1 iterates, kept only if F drops
      history.push(pack(B, b));
      if (history.length === AA_K + 2) {
        const guess = anderson(history);
        history.length = 0;
        if (guess) {
          const gB = B.map((c) => c.slice()), gb = b.slice();
          unpack(guess, gB, gb);
          const gEta = gB.map((c, k) => linearPredict(d, c, gb[k])), gLoss = softmaxLoss(gEta, this.codes, w, n);
          const fg = gLoss + penalty(gB);
          if (fg < f) { B = gB; b = gb; eta = gEta; loss = gLoss; f = fg; }
        }
        history.push(pack(B, b));
      }
      P = this.probabilities(eta);
      G = this.gradient(P);
    }
    // the optimum's groups sum to zero over the classes; the iterates only to the tolerance.
    // Centring them is free: the loss does not change and the penalty can only drop
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
   * Minimises the quadratic model of F at (B, b) — curvature vᵢₖ = 2wᵢpᵢₖ(1 − pᵢₖ), working
   * residuals Rᵢₖ = (tᵢₖ − pᵢₖ)/(2pᵢₖ(1 − pᵢₖ)) — by block coordinate descent over the included
   * groups, cycling over the nonzero ones between full sweeps. With an intercept each class's
   * columns are centred under its v, which decouples the intercepts (one exact step) from the
   * groups; the centring stays implicit (a constant ρₖ per class added to Rᵢₖ) so that CSC
   * columns stay sparse.
   */
  private solveModel(P: Float64Array[], B0: Float64Array[], b0: Float64Array, a1: Float64Array, a2: Float64Array,
                     o: MultinomialOptions, tol: number): { B: Float64Array[]; b: Float64Array; sweeps: number } {
    const { d, K, w, cols } = this, n = d.rows, p = d.cols;
    const v = P.map(() => new Float64Array(n)), R = P.map(() => new Float64Array(n)), V = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) {
        const pk = P[k][i], h = Math.max(2 * pk * (1 - pk), H_MIN);
        v[k][i] = (w ? w[i] : 1) * h;
        V[k] += v[k][i];
        R[k][i] = (this.targets[k][i] - pk) / h;
      }
    }
    const B = B0.map((c) => c.slice()), b = b0.slice();
    // m[j·K + k]: column j's mean under class k's v (0 without an intercept); c: its curvature
    const rho = new Float64Array(K), m = new Float64Array(p * K), c = new Float64Array(p * K);
    for (let j = 0; j < p; j++) {
      if (o.include && !o.include[j]) continue;
      const { rows, values } = cols[j];
      for (let k = 0; k < K; k++) {
        const vk = v[k];
        let s1 = 0, s2 = 0;
        for (let t = 0; t < values.length; t++) { const vi = vk[rows ? rows[t] : t], x = values[t]; s1 += vi * x; s2 += vi * x * x; }
        const mj = o.fitIntercept && V[k] > 0 ? s1 / V[k] : 0;
        m[j * K + k] = mj;
        c[j * K + k] = Math.max(0, (s2 - V[k] * mj * mj) / n);
      }
    }
    if (o.fitIntercept) {
      for (let k = 0; k < K; k++) {
        if (!(V[k] > 0)) continue;
        let s = 0;
        for (let i = 0; i < n; i++) s += v[k][i] * R[k][i];
        rho[k] = -s / V[k];
        b[k] += s / V[k];
      }
    }
    const a = new Float64Array(K), q = new Float64Array(K), next = new Float64Array(K);
    /** One group's exact step; returns how far it moved the gradient, in units of the column's spread. */
    const update = (j: number): number => {
      const { rows, values } = cols[j];
      for (let k = 0; k < K; k++) {
        const Rk = R[k], vk = v[k], ck = c[j * K + k];
        let s = 0;
        for (let t = 0; t < values.length; t++) { const i = rows ? rows[t] : t; s += vk[i] * values[t] * Rk[i]; }
        a[k] = (s + rho[k] * m[j * K + k] * V[k]) / n + ck * B[k][j];
        q[k] = ck + 2 * a2[j];
      }
      groupStep(a, q, a1[j], next);
      let moved = 0;
      for (let k = 0; k < K; k++) {
        const dk = next[k] - B[k][j], Rk = R[k];
        if (dk === 0) continue;
        moved += (c[j * K + k] * dk) ** 2;
        B[k][j] = next[k];
        for (let t = 0; t < values.length; t++) Rk[rows ? rows[t] : t] -= values[t] * dk;
        rho[k] += m[j * K + k] * dk; // the centring's part of x̃ⱼ·Δ
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
    const included = (j: number) => !o.include || o.include[j] === 1;
    const nonzero = (j: number) => included(j) && groupNorm(B, j) > 0;
    while (sweeps < INNER_SWEEPS && sweep(included) > tol) {
      while (sweeps < INNER_SWEEPS && sweep(nonzero) > tol);
    }
    // back from centred columns: b̃ₖ = bₖ + Σ mⱼₖBⱼₖ is what the steps moved
    for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) b[k] -= m[j * K + k] * (B[k][j] - B0[k][j]);
    return { B, b, sweeps };
  }
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
