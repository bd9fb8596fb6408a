// The elastic-net coordinate descent of assembly/enet.ts written in plain TypeScript over
// Float64Array, for the benchmark only: same soft-thresholding, same naive (residual) and
// covariance (Gram) updates, same active-set cycling with Anderson extrapolation every
// AA_K + 1 active sweeps (naive mode), same outer loops (covariance mode: a full sweep, a gap
// check once one settled; naive mode: rounds ended by a gap check, each sweeping the features
// that the check's gradient would move, stopping on a small gap after a settled sweep or at a
// point where one would settle), same
// exact steps on the support (Cholesky of the support's Gram, cut at the first zero crossing,
// kept only if the objective decreases;
// scheduled by the same budget / tryAt / sign-flip rules in both modes), same duality gap
// (dualGap with its include mask, ridgeDual and penalizedDual rules; covariance mode
// confirmed with g = c − Gβ recomputed from the Gram, or on the exact residual where its rounding could matter), the same settled() test (max|Δβ| ≤ tol·max|β|, or a sweep
// that moved the fitted values by no more than FIT_NOISE·‖ỹ‖), the same retry of a singular
// support system with its diagonal scaled by 1 + SINGULAR_SHIFT, the same fillGram (covariance
// mode on a problem solved before: once an eighth of the Gram columns have been computed one by
// one, the rest at once, symmetry for the rows already known), and the same mode switch and support cap as
// src/gaussian.ts (covariance when n ≥ p and p < 500, or on a problem solved before with
// p ≤ 1000; supports of at most min(p, 2n, 1000) features). plainLassoPath is src/path.ts's
// solvePath as lassoPath calls it: warm starts along the grid, sequential strong rules, a KKT
// check on the discarded features (reading only the columns its gradient bounds cannot clear,
// path.ts leftOutGradients), Gram columns kept across the path.
// Mirrors enet.ts and gaussian.ts as of this file's last commit (exact support steps with the
// singular shift, Anderson acceleration, FIT_NOISE, fillGram, the 2n support cap, the support
// factor kept and extended between steps and solves in both modes (naive mode computing the
// rows it adds only); the gradient
// of screened-out features computed once after a naive fit, not at every gap check; a new Gram
// column's known rows by symmetry). Keep the two in step, or the l1l2 / plain-TS ratio stops
// measuring WASM alone. What this build has no counterpart for is l1l2's second thread
// (setThreads): the passes that split are timed on one thread here; nor the kernels' ways of
// reading memory (SIMD, four columns' dots sharing the loads of ρ, a first sweep's dots taken
// four columns at a time): the same steps in the same order, one column at a time here.
// Unit weights, no box constraints, no penalty factors. X is column-major and centred by its
// column means (the work DesignMatrix.from does, kept out of the timing the same way) but not
// scaled to [−1, 1] as DesignMatrix stores it, so the dMax ≤ tol·max|β| trigger and the Anderson
// weights see other units and sweep counts can differ a little; the support's Gram and
// fillGram's block are built from dot products of the stored columns (as gramColumn computes a
// column with unit weights) rather than ridge.ts's blocked ridgeGramDense.
// The design also holds each column's shift m (≈ 0), q and Σ x̃², computed once as DesignMatrix.from
// computes them (columnStats); a fit centres y, as GaussianProblem does.
// Units inside are scikit-learn's cd_fast "sum" scale: n × the canonical objective.

export interface PlainDesign {
  n: number;
  p: number;
  /** Column-major, centred: column j is cols[j·n .. (j+1)·n). */
  cols: Float64Array;
  means: Float64Array;
  /** Per-column statistics of cols (assembly/columns.ts columnStats, unit weights, intercept). */
  m: Float64Array;
  q: Float64Array;
  colsq: Float64Array;
}

export interface PlainResult {
  coef: Float64Array;
  intercept: number;
  sweeps: number;
  /** |duality gap| in canonical units. */
  gap: number;
  converged: boolean;
  mode: "naive" | "covariance";
  /** X̃ᵀr/n per feature (what the strong rules and the KKT check test). */
  grad: Float64Array;
}

/** Row-major n×p → centred column-major (the counterpart of DesignMatrix.from). */
export function plainDesign(X: Float64Array, n: number, p: number): PlainDesign {
  const cols = new Float64Array(n * p), means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] += X[i * p + j];
  for (let j = 0; j < p; j++) means[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[j * n + i] = X[i * p + j] - means[j];
  const m = new Float64Array(p), q = new Float64Array(p), colsq = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0, o = j * n; i < n; i++) s += cols[o + i];
    const mj = s / n;
    let ss = 0;
    for (let i = 0, o = j * n; i < n; i++) { const v = cols[o + i] - mj; ss += v * v; }
    m[j] = mj; q[j] = s - mj * n; colsq[j] = ss;
  }
  return { n, p, cols, means, m, q, colsq };
}

/** Σ a[ao+i]·b[bo+i], four accumulators (the plain-TS twin of assembly/simd.ts's dot). */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
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

/** gaussian.ts COVARIANCE_MAX_P, COVARIANCE_REUSED_MAX_P, SUPPORT_MAX, SUPPORT_MAX_PER_ROW. */
const COVARIANCE_MAX_P = 500, COVARIANCE_REUSED_MAX_P = 1000, SUPPORT_MAX = 1000, SUPPORT_MAX_PER_ROW = 2;

/** enet.ts FIT_NOISE: moves of the fitted values below this, relative to ‖ỹ‖, are rounding. */
const FIT_NOISE = 1e-13;

/** enet.ts SINGULAR_SHIFT: relative shift of a singular support system's diagonal. */
const SINGULAR_SHIFT = 1e-9;

export const AA_K = 5;

/** Elastic net at canonical (l1, l2), from `start` (or zero); tol as scikit-learn's (gap ≤ tol·‖ỹ‖²). */
export function plainEnet(d: PlainDesign, y: Float64Array, l1: number, l2: number,
                          tol: number, maxIter: number, start?: Float64Array): PlainResult {
  // (the models' fit: l1l2's Lasso asks for no gradient)
  return new PlainProblem(d, y).solve(l1, l2, tol, maxIter, start, undefined, false, false);
}

export interface PlainPathResult {
  coefs: Float64Array[];
  intercepts: Float64Array;
  sweeps: Int32Array;
  converged: boolean[];
  /** Solves per mode over the path (KKT re-solves included). */
  modes: { naive: number; covariance: number };
}

/**
 * lassoPath(X, y, { alphas: l1s, fitIntercept: true }) as src/sklearn-path.ts and src/path.ts
 * compute it: decreasing canonical l1 values, warm starts, sequential strong rules (keep j when
 * |∇ⱼ| ≥ 2λₖ − λₖ₋₁ at the previous solution, or when it was ever nonzero) and a KKT check on the
 * discarded features after each solve (through the gradient bounds), re-solving with the
 * violators added.
 */
export function plainLassoPath(d: PlainDesign, y: Float64Array, l1s: ArrayLike<number>, tol: number,
                               maxIter: number, screening = true): PlainPathResult {
  const problem = new PlainProblem(d, y), p = d.p, L = l1s.length;
  const out: PlainPathResult = {
    coefs: [], intercepts: new Float64Array(L), sweeps: new Int32Array(L), converged: [], modes: { naive: 0, covariance: 0 },
  };
  let coef: Float64Array = new Float64Array(p), grad: Float64Array = problem.correlations(), prevL1 = Infinity;
  const ever = new Uint8Array(p);
  const bounds: PlainBounds = { ref: null, refNorm: 0, scales: problem.gradientScales(), pending: new Int32Array(p) };
  for (let k = 0; k < L; k++) {
    const l1 = l1s[k];
    if (k > 0 && l1 > prevL1) throw new Error("plainLassoPath: the λ sequence must be decreasing");
    const include = new Uint8Array(p);
    if (screening && l1 > 0) {
      const cut = 2 * l1 - (Number.isFinite(prevL1) ? prevL1 : l1);
      for (let j = 0; j < p; j++) include[j] = ever[j] || Math.abs(grad[j]) >= cut ? 1 : 0;
    } else {
      include.fill(1);
    }
    const threshold = Math.min(l1, k + 1 < L ? 2 * l1s[k + 1] - l1 : l1);
    let r: PlainResult;
    for (;;) {
      r = problem.solve(l1, 0, tol, maxIter, coef, include, screening);
      out.modes[r.mode]++;
      if (r.mode === "naive" && screening) plainLeftOut(problem, r, threshold, bounds);
      let added = 0;
      for (let j = 0; j < p; j++) {
        if (include[j]) continue;
        const g = r.grad[j];
        if (g > l1 || g < -l1) { include[j] = 1; added++; }
      }
      if (added === 0) break;
      coef = r.coef;
    }
    for (let j = 0; j < p; j++) if (r.coef[j] !== 0) ever[j] = 1;
    out.coefs.push(r.coef);
    out.intercepts[k] = r.intercept;
    out.sweeps[k] = r.sweeps; // the last solve's, as l1l2's nIters
    out.converged.push(r.converged);
    coef = r.coef;
    grad = r.grad;
    prevL1 = l1;
  }
  return out;
}

/** path.ts FULL_CHECK_SHARE. */
const FULL_CHECK_SHARE = 0.25;

/** path.ts GradientBounds. */
interface PlainBounds { ref: Float64Array | null; refNorm: number; scales: Float64Array; pending: Int32Array }

/** path.ts leftOutGradients (FULL_CHECK_SHARE, unit factors). */
function plainLeftOut(problem: PlainProblem, r: PlainResult, threshold: number, b: PlainBounds): void {
  const p = problem.p, g = r.grad, pending = b.pending, norm = problem.residualNorm();
  let count = 0;
  if (b.ref) {
    const { ref, scales } = b;
    const drift = problem.residualDrift() + 1e-9 * (norm + b.refNorm);
    for (let j = 0; j < p; j++) if (Number.isNaN(g[j]) && Math.abs(ref[j]) + scales[j] * drift >= threshold) pending[count++] = j;
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

/**
 * Sweep statistics of enet.ts: largest |Δβⱼ| and |βⱼ|, largest Δβⱼ²·‖X̃ⱼ‖² (how far the sweep
 * moved the fitted values), and whether any sign or zero-ness changed.
 */
interface SweepState { dMax: number; wMax: number; fitMove: number; flipped: boolean }

const signChanged = (a: number, b: number) => (a > 0) !== (b > 0) || (a < 0) !== (b < 0);

/** enet.ts startSweep. */
function startSweep(st: SweepState): void { st.dMax = 0; st.wMax = 0; st.fitMove = 0; st.flipped = false; }

/** enet.ts record: coordinate βⱼ: old → b (column spread² cj) into the sweep statistics. */
function record(st: SweepState, old: number, b: number, cj: number): void {
  if (b !== old) {
    const d = b - old;
    st.dMax = Math.max(st.dMax, Math.abs(d));
    st.fitMove = Math.max(st.fitMove, d * d * cj);
    st.flipped = st.flipped || signChanged(old, b);
  }
  st.wMax = Math.max(st.wMax, Math.abs(b));
}

/**
 * One prepared problem (GaussianProblem's counterpart): column statistics, centred y, and the
 * covariance-mode state kept across solves (X̃ᵀỹ, Gram columns).
 */
export class PlainProblem {
  readonly n: number;
  readonly p: number;
  private readonly X: Float64Array;
  private readonly shift: Float64Array;
  private readonly m: Float64Array;
  private readonly q: Float64Array;
  private readonly colsq: Float64Array;
  private readonly yc: Float64Array;
  private readonly ybar: number;
  private readonly ytwy: number;
  private readonly cap: number;
  private cov: { c: Float64Array; G: Float64Array; slot: Int32Array; v: Float64Array; used: number; haveC: boolean } | null = null;
  private rho: Float64Array | null = null;
  private rhoCurrent = false;
  private rhoRef: Float64Array | null = null;
  /** The support step's workspace (enet.ts sw): the count × count system and three vectors. */
  private sw = new Float64Array(0);
  /**
   * enet.ts's kept support factor: rows factored in sw (0: none), their leading dimension, the
   * κ they were factored with, and their features' order; the mode that made it.
   */
  private fac = { rows: 0, ld: 0, kappa: 0, order: new Int32Array(0), marks: new Uint8Array(0) };
  private facMode: "naive" | "covariance" | null = null;

  constructor(d: PlainDesign, y: Float64Array) {
    const { n, p, cols: X } = d;
    this.n = n; this.p = p; this.X = X;
    // the design's column statistics (as DesignMatrix keeps them) and centred y
    const { m, q, colsq } = d;
    this.m = m; this.q = q; this.colsq = colsq;
    this.shift = Float64Array.from(d.means, (mu, j) => mu + m[j]);
    let ybar = 0;
    for (let i = 0; i < n; i++) ybar += y[i];
    ybar /= n;
    const yc = new Float64Array(n);
    let ytwy = 0;
    for (let i = 0; i < n; i++) { yc[i] = y[i] - ybar; ytwy += yc[i] * yc[i]; }
    this.yc = yc; this.ybar = ybar; this.ytwy = ytwy;
    this.cap = Math.min(p, SUPPORT_MAX_PER_ROW * n, SUPPORT_MAX);
  }

  /** X̃ᵀv into dst (p). */
  private xtv(v: Float64Array, dst: Float64Array): void {
    const { n, p, X, m } = this;
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i];
    for (let j = 0; j < p; j++) dst[j] = dot(X, j * n, v, 0, n) - m[j] * s;
  }

  /** X̃ᵀỹ/n (gaussian.ts correlations). */
  correlations(): Float64Array {
    const c = new Float64Array(this.p);
    this.xtv(this.yc, c);
    for (let j = 0; j < this.p; j++) c[j] /= this.n;
    return c;
  }

  /**
   * The lower triangle of X̃_LᵀX̃_L for the columns list[0 … count − 1] into out (count × count,
   * column-major), its rows from `from` on, from dot products. (ridge.ts ridgeGramDense with idx.)
   */
  private columnsGram(list: Int32Array, count: number, out: Float64Array, from = 0): void {
    for (let s = 0; s < count; s++) {
      for (let t = Math.max(s, from); t < count; t++) out[s * count + t] = this.centredDot(list[t], list[s]);
    }
  }

  /** X̃ᵢᵀX̃ⱼ from the stored columns: XᵢᵀXⱼ − mⱼ·ΣXᵢ − mᵢ·qⱼ (enet.ts centredDot, unit weights). */
  private centredDot(i: number, j: number): number {
    const { n, X, m, q } = this;
    return dot(X, i * n, X, j * n, n) - m[j] * (q[i] + n * m[i]) - m[i] * q[j];
  }

  private workspace(count: number): Float64Array {
    const need = count * count + 3 * count;
    if (this.sw.length < need) {
      const grown = new Float64Array(need);
      grown.set(this.sw); // (the kept factor in it)
      this.sw = grown;
    }
    return this.sw;
  }

  /**
   * enet.ts supportOrder: the support in the kept factor's order (its rows still in the
   * support, as far as they lead it, with the same κ; then the others), those rows moved to
   * leading dimension count; returns their number.
   */
  private supportOrder(idx: Int32Array, count: number, coef: Float64Array, include: Uint8Array, kappa: number, sw: Float64Array): number {
    const f = this.fac;
    if (f.order.length < this.p) { f.order = new Int32Array(this.p); f.marks = new Uint8Array(this.p); }
    const { order, marks } = f;
    let keep = 0;
    if (f.kappa === kappa) {
      for (; keep < f.rows; keep++) {
        const j = order[keep];
        if (coef[j] === 0 || include[j] === 0) break;
        marks[j] = 1;
      }
    }
    for (let s = 0, t = keep; s < count; s++) {
      const j = idx[s];
      if (marks[j]) marks[j] = 0; else order[t++] = j;
    }
    const move = (c: number) => sw.copyWithin(c * count + c, c * f.ld + c, c * f.ld + keep);
    if (count > f.ld) for (let c = keep - 1; c >= 0; c--) move(c);
    else if (count < f.ld) for (let c = 0; c < keep; c++) move(c);
    return keep;
  }

  /**
   * `counted`: a naive solve leaves the gradient of the features left out NaN (gaussian.ts
   * "counted"); `gradient` false: the features its last check's bounds cleared keep 0 in it
   * (gaussian.ts `gradient: false`, as the models fit).
   */
  solve(l1: number, l2: number, tol: number, maxIter: number, start?: Float64Array, include?: Uint8Array,
        counted = false, gradient = true): PlainResult {
    const { n, p } = this;
    const reused = this.cov !== null || this.rho !== null;
    const mode = n >= p && (p < COVARIANCE_MAX_P || (reused && p <= COVARIANCE_REUSED_MAX_P)) ? "covariance" : "naive";
    const coef = start ? Float64Array.from(start) : new Float64Array(p);
    const inc = include ?? new Uint8Array(p).fill(1);
    const alpha = n * l1, kappa = 2 * n * l2, gapTol = tol * this.ytwy;
    const cap = maxIter > 0 ? this.cap : 0;
    const g = new Float64Array(p);
    if (mode === "covariance") this.rhoCurrent = false;
    // (gaussian.ts: a factor made in the other mode is not mixed in)
    if (this.facMode !== mode) { this.fac.rows = 0; this.facMode = mode; }
    const { sweeps, gap } = mode === "covariance"
      ? this.covariance(coef, inc, g, alpha, kappa, tol, gapTol, maxIter, cap)
      : this.naive(coef, inc, g, alpha, kappa, tol, gapTol, maxIter, cap, counted, gradient);
    let b = this.ybar;
    for (let j = 0; j < p; j++) b -= coef[j] * this.shift[j];
    for (let j = 0; j < p; j++) g[j] /= n;
    return { coef, intercept: b, sweeps, gap: Math.abs(gap) / n, converged: Math.abs(gap) <= gapTol, mode, grad: g };
  }

  /** enet.ts dualGap for uniform α, κ, no bounds: rty = rᵀỹ, rss = ‖r‖² (or −1 to derive it). */
  private dualGap(g: Float64Array, coef: Float64Array, include: Uint8Array, alpha: number, kappa: number,
                  rty: number, rss: number): number {
    const colsq = this.colsq, p = this.p;
    let pen = 0, bg = 0, scale = 1;
    for (let j = 0; j < p; j++) {
      const b = coef[j], gj = g[j];
      if (b !== 0) pen += alpha * Math.abs(b) + 0.5 * kappa * b * b;
      bg += b * gj;
      if (include[j] === 0) continue;
      if (!ridgeDual(kappa, colsq[j]) && penalizedDual(alpha, colsq[j], rty)) {
        const d = Math.abs(gj);
        if (d * scale > alpha) scale = alpha / d;
      }
    }
    const r2 = rss >= 0 ? rss : Math.max(rty - bg, 0);
    let rest = 0;
    for (let j = 0; j < p; j++) {
      if (include[j] === 0) continue;
      if (ridgeDual(kappa, colsq[j])) {
        const z = scale * g[j], bs = soft(z, alpha, kappa);
        if (bs !== 0) rest += z * bs - alpha * Math.abs(bs) - 0.5 * kappa * bs * bs;
      } else if (!penalizedDual(alpha, colsq[j], rty)) {
        const c = colsq[j];
        if (c > 0) {
          const b = coef[j], gj = g[j];
          const bn = soft(gj + c * b, alpha, c), d = bn - b;
          rest += gj * d - 0.5 * c * d * d - alpha * (Math.abs(bn) - Math.abs(b));
        }
      }
    }
    return 0.5 * r2 + pen - scale * rty + 0.5 * scale * scale * r2 + rest;
  }

  /** r = ỹ − X̃β (enet.ts residual); returns Σr. */
  private residual(coef: Float64Array, r: Float64Array): number {
    const { n, p, X, m, yc } = this;
    r.set(yc);
    for (let j = 0; j < p; j++) {
      const b = coef[j];
      if (b !== 0) for (let i = 0, o = j * n, mj = m[j]; i < n; i++) r[i] -= b * (X[o + i] - mj);
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i];
    return s;
  }

  // ---------------------------------------------------------------- naive (residual) updates

  private naive(coef: Float64Array, include: Uint8Array, g: Float64Array, alpha: number, kappa: number,
                tol: number, gapTol: number, maxIter: number, cap: number, counted: boolean,
                wantGradient: boolean): { sweeps: number; gap: number } {
    const { n, p, X, m, q, colsq, yc } = this;
    const rho = (this.rho ??= new Float64Array(n));
    let rhoSum = this.residual(coef, rho);
    const st: SweepState = { dMax: 0, wMax: 0, fitMove: 0, flipped: false };
    const gradient = (j: number) => dot(X, j * n, rho, 0, n) - m[j] * rhoSum;
    const move = (j: number, dl: number) => {
      for (let i = 0, o = j * n, mj = m[j]; i < n; i++) rho[i] -= dl * (X[o + i] - mj);
      rhoSum -= dl * q[j];
    };
    const sweep = (idx: Int32Array, count: number): void => {
      startSweep(st);
      for (let t = 0; t < count; t++) {
        const j = idx[t], cj = colsq[j], denom = cj + kappa;
        if (denom <= 0) continue;
        const old = coef[j];
        const b = soft(gradient(j) + cj * old, alpha, denom);
        if (b !== old) {
          move(j, b - old);
          coef[j] = b;
        }
        record(st, old, b, cj);
      }
    };
    // the gradient bounds of the checks (gaussian.ts GapChecks): after a check that computed
    // every counted feature, its g and ρ are the reference, and a later check computes only the
    // nonzeros and the zeros whose bound |g_ref| + ‖X̃ⱼ‖·‖ρ − ρ_ref‖ could reach α (0 for the
    // others); past a quarter of the counted features, every one, and a new reference
    let gRef: Float64Array | null = null, rhoRef: Float64Array | null = null, refNorm = 0, nCleared = 0;
    const pending = new Int32Array(p), cleared = new Int32Array(p);
    const gapNow = () => {
      rhoSum = 0;
      for (let i = 0; i < n; i++) rhoSum += rho[i];
      const rty = dot(rho, 0, yc, 0, n), rr = dot(rho, 0, rho, 0, n);
      let counted = 0, count = -1;
      for (let j = 0; j < p; j++) if (include[j] !== 0 || coef[j] !== 0) counted++;
      if (gRef) {
        let d = 0;
        for (let i = 0; i < n; i++) { const e = rho[i] - rhoRef![i]; d += e * e; }
        const drift = Math.sqrt(d) + 1e-9 * (Math.sqrt(rr) + refNorm);
        count = 0;
        nCleared = 0;
        for (let j = 0; j < p; j++) {
          if (include[j] === 0 && coef[j] === 0) continue;
          if (coef[j] !== 0 || !(alpha > 0) || !penalizedDual(alpha, colsq[j], rty)
            || Math.abs(gRef[j]) + Math.sqrt(colsq[j]) * drift >= alpha) pending[count++] = j;
          else { g[j] = 0; cleared[nCleared++] = j; }
        }
        if (count > counted / 4) count = -1;
      }
      if (count < 0) {
        nCleared = 0;
        // the features left out at zero are no part of the gap: theirs once, after the fit
        for (let j = 0; j < p; j++) g[j] = include[j] !== 0 || coef[j] !== 0 ? gradient(j) : 0;
        (gRef ??= new Float64Array(p)).set(g);
        (rhoRef ??= new Float64Array(n)).set(rho);
        refNorm = Math.sqrt(rr);
      } else for (let t = 0; t < count; t++) g[pending[t]] = gradient(pending[t]);
      return this.dualGap(g, coef, include, alpha, kappa, rty, rr);
    };
    // Anderson acceleration: AA_K + 1 kept iterates of the active coordinates
    const K = AA_K, hist = new Float64Array((K + 1) * p), saved = new Float64Array(n);
    const C = new Float64Array(K * K), z = new Float64Array(K);
    const partialPrimal = (idx: Int32Array, count: number) => {
      let s = 0.5 * dot(rho, 0, rho, 0, n);
      for (let t = 0; t < count; t++) { const b = coef[idx[t]]; s += alpha * Math.abs(b) + 0.5 * kappa * b * b; }
      return s;
    };
    const accel: Accel = {
      keep(slot, idx, count) {
        for (let t = 0, o = slot * p; t < count; t++) hist[o + t] = coef[idx[t]];
      },
      extrapolate(idx, count) {
        for (let k = 0; k < K; k++) {
          for (let l = k; l < K; l++) {
            const a0 = k * p, a1 = a0 + p, b0 = l * p, b1 = b0 + p;
            let s = 0;
            for (let t = 0; t < count; t++) s += (hist[a1 + t] - hist[a0 + t]) * (hist[b1 + t] - hist[b0 + t]);
            C[k * K + l] = s; C[l * K + k] = s;
          }
          z[k] = 1;
        }
        if (!solveSmall(C, z, K)) return;
        let sz = 0;
        for (let k = 0; k < K; k++) sz += z[k];
        if (!(Math.abs(sz) > 0) || !Number.isFinite(sz)) return;
        const before = partialPrimal(idx, count);
        saved.set(rho);
        const sumBefore = rhoSum;
        for (let t = 0; t < count; t++) {
          const j = idx[t];
          let e = 0;
          for (let k = 0; k < K; k++) e += (z[k] / sz) * hist[(k + 1) * p + t];
          const dl = e - coef[j];
          if (dl !== 0) { move(j, dl); coef[j] = e; }
        }
        if (partialPrimal(idx, count) < before) return;
        for (let t = 0; t < count; t++) coef[idx[t]] = hist[K * p + t]; // not better: the last iterate
        rho.set(saved);
        rhoSum = sumBefore;
      },
    };
    // the exact step on the support (naiveSupportStep)
    const moveTo = (idx: Int32Array, count: number, to: Float64Array, o: number) => {
      for (let t = 0; t < count; t++) {
        const j = idx[t], dl = to[o + t] - coef[j];
        if (dl !== 0) { move(j, dl); coef[j] = to[o + t]; }
      }
    };
    // the lower triangle of X̃_AᵀX̃_A + κI, column-major, from dot products, its rows from keep
    // on (naiveSupportSystem)
    const supportSystem = (idx: Int32Array, count: number, sw: Float64Array, keep: number) => {
      this.columnsGram(idx, count, sw, keep);
      for (let s = keep; s < count; s++) sw[s * count + s] += kappa;
    };
    // the residual holds no gradient: it is computed on the support before and after the step
    const refresh = (idx: Int32Array, count: number) => { for (let t = 0; t < count; t++) g[idx[t]] = gradient(idx[t]); };
    // the factor kept between steps (naiveSupportStep)
    const fac = this.fac;
    const supportStep = (idx: Int32Array, count: number): boolean => {
      const sw = this.workspace(count), keep = this.supportOrder(idx, count, coef, include, kappa, sw);
      fac.rows = 0;
      return exactStep(sw, fac.order, count, coef, alpha, kappa, g, supportSystem, moveTo, refresh, keep, () => {
        fac.rows = count; fac.ld = count; fac.kappa = kappa;
      });
    };
    // enetNaive's schedule: the solve once the cycle has cost about |A|/8 sweeps
    const budgetOf = (nActive: number) => Math.max(2, nActive >> 3);
    const res = naiveRounds(cycleOf(p, coef, include, tol, this.ytwy, maxIter, st, sweep, budgetOf, cap, supportStep, accel),
                            g, alpha, kappa, colsq, gapTol, gapNow);
    // the features the last check's bounds cleared hold 0: their values for a caller that
    // wants the gradient
    if (wantGradient) for (let t = 0; t < nCleared; t++) g[cleared[t]] = gradient(cleared[t]);
    // the gradient of the features left out at zero, for the path's KKT check (gradientOf),
    // unless the caller asks for it where it needs it (gradientFor)
    this.rhoCurrent = true;
    let s = 0;
    for (let i = 0; i < n; i++) s += rho[i];
    for (let j = 0; j < p; j++) {
      if (include[j] === 0 && coef[j] === 0) g[j] = counted ? NaN : dot(X, j * n, rho, 0, n) - m[j] * s;
    }
    return res;
  }

  /** gaussian.ts gradientFor: X̃ᵀr/n at the last naive solve's answer for features[0 … count − 1]. */
  gradientFor(features: Int32Array, count: number, grad: Float64Array): void {
    const { n, X, m } = this, rho = this.residualNow();
    let s = 0;
    for (let i = 0; i < n; i++) s += rho[i];
    for (let t = 0; t < count; t++) { const j = features[t]; grad[j] = (dot(X, j * n, rho, 0, n) - m[j] * s) / n; }
  }

  /** gaussian.ts markReference. */
  markReference(): void {
    (this.rhoRef ??= new Float64Array(this.n)).set(this.residualNow());
  }

  /** gaussian.ts residualDrift (unit weights): ‖r − r_ref‖. */
  residualDrift(): number {
    const rho = this.residualNow(), ref = this.rhoRef!;
    let s = 0;
    for (let i = 0; i < rho.length; i++) { const d = rho[i] - ref[i]; s += d * d; }
    return Math.sqrt(s);
  }

  /** ‖r‖ at the last naive solve's answer (gaussian.ts: √(n·mse)). */
  residualNorm(): number {
    const rho = this.residualNow();
    return Math.sqrt(dot(rho, 0, rho, 0, rho.length));
  }

  /** gaussian.ts gradientScales: ‖X̃ⱼ‖/n. */
  gradientScales(): Float64Array {
    return Float64Array.from(this.colsq, (c) => Math.sqrt(c) / this.n);
  }

  private residualNow(): Float64Array {
    if (!this.rhoCurrent) throw new Error("plain: no naive solve's residual");
    return this.rho!;
  }

  // ---------------------------------------------------------- covariance (Gram) updates

  private covBuffers() {
    const { n, p } = this;
    return (this.cov ??= {
      c: new Float64Array(p), G: new Float64Array(p * p), slot: new Int32Array(p).fill(-1), v: new Float64Array(n),
      used: 0, haveC: false,
    });
  }

  private covariance(coef: Float64Array, include: Uint8Array, g: Float64Array, alpha: number, kappa: number,
                     tol: number, gapTol: number, maxIter: number, cap: number): { sweeps: number; gap: number } {
    const { n, p, X, m, colsq, yc, ytwy } = this;
    const cov = this.covBuffers(), { c, G, slot, v } = cov;
    // c = X̃ᵀỹ once per target; g = c − Gβ; Gram columns are computed when a feature first moves
    if (!cov.haveC) this.xtv(yc, c);
    const column = (j: number): number => {
      if (slot[j] >= 0) return slot[j] * p;
      const dst = cov.used * p;
      // the rows of the columns computed before by symmetry, the rest by a dot each with the
      // stored column (enet.ts gramColumn, unit weights)
      for (let i = 0; i < p; i++) G[dst + i] = slot[i] >= 0 ? G[slot[i] * p + j] : this.centredDot(i, j);
      slot[j] = cov.used++;
      return dst;
    };
    g.set(c);
    for (let j = 0; j < p; j++) {
      const b = coef[j];
      if (b !== 0) { const o = column(j); for (let i = 0; i < p; i++) g[i] -= b * G[o + i]; }
    }
    const st: SweepState = { dMax: 0, wMax: 0, fitMove: 0, flipped: false };
    const sweep = (idx: Int32Array, count: number): void => {
      startSweep(st);
      for (let t = 0; t < count; t++) {
        const j = idx[t], cj = colsq[j], denom = cj + kappa;
        if (denom <= 0) continue;
        const old = coef[j];
        const b = soft(g[j] + cj * old, alpha, denom);
        if (b !== old) {
          const o = column(j), dl = b - old;
          for (let i = 0; i < p; i++) g[i] -= dl * G[o + i];
          coef[j] = b;
        }
        record(st, old, b, cj);
      }
    };
    const gapNow = () => this.dualGap(g, coef, include, alpha, kappa, ytwy - dot(coef, 0, c, 0, p), -1);
    // confirm with g = c − Gβ recomputed (enet.ts gramGap), or on the exact residual where the
    // Gram's rounding could reach an eighth of gapTol
    const r = v;
    const confirm = () => {
      g.set(c);
      let count = 0, bc = 0, spread = 0;
      for (let j = 0; j < p; j++) {
        const b = coef[j];
        if (b === 0) continue;
        const o = slot[j] * p;
        for (let i = 0; i < p; i++) g[i] -= b * G[o + i];
        count++;
        bc += Math.abs(b * c[j]);
        spread += Math.abs(b) * Math.sqrt(colsq[j]);
      }
      if ((2 * count + 4) * Number.EPSILON * (ytwy + 2 * bc + spread * spread) <= 0.125 * gapTol) return gapNow();
      const rs = this.residual(coef, r);
      for (let j = 0; j < p; j++) g[j] = dot(X, j * n, r, 0, n) - m[j] * rs;
      return this.dualGap(g, coef, include, alpha, kappa, dot(r, 0, yc, 0, n), dot(r, 0, r, 0, n));
    };
    // the exact step on the support (covSupportStep), its system read off the Gram columns
    const moveTo = (idx: Int32Array, count: number, to: Float64Array, o: number) => {
      for (let t = 0; t < count; t++) {
        const j = idx[t], dl = to[o + t] - coef[j];
        if (dl !== 0) {
          const col = slot[j] * p;
          for (let i = 0; i < p; i++) g[i] -= dl * G[col + i];
          coef[j] = to[o + t];
        }
      }
    };
    const supportSystem = (idx: Int32Array, count: number, sw: Float64Array, keep: number) => { // covSupportSystem
      for (let s = 0; s < count; s++) {
        const j = idx[s], col = slot[j] * p;
        for (let t = s < keep ? keep : s; t < count; t++) sw[s * count + t] = G[col + idx[t]];
        if (s >= keep) sw[s * count + s] += kappa;
      }
    };
    // g = c − Gβ is kept current by every move; the factor is kept between steps (covSupportStep)
    const fac = this.fac;
    const supportStep = (idx: Int32Array, count: number): boolean => {
      const sw = this.workspace(count), keep = this.supportOrder(idx, count, coef, include, kappa, sw);
      fac.rows = 0;
      return exactStep(sw, fac.order, count, coef, alpha, kappa, g, supportSystem, moveTo, () => {}, keep, () => {
        fac.rows = count; fac.ld = count; fac.kappa = kappa;
      });
    };
    // enetCov's schedule: after about the cost of the solve, measured (|A|²/(48p) sweeps; the
    // flop count alone, |A|³/3 against 2p|A| per sweep, says |A|²/(6p))
    const budgetOf = (nActive: number) => Math.max(2, Math.trunc((nActive * nActive) / (48 * p)));
    // fillGram: once an eighth of the columns have been computed one by one (and the rest fit
    // the support's workspace), the missing ones at once: the lower triangle of their Gram by
    // the dot products column() uses, the rows of the columns computed before by symmetry
    const fillGram = () => {
      const left = p - cov.used;
      // only on a problem solved before (haveC still holds its value from the start of this solve)
      if (!cov.haveC || left === 0 || cov.used * 8 < p || left > cap || cap === 0) return;
      const A = this.workspace(left), list = new Int32Array(left);
      fac.rows = 0; // (the factor's workspace)
      let k = 0;
      for (let j = 0; j < p; j++) if (slot[j] < 0) list[k++] = j;
      this.columnsGram(list, left, A);
      const used = cov.used;
      for (let t = 0; t < left; t++) {
        const j = list[t], dst = (used + t) * p;
        for (let i = 0; i < p; i++) {
          const s = slot[i];
          if (s >= 0) G[dst + i] = G[s * p + j];
        }
        for (let u = 0; u < left; u++) G[dst + list[u]] = u >= t ? A[t * left + u] : A[u * left + t];
      }
      for (let t = 0; t < left; t++) slot[list[t]] = used + t;
      cov.used = p;
    };
    const res = covarianceLoop(cycleOf(p, coef, include, tol, ytwy, maxIter, st, sweep, budgetOf, cap, supportStep),
                               gapTol, gapNow, confirm, fillGram);
    cov.haveC = true;
    return res;
  }
}

/** enet.ts ridgeDual: a ridge term large enough for its conjugate to be used. */
const ridgeDual = (k: number, colsq: number) => k > 1e-12 * colsq && k > 0;
/** enet.ts penalizedDual: an L1 weight large enough to constrain the dual point. */
const penalizedDual = (a: number, colsq: number, rty: number) => a > 1e-4 * Math.sqrt(colsq * Math.abs(rty));

/** Anderson acceleration hooks (naive mode): keep an iterate; extrapolate from the kept ones. */
interface Accel {
  keep(slot: number, idx: Int32Array, count: number): void;
  extrapolate(idx: Int32Array, count: number): void;
}

/** The parts of a coordinate-descent solve that both outer loops drive. */
interface Cycle {
  p: number;
  coef: Float64Array;
  include: Uint8Array;
  maxIter: number;
  st: SweepState;
  /** enet.ts settled(). */
  settled: () => boolean;
  sweep: (idx: Int32Array, count: number) => void;
  budgetOf: (nActive: number) => number;
  cap: number;
  supportStep: (idx: Int32Array, count: number) => boolean;
  accel?: Accel;
  /** Workspace (p) for the nonzeros. */
  active: Int32Array;
}

function cycleOf(p: number, coef: Float64Array, include: Uint8Array, tol: number, ytwy: number, maxIter: number,
                 st: SweepState, sweep: Cycle["sweep"], budgetOf: Cycle["budgetOf"], cap: number,
                 supportStep: Cycle["supportStep"], accel?: Accel): Cycle {
  // enet.ts settled(): small changes relative to max|β| (scikit-learn's test), or rounding
  const noise = FIT_NOISE * FIT_NOISE * ytwy;
  const settled = () => st.dMax <= tol * st.wMax || st.fitMove <= noise;
  return { p, coef, include, maxIter, st, settled, sweep, budgetOf, cap, supportStep, accel, active: new Int32Array(p) };
}

/**
 * Cycle over the nonzeros until they settle; after `budget` active sweeps (at once when the
 * sweep before the cycle changed no sign) try the exact step on a support of at most `cap`
 * features, ending the cycle when it is taken, else waiting twice as long for the next try;
 * extrapolate every AA_K + 1 active sweeps if `accel`. Returns the sweeps so far.
 */
function activeCycle(c: Cycle, sweeps: number): number {
  const { p, coef, include, active } = c;
  let nActive = 0;
  for (let j = 0; j < p; j++) if (include[j] !== 0 && coef[j] !== 0) active[nActive++] = j;
  let budget = c.budgetOf(nActive);
  let kept = 0, spent = 0, tryAt = c.st.flipped ? budget : 1;
  while (nActive > 0 && sweeps < c.maxIter) {
    c.sweep(active, nActive);
    sweeps++;
    if (c.settled()) break;
    if (++spent === tryAt && nActive <= c.cap) {
      if (c.supportStep(active, nActive)) break;
      tryAt += budget;
      budget *= 2;
    }
    if (!c.accel) continue;
    c.accel.keep(kept, active, nActive);
    if (++kept === AA_K + 1) { c.accel.extrapolate(active, nActive); kept = 0; }
  }
  return sweeps;
}

/**
 * enetCov's outer loop: `beforeFull` (fillGram) if given, full sweep over the included
 * features, gap check once it settled (|gap| ≤ gapTol, then `confirm`), then the active cycle.
 */
function covarianceLoop(c: Cycle, gapTol: number, gapNow: () => number, confirm: () => number, beforeFull: () => void) {
  const full = new Int32Array(c.p);
  let nFull = 0;
  for (let j = 0; j < c.p; j++) if (c.include[j] !== 0) full[nFull++] = j;
  let sweeps = 0, gap = Infinity;
  while (sweeps < c.maxIter) {
    beforeFull();
    c.sweep(full, nFull);
    sweeps++;
    if (c.st.wMax === 0 || c.settled() || sweeps >= c.maxIter) {
      gap = gapNow();
      if (Math.abs(gap) <= gapTol) {
        gap = confirm();
        if (Math.abs(gap) <= gapTol) break;
      }
    }
    sweeps = activeCycle(c, sweeps);
  }
  if (gap === Infinity) gap = gapNow();
  return { sweeps, gap };
}

/**
 * enetNaive's rounds as its host runs them, each ended by a gap check (gapNow, which also
 * brings g up to date on the included features): a first sweep over every included feature,
 * later ones over enet.ts candidates() (the nonzeros and the zeros that g would move), then the
 * active cycle (after a first sweep only when it did not settle); a small gap ends the fit
 * after a round whose sweep settled, or that ended where a sweep would (stepsSettled).
 */
function naiveRounds(c: Cycle, g: Float64Array, alpha: number, kappa: number, colsq: Float64Array,
                     gapTol: number, gapNow: () => number) {
  const { p, coef, include } = c, set = new Int32Array(p);
  let sweeps = 0, gap = Infinity, resumed = false;
  while (sweeps < c.maxIter) {
    let nSet = 0;
    for (let j = 0; j < p; j++) {
      if (include[j] === 0) continue;
      const denom = colsq[j] + kappa;
      if (!resumed || coef[j] !== 0 || (denom > 0 && soft(g[j], alpha, denom) !== 0)) set[nSet++] = j;
    }
    c.sweep(set, nSet);
    sweeps++;
    const quiet = c.st.wMax === 0 || c.settled();
    if (c.st.wMax !== 0 && (resumed || !quiet)) sweeps = activeCycle(c, sweeps);
    gap = gapNow();
    if (Math.abs(gap) <= gapTol && (quiet || stepsSettled(c, g, alpha, kappa, colsq))) break;
    resumed = true;
  }
  if (gap === Infinity) gap = gapNow();
  return { sweeps, gap };
}

/** enet.ts stepsSettled: whether the coordinate steps g gives at β (included features) settle. */
function stepsSettled(c: Cycle, g: Float64Array, alpha: number, kappa: number, colsq: Float64Array): boolean {
  const { p, coef, include, st } = c;
  startSweep(st);
  for (let j = 0; j < p; j++) {
    if (include[j] === 0) continue;
    const cj = colsq[j], denom = cj + kappa;
    if (denom <= 0) continue;
    record(st, coef[j], soft(g[j] + cj * coef[j], alpha, denom), cj);
  }
  return c.settled();
}

// ------------------------------------------------------------- exact steps on the support

/** enet.ts supportTarget's outcomes. */
const TARGET = 0, NO_TARGET = 1, SINGULAR = 2;

/**
 * enet.ts naiveSupportStep / covSupportStep: the system into sw (retried shifted when
 * singular), the target, the move, kept only if the objective drops. `refresh` brings g up to
 * date on the support (naive mode computes it, before and after; covariance moves keep it).
 */
function exactStep(sw: Float64Array, idx: Int32Array, count: number, coef: Float64Array, alpha: number, kappa: number,
                   g: Float64Array, system: (idx: Int32Array, count: number, sw: Float64Array, keep: number) => void,
                   moveTo: (idx: Int32Array, count: number, sw: Float64Array, from: number) => void,
                   refresh: (idx: Int32Array, count: number) => void, keep = 0, factored = () => {}): boolean {
  const H = count * count, b = H, old = H + count, gOld = H + 2 * count;
  system(idx, count, sw, keep);
  refresh(idx, count);
  for (let s = 0; s < count; s++) sw[gOld + s] = g[idx[s]];
  let r = supportTarget(sw, b, old, count, idx, coef, alpha, kappa, g, 0, keep);
  if (r === SINGULAR) {
    system(idx, count, sw, 0);
    r = supportTarget(sw, b, old, count, idx, coef, alpha, kappa, g, SINGULAR_SHIFT, 0);
  } else factored();
  if (r !== TARGET) return false;
  moveTo(idx, count, sw, b);
  refresh(idx, count);
  if (supportChange(sw, b, old, gOld, count, idx, g, alpha, kappa) <= 0) return true;
  moveTo(idx, count, sw, old);
  return false;
}

/**
 * enet.ts supportTarget: from the lower triangle of X̃_AᵀX̃_A + κI in sw[0, count²) (column-major;
 * overwritten by its factor, its diagonal first scaled by 1 + shift) and g at the current β,
 * writes the new values at sw[b…] and the old at sw[old…]. NO_TARGET when the support cannot
 * take the step (a bound, a non-finite step), SINGULAR when the system is not clearly positive
 * definite.
 */
function supportTarget(sw: Float64Array, b: number, old: number, count: number, idx: Int32Array, coef: Float64Array,
                       alpha: number, kappa: number, g: Float64Array, shift: number, keep: number): number {
  for (let t = 0; t < count; t++) {
    const j = idx[t], bj = coef[j];
    if (!(bj > -Infinity && bj < Infinity)) return NO_TARGET; // enet.ts: lo < βⱼ < hi
    sw[old + t] = bj;
    sw[b + t] = g[j] - kappa * bj - (bj > 0 ? alpha : -alpha);
  }
  if (shift > 0) for (let t = 0; t < count; t++) sw[t * count + t] *= 1 + shift;
  if (cholExtend(sw, count, keep) !== 0) return SINGULAR;
  cholSolve(sw, count, sw, b);
  // the longest step ≤ 1 along Δ that keeps every penalized coordinate in its orthant
  let step = 1;
  for (let t = 0; t < count; t++) {
    const bj = sw[old + t], d = sw[b + t];
    if (!Number.isFinite(d)) return NO_TARGET;
    if (alpha > 0 && (bj > 0 ? bj + d < 0 : bj + d > 0)) step = Math.min(step, -bj / d);
  }
  for (let t = 0; t < count; t++) {
    const bj = sw[old + t], d = sw[b + t];
    const blocked = alpha > 0 && (bj > 0 ? bj + d < 0 : bj + d > 0) && -bj / d <= step;
    sw[b + t] = blocked ? 0 : bj + step * d;
  }
  return TARGET;
}

/** enet.ts supportChange: the objective's change from old to b on the support, given g at both points. */
function supportChange(sw: Float64Array, b: number, old: number, gOld: number, count: number, idx: Int32Array,
                       g: Float64Array, alpha: number, kappa: number): number {
  let s = 0;
  for (let t = 0; t < count; t++) {
    const j = idx[t], nb = sw[b + t], ob = sw[old + t];
    s += -0.5 * (nb - ob) * (sw[gOld + t] + g[j]) + alpha * (Math.abs(nb) - Math.abs(ob)) + 0.5 * kappa * (nb * nb - ob * ob);
  }
  return s;
}

/**
 * In-place lower Cholesky of the column-major k×k A (left-looking); 0, or j + 1 when pivot j is
 * lost to rounding: ridge.ts's rule, d ≤ 1e-12·(d + Σₖ L[j,k]²) refuses.
 */
export function cholesky(A: Float64Array, k: number, from = 0): number {
  for (let j = from; j < k; j++) {
    const cj = j * k;
    let done = 0;
    for (let c = 0; c < j; c++) {
      const ck = c * k, l = A[ck + j];
      if (l !== 0) for (let i = j; i < k; i++) A[cj + i] -= l * A[ck + i];
      done += l * l;
    }
    const d = A[cj + j];
    if (!(d > 1e-12 * (d + done))) return j + 1;
    const r = Math.sqrt(d), inv = 1 / r;
    A[cj + j] = r;
    for (let i = j + 1; i < k; i++) A[cj + i] *= inv;
  }
  return 0;
}

/**
 * ridge.ts cholExtend: the factor of the k×k A whose leading keep×keep block holds its factor
 * already: the rows below it (L₂₁ = A₂₁L₁₁⁻ᵀ), then the remaining columns.
 */
function cholExtend(A: Float64Array, k: number, keep: number): number {
  for (let c = 0; c < keep; c++) {
    const cc = c * k;
    for (let d = 0; d < c; d++) {
      const cd = d * k, l = A[cd + c];
      if (l !== 0) for (let i = keep; i < k; i++) A[cc + i] -= l * A[cd + i];
    }
    const inv = 1 / A[cc + c];
    for (let i = keep; i < k; i++) A[cc + i] *= inv;
  }
  return cholesky(A, k, keep);
}

/** Solves L Lᵀ x = b for b at B[o, o + k) in place (ridge.ts cholSolve). */
export function cholSolve(L: Float64Array, k: number, B: Float64Array, o: number): void {
  for (let j = 0; j < k; j++) {
    const cj = j * k, z = B[o + j] / L[cj + j];
    B[o + j] = z;
    for (let i = j + 1; i < k; i++) B[o + i] -= z * L[cj + i];
  }
  for (let j = k - 1; j >= 0; j--) {
    const cj = j * k;
    B[o + j] = (B[o + j] - dot(L, cj + j + 1, B, o + j + 1, k - j - 1)) / L[cj + j];
  }
}

/** Solves the K×K system A x = b in place (b becomes x): Gaussian elimination, partial pivoting. */
function solveSmall(A: Float64Array, b: Float64Array, K: number): boolean {
  let scale = 0;
  for (let k = 0; k < K; k++) scale = Math.max(scale, A[k * K + k]);
  if (!(scale > 0)) return false;
  for (let k = 0; k < K; k++) A[k * K + k] += 1e-12 * scale;
  for (let c = 0; c < K; c++) {
    let piv = c;
    for (let r = c + 1; r < K; r++) if (Math.abs(A[r * K + c]) > Math.abs(A[piv * K + c])) piv = r;
    const d = A[piv * K + c];
    if (d === 0) return false;
    if (piv !== c) {
      for (let t = 0; t < K; t++) { const u = A[c * K + t]; A[c * K + t] = A[piv * K + t]; A[piv * K + t] = u; }
      const u = b[c]; b[c] = b[piv]; b[piv] = u;
    }
    for (let r = c + 1; r < K; r++) {
      const f = A[r * K + c] / d;
      if (f === 0) continue;
      for (let t = c; t < K; t++) A[r * K + t] -= f * A[c * K + t];
      b[r] -= f * b[c];
    }
  }
  for (let r = K - 1; r >= 0; r--) {
    let s = b[r];
    for (let t = r + 1; t < K; t++) s -= A[r * K + t] * b[t];
    b[r] = s / A[r * K + r];
  }
  return true;
}
