// R's cv.glmnet for the gaussian and binomial families: the CV curve with its standard errors
// (grouped by fold, as cv.glmnet does), λ_min and λ_1se. As in glmnet 4.1, each fold runs its own default λ
// sequence (or the user's λ) and is evaluated at the full fit's λ by glmnet's linear
// interpolation. A fold fit is the full design with zero weight on the held-out rows, so X is
// never copied per fold.
import { DesignMatrix, withDesign } from "./design.js";
import { Family, GlmnetFit, GlmnetOptions, MultinomialGlmnetFit, glmnetOn, glmnetResponse, coef } from "./glmnet.js";
import { MatrixInput, Vector, checkNumber, describe, isCsc, toVector, toWeights } from "./input.js";
import { GaussianProblem, foldsShareGram } from "./gaussian.js";
import { designPredictRows, linearPredict } from "./predict.js";
import { Progress } from "./path.js";
import { L1L2Error } from "./errors.js";
import type { Label } from "./labels.js";
import { MEASURES, TypeMeasure, auc, binomialLoss, gaussianLoss, multinomialLoss } from "./cv-measures.js";

export type { TypeMeasure } from "./cv-measures.js";
import { loadWorkerThreads, plainOptions, rowMajor, runFolds } from "./parallel.js";

export interface CvGlmnetOptions extends Omit<GlmnetOptions, "onProgress"> {
  nfolds?: number;
  /** Fold of each row, 1-based as in R (values 1..nfolds). */
  foldid?: ArrayLike<number>;
  typeMeasure?: TypeMeasure;
  /** Seed of the fold assignment when foldid is not given. */
  seed?: number;
  /**
   * Worker threads for the fold fits (default 1). Values > 1 need cvGlmnetAsync; they use
   * node:worker_threads in Node and Web Workers in the browser bundle, with bit-identical results.
   */
  nJobs?: number;
  /** Reports fold fits: done/total folds (the full fit counts as one), and the last λ. */
  onProgress?: (p: Progress) => void;
}

export interface CvGlmnetResult<Fit = GlmnetFit> {
  lambda: Float64Array;
  cvm: Float64Array;
  cvsd: Float64Array;
  cvup: Float64Array;
  cvlo: Float64Array;
  nzero: Int32Array;
  /** Name of the measure, as R's cv.glmnet `name`. */
  name: string;
  lambdaMin: number;
  lambda1se: number;
  /** 0-based positions of lambdaMin and lambda1se in `lambda`. */
  indexMin: number;
  index1se: number;
  foldid: Int32Array;
  glmnetFit: Fit;
}

/**
 * cvGlmnet with the fold fits optionally in parallel: `nJobs` > 1 runs them on that many
 * worker threads, each with its own WASM instance, and gives the same numbers to the last bit
 * as `nJobs: 1` (every row's held-out loss is computed by the same code on the same data, and
 * the sums are taken afterwards in the same order). Workers are node:worker_threads in Node
 * and Web Workers in the browser bundle (parallel.browser.ts); where they are unavailable or
 * cannot start, when X is a DesignMatrix (its raw values are not kept), or CSC (workers take
 * X dense, and a sparse X is never densified), the folds run sequentially.
 */
export async function cvGlmnetAsync(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: CvGlmnetOptions & { family: "multinomial" }): Promise<CvGlmnetResult<MultinomialGlmnetFit>>;
export async function cvGlmnetAsync(X: MatrixInput | DesignMatrix, y: Vector | ArrayLike<Label>, options?: CvGlmnetOptions): Promise<CvGlmnetResult>;
export async function cvGlmnetAsync(X: MatrixInput | DesignMatrix, y: Vector | ArrayLike<Label>, options: CvGlmnetOptions = {}): Promise<AnyResult> {
  const nJobs = jobs(options);
  const raw = nJobs > 1 && !(X instanceof DesignMatrix) && !isCsc(X) ? rowMajor(X) : null;
  const wt = raw ? await loadWorkerThreads() : null;
  if (!raw || !wt) return cvGlmnet(X, y, { ...options, nJobs: 1 });
  const prep = withDesign(X, (d) => prepareCv(d, y, options));
  const { n, L, K, foldid, onProgress } = prep;
  const loss = new Float64Array(n * L);
  let done = 1;
  await runFolds(wt, {
    X: raw, rows: n, cols: raw.length / n, y: prep.yv, weights: prep.raw, foldid,
    lambda: prep.full.lambda, type: prep.type, options: plainOptions(prep.base), shareGram: prep.shareGram,
  }, K, nJobs, options.signal, (f, part) => {
    scatter(loss, part, foldid, f, L);
    onProgress?.({ done: ++done, total: K + 1, lambda: prep.full.lambda[L - 1] });
  });
  return finish(prep, loss);
}

export function cvGlmnet(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: CvGlmnetOptions & { family: "multinomial" }): CvGlmnetResult<MultinomialGlmnetFit>;
export function cvGlmnet(X: MatrixInput | DesignMatrix, y: Vector | ArrayLike<Label>, options?: CvGlmnetOptions): CvGlmnetResult;
export function cvGlmnet(X: MatrixInput | DesignMatrix, y: Vector | ArrayLike<Label>, options: CvGlmnetOptions = {}): AnyResult {
  if (jobs(options) > 1) throw new L1L2Error("INVALID_PARAMETER", "nJobs > 1 needs cvGlmnetAsync");
  return withDesign(X, (d) => {
    const prep = prepareCv(d, y, options);
    const { n, L, K, foldid, onProgress, signal } = prep;
    // loss[i·L + k]: the held-out loss of row i at λ_k
    const loss = new Float64Array(n * L);
    const gram = new FoldGram(prep.shareGram);
    try {
      for (let f = 1; f <= K; f++) {
        signal?.throwIfAborted();
        scatter(loss, foldLosses(d, prep.yv, prep.raw, foldid, f, prep.base, prep.full.lambda, prep.type, gram), foldid, f, L);
        onProgress?.({ done: f + 1, total: K + 1, lambda: prep.full.lambda[L - 1] });
      }
    } finally {
      gram.dispose();
    }
    return finish(prep, loss);
  });
}

function jobs(o: CvGlmnetOptions): number {
  return o.nJobs === undefined ? 1 : checkNumber("nJobs", o.nJobs, 1, 1024, true);
}

type Prepared = ReturnType<typeof prepareCv>;

/** Checks the options, assigns the folds and runs the full fit (which defines the λ sequence). */
function prepareCv(d: DesignMatrix, y: Vector | ArrayLike<Label>, options: CvGlmnetOptions) {
  const family: Family = options.family ?? "gaussian";
  const n = d.rows;
  const { t: yv, classes } = glmnetResponse(y, n, options);
  const type = options.typeMeasure ?? (family === "gaussian" ? "mse" : "deviance");
  const names = MEASURES[family];
  if (!(type in names)) {
    throw new L1L2Error("INVALID_PARAMETER", `typeMeasure ${describe(type)} is not available for the ${family} family (${Object.keys(names).join(", ")})`);
  }
  const given = options.weights === undefined ? null : toVector(options.weights, "weights", n);
  const raw = given ?? new Float64Array(n).fill(1);
  const foldid = folds(options, n);
  const K = Math.max(...foldid);
  const { onProgress, signal } = options;
  const base: GlmnetOptions = { ...options, onProgress: undefined, weights: undefined };
  if (type === "auc" && n / K < 10) {
    // cv.glmnet falls back to the deviance here, with a warning
    throw new L1L2Error("INVALID_PARAMETER", `typeMeasure "auc" needs at least 10 rows per fold (${n} rows, ${K} folds); use fewer folds or "deviance"`);
  }
  const full = glmnetOn(d, yv, given, base, null, classes);
  onProgress?.({ done: 1, total: K + 1, lambda: full.lambda[full.lambda.length - 1] });
  // the folds' paths will fill their Grams where the whole path's support reached that far
  const shareGram = full.family === "gaussian" && foldsShareGram(d, options.mode, Math.max(0, ...full.df));
  return { type, name: names[type]!, n, yv, raw, foldid, K, L: full.lambda.length, base, full, shareGram, onProgress, signal };
}

/**
 * The whole-data problem whose Gram the gaussian folds take theirs from (GaussianProblem
 * gramBase), made for the first fold that runs and kept for the others by whatever runs them
 * (cvGlmnet, a worker): every runner makes it the same way, so the folds' numbers do not depend
 * on where they ran. `share` false (foldsShareGram): none.
 */
export class FoldGram {
  private base: GaussianProblem | null = null;

  constructor(readonly share: boolean) {}

  for(d: DesignMatrix, raw: Float64Array, o: GlmnetOptions): GaussianProblem | null {
    if (!this.share || this.base) return this.base;
    // unit weights as no weights, as the whole-data fit of cvGlmnet has them
    const weights = raw.every((v) => v === 1) ? null : toWeights(raw, d.rows, "weights");
    return (this.base = new GaussianProblem(d, new Float64Array(d.rows), weights,
      { fitIntercept: o.intercept ?? true, standardize: false }));
  }

  dispose(): void {
    this.base?.dispose();
    this.base = null;
  }
}

/**
 * The held-out losses of fold f: (rows of fold f, in row order) × L, row-major — for "auc",
 * which is not a per-row loss, the held-out probabilities instead. The one per-fold
 * computation, run inline by cvGlmnet and in the workers of cvGlmnetAsync.
 */
export function foldLosses(d: DesignMatrix, yv: Float64Array, raw: Float64Array, foldid: Int32Array, f: number,
                           base: GlmnetOptions, lambda: Float64Array, type: TypeMeasure, gram: FoldGram): Float64Array {
  const n = d.rows, L = lambda.length;
  const fw = new Float64Array(n);
  let s = 0, m = 0;
  for (let i = 0; i < n; i++) if (foldid[i] !== f) { fw[i] = raw[i]; s += raw[i]; } else m++;
  if (!(s > 0)) throw new L1L2Error("INVALID_PARAMETER", `fold ${f} leaves no training weight`);
  const fit = glmnetOn(d, yv, fw, base, null, undefined, gram.for(d, raw, base));
  const out = new Float64Array(m * L);
  if (fit.family === "multinomial") {
    const at = coef(fit, { s: lambda });
    for (let k = 0; k < L; k++) {
      const scores = at[k].map((c) => linearPredict(d, c.subarray(1), c[0]));
      for (let i = 0, r = 0; i < n; i++) {
        if (foldid[i] === f) out[r++ * L + k] = multinomialLoss(type, yv[i], scores.map((sc) => sc[i]));
      }
    }
    return out;
  }
  const loss = fit.family === "binomial" ? binomialLoss(type) : gaussianLoss(type);
  const held = new Int32Array(m);
  for (let i = 0, r = 0; i < n; i++) if (foldid[i] === f) held[r++] = i;
  // the held-out rows' predictions at every λ, each column of X read once (not once per λ)
  const eta = designPredictRows(d, coef(fit, { s: lambda }), held);
  for (let k = 0; k < L; k++) for (let r = 0; r < m; r++) out[r * L + k] = loss(yv[held[r]], eta[k * m + r]);
  return out;
}

function scatter(loss: Float64Array, part: Float64Array, foldid: Int32Array, f: number, L: number): void {
  for (let i = 0, r = 0; i < foldid.length; i++) {
    if (foldid[i] === f) loss.set(part.subarray(r * L, ++r * L), i * L);
  }
}

type AnyResult = CvGlmnetResult<GlmnetFit | MultinomialGlmnetFit>;

function finish(prep: Prepared, loss: Float64Array): AnyResult {
  const { full, raw, foldid, K, L, type, yv } = prep;
  const { cvm, cvsd } = type === "auc" ? aucByFold(loss, yv, raw, foldid, K, L) : summarize(loss, raw, foldid, K, L);
  const { indexMin, index1se } = choose(full.lambda, type === "auc" ? cvm.map((v) => -v) : cvm, cvsd);
  return {
    lambda: full.lambda, cvm, cvsd,
    cvup: cvm.map((v, k) => v + cvsd[k]), cvlo: cvm.map((v, k) => v - cvsd[k]),
    nzero: full.family !== "multinomial" ? full.df
      // cv.glmnet's count for the grouped multinomial: the first class's nonzeros, its
      // intercept included (R does not drop that row there); ungrouped: the median over
      // classes, rounded up
      : full.grouped ? Int32Array.from(full.dfmat, (d, k) => d[0] + (full.a0[k][0] !== 0 ? 1 : 0))
      : Int32Array.from(full.dfmat, (d) => Math.ceil(median(Array.from(d)))),
    name: prep.name,
    lambdaMin: full.lambda[indexMin], lambda1se: full.lambda[index1se], indexMin, index1se,
    foldid, glmnetFit: full,
  };
}

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function folds(o: CvGlmnetOptions, n: number): Int32Array {
  if (o.foldid !== undefined) {
    // fold ids are integers: take Int32Array and friends as well as numbers
    const f = toVector(ArrayBuffer.isView(o.foldid) ? Array.from(o.foldid) : o.foldid, "foldid", n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(f[i]) || f[i] < 1) throw new L1L2Error("INVALID_PARAMETER", `foldid[${i}] must be an integer ≥ 1 (1-based, as in R), got ${f[i]}`);
      out[i] = f[i];
    }
    const K = Math.max(...out);
    if (K < 3) throw new L1L2Error("INVALID_PARAMETER", "foldid must define at least 3 folds (as cv.glmnet)");
    return out;
  }
  const K = checkNumber("nfolds", o.nfolds ?? 10, 3, n, true);
  // a random permutation of rep(1..K, length n), from a seeded PRNG
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = (i % K) + 1;
  let s = (o.seed ?? 1) >>> 0;
  const rand = () => { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0; return s / 4294967296; };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * cv.glmnet's cvm and cvsd. With at least 3 rows per fold it groups by fold: each fold's
 * weighted mean loss, their mean weighted by fold weight, and the weighted spread of the fold
 * means / (K − 1); otherwise the same over single rows.
 */
function summarize(loss: Float64Array, w: Float64Array, foldid: Int32Array, K: number, L: number) {
  const n = w.length;
  const grouped = n / K >= 3;
  const groups = grouped ? K : n;
  const gw = new Float64Array(groups);
  const gl = new Float64Array(groups * L);
  for (let i = 0; i < n; i++) {
    const g = grouped ? foldid[i] - 1 : i;
    gw[g] += w[i];
    for (let k = 0; k < L; k++) gl[g * L + k] += w[i] * loss[i * L + k];
  }
  for (let g = 0; g < groups; g++) for (let k = 0; k < L; k++) gl[g * L + k] /= gw[g] || 1;
  return spread(gl, gw, groups, L);
}

/** The weighted mean of the group values (groups × L) and its standard error. */
function spread(gl: Float64Array, gw: Float64Array, groups: number, L: number) {
  const W = gw.reduce((a, b) => a + b, 0);
  const cvm = new Float64Array(L), cvsd = new Float64Array(L);
  for (let k = 0; k < L; k++) {
    let m = 0;
    for (let g = 0; g < groups; g++) m += gw[g] * gl[g * L + k];
    m /= W;
    let v = 0;
    for (let g = 0; g < groups; g++) v += gw[g] * (gl[g * L + k] - m) ** 2;
    cvm[k] = m;
    cvsd[k] = Math.sqrt(v / W / (groups - 1));
  }
  return { cvm, cvsd };
}

/**
 * cv.glmnet's AUC curve: each fold's weighted AUC of its held-out probabilities (n × L),
 * averaged with the folds' weights; the spread of the fold values as for grouped measures.
 */
function aucByFold(prob: Float64Array, t: Float64Array, w: Float64Array, foldid: Int32Array, K: number, L: number) {
  const n = t.length;
  const gw = new Float64Array(K), gl = new Float64Array(K * L);
  for (let i = 0; i < n; i++) gw[foldid[i] - 1] += w[i];
  for (let f = 1; f <= K; f++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (foldid[i] === f) rows.push(i);
    for (let k = 0; k < L; k++) {
      gl[(f - 1) * L + k] = auc(rows.map((i) => prob[i * L + k]), rows.map((i) => t[i]), rows.map((i) => w[i]));
    }
  }
  return spread(gl, gw, K, L);
}

/** λ_min: the largest λ at the minimum cvm; λ_1se: the largest λ with cvm ≤ cvm_min + cvsd_min. */
export function choose(lambda: Float64Array, cvm: Float64Array, cvsd: Float64Array): { indexMin: number; index1se: number } {
  let min = Infinity;
  for (const v of cvm) min = Math.min(min, v);
  let indexMin = -1;
  for (let k = 0; k < cvm.length; k++) if (cvm[k] <= min && (indexMin < 0 || lambda[k] > lambda[indexMin])) indexMin = k;
  const bound = cvm[indexMin] + cvsd[indexMin];
  let index1se = -1;
  for (let k = 0; k < cvm.length; k++) if (cvm[k] <= bound && (index1se < 0 || lambda[k] > lambda[index1se])) index1se = k;
  return { indexMin, index1se };
}
