// What every solver's answer is judged by, recomputed here in plain float64 from its coef and
// intercept on the same data, so that no solver grades itself: the canonical objective
//   F(β, b) = (1/2n)·Σ(yᵢ − xᵢβ − b)² + l1·‖β‖₁ + l2·‖β‖₂²
// (../shared/datasets/README.md), the duality gap (scikit-learn's formula, with the intercept
// profiled out; for l2 > 0 the Fenchel dual, since scikit-learn's rescaled residual is no bound
// when l1 = 0) in scikit-learn's tol units gap/‖y − ȳ‖², the largest KKT violation, and nnz.
import type { Dataset } from "./data.js";

export interface Quality {
  objective: number;
  /** Duality gap / ‖y − ȳ‖² (per-sample units cancel): what tol bounds in sklearn and l1l2. */
  relGap: number;
  /** Largest violation of the optimality conditions, canonical gradient units, / λ_max. */
  kkt: number;
  nnz: number;
  /** F at the given intercept minus F at the best intercept for this β, relative. */
  interceptExcess: number;
}

/** Neumaier-compensated sum of squares. */
function sumSquares(r: Float64Array): number {
  let s = 0, c = 0;
  for (let i = 0; i < r.length; i++) {
    const v = r[i] * r[i], t = s + v;
    c += Math.abs(s) >= v ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

export function columnMeans(d: Dataset): Float64Array {
  const { n, p, X } = d, mu = new Float64Array(p);
  if (d.csc) {
    const { indptr, data } = d.csc;
    for (let j = 0; j < p; j++) for (let k = indptr[j]; k < indptr[j + 1]; k++) mu[j] += data[k];
  } else for (let i = 0; i < n; i++) for (let j = 0, o = i * p; j < p; j++) mu[j] += X[o + j];
  for (let j = 0; j < p; j++) mu[j] /= n;
  return mu;
}

export function mean(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** sd(y) with 1/n: what glmnet divides y by internally (see the sd_y trap). */
export function sdY(y: Float64Array): number {
  const m = mean(y);
  let s = 0;
  for (const v of y) s += (v - m) * (v - m);
  return Math.sqrt(s / y.length);
}

/** X̃ᵀr / n for the column-centred X. */
function gradient(d: Dataset, mu: Float64Array, r: Float64Array): Float64Array {
  const { n, p, X } = d, g = new Float64Array(p);
  let rs = 0;
  for (let i = 0; i < n; i++) rs += r[i];
  if (d.csc) {
    const { indptr, indices, data } = d.csc;
    for (let j = 0; j < p; j++) for (let k = indptr[j]; k < indptr[j + 1]; k++) g[j] += data[k] * r[indices[k]];
  } else {
    for (let i = 0; i < n; i++) for (let j = 0, o = i * p; j < p; j++) g[j] += X[o + j] * r[i];
  }
  for (let j = 0; j < p; j++) g[j] = (g[j] - mu[j] * rs) / n;
  return g;
}

/** Xβ (uncentred). */
function times(d: Dataset, beta: Float64Array): Float64Array {
  const { n, p, X } = d, f = new Float64Array(n);
  if (d.csc) {
    const { indptr, indices, data } = d.csc;
    for (let j = 0; j < p; j++) if (beta[j] !== 0) for (let k = indptr[j]; k < indptr[j + 1]; k++) f[indices[k]] += data[k] * beta[j];
    return f;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, o = i * p; j < p; j++) s += X[o + j] * beta[j];
    f[i] = s;
  }
  return f;
}

/** λ_max = max|X̃ᵀ(y − ȳ)|/n: the smallest l1 with β = 0. */
export function lambdaMax(d: Dataset, mu = columnMeans(d)): number {
  const ym = mean(d.y), r = d.y.map((v) => v - ym);
  const g = gradient(d, mu, r);
  let m = 0;
  for (const v of g) m = Math.max(m, Math.abs(v));
  return m;
}

/** Mean column variance (1/n): the scale the ridge cases use. */
export function meanColumnVariance(d: Dataset, mu = columnMeans(d)): number {
  const { n, p, X } = d;
  let s = 0;
  if (d.csc) { // Σ(x − μ)² = Σx² − nμ² per column
    const { indptr, data } = d.csc;
    for (let j = 0; j < p; j++) {
      for (let k = indptr[j]; k < indptr[j + 1]; k++) s += data[k] * data[k];
      s -= n * mu[j] * mu[j];
    }
    return s / (n * p);
  }
  for (let i = 0; i < n; i++) for (let j = 0, o = i * p; j < p; j++) { const v = X[o + j] - mu[j]; s += v * v; }
  return s / (n * p);
}

export function assess(d: Dataset, l1: number, l2: number, coef: ArrayLike<number>, intercept: number,
                       mu = columnMeans(d), lmax = lambdaMax(d, mu)): Quality {
  const { n, p, y } = d;
  const beta = Float64Array.from(coef);
  if (beta.length !== p) throw new Error(`coef has length ${beta.length}, expected ${p}`);
  let a1 = 0, b2 = 0, nnz = 0;
  for (let j = 0; j < p; j++) {
    const b = beta[j];
    a1 += Math.abs(b); b2 += b * b;
    if (b !== 0) nnz++;
  }
  // r = y − Xβ − b (objective) and the profiled residual rc = ỹ − X̃β = r − mean(r)
  const f = times(d, beta);
  const r = f.map((v, i) => y[i] - v - intercept);
  const rbar = mean(r);
  const rc = r.map((v) => v - rbar);
  const pen = l1 * a1 + l2 * b2;
  const objective = sumSquares(r) / (2 * n) + pen;
  const profiled = sumSquares(rc) / (2 * n) + pen;
  const g = gradient(d, mu, rc); // X̃ᵀrc / n
  let dn = 0, kkt = 0;
  for (let j = 0; j < p; j++) {
    const b = beta[j], u = g[j] - 2 * l2 * b; // −∂(smooth)/∂βⱼ
    dn = Math.max(dn, Math.abs(u));
    kkt = Math.max(kkt, b !== 0 ? Math.abs(u - l1 * Math.sign(b)) : Math.max(0, Math.abs(u) - l1));
  }
  const ym = mean(y);
  let yty = 0;
  for (let i = 0; i < n; i++) yty += (y[i] - ym) * (y[i] - ym);
  // Duality gap in the sum scale (α = n·l1, κ = 2n·l2, G = X̃ᵀrc) at the dual point θ ∝ rc.
  let gap: number;
  if (l2 > 0) {
    // Fenchel dual with h*(G) = Σ(|Gⱼ| − α)₊²/(2κ) at θ = rc: a sum of per-coordinate
    // Fenchel–Young terms, each ≥ 0 (no cancellation at the ‖ỹ‖² scale).
    const a = n * l1, k = 2 * n * l2;
    gap = 0;
    for (let j = 0; j < p; j++) {
      const b = beta[j], G = n * g[j], e = Math.max(Math.abs(G) - a, 0);
      gap += a * Math.abs(b) + 0.5 * k * b * b + (e * e) / (2 * k) - b * G;
    }
  } else {
    // scikit-learn's lasso gap: θ = s·rc with s making ‖X̃ᵀθ‖∞ ≤ α
    const s = l1 > 0 && dn > l1 ? l1 / dn : 1;
    let rty = 0;
    for (let i = 0; i < n; i++) rty += rc[i] * (y[i] - ym);
    const r2 = sumSquares(rc);
    gap = 0.5 * r2 * (1 + s * s) + n * l1 * a1 - s * rty;
  }
  return {
    objective, relGap: Math.max(gap, 0) / yty, kkt: kkt / lmax, nnz,
    interceptExcess: (objective - profiled) / Math.abs(objective),
  };
}

export interface LogisticQuality {
  /** (1/n)·Σ log(1 + exp(−sᵢ(xᵢβ + b))) + l1·‖β‖₁, sᵢ = 2yᵢ − 1. */
  objective: number;
  /** Largest violation of the optimality conditions (intercept included), gradient units. */
  kkt: number;
  nnz: number;
}

/** T5's canonical L1-logistic objective and KKT violation at (β, b), labels y in {0, 1}. */
export function logisticQuality(d: Dataset, l1: number, coef: ArrayLike<number>, intercept: number): LogisticQuality {
  const { n, p, y } = d;
  const beta = Float64Array.from(coef);
  if (beta.length !== p) throw new Error(`coef has length ${beta.length}, expected ${p}`);
  const eta = times(d, beta);
  const r = new Float64Array(n);
  let loss = 0, rs = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i] + intercept, m = (2 * y[i] - 1) * e;
    loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
    r[i] = y[i] - (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)));
    rs += r[i];
  }
  // Xᵀr/n: the residual sums to ~0 at the optimum, so the centring of gradient() changes nothing
  // there; the intercept's own condition is |Σr|/n
  const g = gradient(d, new Float64Array(p), r);
  let a1 = 0, nnz = 0, kkt = Math.abs(rs) / n;
  for (let j = 0; j < p; j++) {
    const b = beta[j];
    a1 += Math.abs(b);
    if (b !== 0) nnz++;
    kkt = Math.max(kkt, b !== 0 ? Math.abs(g[j] - l1 * Math.sign(b)) : Math.max(0, Math.abs(g[j]) - l1));
  }
  return { objective: loss / n + l1 * a1, kkt, nnz };
}
