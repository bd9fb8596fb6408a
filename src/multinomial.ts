// The multinomial (softmax) engine, glmnet's ungrouped penalty: K coefficient vectors, one per
// class, each penalized as in the binary model,
//
//   F(B, b) = −(1/n)·Σ wᵢ·log softmax(xᵢB + b)_{yᵢ} + Σₖ Σⱼ fⱼsⱼ·(l1·|Bⱼₖ| + l2·sⱼBⱼₖ²).
//
// With the other classes held fixed, class k's part of F is exactly a binary logistic fit of
// [yᵢ = k] with offset −log Σ_{l≠k} exp(ηᵢₗ). So F is minimised by cycling over the classes
// (as glmnet does), each visit one proximal-Newton step of the binary engine with step
// halving — a descent step on F — until every class meets its optimality conditions in the
// same cycle. The intercepts are defined up to a common constant: they are returned centred.
import { DesignMatrix } from "./design.js";
import { Penalty } from "./gaussian.js";
import { LogisticOptions, fitLogistic } from "./logistic.js";
import { linearPredict } from "./predict.js";

export interface MultinomialResult {
  /** coef[k] = the coefficients of class k (length p). */
  coef: Float64Array[];
  /** One intercept per class, centred (they sum to 0). */
  intercept: Float64Array;
  /** Cycles over the classes. */
  nIter: number;
  /** Inner coordinate-descent sweeps. */
  sweeps: number;
  objective: number;
  /** −(1/n)·Σ wᵢ·log p_{yᵢ}: half the deviance per unit weight. */
  loss: number;
  /** Largest KKT violation over classes and features, gradient units. */
  kkt: number;
  /** grad[k] = Xᵀ W (t_k − p_k)/n at the solution: minus the loss gradient of class k. */
  grad: Float64Array[];
  converged: boolean;
}

export type MultinomialOptions = Omit<LogisticOptions, "offset">;

export function fitMultinomial(d: DesignMatrix, codes: Int32Array, K: number, w: Float64Array | null, pen: Penalty,
                               o: MultinomialOptions, start?: { coef: Float64Array[]; intercept: Float64Array }): MultinomialResult {
  const n = d.rows, p = d.cols;
  const B: Float64Array[] = start ? start.coef.map((c) => c.slice()) : Array.from({ length: K }, () => new Float64Array(p));
  const b = start ? start.intercept.slice() : o.fitIntercept ? priorLogits(codes, K, w) : new Float64Array(K);
  const eta = B.map((c, k) => linearPredict(d, c, b[k]));
  const targets = Array.from({ length: K }, (_, k) => Float64Array.from(codes, (c) => (c === k ? 1 : 0)));
  let cycle = 0, sweeps = 0, converged = false, kkt = Infinity;
  const grad: Float64Array[] = new Array(K);
  const objective = () => softmaxLoss(eta, codes, w, n) + penaltyOf(B, pen, o.scales);
  const history: Float64Array[] = [pack(B, b)];
  for (; cycle < o.maxIter && !converged; cycle++) {
    converged = true;
    kkt = 0;
    for (let k = 0; k < K; k++) {
      o.signal?.throwIfAborted();
      const offset = othersOffset(eta, k, n);
      const r = fitLogistic(d, targets[k], w, pen, { ...o, maxIter: 1, offset }, { coef: B[k], intercept: b[k] });
      sweeps += r.sweeps;
      kkt = Math.max(kkt, r.kkt);
      grad[k] = r.grad;
      if (r.nIter === 0 && r.converged) continue; // already optimal given the others
      converged = false;
      B[k] = r.coef;
      b[k] = r.intercept;
      // the fit's η is Xβ + b plus the offset (no second pass over X)
      const e = r.eta!; // (a copy: the fit made its own rows)
      for (let i = 0; i < n; i++) e[i] -= offset[i];
      eta[k] = e;
    }
    if (converged) break;
    // the cycles converge linearly (the classes are coupled through the softmax): extrapolate
    // the last AA_K + 1 iterates (Anderson acceleration), kept only if it lowers F
    history.push(pack(B, b));
    if (history.length === AA_K + 2) {
      const guess = anderson(history);
      history.length = 0;
      if (guess) {
        const before = objective();
        const saved = { B: B.map((c) => c.slice()), b: b.slice(), eta: eta.slice() };
        unpack(guess, B, b);
        for (let k = 0; k < K; k++) eta[k] = linearPredict(d, B[k], b[k]);
        if (!(objective() < before)) { B.splice(0, K, ...saved.B); b.set(saved.b); eta.splice(0, K, ...saved.eta); }
      }
      history.push(pack(B, b));
    }
  }
  const mean = b.reduce((a, v) => a + v, 0) / K;
  for (let k = 0; k < K; k++) b[k] -= mean;
  const loss = softmaxLoss(eta, codes, w, n);
  const penalty = penaltyOf(B, pen, o.scales);
  return { coef: B, intercept: b, nIter: cycle, sweeps, objective: loss + penalty, loss, kkt, grad, converged };
}

/** Σₖ Σⱼ fⱼsⱼ·(l1·|Bⱼₖ| + l2·sⱼBⱼₖ²). */
function penaltyOf(B: Float64Array[], pen: Penalty, scales?: Float64Array): number {
  let s = 0;
  for (const c of B) {
    for (let j = 0; j < c.length; j++) {
      const v = c[j];
      if (v === 0) continue;
      const f = pen.factors ? pen.factors[j] : 1, sj = scales ? scales[j] : 1;
      s += f * sj * (pen.l1 * Math.abs(v) + pen.l2 * sj * v * v);
    }
  }
  return s;
}

/** Iterates kept for Anderson acceleration. */
const AA_K = 5;

const pack = (B: Float64Array[], b: Float64Array) => {
  const p = B[0].length, out = new Float64Array(B.length * (p + 1));
  B.forEach((c, k) => { out.set(c, k * (p + 1)); out[k * (p + 1) + p] = b[k]; });
  return out;
};

function unpack(v: Float64Array, B: Float64Array[], b: Float64Array): void {
  const p = B[0].length;
  for (let k = 0; k < B.length; k++) {
    B[k] = v.slice(k * (p + 1), k * (p + 1) + p);
    b[k] = v[k * (p + 1) + p];
  }
}

/**
 * Anderson extrapolation of iterates x₀…x_m: the affine combination of x₁…x_m whose
 * differences rᵢ = xᵢ − xᵢ₋₁ combine to the least norm (weights c from (RᵀR)c = 1, scaled to
 * sum 1). Null when that system is singular.
 */
function anderson(x: Float64Array[]): Float64Array | null {
  const m = x.length - 1;
  const r = Array.from({ length: m }, (_, i) => x[i + 1].map((v, j) => v - x[i][j]));
  const A = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => r[i].reduce((a, v, t) => a + v * r[j][t], 0)));
  const c = solveSymmetric(A, new Array(m).fill(1));
  if (!c) return null;
  const sum = c.reduce((a, v) => a + v, 0);
  if (!(Math.abs(sum) > 1e-300)) return null;
  const out = new Float64Array(x[0].length);
  for (let i = 0; i < m; i++) for (let j = 0; j < out.length; j++) out[j] += (c[i] / sum) * x[i + 1][j];
  return out.every(Number.isFinite) ? out : null;
}

/** Gaussian elimination with partial pivoting on a small system; null when singular. */
function solveSymmetric(A: number[][], rhs: number[]): number[] | null {
  const m = rhs.length, M = A.map((row, i) => [...row, rhs[i]]);
  const scale = Math.max(...A.map((row, i) => Math.abs(row[i])));
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let i = col + 1; i < m; i++) if (Math.abs(M[i][col]) > Math.abs(M[piv][col])) piv = i;
    if (!(Math.abs(M[piv][col]) > 1e-14 * scale)) return null;
    [M[col], M[piv]] = [M[piv], M[col]];
    for (let i = col + 1; i < m; i++) {
      const f = M[i][col] / M[col][col];
      for (let j = col; j <= m; j++) M[i][j] -= f * M[col][j];
    }
  }
  const out = new Array(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let v = M[i][m];
    for (let j = i + 1; j < m; j++) v -= M[i][j] * out[j];
    out[i] = v / M[i][i];
  }
  return out;
}

/** −log Σ_{l≠k} exp(ηₗ) per row, computed without overflow. */
function othersOffset(eta: Float64Array[], k: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let l = 0; l < eta.length; l++) if (l !== k) m = Math.max(m, eta[l][i]);
    let s = 0;
    for (let l = 0; l < eta.length; l++) if (l !== k) s += Math.exp(eta[l][i] - m);
    out[i] = -(m + Math.log(s));
  }
  return out;
}

/** exp(sₖ)/Σ exp(sₗ) for one row of class scores, without overflow. */
export function softmax(scores: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let k = 0; k < scores.length; k++) m = Math.max(m, scores[k]);
  const e = Float64Array.from(scores, (v) => Math.exp(v - m));
  const z = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / z);
}

/** −(1/n)·Σ wᵢ·log softmax(ηᵢ)_{yᵢ}. */
export function softmaxLoss(eta: Float64Array[], codes: Int32Array, w: Float64Array | null, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (const e of eta) m = Math.max(m, e[i]);
    let z = 0;
    for (const e of eta) z += Math.exp(e[i] - m);
    s += (w ? w[i] : 1) * (m + Math.log(z) - eta[codes[i]][i]);
  }
  return s / n;
}

/** The intercept-only fit: the log of each class's weighted share, centred. */
export function priorLogits(codes: Int32Array, K: number, w: Float64Array | null): Float64Array {
  const share = new Float64Array(K);
  codes.forEach((c, i) => { share[c] += w ? w[i] : 1; });
  const logits = share.map((v) => Math.log(Math.max(v, 1e-300)));
  const mean = logits.reduce((a, v) => a + v, 0) / K;
  return logits.map((v) => v - mean);
}
