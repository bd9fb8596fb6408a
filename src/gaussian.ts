// The squared-error engine: one prepared problem (design, response, weights, centring) that
// solves the elastic net by coordinate descent, or ridge in closed form, as often as asked
// (many λ, warm starts) without touching X again. Units here are the canonical objective's;
// the kernels work in n × those units (scikit-learn's cd_fast scale) and on the stored
// columns, which are X's scaled by 1/dⱼ: there βⱼ' = dⱼβⱼ, αⱼ' = αⱼ/dⱼ, κⱼ' = κⱼ/dⱼ², and
// gradients are 1/dⱼ of X's. All conversions happen in this file.
import { DesignMatrix } from "./design.js";
import { kernels, f64, f64Parts, i32, WasmBuffer, scoped, type Take } from "./wasm.js";
import { runParts, inHalves, PARALLEL_MIN_WORK, type KernelCall } from "./threads.js";
import { conjugateGradient } from "./ridge-cg.js";
import { columnGradients, canonicalGradients } from "./column-gradients.js";
import { refine } from "./ridge-refine.js";
import { ridgeCertificate, type RidgeCertificate } from "./ridge-certificate.js";

export interface Penalty {
  l1: number;
  l2: number;
  /** Per-feature factors (0 = unpenalized); undefined = all ones. */
  factors?: Float64Array;
}

export type Mode = "auto" | "naive" | "covariance";

export interface SolveOptions {
  tol: number;
  maxIter: number;
  lower?: Float64Array;
  upper?: Float64Array;
  mode?: Mode;
  /** Optimise only these features (the rest keep their value): screening. */
  include?: Uint8Array;
  /**
   * Keep the gradient in the result (default true); false leaves `grad` empty, for callers that
   * only want the fit (a typed array past 64 bytes costs an allocation of its own, ~0.7 µs);
   * "counted": a naive solve leaves out the features neither included nor nonzero (NaN in
   * `grad`: a pass over their columns saved), which `gradientFor` gives when asked (a
   * covariance solve has every gradient at no cost, and keeps them).
   */
  gradient?: boolean | "counted";
}

export interface SolveResult {
  coef: Float64Array;
  intercept: number;
  /**
   * Coordinate-descent sweeps; for closed-form ridge the solves with its factor (1 + refinement
   * steps after a single-precision factorisation, 0 for a direct double-precision solve).
   */
  nIter: number;
  /** Duality gap, canonical units. */
  dualGap: number;
  /**
   * Largest violation of the optimality conditions, canonical (gradient) units (a kernel-form
   * ridge solve reports a bound on it, see ridge-certificate.ts).
   */
  kkt: number;
  /** Canonical objective value. */
  objective: number;
  /** Σ wᵢ rᵢ² / n: twice the loss part of the objective. */
  mse: number;
  /**
   * X̃ᵀW r / n: minus the loss gradient, per feature (what screening rules test); empty when
   * the solve was asked not to keep it, NaN for the features a "counted" solve left out
   * (SolveOptions.gradient).
   */
  grad: Float64Array;
  converged: boolean;
  solver: "cd-naive" | "cd-covariance" | "cholesky-gram" | "cholesky-kernel" | "conjugate-gradient";
}

/** glmnet's switch: covariance updates below this many features (and, here, only when n ≥ p:
 *  with p > n a covariance update costs O(p), more than the O(n) residual update). */
const COVARIANCE_MAX_P = 500;

/**
 * Covariance updates up to this many features when a problem is solved again (a path, a CV
 * fold's path, several targets): its Gram columns, O(n·p) each, are computed once and serve
 * every later λ. Measured (Lasso, equicorrelated ρ = 0.5, 20 λ down to 1e-2·λ_max, tol 1e-6;
 * naive → covariance, whole path): 1000×500 2455 → 335 ms, 20000×500 26.1 → 3.7 s,
 * 1000×900 22.0 → 1.5 s, 2000×1000 20.7 → 3.9 s, 10000×1000 77.8 → 3.3 s. A single fit
 * (0.05·λ_max, 25–100 active) pays the columns for few sweeps and stays naive at p ≥ 500:
 * 28 vs 46 ms (1000×500), 86 vs 401 ms (20000×500), 48 vs 201 ms (10000×1000). Capped where
 * measured; the cache holds p² doubles (8 MB here).
 */
const COVARIANCE_REUSED_MAX_P = 1000;

/**
 * Largest support on which coordinate descent tries an exact solve (assembly/enet.ts): its
 * workspace holds a SUPPORT_MAX² system (8 MB), kept by the problem in either mode. A cap below the supports a path meets is
 * costly: S4's logistic path (2000 × 500) reaches 425 nonzeros, where a cap of 400 left
 * plain coordinate descent 55,000 sweeps for one λ.
 */
const SUPPORT_MAX = 1000;

/**
 * With p > n the support also goes up to SUPPORT_MAX_PER_ROW·n: an optimum has at most n
 * nonzeros, but on the way a full sweep can leave more, whose system is singular; the step
 * (shifted, enet.ts SINGULAR_SHIFT) drops them where coordinate descent took thousands of
 * sweeps. S2 (200 × 20000) 100-λ path with the cap at n: 26,926 sweeps, 5–7 s; at 2n: 3,813, 0.7 s.
 */
const SUPPORT_MAX_PER_ROW = 2;

/** Largest duality gap, relative to the null objective, at which a closed-form ridge is accepted. */
const RIDGE_CERTIFY = 1e-10;

/**
 * From this order on, the ridge matrix (Gram or kernel) is formed in single precision, twice as
 * fast, and the solve refined against X in double precision (ridge-refine.ts): a refinement
 * step costs one pass over X (by columns for the kernel form, by blocks of rows for the Gram),
 * the matrix ~order/4 of them.
 */
const SINGLE_MIN_ORDER = 128;

/**
 * How the ridge system is solved: "auto" picks by cost (conjugate gradients when they should
 * take fewer passes over X than forming the matrix), "cholesky" factorises, "cg" tries
 * conjugate gradients first (dense X, the Gram form) and factorises if they do not converge.
 */
export type RidgeMethod = "auto" | "cholesky" | "cg";

/** Smallest Gram order for which "auto" tries conjugate gradients (below, the matrix is cheap). */
const CG_MIN_ORDER = 128;

/** Gram order per CG product that forming the matrix costs about as much as (measured). */
const CG_ORDER_PER_STEP = 16;

/** b = v·d in stored units (a bound; d the design's scales in WASM), or `none` everywhere when there is no v. */
function scaledOr(b: WasmBuffer<"f64">, v: Float64Array | undefined, d: number, none: number): void {
  if (v) kernels().toStored(v.length, b.set(v).ptr, d, b.ptr); else kernels().fillValue(b.length, none, b.ptr);
}

/** A vector of n values: a JS array, or one already in WASM memory (a logistic fit's rows). */
type Values = Float64Array | WasmBuffer<"f64">;

/** The values, read after any allocation (a view taken before one may be detached by it). */
const valuesOf = (v: Values): Float64Array => (v instanceof WasmBuffer ? v.view() : v);

/** A problem's shift and spread arrays (one allocation: a typed array past 64 bytes costs its own, ~0.6 µs). */
function newShifts(p: number): { shift: Float64Array; spread: Float64Array } {
  const both = new Float64Array(2 * p);
  return { shift: both.subarray(0, p), spread: both.subarray(p) };
}

/** Covariance mode's state kept across solves: X̃ᵀWỹ (valid per target) and the Gram columns, in one block. */
interface CovState {
  block: WasmBuffer<"f64">;
  c: WasmBuffer<"f64">; G: WasmBuffer<"f64">; slot: WasmBuffer<"i32">; v: WasmBuffer<"f64">;
  used: number; haveC: boolean;
}

/**
 * The exact step's workspace, kept across solves with the support's factor in it (enet.ts
 * supportOrder): the system and its vectors (sw), and the factor's state (fac), whose first
 * word, the rows factored, is set to 0 whenever the matrix changes (new weights, covariance
 * mode's Gram columns, a solve in the other mode).
 */
interface SupportState {
  block: WasmBuffer<"f64">;
  sw: WasmBuffer<"f64">;
  fac: WasmBuffer<"f64">;
}

/** A solve's vectors and lists (solveBuffers), in one block. */
interface SolveState {
  block: WasmBuffer<"f64">;
  coef: WasmBuffer<"f64">; a: WasmBuffer<"f64">; kp: WasmBuffer<"f64">; lo: WasmBuffer<"f64">; hi: WasmBuffer<"f64">;
  g: WasmBuffer<"f64">; out: WasmBuffer<"f64">; work: WasmBuffer<"f64">;
  inc: WasmBuffer<"u8">; idx: WasmBuffer<"i32">; order: WasmBuffer<"i32">;
}

/**
 * What an unweighted, centred problem hands to its design when disposed, for the next problem
 * on it (same n and p, so the same sizes): its response, covariance state, exact-step
 * workspace, solve buffers and residual. Everything in them is written again before it is read.
 */
class KeptWorkspace {
  constructor(readonly yc: WasmBuffer<"f64">, readonly cov: CovState | null, readonly support: SupportState | null,
              readonly work: SolveState | null, readonly rho: WasmBuffer<"f64"> | null,
              private readonly blocks: WasmBuffer[]) {}

  free(): void {
    for (const b of this.blocks) b.free();
  }
}

/**
 * The most bytes such a workspace may hold: a fit's allocations and views cost ~1.3 µs
 * (diabetes, 442 × 10: 12 µs a fit), which only small problems notice, and a design keeps one.
 */
const KEEP_MAX_BYTES = 256 * 1024;

/**
 * Whether the folds of a cross-validation on d take their Gram whole from the whole data's
 * (deriveGram): dense X, covariance mode along their paths (n ≥ p, p within
 * COVARIANCE_REUSED_MAX_P, not held to naive mode), and a whole-data path whose support reached
 * an eighth of the features, where a path's fillGram computes every column anyway.
 */
export function foldsShareGram(d: DesignMatrix, mode: Mode | undefined, largestSupport: number): boolean {
  return d.format === "dense" && mode !== "naive" && d.rows >= d.cols && d.cols <= COVARIANCE_REUSED_MAX_P
    && 8 * largestSupport >= d.cols;
}

/** SolveResult.grad when the caller asked for none. */
const NO_GRADIENT = new Float64Array(0);

/** enetNaive's `start` (assembly/enet.ts): from coef, or resuming after a gap check. */
const NAIVE_FROM_COEF = 0, NAIVE_RESUME = 1;

/**
 * The intercept's shift and the columns' spreads of the unweighted, centred problem on a design
 * (from its column statistics, fixed at upload), kept per design: they would cost an
 * allocation per fit. Read-only.
 */
const centredShifts = new WeakMap<DesignMatrix, { shift: Float64Array; spread: Float64Array }>();

/** Largest order of a single-precision ridge matrix formed in two parts (128 MiB for the second). */
const RIDGE_SPLIT_MAX_ORDER = 4096;

/**
 * A ridge solve's answer (β in the caller's units), its products or solves, and what its last
 * product, of the answer, gave when it ended with one.
 */
interface ClosedFormRidge {
  beta: Float64Array;
  solves: number;
  solver: SolveResult["solver"];
  last: LastProduct | null;
}

/** X̃β (stored units) and the residual b − Ax of the system solved, from a product of its answer x. */
interface LastProduct {
  fitted: Float64Array;
  residual: Float64Array;
}

/**
 * A product with the ridge system's matrix through X (refinement's and CG's `apply`), and what
 * its last product leaves: the coefficients of the x it took (stored units) and X̃ times them.
 */
interface RidgeProduct {
  apply: (v: Float64Array, out: Float64Array) => void;
  answer: (x: Float64Array) => { coef: Float64Array; fitted: Float64Array };
}

/** A ridge factorisation kept for the next solve with the same κ. */
interface RidgeFactor {
  kappa: Float64Array;
  /** Factor of the n×n kernel form rather than the p×p Gram. */
  kernel: boolean;
  L: WasmBuffer<"f64">;
  /** √w for the kernel form with weights. */
  sw: WasmBuffer<"f64"> | null;
  /**
   * Formed in single precision (solves refine): the equilibration d = 1/√diag and ‖DAD‖∞ > 0;
   * else null and 0.
   */
  d: WasmBuffer<"f64"> | null;
  anrm: number;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The gradients of a naive solve's gap checks, bounded where a pass can be spared (as celer
 * screens, and as path.ts bounds the features a path left out): after a check that computed
 * every counted feature, its g and ρ are the reference, and a later check computes only the
 * nonzeros and the zeros whose bound |g_ref| + ‖X̃ⱼ‖_W·‖ρ − ρ_ref‖_W could reach α (enet.ts
 * checkList; the others hold 0, which moves and constrains nothing, as theirs would not). Past a
 * quarter of the counted features, every one, and a new reference. T1 S1 (10000 × 1000): its
 * third check read 30 columns, not 1000. One per problem, started again by each naive solve.
 */
class GapChecks {
  private have = false;
  private refNorm = 0;
  /** The features the last check cleared, in the list's second half (p on). */
  private cleared = 0;
  private readonly ref: { g: WasmBuffer<"f64">; rho: WasmBuffer<"f64"> };

  constructor(p: number, n: number, take: <B extends WasmBuffer>(b: B) => B, private readonly s: {
    rho: WasmBuffer<"f64">; yc: WasmBuffer<"f64">; colsq: WasmBuffer<"f64">;
    /** ‖a − b‖_W (b null: ‖a‖_W) for a, b = w∘r. */
    distance: (a: WasmBuffer<"f64">, b: WasmBuffer<"f64"> | null) => number;
    gradientOf: (idx: WasmBuffer<"i32">, from: number, to: number, g: WasmBuffer<"f64">) => void;
  }) {
    const { block, parts: [g, rho] } = f64Parts([p, n]);
    take(block);
    this.ref = { g, rho };
  }

  /** A new solve: no reference yet. */
  start(): void {
    this.have = false;
    this.cleared = 0;
  }

  /**
   * g over order[0 … counted − 1] at the current ρ, bounded where it can be; list (2p i32) is
   * workspace: the features computed in its first half, the ones cleared in its second.
   */
  gradient(order: WasmBuffer<"i32">, counted: number, g: WasmBuffer<"f64">, list: WasmBuffer<"i32">,
           coef: WasmBuffer<"f64">, a: WasmBuffer<"f64">, lo: WasmBuffer<"f64">, hi: WasmBuffer<"f64">): void {
    const { ref } = this, { rho } = this.s, norm = this.s.distance(rho, null), p = ref.g.length;
    if (this.have) {
      // (a margin for the rounding of the gradients, ~n·ε of ‖X̃ⱼ‖·‖ρ‖: the bound must hold for
      // the computed values as it does for the exact ones)
      const drift = this.s.distance(rho, ref.rho) + 1e-9 * (norm + this.refNorm);
      const count = kernels().checkList(counted, order.ptr, rho.length, this.s.yc.ptr, rho.ptr, coef.ptr, a.ptr,
        lo.ptr, hi.ptr, this.s.colsq.ptr, ref.g.ptr, drift, g.ptr, list.ptr, list.ptr + 4 * p);
      if (4 * count <= counted) {
        this.s.gradientOf(list, 0, count, g);
        this.cleared = counted - count;
        return;
      }
    }
    this.s.gradientOf(order, 0, counted, g);
    ref.g.view().set(g.view());
    ref.rho.view().set(rho.view());
    this.refNorm = norm;
    this.have = true;
    this.cleared = 0;
  }

  /** The gradients the last check cleared (left 0), for a caller that wants them; list as it left it. */
  fillCleared(list: WasmBuffer<"i32">, g: WasmBuffer<"f64">): void {
    const p = this.ref.g.length;
    if (this.cleared > 0) this.s.gradientOf(list, p, p + this.cleared, g);
  }
}

export class GaussianProblem {
  readonly n: number;
  readonly p: number;
  private readonly design: DesignMatrix;
  private readonly fitIntercept: boolean;
  private readonly standardize: boolean;
  private yMean = 0;
  /** √(Σ w x̃²/n) per feature: the scales standardization puts under the penalty. */
  readonly scales: Float64Array;
  /** Those scales in WASM when standardizing (penaltyWeights reads them at every solve). */
  private penaltyScales: WasmBuffer<"f64"> | null = null;
  private ytwy = 0;
  /** X̃ᵀWỹ (stored units) for the current target, once computed. */
  private xtwy: Float64Array | null = null;
  private readonly shift: Float64Array;
  private readonly bufs: WasmBuffer[] = [];
  private readonly w: WasmBuffer<"f64"> | null;
  private readonly m: WasmBuffer<"f64">;
  private readonly q: WasmBuffer<"f64">;
  private readonly colsq: WasmBuffer<"f64">;
  private readonly yc: WasmBuffer<"f64">;
  /** The last ridge factorisation, reused while the penalty stays the same (many targets). */
  private ridgeFactor: RidgeFactor | null = null;
  private cov: CovState | null = null;
  private support: SupportState | null = null;
  /** The mode of the solve that last used `support` (its factor is that mode's). */
  private supportMode: Mode | null = null;
  private rho: WasmBuffer<"f64"> | null = null;
  /** rho is w∘r at the last solve's answer (a naive solve's, the target and weights since unchanged). */
  private rhoCurrent = false;
  /** A residual kept for gradient bounds (markReference), as w∘r; valid until reweighted. */
  private rhoRef: WasmBuffer<"f64"> | null = null;
  private refValid = false;
  private work: SolveState | null = null;
  /** The naive solves' gap checks and their reference, made at the first. */
  private checks: GapChecks | null = null;
  /** Where covariance mode derives its Gram from, until it has (deriveGram). */
  private gramBase: GaussianProblem | null = null;
  /** Whether covariance mode's Gram came from gramBase's (deriveGram). */
  gramDerived = false;
  /** X̃ᵀWX̃ of every column (lower triangle), once a fold problem asked for it (wholeGram). */
  private whole: WasmBuffer<"f64"> | null = null;
  /** Solved before (a path, folds, targets): covariance mode then pays off for larger p. */
  private solvedBefore = false;
  /** Unweighted, centred, all columns: the workspace may go to the design for its next fit. */
  private readonly keepable: boolean;
  private disposed = false;
  /** The largest support on which the kernels try an exact step (enet.ts). */
  private readonly supportCap: number;
  /** The columns with statistics when not all (constructor's `columns`). */
  private readonly columns: Uint8Array | null;
  /** Those columns as an index list in WASM (null: all). */
  private readonly statsColumns: { ptr: number; count: number } | null = null;
  /** The design's column means in stored units, when the statistics are computed here. */
  private readonly mu: WasmBuffer<"f64"> | null;
  /** The shift and spread arrays this problem writes (null: the design's, read-only). */
  private readonly spreadsFor: { shift: Float64Array; spread: Float64Array } | null;

  constructor(design: DesignMatrix, y: Values, weights: Values | null,
              opts: {
                fitIntercept: boolean;
                /**
                 * Penalize βⱼ·sⱼ instead of βⱼ: true takes sⱼ = X̃'s spread under these weights; an
                 * array gives sⱼ (a Newton step of logistic regression standardizes by the
                 * observation weights, not by its IRLS weights).
                 */
                standardize: boolean | Float64Array;
                /**
                 * Only these columns' statistics (a logistic Newton step's screened set): the
                 * solves must include no other feature and start at zero outside them, and
                 * their gradient is not computed there (zero in the result).
                 */
                columns?: Uint8Array;
                /**
                 * A problem on the same design whose weights are this one's, up to one factor, on
                 * the rows this one weighs (a CV fold's whole-data problem): covariance mode takes
                 * its Gram from that one's whole Gram less the rows weighed there only (deriveGram).
                 */
                gramBase?: GaussianProblem | null;
              }) {
    kernels(); // NOT_INITIALIZED before anything else
    const { rows: n, cols: p } = design;
    this.n = n; this.p = p;
    this.design = design;
    this.fitIntercept = opts.fitIntercept;
    this.standardize = opts.standardize !== false;
    // past n features a support's Gram is singular (unless κ > 0); the step still serves up to
    // SUPPORT_MAX_PER_ROW·n, for the transient supports that drop back below n
    this.supportCap = Math.min(p, SUPPORT_MAX_PER_ROW * n, SUPPORT_MAX);
    try {
      this.w = weights ? this.take(f64(n)).set(valuesOf(weights)) : null;
      const centred = !weights && this.fitIntercept && !opts.columns;
      this.keepable = centred;
      let shifts: { shift: Float64Array; spread: Float64Array };
      if (centred) {
        // what columnStatistics would give, computed at upload: read where the design keeps
        // them, with the shifts and spreads that follow from them (kept per design)
        ({ m: this.m, q: this.q, colsq: this.colsq } = design.centredStats);
        this.mu = null;
        this.spreadsFor = null;
        const kept = centredShifts.get(design);
        shifts = kept ?? this.shiftsFromStats(newShifts(p));
        if (!kept) centredShifts.set(design, shifts);
      } else {
        this.m = this.take(f64(p));
        this.q = this.take(f64(p));
        this.colsq = this.take(f64(p));
        this.statsColumns = opts.columns ? this.columnList(opts.columns) : null;
        this.mu = this.take(f64(p));
        const muv = this.mu.view(), d = design.scales;
        for (let j = 0; j < p; j++) muv[j] = design.means[j] / d[j]; // in stored units
        shifts = this.spreadsFor = newShifts(p);
        this.columnStatistics();
      }
      this.columns = opts.columns ?? null;
      this.gramBase = opts.gramBase ?? null;
      const taken = centred ? design.takeWorkspace() : null;
      const kept = taken instanceof KeptWorkspace ? taken : null;
      this.yc = kept ? this.adopt(kept) : this.take(f64(n));
      this.shift = shifts.shift;
      this.scales = opts.standardize instanceof Float64Array ? opts.standardize : shifts.spread;
      if (this.standardize) this.penaltyScales = this.take(f64(p)).set(this.scales);
      this.setTarget(y);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /**
   * New weights and response, on the same design, columns and options (a logistic fit's next
   * Newton step): the column statistics are computed again into the same buffers, and what
   * depended on the old weights (Gram columns, a ridge factor) is dropped.
   */
  reweight(weights: Values, y: Values): void {
    if (!this.w || !this.spreadsFor) throw new Error("l1l2 internal: only a weighted problem can be reweighted");
    this.w.set(valuesOf(weights));
    this.refValid = false; // (gradient bounds hold under the weights they were taken with)
    this.columnStatistics();
    this.penaltyScales?.set(this.scales); // (the spreads under the new weights)
    this.freeRidgeFactor();
    this.dropGramColumns();
    this.setTarget(y);
  }

  /** m, q, colsq of the (marked) columns under the weights, a pass over them; then shift and spread. */
  private columnStatistics(): void {
    const { n, p, design } = this, cols = this.statsColumns;
    if (cols) { this.m.fill(0); this.q.fill(0); this.colsq.fill(0); }
    const w = this.w ? this.w.ptr : 0, intercept = this.fitIntercept ? 1 : 0, mu = this.mu!.ptr;
    inHalves(cols ? cols.count : p, n, (t0, t1) => ({ name: "columnStats",
      args: [design.layout, design.ptr, n, cols ? cols.ptr : 0, t0, t1, w, intercept, mu, this.m.ptr, this.q.ptr, this.colsq.ptr] }));
    this.shiftsFromStats(this.spreadsFor!);
  }

  /**
   * X̃ⱼ = d·(stored − m) = raw − (mu + d·m): the intercept uses the raw-scale shift; the spread
   * is √(Σwx̃²/n). Into `into`, which it returns.
   */
  private shiftsFromStats(into: { shift: Float64Array; spread: Float64Array }) {
    const { n, p, design } = this, d = design.scales, mv = this.m.view(), colsq = this.colsq.view();
    for (let j = 0; j < p; j++) {
      into.shift[j] = design.means[j] + d[j] * mv[j];
      into.spread[j] = Math.sqrt(colsq[j] / n) * d[j];
    }
    return into;
  }

  /** X̃v for a vector v of p values (n values out). */
  times(v: Float64Array): Float64Array {
    const k = kernels(), { n, p } = this;
    v = v.map((x, j) => x * this.design.scales[j]);
    let shift = 0;
    const m = this.m.view();
    for (let j = 0; j < p; j++) shift += m[j] * v[j];
    return scoped((take) => {
      const out = take(f64(n)).fill(-shift);
      k.addXb(this.design.layout, this.design.ptr, n, p, take(f64(p)).set(v).ptr, out.ptr);
      return out.toArray() as Float64Array;
    });
  }

  /** The centred response ỹ (a copy). */
  centredTarget(): Float64Array {
    return this.yc.toArray() as Float64Array;
  }

  /** X̃ᵀWX̃ (p×p) when n ≥ p, else X̃X̃ᵀ (n×n, unit weights only), column-major, lower triangle. */
  smallGram(): { kind: "features" | "samples"; G: Float64Array } {
    const k = kernels(), { n, p } = this;
    const X = this.design.ptr, w = this.w ? this.w.ptr : 0;
    return scoped((take) => {
      const t = take(f64(k.ridgeWorkspace(n, p)));
      const d = this.design.scales;
      if (n >= p) {
        const G = take(f64(p * p)), zero = take(f64(p)).fill(0);
        k.ridgeGram(this.design.layout, X, n, p, w, this.m.ptr, this.q.ptr, zero.ptr, t.ptr, G.ptr);
        const out = G.toArray() as Float64Array;
        for (let j = 0; j < p; j++) for (let i = 0; i < p; i++) out[j * p + i] *= d[i] * d[j];
        return { kind: "features" as const, G: out };
      }
      const K = take(f64(n * n)), inv = take(f64(p)).set(d.map((x) => 1 / (x * x)));
      k.ridgeKernel(this.design.layout, X, n, p, 0, this.m.ptr, inv.ptr, t.ptr, K.ptr);
      const out = K.toArray() as Float64Array;
      for (let i = 0; i < n; i++) out[i * n + i] -= 1;
      return { kind: "samples" as const, G: out };
    });
  }

  /** Sets the response (same design, weights and centring): many targets share one problem. */
  setTarget(y: Values): void {
    const k = kernels(), w = this.w ? this.w.ptr : 0;
    this.yc.set(valuesOf(y));
    this.yMean = this.fitIntercept ? k.wmean(this.yc.ptr, w, this.n) : 0;
    this.ytwy = k.centre(this.yc.ptr, w, this.n, this.yMean);
    this.xtwy = null;
    this.rhoCurrent = false;
    if (this.cov) this.cov.haveC = false;
  }

  /** A solve of a problem with some columns' statistics stays within them (naive mode). */
  private checkWithinColumns(mode: Mode, include: Uint8Array | undefined, start: Float64Array | undefined): void {
    const cols = this.columns!;
    let inside = mode === "naive" && include !== undefined;
    for (let j = 0; inside && j < this.p; j++) if (!cols[j] && (include![j] || (start && start[j] !== 0))) inside = false;
    if (!inside) throw new Error("l1l2 internal: a solve reaches past the columns its problem has statistics for");
  }

  /** The marked columns as an index list in WASM. */
  private columnList(mask: Uint8Array): { ptr: number; count: number } {
    let count = 0;
    for (let j = 0; j < this.p; j++) if (mask[j]) count++;
    const list = this.take(i32(Math.max(count, 1))), lv = list.view();
    for (let j = 0, t = 0; j < this.p; j++) if (mask[j]) lv[t++] = j;
    return { ptr: list.ptr, count };
  }

  private take<B extends WasmBuffer>(b: B): B {
    this.bufs.push(b);
    return b;
  }

  /** dst = X̃ᵀ(w∘v) (w = 0: unit weights), over the features in halves (inHalves). */
  private xtwv(w: number, v: number, dst: number, take: Take): void {
    const { n } = this;
    // (each half needs room for w∘v, unweighted none)
    inHalves(this.p, n, (j0, j1) => ({ name: "xtwv",
      args: [this.design.layout, this.design.ptr, n, j0, j1, w, this.m.ptr, v, w ? take(f64(n)).ptr : 0, dst] }));
  }

  /** ½Σw(y−ȳ)²/n: the objective at β = 0, and the scale of the stopping rule. */
  get nullObjective(): number {
    return 0.5 * this.ytwy / this.n;
  }

  /** Gradient of the loss at β = 0, |X̃ᵀWỹ|/n per feature: λ_max = max over penalized j of this / (factor·scale). */
  correlations(): Float64Array {
    const out = this.targetCorrelations().slice();
    for (let j = 0; j < this.p; j++) out[j] *= this.design.scales[j] / this.n;
    return out;
  }

  /** X̃ᵀWỹ in stored units, a pass over X once per target (CG and its Cholesky fallback share it). */
  private targetCorrelations(): Float64Array {
    return this.xtwy ??= scoped((take) => {
      const dst = take(f64(this.p));
      this.xtwv(this.w ? this.w.ptr : 0, this.yc.ptr, dst.ptr, take);
      return dst.toArray() as Float64Array;
    });
  }

  /** What multiplies l1 for each feature: its penalty factor, times its scale when standardizing. */
  l1Scale(factors?: Float64Array): Float64Array {
    const out = new Float64Array(this.p);
    for (let j = 0; j < this.p; j++) out[j] = (factors ? factors[j] : 1) * (this.standardize ? this.scales[j] : 1);
    return out;
  }

  /**
   * Per-feature α (l1) and κ (2·l2) in the kernels' units (n-scaled, stored-column basis), into
   * `alpha` and `kappa` (p values each; WASM views in a solve).
   */
  private weightsOf(pen: Penalty, alpha: WasmBuffer<"f64">, kappa: WasmBuffer<"f64">, take: Take): void {
    const { n, p } = this;
    const factors = pen.factors ? take(f64(p)).set(pen.factors).ptr : 0;
    const scales = this.penaltyScales ? this.penaltyScales.ptr : 0;
    kernels().penaltyWeights(p, n * pen.l1, 2 * n * pen.l2, factors, scales, this.design.centredStats.e.ptr, alpha.ptr, kappa.ptr);
  }

  /** Elastic net by coordinate descent, warm-started from `start` (or zero). */
  solve(pen: Penalty, opts: SolveOptions, start?: Float64Array): SolveResult {
    const k = kernels();
    const { n, p } = this;
    const mode = opts.mode === "naive" || opts.mode === "covariance" ? opts.mode
      : n >= p && (p < COVARIANCE_MAX_P || (this.solvedBefore && p <= COVARIANCE_REUSED_MAX_P)) ? "covariance" : "naive";
    this.solvedBefore = true;
    if (this.columns) this.checkWithinColumns(mode, opts.include, start);
    // the state kept across solves first, below this solve's temporaries (wasm.ts Heap frees
    // those last-in-first-out)
    const cov = mode === "covariance" ? this.covarianceBuffers() : null;
    if (cov && this.gramBase && cov.used === 0) this.deriveGram(cov);
    if (mode === "naive") this.rho ??= this.take(f64(n));
    // a call without sweeps (certifying a ridge solution) takes no step on the support
    const cap = opts.maxIter > 0 ? this.supportCap : 0;
    // the exact step's system, three vectors, and room for the support's Gram (naive mode
    // builds it; covariance mode's fillGram) (a CSC support's Gram goes four columns at a time
    // in 4n + 4 values: no dense panel), kept with the support's factor in it
    const swWords = cap === 0 ? 0
      : cap * cap + 3 * cap + (this.design.format === "dense" ? k.ridgeWorkspace(n, cap) : 4 * n + 4);
    const support = cap > 0 ? this.supportBuffers(swWords) : null;
    // a factor made in the other mode is of the same matrix from other sums: a new one, to keep
    // each mode's steps its own
    if (support && this.supportMode !== mode) support.fac.view()[0] = 0;
    this.supportMode = mode;
    const { coef, a, kp, lo, hi, g, out, work, inc, idx, order } = this.solveBuffers();
    return scoped((take) => {
      const d = this.design.scales, { d: { ptr: dp }, e: { ptr: ep } } = this.design.centredStats;
      // (per-feature loops in WASM: along a path they run per λ on p values)
      if (start) k.toStored(p, coef.set(start).ptr, dp, coef.ptr); else coef.view().fill(0);
      this.weightsOf(pen, a, kp, take);
      scaledOr(lo, opts.lower, dp, -Infinity);
      scaledOr(hi, opts.upper, dp, Infinity);
      if (opts.include) inc.set(opts.include); else inc.fill(1);
      const gapTol = opts.tol * this.ytwy;
      const X = this.design.ptr, w = this.w ? this.w.ptr : 0;
      const sw = support ? support.sw.ptr : 0, fac = support ? support.fac.ptr : 0;
      let counted = p; // (naive mode: the features its gap counts, first in `order`)
      if (cov) {
        k.enetCov(this.design.layout, X, n, p, w, this.m.ptr, this.q.ptr, this.yc.ptr, this.ytwy, coef.ptr,
          a.ptr, kp.ptr, lo.ptr, hi.ptr, this.colsq.ptr, inc.ptr, g.ptr,
          cov.c.ptr, cov.G.ptr, cov.slot.ptr, cov.v.ptr, idx.ptr, cov.used, cov.haveC, sw, fac,
          cap, opts.tol, gapTol, opts.maxIter, out.ptr);
        cov.used = out.view()[5];
        cov.haveC = true;
      } else {
        const rho = this.rho!.ptr, m = this.m.ptr;
        g.fill(0); // the gap reads every gⱼ, times βⱼ = 0 where it was not computed
        // the gap counts the included features and the nonzeros; the others (left out at zero,
        // where they stay) get their gradient once, after the fit, for the caller's KKT check
        // and the next λ's screening
        // (the counted features first in `order`; the others after them, when theirs is wanted)
        counted = k.countedOrder(p, inc.ptr, coef.ptr, order.ptr);
        // rounds, each ended by a gap check: the gradient for it is a pass over X, which splits
        // between threads, and tells the next round which features to sweep
        const checks = this.checks ??= new GapChecks(p, n, (b) => this.take(b), {
          rho: this.rho!, yc: this.yc, colsq: this.colsq,
          distance: (x, y) => this.weightedDistance(x, y), gradientOf: (l, t0, t1, out) => this.gradientOf(l, t0, t1, out),
        });
        checks.start();
        for (let from = NAIVE_FROM_COEF; ; from = NAIVE_RESUME) {
          k.enetNaive(this.design.layout, X, n, p, w, m, this.q.ptr, this.yc.ptr, rho, coef.ptr,
            a.ptr, kp.ptr, lo.ptr, hi.ptr, this.colsq.ptr, inc.ptr, g.ptr, idx.ptr, work.ptr, sw, fac, cap,
            opts.tol, opts.maxIter, from, out.ptr);
          // (idx is enetNaive's workspace, free between rounds: the check's list)
          checks.gradient(order, counted, g, idx, coef, a, lo, hi);
          k.naiveDualGap(n, p, w, this.yc.ptr, rho, coef.ptr, a.ptr, kp.ptr, lo.ptr, hi.ptr, this.colsq.ptr, inc.ptr, g.ptr, opts.tol, out.ptr);
          // a small gap ends the fit after a round whose first sweep settled (enetNaive), or that
          // ended where a sweep would settle (naiveDualGap)
          const o = out.view();
          if ((Math.abs(o[0]) <= gapTol && o[1] === 1) || o[2] >= opts.maxIter) break;
        }
        // the features the last check's bounds cleared hold 0 (no violation, proven): their
        // values for a caller that wants the gradient
        if (opts.gradient !== false) checks.fillCleared(idx, g);
        if (!this.columns && opts.gradient !== "counted" && counted < p) {
          k.restOrder(p, inc.ptr, coef.ptr, order.ptr, counted);
          this.gradientOf(order, counted, p, g);
        }
      }
      this.rhoCurrent = !cov;
      const o = out.view(), gap = o[0], sweeps = o[2], primal = o[3], rss = o[4];
      // (the checks skip the features it marks: left out)
      if (!this.columns && counted < p && opts.gradient === "counted") k.markUncounted(p, inc.ptr, coef.ptr, g.ptr);
      // (coef holds β from here: the next solve fills it again)
      k.fromStored(p, n, coef.ptr, g.ptr, dp, ep);
      const beta = coef.toArray() as Float64Array;
      const kkt = kktMax(beta, g.view(), a.view(), kp.view(), d, n, opts, inc.view());
      const grad = opts.gradient === false ? NO_GRADIENT : g.toArray() as Float64Array;
      return {
        mse: rss / n,
        grad,
        coef: beta,
        intercept: this.interceptOf(beta),
        nIter: sweeps,
        // |gap|: with unpenalized features a negative value measures their dual infeasibility
        dualGap: Math.abs(gap) / n,
        kkt,
        objective: primal / n,
        converged: Math.abs(gap) <= gapTol,
        solver: mode === "covariance" ? "cd-covariance" : "cd-naive",
      };
    });
  }

  /**
   * The gradient X̃ᵀWr/n (canonical units) at the last naive solve's answer, of the features
   * features[0 … count − 1], into grad[j]: a pass over their columns (the ones a solve asked for
   * "counted" left out).
   */
  gradientFor(features: Int32Array, count: number, grad: Float64Array): void {
    this.checkResidual();
    // (the solve's list and gradient buffers: free once it returned its copies)
    const { order, g } = this.solveBuffers();
    order.set(features.subarray(0, count));
    this.gradientOf(order, 0, count, g);
    canonicalGradients(this.design, order, 0, count, g, grad);
  }

  /** Keeps the last naive solve's residual as the reference of residualDrift(). */
  markReference(): void {
    this.checkResidual();
    (this.rhoRef ??= this.take(f64(this.n))).set(this.rho!.view());
    this.refValid = true;
  }

  /**
   * ‖r − r_ref‖ in the weights' norm, √(Σwᵢ(rᵢ − r_refᵢ)²), from the last naive solve's residual
   * to the one markReference() kept: with gradientScales(), it bounds how far any gradient moved,
   * |gⱼ(r) − gⱼ(r_ref)| ≤ scaleⱼ·‖r − r_ref‖ (Cauchy–Schwarz).
   */
  residualDrift(): number {
    this.checkResidual();
    if (!this.rhoRef || !this.refValid) throw new Error("l1l2 internal: residualDrift without a reference under these weights");
    return this.weightedDistance(this.rho!, this.rhoRef);
  }

  /** ‖W^½X̃ⱼ‖ in canonical gradient units (dⱼ·√colsqⱼ/n): residualDrift's factor per feature. */
  gradientScales(): Float64Array {
    const { n, p } = this, d = this.design.scales, colsq = this.colsq.view(), out = new Float64Array(p);
    for (let j = 0; j < p; j++) out[j] = (d[j] * Math.sqrt(colsq[j])) / n;
    return out;
  }

  private checkResidual(): void {
    if (!this.rhoCurrent || this.columns) throw new Error("l1l2 internal: no naive solve's residual to take the gradient at");
  }

  /** √(Σ (aᵢ − bᵢ)²/wᵢ) over the weighted rows (b null: of a alone): ‖·‖_W of a residual's change, for ρ = w∘r. */
  private weightedDistance(a: WasmBuffer<"f64">, b: WasmBuffer<"f64"> | null): number {
    const av = a.view(), bv = b ? b.view() : null, w = this.w ? this.w.view() : null;
    let s = 0;
    for (let i = 0; i < av.length; i++) {
      const d = bv ? av[i] - bv[i] : av[i];
      if (!w) s += d * d; else if (w[i] > 0) s += d * (d / w[i]);
    }
    return Math.sqrt(s);
  }

  /** g[j] = X̃ⱼᵀρ from the naive fit's residual for the features idx[from … to − 1] (columnGradients). */
  private gradientOf(idx: WasmBuffer<"i32">, from: number, to: number, g: WasmBuffer<"f64">): void {
    columnGradients(this.design, this.m.ptr, this.rho!.ptr, idx, from, to, g);
  }

  /**
   * A solve's vectors (coefficients, penalty weights, bounds, gradient, results, naive mode's
   * workspace) and lists, made at the first solve and kept for the next (a path's λ, a Newton
   * step's): an allocation costs more than a small problem's fill.
   */
  private solveBuffers() {
    if (!this.work) {
      const { n, p } = this, K = kernels().AA_K.value;
      // (the lists, 3p i32, and the include mask, p u8, in a last part of the same block)
      const { block, parts: [coef, a, kp, lo, hi, g, out, work, rest] } =
        f64Parts([p, p, p, p, p, p, 6, (K + 1) * p + n + K * K + K, Math.ceil((13 * p) / 8)]);
      this.take(block);
      this.work = {
        block, coef, a, kp, lo, hi, g, out, work, inc: new WasmBuffer("u8", p, rest.ptr + 12 * p),
        idx: new WasmBuffer("i32", 2 * p, rest.ptr), order: new WasmBuffer("i32", p, rest.ptr + 8 * p),
      };
    }
    return this.work;
  }

  /** The exact step's workspace (`words` f64) and factor state, made at the first solve that may step. */
  private supportBuffers(words: number): SupportState {
    if (!this.support) {
      const { block, parts: [sw, fac] } = f64Parts([words, kernels().supportFactorWords(this.p, this.supportCap)]);
      this.take(block);
      this.support = { block, sw, fac: fac.fill(0) };
    }
    if (this.support.sw.length < words) throw new Error("l1l2 internal: a kept exact-step workspace is too small");
    return this.support;
  }

  private covarianceBuffers() {
    const { n, p } = this;
    if (!this.cov) {
      const { block, parts: [c, v, G, slots] } = f64Parts([p, n, p * p, Math.ceil(p / 2)]);
      this.take(block);
      this.cov = { block, c, G, slot: new WasmBuffer("i32", p, slots.ptr).fill(-1), v, used: 0, haveC: false };
    }
    return this.cov;
  }

  /**
   * Covariance mode's Gram whole, from gramBase's (weights u): with this problem's weights c·u
   * on the rows it weighs and 0 on the others (a CV fold's held-out rows), X̃ᵀWX̃ is c times the
   * base's Gram less those rows' (ridgeGramRows: p²·(rows)/2 multiply-adds, where computing it
   * here costs p²·n/2 and its first columns a pass over X each), recentred (assembly/fold-gram.ts).
   * Weights not of that form, or another design or centring, leave the columns to be computed here.
   */
  private deriveGram(cov: CovState): void {
    const base = this.gramBase!, { n, p, design } = this, k = kernels();
    this.gramBase = null; // (tried once)
    if (base.design !== design || base.fitIntercept !== this.fitIntercept || this.columns || base.columns
      || design.format !== "dense") return;
    const w = this.w ? this.w.view() : null, u = base.w ? base.w.view() : null;
    const held: number[] = [];
    let sw = 0, su = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1, ui = u ? u[i] : 1;
      if (wi === 0) { if (ui !== 0) held.push(i); continue; }
      if (ui === 0) return;
      sw += wi; su += ui;
    }
    const c = sw / su;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1, ui = u ? u[i] : 1;
      if (wi !== 0 && Math.abs(wi - c * ui) > 1e-12 * wi) return;
    }
    const G0 = base.wholeGram();
    scoped((take) => {
      const D = take(f64(p * p)), delta = take(f64(p));
      if (held.length > 0) {
        const rows = take(i32(held.length)).set(held), v = take(f64(k.ridgeWorkspace(held.length, p)));
        k.ridgeGramRows(design.layout, design.ptr, n, p, rows.ptr, held.length, base.w ? base.w.ptr : 0, base.m.ptr, v.ptr, D.ptr);
      } else D.fill(0);
      const mb = base.m.view(), mw = this.m.view(), dv = delta.view();
      for (let j = 0; j < p; j++) dv[j] = mb[j] - mw[j];
      k.foldGram(p, G0.ptr, D.ptr, delta.ptr, su, c, cov.G.ptr);
    });
    // the difference cancels where a column's spread lies mostly in the rows left out (an
    // outlier, a level rare in the fold): its error is ε of the whole Gram's, not of the fold's.
    // The diagonal against the column statistics, computed from X, tells: else columns from X
    const G = cov.G.view(), colsq = this.colsq.view();
    for (let j = 0; j < p; j++) if (!(Math.abs(G[j * p + j] - colsq[j]) <= 1e-9 * colsq[j])) return;
    const slot = cov.slot.view();
    for (let j = 0; j < p; j++) slot[j] = j;
    cov.used = p;
    this.support?.fac.fill(0);
    this.gramDerived = true;
  }

  /** X̃ᵀWX̃ of every column, lower triangle (computed at the first call, then kept). */
  private wholeGram(): WasmBuffer<"f64"> {
    if (this.whole) return this.whole;
    const k = kernels(), { n, p, design } = this;
    const G = this.take(f64(p * p));
    scoped((take) => {
      const v = take(f64(k.ridgeWorkspace(n, p)));
      k.ridgeGram(design.layout, design.ptr, n, p, this.w ? this.w.ptr : 0, this.m.ptr, this.q.ptr, 0, v.ptr, G.ptr);
    });
    return (this.whole = G);
  }

  /**
   * Ridge (l1 = 0, no bounds): by conjugate gradients when they should take fewer passes over X
   * than forming the matrix costs (`method` "auto"; "cg" tries them first whatever the cost,
   * for up to `maxSteps` products), else in closed form, Cholesky of X̃ᵀWX̃ + diag κ when n ≥ p,
   * of the n×n kernel matrix when p > n. Either answer is certified by its duality gap. Returns
   * null when the system is singular (an unpenalized feature in a rank-deficient design), so the
   * caller can fall back to coordinate descent.
   */
  solveRidge(pen: Penalty, method: RidgeMethod = "auto", maxSteps = 0): SolveResult | null {
    const { p } = this;
    const kappa = scoped((take) => {
      const kp = take(f64(p));
      this.weightsOf({ l1: 0, l2: pen.l2, factors: pen.factors }, take(f64(p)), kp, take);
      return kp.toArray() as Float64Array;
    });
    if (method !== "cholesky") {
      const steps = method === "cg" ? maxSteps : this.cgBudget(kappa);
      const diag = steps > 0 ? this.ridgeDiagonal(kappa) : null;
      const cg = diag ? this.ridgeByCg(kappa, diag, steps) : null;
      const r = cg && this.certifiedRidge(pen, kappa, cg);
      if (r) return r;
    }
    const closed = this.ridgeByCholesky(kappa);
    return closed && this.certifiedRidge(pen, kappa, closed);
  }

  /**
   * The Gram form's diagonal Σwx̃ⱼ² + κⱼ (CG's preconditioner) when CG can serve: dense X, and
   * no zero on it (a constant unpenalized column: singular).
   */
  private ridgeDiagonal(kappa: Float64Array): Float64Array | null {
    if (this.design.format !== "dense") return null;
    const colsq = this.colsq.view(), diag = new Float64Array(this.p);
    for (let j = 0; j < this.p; j++) {
      diag[j] = colsq[j] + kappa[j];
      if (!(diag[j] > 0)) return null;
    }
    return diag;
  }

  /**
   * CG's budget in products when "auto" should try it: the Gram form's matrix costs ~p/2
   * multiply-adds per entry of X in single precision, a product 2 in double through memory;
   * none when the matrix would be cheap anyway, p > n (the kernel form is the one to form, or
   * an unpenalized feature leaves the Gram form singular), or a factor for this κ is at hand.
   */
  private cgBudget(kappa: Float64Array): number {
    const { n, p } = this, cached = this.ridgeFactor;
    if (p < CG_MIN_ORDER || p > n) return 0;
    if (cached && sameValues(cached.kappa, kappa)) return 0;
    return Math.round(p / CG_ORDER_PER_STEP);
  }

  /** β by conjugate gradients on X̃ᵀWX̃ + diag κ, with X̃β from its last product (none when b = 0). */
  private ridgeByCg(kappa: Float64Array, diag: Float64Array, maxSteps: number): ClosedFormRidge | null {
    return scoped((take) => {
      const product = this.gramProduct(kappa, take);
      const cg = conjugateGradient(product.apply, this.targetCorrelations(), diag, maxSteps);
      if (!cg) return null;
      const { coef, fitted } = product.answer(cg.x);
      const last = cg.steps > 0 ? { fitted, residual: cg.residual } : null;
      return { beta: this.callerUnits(coef), solves: cg.steps, solver: "conjugate-gradient", last };
    });
  }

  /**
   * The Gram form's product v ↦ X̃ᵀWX̃v + κ∘v (p values; dense X), by blocks of rows
   * (ridgeApplyPart), in row halves on two threads when it pays. `answer(x)` after a product of
   * x: the coefficients x and X̃x (stored units).
   */
  private gramProduct(kappa: Float64Array, take: Take): RidgeProduct {
    const k = kernels();
    const { n, p } = this;
    const X = this.design.ptr, layout = this.design.layout, w = this.w ? this.w.ptr : 0, m = this.m.ptr;
    const rows = k.applyBlockRows(p, layout === 1 ? 4 : 8);
    const h = n * p >= PARALLEL_MIN_WORK ? n >> 1 : n;
    const v = take(f64(p)), out = [take(f64(p)), take(f64(p))], fitted = take(f64(n));
    const t = w ? [take(f64(rows)), take(f64(rows))] : null;
    const part = (i: number, r0: number, r1: number): KernelCall => ({ name: "ridgeApplyPart",
      args: [layout, X, n, p, w, m, v.ptr, r0, r1, fitted.ptr, t ? t[i].ptr : 0, out[i].ptr] });
    const calls = h < n ? [part(0, 0, h), part(1, h, n)] : [part(0, 0, n)];
    return {
      apply: (d, into) => {
        v.set(d);
        runParts(calls);
        const o0 = out[0].view(), o1 = out[1].view();
        for (let j = 0; j < p; j++) into[j] = (h < n ? o0[j] + o1[j] : o0[j]) + kappa[j] * d[j];
      },
      answer: (x) => ({ coef: x, fitted: fitted.toArray() as Float64Array }),
    };
  }

  /**
   * The kernel form's product x ↦ Ã diag(κ)⁻¹ Ãᵀx + x (n values; Ã = √W X̃ for the factor's
   * sw = √w), in feature halves on two threads when it pays. `answer()` after a product of x:
   * z = Ãᵀx/κ, the ridge coefficients of that x, and X̃z (stored units).
   */
  private kernelProduct(kappa: Float64Array, sw: WasmBuffer<"f64"> | null, take: Take): RidgeProduct {
    const { n, p } = this;
    const X = this.design.ptr, layout = this.design.layout, m = this.m.ptr;
    const h = n * p >= PARALLEL_MIN_WORK ? p >> 1 : p;
    const kp = take(f64(p)).set(kappa), x = take(f64(n)), z = take(f64(p));
    const v = [take(f64(n)), take(f64(n))], u = [take(f64(n)), take(f64(n))];
    const fitted = new Float64Array(n);
    const part = (t: number, j0: number, j1: number): KernelCall => ({ name: "ridgeKernelApplyPart",
      args: [layout, X, n, sw ? sw.ptr : 0, m, kp.ptr, x.ptr, j0, j1, v[t].ptr, z.ptr, u[t].ptr] });
    const calls = h < p ? [part(0, 0, h), part(1, h, p)] : [part(0, 0, p)];
    return {
      apply: (d, into) => {
        x.set(d);
        runParts(calls);
        const u0 = u[0].view(), u1 = u[1].view(), s = sw ? sw.view() : null;
        for (let i = 0; i < n; i++) {
          fitted[i] = h < p ? u0[i] + u1[i] : u0[i];
          into[i] = d[i] + (s ? s[i] : 1) * fitted[i];
        }
      },
      answer: () => ({ coef: z.toArray() as Float64Array, fitted: fitted.slice() }),
    };
  }

  /**
   * β by the Cholesky path (factorRidge, refined when single precision), with X̃β when refinement
   * took it (its last product), or null when singular.
   */
  private ridgeByCholesky(kappa: Float64Array): ClosedFormRidge | null {
    const k = kernels();
    const { n, p } = this;
    const first = this.factorRidge(kappa, false);
    if (!first) return null;
    const { kernel } = first, dim = kernel ? n : p;
    const solver: SolveResult["solver"] = kernel ? "cholesky-kernel" : "cholesky-gram";
    return scoped((take) => {
      // the right-hand side: √W ỹ for the kernel form, X̃ᵀWỹ for the Gram
      const rhs = kernel ? this.yc.toArray() as Float64Array : this.targetCorrelations();
      if (kernel && first.sw) { const swv = first.sw.view(); for (let i = 0; i < n; i++) rhs[i] *= swv[i]; }
      const x = take(f64(dim));
      const solveWith = (f: RidgeFactor) => (v: Float64Array) => {
        x.set(v);
        k.cholSolve(f.L.ptr, dim, x.ptr);
        v.set(x.view());
      };
      if (first.anrm > 0) {
        const product = kernel ? this.kernelProduct(kappa, first.sw, take) : this.gramProduct(kappa, take);
        const refined = refine(product.apply, solveWith(first), rhs, first.d!.toArray() as Float64Array, first.anrm);
        if (refined) {
          // the last product was of the answer
          const { coef, fitted } = product.answer(refined.x);
          return { beta: this.callerUnits(coef), solves: refined.steps + 1, solver, last: { fitted, residual: refined.residual } };
        }
      }
      const f = first.anrm > 0 ? this.factorRidge(kappa, true) : first;
      if (!f) return null;
      const sol = rhs.slice();
      solveWith(f)(sol);
      if (!kernel) return { beta: this.callerUnits(sol), solves: 0, solver, last: null };
      // β = κ⁻¹ Ãᵀ (Ã κ⁻¹ Ãᵀ + I)⁻¹ √W ỹ with Ã = √W X̃
      const coef = take(f64(p));
      x.set(sol);
      this.xtwv(f.sw ? f.sw.ptr : 0, x.ptr, coef.ptr, take);
      const beta = coef.toArray() as Float64Array;
      for (let j = 0; j < p; j++) beta[j] /= kappa[j];
      return { beta: this.callerUnits(beta), solves: 0, solver, last: null };
    });
  }

  /** Coefficients in stored units to the caller's, in place. */
  private callerUnits(coef: Float64Array): Float64Array {
    for (let j = 0; j < this.p; j++) coef[j] /= this.design.scales[j];
    return coef;
  }

  /**
   * The ridge answer β as a result, certified by its duality gap: from the system's residual when
   * the solve ended with a product of its answer and every feature is penalized
   * (ridge-certificate.ts), else with coordinate descent's gap (a pass over X for the residual
   * and one for the gradient). Null when the solve
   * lost the answer to rounding (near-singular, extreme scales), for the caller to hand over.
   */
  private certifiedRidge(pen: Penalty, kappa: Float64Array, r: ClosedFormRidge): SolveResult | null {
    const check: RidgeCertificate = (r.last && this.ridgeFromLastProduct(r, kappa, r.last))
      ?? this.solve({ l1: 0, l2: pen.l2, factors: pen.factors }, { tol: Infinity, maxIter: 0, mode: "naive" }, r.beta);
    let ok = Math.abs(check.dualGap) <= RIDGE_CERTIFY * this.nullObjective;
    for (let j = 0; ok && j < r.beta.length; j++) ok = Number.isFinite(r.beta[j]); // (every() costs 6× this loop)
    if (!ok) return null;
    const { dualGap, kkt, objective, mse, grad } = check;
    return { dualGap, kkt, objective, mse, grad, coef: r.beta, intercept: this.interceptOf(r.beta), nIter: r.solves, converged: true, solver: r.solver };
  }

  /**
   * A ridge answer's certificate from the last product its solve took (ridge-certificate.ts), or
   * null where that gives none (an unpenalized feature in the Gram form).
   */
  private ridgeFromLastProduct(r: ClosedFormRidge, kappa: Float64Array, last: LastProduct): RidgeCertificate | null {
    return ridgeCertificate({
      form: r.solver === "cholesky-kernel" ? "kernel" : "gram", beta: r.beta, scales: this.design.scales, kappa,
      colsq: this.colsq.view(), y: this.yc.view(), w: this.w ? this.w.view() : null, ...last,
    });
  }

  /**
   * Cholesky factor of X̃ᵀWX̃ + diag κ (n ≥ p) or of the n×n kernel form (p > n), cached per κ.
   * Large dense systems are first formed in single precision (anrm > 0: solves refine against
   * X); `exact` asks for the double-precision matrix, or a singular single one retries in double.
   */
  private factorRidge(kappa: Float64Array, exact: boolean): RidgeFactor | null {
    const cached = this.ridgeFactor;
    if (cached && (!exact || cached.anrm === 0) && sameValues(cached.kappa, kappa)) return cached;
    this.freeRidgeFactor();
    const k = kernels();
    const { n, p } = this;
    const X = this.design.ptr, w = this.w ? this.w.ptr : 0;
    const kernel = p > n && kappa.every((v) => v > 0);
    const dim = kernel ? n : p;
    const single = !exact && dim >= SINGLE_MIN_ORDER && (kernel || this.design.format === "dense");
    const f: RidgeFactor = {
      kappa: kappa.slice(), kernel, L: f64(dim * dim),
      sw: kernel && this.w ? f64(n).set(this.w.view().map(Math.sqrt)) : null,
      d: single ? f64(dim) : null, anrm: 0,
    };
    this.ridgeFactor = f;
    const ok = scoped((take) => {
      const kp = take(f64(p)).set(kappa), t = take(f64(k.ridgeWorkspace(n, p)));
      const sw = f.sw ? f.sw.ptr : 0, layout = this.design.layout, m = this.m.ptr;
      if (single) {
        // two halves (of the rows, or of the features for the kernel form), on two threads
        // when a helper is there, summed in that order; past RIDGE_SPLIT_MAX_ORDER one part,
        // as the second matrix would cost more memory than the thread saves time
        const all = kernel ? p : n, h = dim <= RIDGE_SPLIT_MAX_ORDER ? all >> 1 : all;
        const B = h < all ? take(f64(dim * dim)) : null, t2 = h < all ? take(f64(k.ridgeWorkspace(n, p))) : null;
        const part = (lo: number, hi: number, ws: number, out: number): KernelCall => kernel
          ? { name: "ridgeKernelPart", args: [layout, X, n, p, sw, m, kp.ptr, lo, hi, ws, out] }
          : { name: "ridgeGramPart", args: [layout, X, n, p, w, m, lo, hi, ws, out] };
        runParts(B && t2 ? [part(0, h, t.ptr, f.L.ptr), part(h, all, t2.ptr, B.ptr)] : [part(0, all, t.ptr, f.L.ptr)]);
        k.ridgeAddParts(f.L.ptr, B ? B.ptr : 0, dim, kernel ? 0 : kp.ptr);
      } else if (kernel) k.ridgeKernel(layout, X, n, p, sw, m, kp.ptr, t.ptr, f.L.ptr);
      else k.ridgeGram(layout, X, n, p, w, m, this.q.ptr, kp.ptr, t.ptr, f.L.ptr);
      if (f.d) f.anrm = k.ridgeEquilibrate(f.L.ptr, dim, f.d.ptr);
      return k.cholesky(f.L.ptr, dim) === 0;
    });
    if (ok) return f;
    this.freeRidgeFactor();
    return single ? this.factorRidge(kappa, true) : null;
  }

  private freeRidgeFactor(): void {
    const f = this.ridgeFactor;
    f?.L.free();
    f?.sw?.free();
    f?.d?.free();
    this.ridgeFactor = null;
  }

  /** b = ȳ_w − Σ βⱼ x̄_w,ⱼ (0 without an intercept). */
  interceptOf(beta: Float64Array): number {
    if (!this.fitIntercept) return 0;
    let b = this.yMean;
    for (let j = 0; j < this.p; j++) b -= beta[j] * this.shift[j];
    return b;
  }

  dispose(): void {
    // (once: what it kept may be the design's, or the next problem's, by now)
    if (this.disposed) return;
    this.disposed = true;
    this.freeRidgeFactor();
    const kept = this.keepable ? this.detachKept() : null;
    for (let i = this.bufs.length - 1; i >= 0; i--) this.bufs[i].free(); // last in, first out (wasm.ts Heap)
    this.bufs.length = 0;
    if (kept && !this.design.keepWorkspace(kept)) kept.free();
  }

  /** Takes a workspace a problem on this design kept: its blocks are this problem's now; returns yc. */
  private adopt(kept: KeptWorkspace): WasmBuffer<"f64"> {
    const { yc, cov, support, work, rho } = kept;
    for (const b of [yc, cov?.block, support?.block, work?.block, rho]) if (b) this.take(b);
    this.cov = cov; // (setTarget marks its X̃ᵀWỹ stale)
    this.support = support;
    this.work = work;
    this.rho = rho;
    // no Gram column yet: a fit computes those it needs, as on a new design
    this.dropGramColumns();
    return yc;
  }

  /** Forgets the Gram columns computed and the support's factor (new weights, a new fit). */
  private dropGramColumns(): void {
    if (this.cov) { this.cov.slot.fill(-1); this.cov.used = 0; }
    this.support?.fac.fill(0);
  }

  /**
   * The blocks of yc, the covariance state and exact-step workspace, the solve buffers and the residual, out of `bufs`,
   * as a workspace for the design to keep (null when they are too large to be worth keeping).
   */
  private detachKept(): KeptWorkspace | null {
    const { yc, cov, work, rho } = this;
    if (!yc) return null; // (a constructor that failed before it)
    const blocks: WasmBuffer[] = [yc];
    if (cov) blocks.push(cov.block);
    if (work) blocks.push(work.block);
    if (rho) blocks.push(rho);
    let bytes = 0;
    for (const b of blocks) bytes += 8 * b.length;
    if (bytes > KEEP_MAX_BYTES) return null;
    // the exact step's workspace too when it fits (its Gram panel grows with n)
    const support = this.support && bytes + 8 * this.support.block.length <= KEEP_MAX_BYTES ? this.support : null;
    if (support) blocks.push(support.block);
    const bufs = this.bufs;
    let t = 0;
    for (const b of bufs) if (!blocks.includes(b)) bufs[t++] = b;
    bufs.length = t;
    return new KeptWorkspace(yc, cov, support, work, rho, blocks);
  }
}

/**
 * Largest violation of the optimality conditions in canonical (gradient) units, from the
 * kernel-basis α, κ (scaled back by dⱼ/n) over the included features.
 */
function kktMax(beta: Float64Array, grad: Float64Array, alpha: Float64Array, kappa: Float64Array,
                d: Float64Array, n: number, o: SolveOptions, include: Uint8Array): number {
  let worst = 0;
  for (let j = 0; j < beta.length; j++) {
    if (!include[j]) continue;
    const a1 = (alpha[j] * d[j]) / n, a2 = (kappa[j] * d[j] * d[j]) / (2 * n);
    worst = Math.max(worst, violation(grad[j], beta[j], a1, a2, o.lower?.[j], o.upper?.[j]));
  }
  return worst;
}

/**
 * How far −∂(smooth)/∂βⱼ = g − 2a₂βⱼ lies outside the subdifferential of a₁|βⱼ| plus the bounds:
 * the KKT violation of one coordinate of Σ(a₁|βⱼ| + a₂βⱼ²) + loss, g = −∂loss/∂βⱼ.
 */
export function violation(g: number, b: number, a1: number, a2: number, lower = -Infinity, upper = Infinity): number {
  const t = b !== 0 ? g - 2 * a2 * b : g; // an infinite a₂ at β = 0 must not give NaN
  let left = b > 0 ? a1 : -a1, right = b < 0 ? -a1 : a1;
  if (b <= lower) left = -Infinity;
  if (b >= upper) right = Infinity;
  return t < left ? left - t : t > right ? t - right : 0;
}

/**
 * Each column's weighted spread √(Σwᵢ(xᵢⱼ − x̄ⱼ)²/n) (w summing to n, or null), centred or not:
 * the scales `standardize` puts under the penalty, for callers that need them apart from a fit.
 */
export function columnSpreads(d: DesignMatrix, w: Float64Array | null, centred: boolean): Float64Array {
  const problem = new GaussianProblem(d, new Float64Array(d.rows), w, { fitIntercept: centred, standardize: true });
  try {
    return problem.scales.slice();
  } finally {
    problem.dispose();
  }
}
