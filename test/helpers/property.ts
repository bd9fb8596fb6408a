// Helpers for the property, fuzz and stress suites: random problem specs for fast-check, a
// scale-free KKT check built on kktCheck, and bit-level comparisons.
import fc from "fast-check";
import { kktCheck, rng } from "./kkt.js";

// ---------------------------------------------------------------- problems

/** A fit problem in the canonical objective's terms, plus the options that change it. */
export interface FitProblem {
  X: number[][];
  y: number[];
  /** Raw sample weights (the library rescales them to sum n). */
  w?: number[];
  l1: number;
  l2: number;
  factors?: number[];
  positive: boolean;
  standardize: boolean;
  fitIntercept: boolean;
}

/** How each column is made. */
export type ColumnKind =
  | { kind: "normal"; exp: number; offset: number }
  | { kind: "dup"; of: number; exp: number; sign: 1 | -1 }
  | { kind: "const"; exp: number; value: number };

/** Everything a problem is built from; fast-check generates and shrinks this, not the numbers. */
export interface ProblemSpec {
  n: number;
  p: number;
  seed: number;
  columns: ColumnKind[];
  /** Scale of y: 10^yExp. */
  yExp: number;
  yOffset: number;
  /** Noise level relative to the signal. */
  noise: number;
  weights: boolean;
  factors: number[] | null;
  positive: boolean;
  standardize: boolean;
  fitIntercept: boolean;
  /** l1 = 10^l1Exp · |x̃ᵀWỹ|/n of the reference column (scaled to unit RMS) · c·s_ref, or 0. */
  l1Exp: number | null;
  /** l2 = 10^l2Exp · s_ref² (s_ref the reference column's RMS) or 0. */
  l2Exp: number | null;
  /** The column whose scale the penalty is set against. */
  ref: number;
}

export interface SpecOptions {
  maxN?: number;
  maxP?: number;
  /** Largest |exponent| of a column scale 10^e (0 = every column of unit scale). */
  maxExp?: number;
  /** Allow duplicated and constant columns. */
  degenerate?: boolean;
  weights?: boolean;
  factors?: boolean;
  positive?: boolean;
  standardize?: boolean;
  noIntercept?: boolean;
  /** Allow l1 = 0 (ridge, or OLS with l2 = 0). */
  allowNoL1?: boolean;
  /** Allow l2 = 0. */
  allowNoL2?: boolean;
}

/** A double in [min, max] without subnormals or tiny values (the scale comes from 10^exp). */
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((v) => (Math.abs(v) < 1e-3 ? 0 : v));

/** fast-check arbitrary of problem specs (shapes 1×1 … maxN×maxP, p ≫ n included). */
export function problemSpec(o: SpecOptions = {}): fc.Arbitrary<ProblemSpec> {
  const maxN = o.maxN ?? 40, maxP = o.maxP ?? 80, maxExp = o.maxExp ?? 0;
  const exp = maxExp === 0 ? fc.constant(0)
    : fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -maxExp, max: maxExp }));
  const col = (j: number): fc.Arbitrary<ColumnKind> => {
    const normal = fc.record({
      kind: fc.constant("normal" as const), exp,
      offset: fc.oneof(fc.constant(0), num(-10, 10)),
    });
    if (!o.degenerate) return normal;
    const options: fc.Arbitrary<ColumnKind>[] = [normal, normal, normal];
    options.push(fc.record({
      kind: fc.constant("const" as const), exp,
      value: fc.oneof(fc.constant(0), fc.constant(0.1), fc.constant(0.7), num(-10, 10)),
    }));
    if (j > 0) {
      options.push(fc.record({
        kind: fc.constant("dup" as const), of: fc.integer({ min: 0, max: j - 1 }),
        exp: fc.oneof(fc.constant(0), exp), sign: fc.constantFrom(1 as const, -1 as const),
      }));
    }
    return fc.oneof(...options);
  };
  return fc.record({ n: fc.integer({ min: 1, max: maxN }), p: fc.integer({ min: 1, max: maxP }) }).chain(({ n, p }) =>
    fc.record({
      n: fc.constant(n),
      p: fc.constant(p),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      columns: fc.tuple(...Array.from({ length: p }, (_, j) => col(j))),
      yExp: maxExp === 0 ? fc.constant(0) : fc.integer({ min: -30, max: 30 }),
      yOffset: fc.oneof(fc.constant(0), num(-100, 100)),
      noise: fc.constantFrom(0, 0.01, 0.5, 2),
      weights: o.weights ? fc.boolean() : fc.constant(false),
      factors: o.factors
        ? fc.option(fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.constant(2), num(0.01, 100)),
          { minLength: p, maxLength: p }), { nil: null })
        : fc.constant(null),
      positive: o.positive ? fc.boolean() : fc.constant(false),
      standardize: o.standardize ? fc.boolean() : fc.constant(false),
      fitIntercept: o.noIntercept ? fc.constantFrom(true, true, false) : fc.constant(true),
      l1Exp: o.allowNoL1 ? fc.option(fc.integer({ min: -4, max: 0 }), { nil: null, freq: 4 }) : fc.integer({ min: -4, max: 0 }),
      l2Exp: o.allowNoL2 !== false ? fc.option(fc.integer({ min: -4, max: 1 }), { nil: null }) : fc.integer({ min: -4, max: 1 }),
      ref: fc.integer({ min: 0, max: p - 1 }),
    }));
}

/** Builds the numbers of a spec, deterministically. */
export function buildProblem(s: ProblemSpec): FitProblem {
  const g = rng(s.seed);
  const { n, p } = s;
  const Z = Array.from({ length: n }, () => Array.from({ length: p }, () => g.normal()));
  const X = Array.from({ length: n }, () => new Array<number>(p).fill(0));
  // the base column (in Z) each column follows, for the signal in y
  const base = new Array<number>(p);
  for (let j = 0; j < p; j++) {
    const c = s.columns[j];
    const scale = 10 ** c.exp;
    if (c.kind === "normal") {
      base[j] = j;
      for (let i = 0; i < n; i++) X[i][j] = scale * (Z[i][j] + c.offset);
    } else if (c.kind === "const") {
      base[j] = -1;
      for (let i = 0; i < n; i++) X[i][j] = scale * c.value;
    } else {
      base[j] = base[c.of];
      const m = c.exp === 0 ? c.sign : c.sign * scale;
      for (let i = 0; i < n; i++) X[i][j] = m * X[i][c.of];
    }
  }
  const cy = 10 ** s.yExp;
  const support = [0, 1, 2, 3, 4].filter((j) => j < p && base[j] >= 0);
  const coefs = support.map((j) => (j % 2 ? -1 : 1) * (1 + j));
  const y = Array.from({ length: n }, (_, i) => {
    let v = 0;
    support.forEach((j, k) => (v += coefs[k] * Z[i][base[j]]));
    return cy * (v + s.noise * g.normal() + s.yOffset);
  });
  const w = s.weights ? Array.from({ length: n }, () => Math.exp(6 * g.uniform() - 3)) : undefined;
  const pr: FitProblem = {
    X, y, w, l1: 0, l2: 0, factors: s.factors ?? undefined,
    positive: s.positive, standardize: s.standardize, fitIntercept: s.fitIntercept,
  };
  const st = normalize(pr);
  const r = s.ref;
  // the penalty is set against one column's scale, so that at least that column sits in a
  // meaningful regime whatever the others' scales are
  const effScale = s.standardize ? 1 : st.colScale[r];
  const corr = Math.abs(dotW(st, r)) || 1;
  pr.l1 = s.l1Exp === null ? 0 : 10 ** s.l1Exp * corr * st.yScale * effScale;
  pr.l2 = s.l2Exp === null ? 0 : 10 ** s.l2Exp * effScale * effScale;
  // Keep every column's penalty in the scale-free problem (l1/(c·sⱼ), l2/sⱼ²) within double
  // range, so that scaledKkt can represent it: spreads of 1e300 between columns still occur.
  let l1Eff = -Infinity, l2Eff = -Infinity; // log10 of the largest
  for (let j = 0; j < p; j++) {
    const t = Math.log10((s.standardize ? st.sd[j] : 1) || 1) - Math.log10(st.colScale[j]);
    const f = Math.log10(pr.factors ? pr.factors[j] : 1);
    l1Eff = Math.max(l1Eff, Math.log10(pr.l1) - Math.log10(st.yScale) + t + f);
    l2Eff = Math.max(l2Eff, Math.log10(pr.l2) + 2 * t + f);
  }
  if (l1Eff > 250) pr.l1 *= 10 ** (250 - l1Eff);
  if (l2Eff > 250) pr.l2 *= 10 ** (250 - l2Eff);
  if (!Number.isFinite(pr.l1) || !Number.isFinite(pr.l2)) { pr.l1 = 0.1; pr.l2 = 0.1; }
  return pr;
}

function dotW(st: Normalized, j: number): number {
  const n = st.X.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += st.wn[i] * st.X[i][j] * st.y[i];
  return s / n;
}

// ---------------------------------------------------------------- scale-free optimality

/** Below this (subnormal range and just above) values are not rescaled. */
const TINY = 1e-290;

interface Normalized {
  /** (X − μ)/s per column: unit weighted RMS (constant columns: zero when fitting an intercept). */
  X: number[][];
  /** (y − ȳ)/c. */
  y: number[];
  wn: number[];
  mu: number[];
  colScale: number[];
  /** The library's standardization scale of each column (0 for a constant one). */
  sd: number[];
  yMean: number;
  yScale: number;
}

function normalize(pr: FitProblem): Normalized {
  const n = pr.X.length, p = pr.X[0].length;
  // divide by the largest weight first: the plain sum of weights ~1e308 overflows
  const top = pr.w ? Math.max(...pr.w) : 1;
  const sw = pr.w ? pr.w.reduce((a, b) => a + b / top, 0) : n;
  const wn = pr.w ? pr.w.map((v) => (v / top / sw) * n) : new Array<number>(n).fill(1);
  const mu = new Array<number>(p).fill(0), colScale = new Array<number>(p).fill(1), sd = new Array<number>(p).fill(0);
  const Xn = Array.from({ length: n }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    const constant = pr.X.every((r) => r[j] === pr.X[0][j]);
    if (constant && pr.fitIntercept) { mu[j] = pr.X[0][j]; continue; } // centred: exactly zero
    let m = 0;
    if (pr.fitIntercept) {
      for (let i = 0; i < n; i++) m += wn[i] * pr.X[i][j];
      m /= n;
    }
    mu[j] = m;
    let big = 0;
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(pr.X[i][j] - m));
    // subnormal columns (or spreads) cannot be rescaled exactly: treat them as zero
    if (big < TINY) { mu[j] = pr.fitIntercept ? pr.X[0][j] : 0; continue; }
    let q = 0;
    for (let i = 0; i < n; i++) q += wn[i] * ((pr.X[i][j] - m) / big) ** 2;
    const rms = big * Math.sqrt(q / n);
    if (!(rms >= TINY)) continue; // all its weight on rows where it equals its mean
    // The solver's rounding is relative to the column's values, not to their weighted RMS: a
    // column that lives on rows of weight 1e-300 is measured against 1e-6 of its magnitude.
    const s = Math.max(rms, 1e-6 * big);
    colScale[j] = s; sd[j] = rms;
    for (let i = 0; i < n; i++) Xn[i][j] = (pr.X[i][j] - m) / s;
  }
  let yMean = 0;
  if (pr.fitIntercept) {
    for (let i = 0; i < n; i++) yMean += wn[i] * pr.y[i];
    yMean /= n;
  }
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(pr.y[i] - yMean));
  let yScale = 0;
  if (big >= TINY) {
    let q = 0;
    for (let i = 0; i < n; i++) q += wn[i] * ((pr.y[i] - yMean) / big) ** 2;
    yScale = big * Math.sqrt(q / n);
  }
  // y constant (up to rounding): measure against its magnitude instead, since rounding in ȳ
  // alone would otherwise count as a violation of order 1
  let yMax = 0;
  for (let i = 0; i < n; i++) yMax = Math.max(yMax, Math.abs(pr.y[i]));
  yScale = Math.max(yScale, 1e-6 * yMax);
  if (!(yScale >= TINY)) yScale = 1;
  const y = pr.y.map((v) => (v - yMean) / yScale);
  return { X: Xn, y, wn, mu, colScale, sd, yMean, yScale };
}

/**
 * The KKT violation and objective of (β, b) in scale-free units: every column is centred and
 * scaled to unit weighted RMS, y to unit weighted RMS, and (β, b, l1) re-expressed for that
 * problem (an exact reparametrisation: the same minimiser). The violation is then in units of
 * ‖ỹ‖_rms for unit-RMS columns — a bound of 1e-6 means the same thing for columns of scale
 * 1e-150 and 1e150 — and the objective in units of ‖ỹ‖²_rms (the null model scores ½).
 */
export function scaledKkt(pr: FitProblem, coef: ArrayLike<number>, intercept: number): { kkt: number; objective: number } {
  const st = normalize(pr);
  const p = pr.X[0].length;
  const c = st.yScale;
  const beta = Array.from({ length: p }, (_, j) => coef[j] * (st.colScale[j] / c)); // (s/c) first: no underflow
  let b = 0;
  if (pr.fitIntercept) {
    // b + Σβⱼμⱼ − ȳ, summed smallest-first to lose as little as possible
    const parts = [intercept, -st.yMean, ...Array.from({ length: p }, (_, j) => coef[j] * st.mu[j])];
    parts.sort((u, v) => Math.abs(u) - Math.abs(v));
    b = parts.reduce((a, v) => a + v, 0) / c;
  }
  const scales = st.colScale.map((s, j) => (pr.standardize ? st.sd[j] : 1) / s);
  return kktCheck({
    X: st.X, y: st.y, w: pr.w ? st.wn : undefined, l1: pr.l1 / c, l2: pr.l2, factors: pr.factors, scales,
    lower: pr.positive ? new Array<number>(p).fill(0) : undefined,
  }, beta, b, pr.fitIntercept);
}

/** The problem's X as a flat row- or column-major Float64Array input. */
export function flat(X: number[][], order: "row" | "col"): { data: Float64Array; rows: number; cols: number; order: "row" | "col" } {
  const n = X.length, p = X[0].length;
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[order === "row" ? i * p + j : j * n + i] = X[i][j];
  return { data, rows: n, cols: p, order };
}

/** True when a and b hold the same bits (NaN = NaN, 0 ≠ −0). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** A short description of a problem for failure messages. */
export function describeProblem(pr: FitProblem): string {
  return JSON.stringify({
    n: pr.X.length, p: pr.X[0].length, l1: pr.l1, l2: pr.l2, w: !!pr.w, factors: pr.factors,
    positive: pr.positive, standardize: pr.standardize, fitIntercept: pr.fitIntercept,
  });
}
