// The elastic-net coordinate descent of assembly/enet.ts written in plain TypeScript over
// Float64Array, for the benchmark only: same soft-thresholding, same naive (residual) and
// covariance (Gram) updates, same active-set cycling, same duality-gap stopping rule and the
// same switch between the two modes (covariance when p < 500). Unit weights, no box
// constraints, no penalty factors. X is column-major and centred by its column means (the
// work DesignMatrix.from does, kept out of the timing the same way); the fit computes the
// per-column shift m (≈ 0), Σ x̃² and the centred y, as GaussianProblem does.
// Units inside are scikit-learn's cd_fast "sum" scale: n × the canonical objective.

export interface PlainDesign {
  n: number;
  p: number;
  /** Column-major, centred: column j is cols[j·n .. (j+1)·n). */
  cols: Float64Array;
  means: Float64Array;
}

export interface PlainResult {
  coef: Float64Array;
  intercept: number;
  sweeps: number;
  /** Duality gap in canonical units. */
  gap: number;
  converged: boolean;
  mode: "naive" | "covariance";
}

/** Row-major n×p → centred column-major (the counterpart of DesignMatrix.from). */
export function plainDesign(X: Float64Array, n: number, p: number): PlainDesign {
  const cols = new Float64Array(n * p), means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] += X[i * p + j];
  for (let j = 0; j < p; j++) means[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[j * n + i] = X[i * p + j] - means[j];
  return { n, p, cols, means };
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
    s2 += a[ao + i + 2] * b[bo + i + 2];
    s3 += a[ao + i + 3] * b[bo + i + 3];
  }
  let s = s0 + s1 + s2 + s3;
  for (; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
}

const soft = (z: number, a: number, denom: number) => (z > a ? (z - a) / denom : z < -a ? (z + a) / denom : 0);

/** Elastic net at canonical (l1, l2), cold start; tol as scikit-learn's (gap ≤ tol·‖ỹ‖²). */
export function plainEnet(d: PlainDesign, y: Float64Array, l1: number, l2: number,
                          tol: number, maxIter: number): PlainResult {
  const { n, p, cols: X } = d;
  // per-fit column statistics (columnStats) and centred y
  const m = new Float64Array(p), q = new Float64Array(p), colsq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0, o = j * n; i < n; i++) s += X[o + i];
    const mj = s / n;
    let ss = 0;
    for (let i = 0, o = j * n; i < n; i++) { const v = X[o + i] - mj; ss += v * v; }
    m[j] = mj; q[j] = s - mj * n; colsq[j] = ss;
  }
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += y[i];
  ybar /= n;
  const yc = new Float64Array(n);
  let ytwy = 0;
  for (let i = 0; i < n; i++) { yc[i] = y[i] - ybar; ytwy += yc[i] * yc[i]; }
  const alpha = n * l1, kappa = 2 * n * l2, gapTol = tol * ytwy;
  const coef = new Float64Array(p);
  const mode = p < 500 ? "covariance" : "naive";
  const run = mode === "naive" ? naive : covariance;
  const { sweeps, gap } = run(X, n, p, m, q, colsq, yc, ytwy, coef, alpha, kappa, tol, gapTol, maxIter);
  let b = ybar;
  for (let j = 0; j < p; j++) b -= coef[j] * (d.means[j] + m[j]);
  return { coef, intercept: b, sweeps, gap: gap / n, converged: gap <= gapTol, mode };
}

/** scikit-learn's gap (per-feature form of enet.ts dualGap with equal α, κ); r2 = ‖r‖². */
function dualGap(g: Float64Array, coef: Float64Array, alpha: number, kappa: number, r2: number, rty: number): number {
  let a1 = 0, b2 = 0, dn = 0;
  for (let j = 0; j < coef.length; j++) {
    const b = coef[j];
    a1 += Math.abs(b); b2 += b * b;
    dn = Math.max(dn, Math.abs(g[j] - kappa * b));
  }
  const s = alpha > 0 && dn > alpha ? alpha / dn : 1;
  return 0.5 * r2 * (1 + s * s) + alpha * a1 - s * rty + 0.5 * (1 + s * s) * kappa * b2;
}

interface Sweep { dMax: number; wMax: number }

type Solver = (X: Float64Array, n: number, p: number, m: Float64Array, q: Float64Array, colsq: Float64Array,
  yc: Float64Array, ytwy: number, coef: Float64Array, alpha: number, kappa: number,
  tol: number, gapTol: number, maxIter: number) => { sweeps: number; gap: number };

/** The outer loop both modes share: full sweep, gap check, then cycle over the nonzeros. */
function outerLoop(p: number, coef: Float64Array, tol: number, gapTol: number, maxIter: number,
                   sweep: (idx: Int32Array, count: number) => Sweep, gapNow: () => number) {
  const full = new Int32Array(p), active = new Int32Array(p);
  for (let j = 0; j < p; j++) full[j] = j;
  let sweeps = 0, gap = Infinity;
  while (sweeps < maxIter) {
    let s = sweep(full, p);
    sweeps++;
    if (s.wMax === 0 || s.dMax <= tol * s.wMax || sweeps >= maxIter) {
      gap = gapNow();
      if (gap <= gapTol) break;
    }
    let nActive = 0;
    for (let j = 0; j < p; j++) if (coef[j] !== 0) active[nActive++] = j;
    while (nActive > 0 && sweeps < maxIter) {
      s = sweep(active, nActive);
      sweeps++;
      if (s.dMax <= tol * s.wMax) break;
    }
  }
  if (gap === Infinity) gap = gapNow();
  return { sweeps, gap };
}

const naive: Solver = (X, n, p, m, q, colsq, yc, _ytwy, coef, alpha, kappa, tol, gapTol, maxIter) => {
  const rho = Float64Array.from(yc); // β = 0
  let rhoSum = 0;
  for (let i = 0; i < n; i++) rhoSum += rho[i];
  const g = new Float64Array(p);
  const sweep = (idx: Int32Array, count: number): Sweep => {
    let dMax = 0, wMax = 0;
    for (let t = 0; t < count; t++) {
      const j = idx[t], cj = colsq[j], denom = cj + kappa;
      if (denom <= 0) continue;
      const o = j * n, mj = m[j], old = coef[j];
      const z = dot(X, o, rho, 0, n) - mj * rhoSum + cj * old;
      const b = soft(z, alpha, denom);
      if (b !== old) {
        const dl = b - old;
        for (let i = 0; i < n; i++) rho[i] -= dl * (X[o + i] - mj);
        rhoSum -= dl * q[j];
        coef[j] = b;
        dMax = Math.max(dMax, Math.abs(dl));
      }
      wMax = Math.max(wMax, Math.abs(b));
    }
    return { dMax, wMax };
  };
  const gapNow = () => {
    rhoSum = 0;
    for (let i = 0; i < n; i++) rhoSum += rho[i];
    for (let j = 0; j < p; j++) g[j] = dot(X, j * n, rho, 0, n) - m[j] * rhoSum;
    const rty = dot(rho, 0, yc, 0, n);
    let bg = 0;
    for (let j = 0; j < p; j++) bg += coef[j] * g[j];
    return dualGap(g, coef, alpha, kappa, Math.max(rty - bg, 0), rty);
  };
  return outerLoop(p, coef, tol, gapTol, maxIter, sweep, gapNow);
};

const covariance: Solver = (X, n, p, m, _q, colsq, yc, ytwy, coef, alpha, kappa, tol, gapTol, maxIter) => {
  // c = X̃ᵀỹ; g = c − Gβ; Gram columns are computed when a feature first moves
  const c = new Float64Array(p);
  let ysum = 0;
  for (let i = 0; i < n; i++) ysum += yc[i];
  for (let j = 0; j < p; j++) c[j] = dot(X, j * n, yc, 0, n) - m[j] * ysum;
  const g = Float64Array.from(c);
  const G = new Float64Array(p * p), slot = new Int32Array(p).fill(-1), v = new Float64Array(n);
  let used = 0;
  const column = (j: number): number => {
    if (slot[j] >= 0) return slot[j] * p;
    slot[j] = used++;
    const o = j * n, mj = m[j], dst = slot[j] * p;
    let vs = 0;
    for (let i = 0; i < n; i++) { v[i] = X[o + i] - mj; vs += v[i]; }
    for (let i = 0; i < p; i++) G[dst + i] = dot(X, i * n, v, 0, n) - m[i] * vs;
    return dst;
  };
  const sweep = (idx: Int32Array, count: number): Sweep => {
    let dMax = 0, wMax = 0;
    for (let t = 0; t < count; t++) {
      const j = idx[t], cj = colsq[j], denom = cj + kappa;
      if (denom <= 0) continue;
      const old = coef[j];
      const b = soft(g[j] + cj * old, alpha, denom);
      if (b !== old) {
        const o = column(j), dl = b - old;
        for (let i = 0; i < p; i++) g[i] -= dl * G[o + i];
        coef[j] = b;
        dMax = Math.max(dMax, Math.abs(dl));
      }
      wMax = Math.max(wMax, Math.abs(b));
    }
    return { dMax, wMax };
  };
  const gapNow = () => {
    let bc = 0, bg = 0;
    for (let j = 0; j < p; j++) { bc += coef[j] * c[j]; bg += coef[j] * g[j]; }
    const rty = ytwy - bc;
    return dualGap(g, coef, alpha, kappa, Math.max(rty - bg, 0), rty);
  };
  return outerLoop(p, coef, tol, gapTol, maxIter, sweep, gapNow);
};
