// scikit-learn's LogisticRegressionCV: a grid of C (and of l1Ratio for the elastic net), each
// scored on the held-out rows of a StratifiedKFold (scikit-learn's split, reproduced exactly),
// the best mean score chosen (the first on ties, as scikit-learn), and a refit on all the data.
// Fold fits are the full design with zero weight on the held-out rows, so X is never copied.
// Within a fold (and l1Ratio) the Cs are fitted in ascending order, from strong to weak
// regularization, by a LogisticRegression with warmStart started at the previous C's solution
// (scikit-learn's _log_reg_scoring_path does the same along its path); the stopping rule does
// not depend on the start, so the answers are a cold LogisticRegression's at each C to solver
// tolerance.
import { DesignMatrix, withDesign } from "../design.js";
import { LogisticRegression, LogisticRegressionOptions } from "./logistic-regression.js";
import { FitOptions } from "./linear-model.js";
import { sigmoid } from "../logistic.js";
import { softmax } from "../multinomial.js";
import { linearPredict } from "../predict.js";
import { MatrixInput, checkNumber, describe, toVector } from "../input.js";
import { L1L2Error } from "../errors.js";
import { Label, encodeLabels } from "../labels.js";

export interface LogisticRegressionCVOptions extends Omit<LogisticRegressionOptions, "C" | "l1Ratio" | "warmStart"> {
  /** A count of C values on logspace(−4, 4) (default 10), or the C values. */
  Cs?: number | ArrayLike<number>;
  /** Folds of scikit-learn's StratifiedKFold (default 5), or the fold (0-based) of each row. */
  cv?: number | ArrayLike<number>;
  /** The l1Ratio values to search for penalty "elasticnet". */
  l1Ratios?: ArrayLike<number>;
  /** "accuracy" (scikit-learn's default) or "negLogLoss" (scikit-learn's neg_log_loss). */
  scoring?: "accuracy" | "negLogLoss";
}

export class LogisticRegressionCV {
  private readonly o: LogisticRegressionCVOptions;
  private best: LogisticRegression | null = null;
  private chosen: { C: number; l1Ratio?: number } | null = null;
  /** The C grid. */
  Cs: Float64Array = new Float64Array(0);
  /** scores[r][f][c]: the held-out score of fold f at Cs[c] (and l1Ratios[r]). */
  scores: Float64Array[][] = [];

  constructor(options: LogisticRegressionCVOptions = {}) {
    if (options === null || typeof options !== "object") throw new L1L2Error("INVALID_PARAMETER", "options must be an object");
    if (options.scoring !== undefined && options.scoring !== "accuracy" && options.scoring !== "negLogLoss") {
      throw new L1L2Error("INVALID_PARAMETER", `scoring must be "accuracy" or "negLogLoss", got ${describe(options.scoring)}`);
    }
    if (options.penalty === "elasticnet" && options.l1Ratios === undefined) {
      throw new L1L2Error("INVALID_PARAMETER", 'penalty "elasticnet" needs l1Ratios');
    }
    this.o = options;
    this.Cs = grid(options.Cs);
    this.ratios(); // checks them
    new LogisticRegression({ ...this.base(), C: 1, l1Ratio: this.ratios()[0] }); // checks the rest
  }

  private base(): LogisticRegressionOptions {
    // warmStart is no option here (nor scikit-learn's): the folds' fits set it, the refit is cold
    const { Cs: _c, cv: _v, l1Ratios: _r, scoring: _s, warmStart: _w, ...rest } = this.o as LogisticRegressionCVOptions & { warmStart?: unknown };
    return { ...rest, warn: false };
  }

  private ratios(): (number | undefined)[] {
    if (this.o.penalty !== "elasticnet") return [undefined];
    const r = toVector(this.o.l1Ratios, "l1Ratios");
    r.forEach((v, i) => checkNumber(`l1Ratios[${i}]`, v, 0, 1));
    return Array.from(r);
  }

  fit(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options: FitOptions = {}): this {
    options ??= {};
    withDesign(X, (d) => {
      const n = d.rows;
      const { classes, codes } = encodeLabels(y, n);
      const folds = this.o.cv !== undefined && typeof this.o.cv !== "number"
        ? givenFolds(this.o.cv, n) : stratifiedFolds(codes, checkNumber("cv", this.o.cv ?? 5, 2, n, true));
      const K = Math.max(...folds) + 1;
      const raw = options.sampleWeight === undefined ? new Float64Array(n).fill(1) : toVector(options.sampleWeight, "sampleWeight", n);
      const ratios = this.ratios();
      // the Cs from strong to weak regularization: scikit-learn's order on its default grid
      // (given Cs are taken sorted too; the scores stay in the grid's order)
      const ascending = Array.from(this.Cs.keys()).sort((a, b) => this.Cs[a] - this.Cs[b] || a - b);
      this.scores = ratios.map((l1Ratio) => Array.from({ length: K }, (_, f) => {
        options.signal?.throwIfAborted();
        const sampleWeight = raw.map((v, i) => (folds[i] === f ? 0 : v));
        const test: number[] = [];
        for (let i = 0; i < n; i++) if (folds[i] === f) test.push(i);
        const out = new Float64Array(this.Cs.length);
        // one model along the Cs, each fit warm-started from the last (scikit-learn's path)
        const m = new LogisticRegression({ ...this.base(), l1Ratio, warmStart: true });
        for (const c of ascending) {
          m.setParams({ C: this.Cs[c] }).fit(d, y, { sampleWeight, signal: options.signal });
          out[c] = this.heldOutScore(classes, m.coefs, m.intercepts, d, y, test);
        }
        return out;
      }));
      // the best mean score over the folds, the first on ties (l1Ratio outer, C inner)
      let bestR = 0, bestC = 0, top = -Infinity;
      this.scores.forEach((byFold, r) => {
        for (let c = 0; c < this.Cs.length; c++) {
          const s = byFold.reduce((a, f) => a + f[c], 0);
          if (s > top) { top = s; bestR = r; bestC = c; }
        }
      });
      this.chosen = { C: this.Cs[bestC], l1Ratio: ratios[bestR] };
      this.best = new LogisticRegression({ ...this.base(), warn: this.o.warn ?? true, C: this.chosen.C, l1Ratio: this.chosen.l1Ratio })
        .fit(d, y, options);
    });
    return this;
  }

  /** The held-out score of one fold's coefficients on the rows `test` (as LogisticRegression predicts). */
  private heldOutScore(classes: Label[], coefs: Float64Array[], intercepts: Float64Array, d: DesignMatrix,
                       y: ArrayLike<Label>, test: number[]): number {
    const eta = coefs.map((c, k) => linearPredict(d, c, intercepts[k]));
    const K = classes.length;
    const row = (i: number) => Float64Array.from(eta, (e) => e[i]);
    if (this.o.scoring === "negLogLoss") {
      let s = 0;
      for (const i of test) {
        const k = classes.indexOf(y[i]);
        const p = K === 2 ? (k === 1 ? sigmoid(eta[0][i]) : 1 - sigmoid(eta[0][i])) : softmax(row(i))[k];
        // scikit-learn's log_loss clips probabilities to [1e−15, 1 − 1e−15]
        s += Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
      }
      return s / test.length;
    }
    let hit = 0;
    for (const i of test) {
      let pred: Label;
      if (K === 2) pred = eta[0][i] > 0 ? classes[1] : classes[0];
      else { const r = Array.from(row(i)); pred = classes[r.indexOf(Math.max(...r))]; }
      if (pred === y[i]) hit++;
    }
    return hit / test.length;
  }

  private get model(): LogisticRegression {
    if (!this.best) throw new L1L2Error("NOT_FITTED", "this LogisticRegressionCV is not fitted yet: call fit() first");
    return this.best;
  }

  /** The chosen C (scikit-learn's C_). */
  get C(): number { this.model; return this.chosen!.C; }
  /** The chosen l1Ratio (penalty "elasticnet"). */
  get l1Ratio(): number | undefined { this.model; return this.chosen!.l1Ratio; }
  /** The refit on all the data at the chosen C. */
  get estimator(): LogisticRegression { return this.model; }
  get classes(): Label[] { return this.model.classes; }
  get coef(): Float64Array { return this.model.coef; }
  get intercept(): number { return this.model.intercept; }
  get coefs(): Float64Array[] { return this.model.coefs; }
  get intercepts(): Float64Array { return this.model.intercepts; }
  get converged(): boolean { return this.model.converged; }
  decisionFunction(X: MatrixInput | DesignMatrix) { return this.model.decisionFunction(X); }
  predictProba(X: MatrixInput | DesignMatrix) { return this.model.predictProba(X); }
  predict(X: MatrixInput | DesignMatrix) { return this.model.predict(X); }
  score(X: MatrixInput | DesignMatrix, y: ArrayLike<Label>, options?: FitOptions) { return this.model.score(X, y, options); }
}

/** scikit-learn's Cs: an int → logspace(−4, 4, Cs); else the values as given. */
function grid(Cs: number | ArrayLike<number> | undefined): Float64Array {
  if (Cs === undefined || typeof Cs === "number") {
    const k = checkNumber("Cs", Cs ?? 10, 1, 1e6, true);
    return Float64Array.from({ length: k }, (_, i) => 10 ** (k === 1 ? -4 : -4 + (8 * i) / (k - 1)));
  }
  const v = toVector(Cs, "Cs");
  v.forEach((c, i) => checkNumber(`Cs[${i}]`, c, Number.MIN_VALUE));
  return v;
}

function givenFolds(cv: ArrayLike<number>, n: number): Int32Array {
  const f = toVector(ArrayBuffer.isView(cv) ? Array.from(cv) : cv, "cv", n);
  const out = Int32Array.from(f);
  for (let i = 0; i < n; i++) {
    if (out[i] !== f[i] || f[i] < 0) throw new L1L2Error("INVALID_PARAMETER", `cv[${i}] must be a fold number ≥ 0, got ${f[i]}`);
  }
  if (Math.max(...out) < 1) throw new L1L2Error("INVALID_PARAMETER", "cv must define at least 2 folds");
  return out;
}

/**
 * scikit-learn's StratifiedKFold(k) without shuffling: classes taken in order of first
 * appearance; the sorted labels dealt round-robin into k folds fix how many of each class a
 * fold gets; each class's rows, in order, fill fold 0 first, then fold 1, …
 */
export function stratifiedFolds(codes: Int32Array, k: number): Int32Array {
  const n = codes.length;
  const order = new Map<number, number>();
  codes.forEach((c) => { if (!order.has(c)) order.set(c, order.size); });
  const enc = Int32Array.from(codes, (c) => order.get(c)!);
  const K = order.size;
  const counts = new Int32Array(K);
  enc.forEach((c) => counts[c]++);
  if (k > Math.max(...counts)) {
    throw new L1L2Error("INVALID_PARAMETER", `cv = ${k} folds but no class has that many members`);
  }
  const sorted = Int32Array.from(enc).sort();
  const allocation = Array.from({ length: k }, (_, f) => {
    const a = new Int32Array(K);
    for (let i = f; i < n; i += k) a[sorted[i]]++;
    return a;
  });
  const out = new Int32Array(n);
  for (let c = 0; c < K; c++) {
    const foldsForClass: number[] = [];
    for (let f = 0; f < k; f++) for (let r = 0; r < allocation[f][c]; r++) foldsForClass.push(f);
    let r = 0;
    for (let i = 0; i < n; i++) if (enc[i] === c) out[i] = foldsForClass[r++];
  }
  return out;
}
