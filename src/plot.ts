// SVG plots of a glmnet path and of a cv.glmnet curve, drawn as R's plot.glmnet and
// plot.cv.glmnet draw them. Pure functions from data to an SVG string: no DOM, no fonts
// measured, no clock or randomness, so the same input gives the same bytes in Node and in
// every browser. Numbers are written with toFixed (exactly specified by ECMAScript).
import type { GlmnetFit } from "./glmnet.js";
import type { CvGlmnetResult } from "./cv.js";
import { L1L2Error } from "./errors.js";

export interface PlotOptions {
  /** Width of the SVG in px (default 640). */
  width?: number;
  /** Height of the SVG in px (default 440). */
  height?: number;
  /** A title above the plot (none by default). */
  title?: string;
}

export interface PlotPathOptions extends PlotOptions {
  /** "norm" (R's default): x = ‖β‖₁, "L1 Norm"; "lambda": x = log(λ), "Log Lambda". */
  xvar?: "lambda" | "norm";
  /** Feature names (length p); default "1" … "p", R's sequence numbers. */
  labels?: string[];
  /** Label the curves at their end (default true); at most as many as fit in the height. */
  label?: boolean;
}

export type PlotCVOptions = PlotOptions;

// ── formatting ─────────────────────────────────────────────────────────────────────────────

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A coordinate: at most 2 decimals, no trailing zeros, no "-0". */
function n2(v: number): string {
  const s = v.toFixed(2).replace(/\.?0+$/, "");
  return s === "-0" ? "0" : s;
}

const MINUS = "\u2212";

/** A tick label for value v on a grid of step `unit` (as R prints pretty() values). */
function tickLabel(v: number, unit: number): string {
  if (Math.abs(v) < unit * 1e-9) return "0";
  let s: string;
  if (unit >= 1e6 || unit < 1e-5) {
    s = v.toExponential(Math.max(0, Math.round(Math.log10(Math.abs(v) / unit) + 1e-9)))
      .replace(/\.?0+e/, "e").replace("e+", "e");
  } else {
    const decimals = Math.max(0, -Math.floor(Math.log10(unit) + 1e-9));
    s = v.toFixed(decimals);
  }
  return s.replace("-", MINUS);
}

/** Rough width of a text in px: Arial/Helvetica/Liberation average for digits and letters. */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[0-9]/.test(ch) ? 0.56 : /[il.,:;|!'() ]/.test(ch) ? 0.3 : /[A-Zmw−]/.test(ch) ? 0.72 : 0.56;
  return w * size;
}

/** `s`, or its start and "…", no wider than maxWidth px. */
function fitText(s: string, size: number, maxWidth: number): string {
  if (textWidth(s, size) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(chars.join("") + "\u2026", size) > maxWidth) chars.pop();
  return chars.join("") + "\u2026";
}

// ── R's pretty() and approx() ──────────────────────────────────────────────────────────────

/** R's pretty(c(lo, hi), n = 5): round tick values covering [lo, hi], and their step. */
export function pretty(lo: number, hi: number, n = 5): { values: number[]; unit: number } {
  const minN = Math.floor(n / 3), shrink = 0.75, h = 1.5, h5 = 0.5 + 1.5 * h;
  const eps = 1e-10;
  if (lo > hi) [lo, hi] = [hi, lo];
  const dx = hi - lo;
  let cell: number, small: boolean;
  if (dx === 0 && hi === 0) {
    cell = 1; small = true;
  } else {
    cell = Math.max(Math.abs(lo), Math.abs(hi));
    const U = (1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5))) * Math.max(1, n) * Number.EPSILON;
    small = dx < cell * U * 3;
  }
  if (small) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= shrink;
    if (minN > 1) cell /= minN;
  } else {
    cell = dx;
    if (n > 1) cell /= n;
  }
  if (cell < 20 * Number.MIN_VALUE) cell = 20 * Number.MIN_VALUE;
  const base = 10 ** Math.floor(Math.log10(cell));
  let unit = base;
  if (2 * base - cell < h * (cell - unit)) {
    unit = 2 * base;
    if (5 * base - cell < h5 * (cell - unit)) {
      unit = 5 * base;
      if (10 * base - cell < h * (cell - unit)) unit = 10 * base;
    }
  }
  let ns = Math.floor(lo / unit + eps), nu = Math.ceil(hi / unit - eps);
  while (ns * unit > lo + eps * unit) ns--;
  while (nu * unit < hi - eps * unit) nu++;
  let k = Math.floor(0.5 + nu - ns);
  if (k < minN) {
    k = minN - k;
    if (ns >= 0) { nu += Math.floor(k / 2); ns -= Math.floor(k / 2) + (k % 2); }
    else { ns -= Math.floor(k / 2); nu += Math.floor(k / 2) + (k % 2); }
  }
  const values: number[] = [];
  for (let i = ns; i <= nu; i++) values.push(i * unit);
  return { values, unit };
}

/**
 * R's approx(x, y, xout, method = "constant", rule = 2, f)$y at one point: y at the nearest
 * x at or left of xout (f = 0) or at or right of it (f = 1); the end values outside; tied x
 * averaged, as approx does.
 */
export function approxConstant(x: ArrayLike<number>, y: ArrayLike<number>, xout: number, f: 0 | 1): number {
  const pts = Array.from({ length: x.length }, (_, i) => [x[i], y[i]] as [number, number])
    .filter(([a]) => Number.isFinite(a)).sort((a, b) => a[0] - b[0]);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < pts.length;) {
    let j = i, s = 0;
    while (j < pts.length && pts[j][0] === pts[i][0]) s += pts[j++][1];
    xs.push(pts[i][0]); ys.push(s / (j - i));
    i = j;
  }
  const m = xs.length;
  if (m === 0) return NaN;
  if (xout <= xs[0]) return ys[0];
  if (xout >= xs[m - 1]) return ys[m - 1];
  let i = 0;
  while (xs[i + 1] <= xout) i++;
  if (xs[i] === xout) return ys[i];
  return f === 0 ? ys[i] : ys[i + 1];
}

// ── frame: scales, axes, labels ────────────────────────────────────────────────────────────

interface Scale { lo: number; hi: number; a: number; b: number; map(v: number): number }

function scale(lo: number, hi: number, from: number, to: number): Scale {
  if (!(hi > lo)) {
    const c = Number.isFinite(lo) ? lo : 0;
    const d = c === 0 ? 1 : Math.abs(c) * 0.1;
    lo = c - d; hi = c + d;
  }
  // R's xaxs = "r": the data range extended by 4% at each end
  const ext = (hi - lo) * 0.04;
  lo -= ext; hi += ext;
  const k = (to - from) / (hi - lo);
  return { lo, hi, a: from, b: to, map: (v) => from + (v - lo) * k };
}

interface Box { left: number; top: number; right: number; bottom: number }

const FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif";
const TICK_FONT = 12, LABEL_FONT = 13, TOP_FONT = 11, TICK = 5;

function svgOpen(width: number, height: number, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${escapeXml(FONT)}" font-size="${TICK_FONT}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
}

function size(v: number | undefined, def: number, name: string, min: number): number {
  const s = v ?? def;
  if (typeof s !== "number" || !Number.isFinite(s) || s < min) {
    throw new L1L2Error("INVALID_PARAMETER", `${name} must be a number ≥ ${min}, got ${String(v)}`);
  }
  return Math.round(s);
}

/** Ticks of R's axis() for a scale: pretty() of the plotted range, kept inside it. */
function axisTicks(s: Scale): { values: number[]; unit: number } {
  const p = pretty(s.lo, s.hi);
  return { values: p.values.filter((v) => v >= s.lo - 1e-9 * (s.hi - s.lo) && v <= s.hi + 1e-9 * (s.hi - s.lo)), unit: p.unit };
}

/** Width of the left margin needed by the y tick labels. */
function yTickWidth(lo: number, hi: number): number {
  const s = scale(lo, hi, 0, 1);
  const t = axisTicks(s);
  return Math.max(...t.values.map((v) => textWidth(tickLabel(v, t.unit), TICK_FONT)), 10);
}

function frame(out: string[], box: Box, xs: Scale, ys: Scale, xlab: string, ylab: string, width: number, height: number,
  title: string | undefined, topCaption: string): void {
  const { left, top, right, bottom } = box;
  const xt = axisTicks(xs), yt = axisTicks(ys);
  // light grid first, below the data
  out.push(`<g class="grid" stroke="#e6e6e6" stroke-width="1">`);
  for (const v of yt.values) out.push(`<line x1="${n2(left)}" y1="${n2(ys.map(v))}" x2="${n2(right)}" y2="${n2(ys.map(v))}"/>`);
  for (const v of xt.values) out.push(`<line x1="${n2(xs.map(v))}" y1="${n2(top)}" x2="${n2(xs.map(v))}" y2="${n2(bottom)}"/>`);
  out.push(`</g>`);
  // bottom axis
  out.push(`<g class="x-axis" fill="#222222" text-anchor="middle">`);
  for (const v of xt.values) {
    const x = n2(xs.map(v));
    out.push(`<line x1="${x}" y1="${n2(bottom)}" x2="${x}" y2="${n2(bottom + TICK)}" stroke="#222222"/>`);
    out.push(`<text class="xtick" x="${x}" y="${n2(bottom + TICK + 3 + TICK_FONT * 0.8)}">${escapeXml(tickLabel(v, xt.unit))}</text>`);
  }
  out.push(`<text class="xlab" x="${n2((left + right) / 2)}" y="${n2(height - 10)}" font-size="${LABEL_FONT}">${escapeXml(xlab)}</text>`);
  out.push(`</g>`);
  // left axis
  out.push(`<g class="y-axis" fill="#222222" text-anchor="end">`);
  let widest = 0;
  for (const v of yt.values) {
    const y = n2(ys.map(v));
    const lab = tickLabel(v, yt.unit);
    widest = Math.max(widest, textWidth(lab, TICK_FONT));
    out.push(`<line x1="${n2(left - TICK)}" y1="${y}" x2="${n2(left)}" y2="${y}" stroke="#222222"/>`);
    out.push(`<text class="ytick" x="${n2(left - TICK - 3)}" y="${y}" dy="0.35em">${escapeXml(lab)}</text>`);
  }
  const yl = n2(14), ym = n2((top + bottom) / 2);
  out.push(`<text class="ylab" x="${yl}" y="${ym}" font-size="${LABEL_FONT}" text-anchor="middle" ` +
    `transform="rotate(-90 ${yl} ${ym})" dy="0.35em">${escapeXml(ylab)}</text>`);
  out.push(`</g>`);
  // caption of the top axis, and the title
  out.push(`<text class="top-caption" x="${n2((left + right) / 2)}" y="${n2(top - TICK - TOP_FONT - 9)}" font-size="${TOP_FONT}" ` +
    `fill="#666666" text-anchor="middle">${escapeXml(topCaption)}</text>`);
  if (title) {
    out.push(`<text class="title" x="${n2(width / 2)}" y="20" font-size="15" font-weight="bold" text-anchor="middle" fill="#222222">${escapeXml(title)}</text>`);
  }
}

function boxOutline(out: string[], box: Box): void {
  out.push(`<rect class="frame" x="${n2(box.left)}" y="${n2(box.top)}" width="${n2(box.right - box.left)}" ` +
    `height="${n2(box.bottom - box.top)}" fill="none" stroke="#222222" stroke-width="1"/>`);
}

/** Top margin: title, caption, tick labels. */
function topMargin(title: string | undefined): number {
  return (title ? 26 : 6) + TOP_FONT + 6 + TOP_FONT + TICK + 6;
}

// ── the coefficient path ───────────────────────────────────────────────────────────────────

// d3's category10: distinct on white, colour-blind-friendlier than R's palette 1:6
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Places labels near their targets (sorted or not) at least `gap` apart, inside [lo, hi]. */
function spread(targets: number[], gap: number, lo: number, hi: number): number[] {
  const order = targets.map((_, i) => i).sort((a, b) => targets[a] - targets[b] || a - b);
  // clusters of consecutive labels, each centred on the mean of its targets
  let clusters = order.map((i) => ({ members: [i], centre: targets[i] }));
  const place = (c: { members: number[]; centre: number }) => {
    const span = (c.members.length - 1) * gap;
    let start = c.centre - span / 2;
    start = Math.min(Math.max(start, lo), hi - span);
    return { start, end: start + span };
  };
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i + 1 < clusters.length; i++) {
      if (place(clusters[i]).end + gap > place(clusters[i + 1]).start + 1e-9) {
        const members = [...clusters[i].members, ...clusters[i + 1].members];
        const centre = members.reduce((s, m) => s + targets[m], 0) / members.length;
        clusters.splice(i, 2, { members, centre });
        merged = true;
        break;
      }
    }
  }
  const out = new Array<number>(targets.length);
  for (const c of clusters) {
    const { start } = place(c);
    c.members.forEach((m, k) => { out[m] = start + k * gap; });
  }
  return out;
}

/**
 * The coefficient paths of a glmnet fit as an SVG string, as R's plot.glmnet: one curve per
 * feature that is ever nonzero, against the L1 norm of β (xvar "norm", R's default) or log(λ)
 * ("lambda"), with the number of nonzero coefficients along the top axis (at the top ticks,
 * the count at the next smaller λ, as R), and each curve labelled at its end.
 */
export function plotPath(fit: GlmnetFit, opts: PlotPathOptions = {}): string {
  const xvar = opts.xvar ?? "norm";
  if (xvar !== "norm" && xvar !== "lambda") {
    throw new L1L2Error("INVALID_PARAMETER", `xvar must be "norm" or "lambda", got ${JSON.stringify(xvar)}`);
  }
  const width = size(opts.width, 640, "width", 200), height = size(opts.height, 440, "height", 160);
  const p = fit.dim[0];
  const labels = opts.labels ?? Array.from({ length: p }, (_, j) => String(j + 1));
  if (!Array.isArray(labels) || labels.length !== p) {
    throw new L1L2Error("SHAPE_MISMATCH", `labels has ${Array.isArray(labels) ? labels.length : "no"} entries but the fit has ${p} features`);
  }
  // the points: drop λ ≤ 0 from a log-λ axis (R cannot plot them either)
  const ks: number[] = [];
  for (let k = 0; k < fit.lambda.length; k++) if (xvar === "norm" || fit.lambda[k] > 0) ks.push(k);
  const index = ks.map((k) => (xvar === "lambda" ? Math.log(fit.lambda[k]) : fit.beta[k].reduce((s, v) => s + Math.abs(v), 0)));
  const which: number[] = [];
  for (let j = 0; j < p; j++) if (ks.some((k) => fit.beta[k][j] !== 0)) which.push(j);

  let ylo = Infinity, yhi = -Infinity;
  for (const k of ks) for (const j of which) { ylo = Math.min(ylo, fit.beta[k][j]); yhi = Math.max(yhi, fit.beta[k][j]); }
  if (!(ylo <= yhi)) { ylo = 0; yhi = 0; }
  let xlo = Math.min(...index), xhi = Math.max(...index);
  if (!(xlo <= xhi)) { xlo = 0; xhi = 0; }

  // curve labels: at the end of the path (smallest λ), in the right margin
  const last = ks.length ? ks[ks.length - 1] : -1;
  const showLabels = (opts.label ?? true) && which.length > 0 && last >= 0;
  // long names are shortened with an ellipsis to at most 30% of the width (the full name is the curve's tooltip)
  const maxLabel = Math.max(24, width * 0.3);
  const shortLabels = labels.map((l) => fitText(String(l), TICK_FONT, maxLabel));
  const labelWidth = showLabels ? Math.max(...which.map((j) => textWidth(shortLabels[j], TICK_FONT))) : 0;
  const box: Box = {
    left: 14 + LABEL_FONT + 6 + yTickWidth(ylo, yhi) + TICK + 4,
    top: topMargin(opts.title),
    right: width - (showLabels ? labelWidth + 30 : 16),
    bottom: height - (TICK + 3 + TICK_FONT + 8 + LABEL_FONT + 8),
  };
  const xs = scale(xlo, xhi, box.left, box.right);
  const ys = scale(ylo, yhi, box.bottom, box.top);
  const xlab = xvar === "lambda" ? "Log Lambda" : "L1 Norm";
  const title = opts.title;
  const out = svgOpen(width, height, title ?? `Coefficient paths against ${xlab}`);
  out.push(`<g class="plot-path" data-xvar="${xvar}">`);
  frame(out, box, xs, ys, xlab, "Coefficients", width, height, title, "Nonzero coefficients");

  // zero line, then the curves
  if (ys.lo < 0 && ys.hi > 0) {
    out.push(`<line class="zero" x1="${n2(box.left)}" y1="${n2(ys.map(0))}" x2="${n2(box.right)}" y2="${n2(ys.map(0))}" stroke="#bbbbbb" stroke-dasharray="2 3"/>`);
  }
  out.push(`<g class="paths" fill="none" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">`);
  for (const j of which) {
    const d = ks.map((k, i) => `${i === 0 ? "M" : "L"}${n2(xs.map(index[i]))} ${n2(ys.map(fit.beta[k][j]))}`).join("");
    out.push(`<path class="coef" data-feature="${j}" stroke="${PALETTE[j % PALETTE.length]}" d="${d}">` +
      `<title>${escapeXml(labels[j])}</title></path>`);
  }
  out.push(`</g>`);

  // top axis: pretty(index) within the plot, labelled with df at the next smaller λ (R)
  const f: 0 | 1 = xvar === "lambda" ? 0 : 1;
  const df = ks.map((k) => fit.df[k]);
  let atdf = pretty(xlo, xhi).values.filter((v) => v >= xs.lo && v <= xs.hi);
  if (atdf.length < 2) atdf = axisTicks(xs).values; // one λ: R's pretty() of a point falls outside
  out.push(`<g class="top-axis" fill="#222222" text-anchor="middle" font-size="${TOP_FONT}">`);
  for (const v of atdf) {
    const x = n2(xs.map(v));
    const count = approxConstant(index, df, v, f);
    out.push(`<line x1="${x}" y1="${n2(box.top - TICK)}" x2="${x}" y2="${n2(box.top)}" stroke="#222222"/>`);
    out.push(`<text class="df" x="${x}" y="${n2(box.top - TICK - 4)}">${escapeXml(String(count))}</text>`);
  }
  out.push(`</g>`);

  if (showLabels) {
    const gap = TICK_FONT + 2;
    const fitsIn = Math.max(1, Math.floor((box.bottom - box.top) / gap) + 1);
    // the largest final coefficients first when they do not all fit
    const shown = [...which].sort((a, b) => Math.abs(fit.beta[last][b]) - Math.abs(fit.beta[last][a]) || a - b).slice(0, fitsIn);
    shown.sort((a, b) => a - b);
    const endX = xs.map(index[index.length - 1]);
    const targets = shown.map((j) => ys.map(fit.beta[last][j]));
    const placed = spread(targets, gap, box.top + gap / 2, box.bottom - gap / 2);
    const lx = box.right + 22;
    out.push(`<g class="labels" font-size="${TICK_FONT}">`);
    shown.forEach((j, i) => {
      const colour = PALETTE[j % PALETTE.length];
      // leader from the end of the curve when it ends on the right edge (norm), else a swatch
      if (xvar === "norm") {
        out.push(`<polyline fill="none" stroke="${colour}" stroke-width="1" points="${n2(endX)},${n2(targets[i])} ${n2(box.right + 6)},${n2(targets[i])} ${n2(lx - 4)},${n2(placed[i])}"/>`);
      } else {
        out.push(`<line x1="${n2(box.right + 6)}" y1="${n2(placed[i])}" x2="${n2(lx - 4)}" y2="${n2(placed[i])}" stroke="${colour}" stroke-width="2.5"/>`);
      }
      out.push(`<text class="label" data-feature="${j}" x="${n2(lx)}" y="${n2(placed[i])}" dy="0.35em" fill="${colour}">${escapeXml(shortLabels[j])}</text>`);
    });
    if (shown.length < which.length) {
      out.push(`<text class="labels-note" x="${n2(width - 6)}" y="${n2(height - 10)}" text-anchor="end" font-size="${TOP_FONT}" ` +
        `fill="#666666">+${which.length - shown.length} not labelled</text>`);
    }
    out.push(`</g>`);
  }
  if (which.length === 0) {
    out.push(`<text class="empty" x="${n2((box.left + box.right) / 2)}" y="${n2((box.top + box.bottom) / 2)}" text-anchor="middle" fill="#666666" stroke="#ffffff" stroke-width="4" paint-order="stroke">all coefficients are zero</text>`);
  }
  boxOutline(out, box);
  out.push(`</g>`, `</svg>`);
  return out.join("\n") + "\n";
}

// ── the cross-validation curve ─────────────────────────────────────────────────────────────

/**
 * The cross-validation curve of cvGlmnet as an SVG string, as R's plot.cv.glmnet: the mean CV
 * error (red dots) with ±1 standard error bars (grey) against log(λ), dashed vertical lines
 * at λ_min and λ_1se, the number of nonzero coefficients along the top, y label = cv.name.
 */
export function plotCV(cv: CvGlmnetResult, opts: PlotCVOptions = {}): string {
  const width = size(opts.width, 640, "width", 200), height = size(opts.height, 440, "height", 160);
  const ks: number[] = [];
  for (let k = 0; k < cv.lambda.length; k++) if (cv.lambda[k] > 0 && Number.isFinite(cv.cvm[k])) ks.push(k);
  const lx = ks.map((k) => Math.log(cv.lambda[k]));
  let ylo = Infinity, yhi = -Infinity;
  for (const k of ks) { ylo = Math.min(ylo, cv.cvlo[k], cv.cvm[k]); yhi = Math.max(yhi, cv.cvup[k], cv.cvm[k]); }
  if (!(ylo <= yhi)) { ylo = 0; yhi = 0; }
  let xlo = Math.min(...lx), xhi = Math.max(...lx);
  if (!(xlo <= xhi)) { xlo = 0; xhi = 0; }
  const box: Box = {
    left: 14 + LABEL_FONT + 6 + yTickWidth(ylo, yhi) + TICK + 4,
    top: topMargin(opts.title),
    right: width - 16,
    bottom: height - (TICK + 3 + TICK_FONT + 8 + LABEL_FONT + 8),
  };
  const xs = scale(xlo, xhi, box.left, box.right);
  const ys = scale(ylo, yhi, box.bottom, box.top);
  const xlab = "Log(\u03bb)";
  const title = opts.title;
  const out = svgOpen(width, height, title ?? `Cross-validation: ${cv.name} against ${xlab}`);
  out.push(`<g class="plot-cv">`);
  frame(out, box, xs, ys, xlab, cv.name, width, height, title, "Nonzero coefficients");

  // λ_min and λ_1se, under the points
  const marks: [string, number, string][] = [["lambda-min", cv.lambdaMin, "\u03bb min"], ["lambda-1se", cv.lambda1se, "\u03bb 1se"]];
  out.push(`<g class="lambda-lines" stroke="#444444" stroke-width="1" stroke-dasharray="5 4">`);
  for (const [cls, lam] of marks) {
    if (!(lam > 0)) continue;
    const x = n2(xs.map(Math.log(lam)));
    out.push(`<line class="${cls}" x1="${x}" y1="${n2(box.top)}" x2="${x}" y2="${n2(box.bottom)}"/>`);
  }
  out.push(`</g>`);

  // error bars: cvlo..cvup with caps of 1% of the x range each side (R's error.bars width)
  const barw = (xhi - xlo) * 0.01 * ((box.right - box.left) / (xs.hi - xs.lo));
  out.push(`<g class="error-bars" stroke="#a9a9a9" stroke-width="1">`);
  const bars: string[] = [];
  ks.forEach((k, i) => {
    const x = xs.map(lx[i]), u = ys.map(cv.cvup[k]), l = ys.map(cv.cvlo[k]);
    bars.push(`M${n2(x)} ${n2(u)}V${n2(l)}M${n2(x - barw)} ${n2(u)}H${n2(x + barw)}M${n2(x - barw)} ${n2(l)}H${n2(x + barw)}`);
  });
  if (bars.length) out.push(`<path d="${bars.join("")}" fill="none"/>`);
  out.push(`</g>`);
  out.push(`<g class="cvm" fill="#e41a1c">`);
  ks.forEach((k, i) => out.push(`<circle cx="${n2(xs.map(lx[i]))}" cy="${n2(ys.map(cv.cvm[k]))}" r="2.6"/>`));
  out.push(`</g>`);

  // labels of the λ lines, at the top inside the plot, on the side away from the other line
  out.push(`<g class="lambda-labels" font-size="${TOP_FONT}" fill="#444444" stroke="#ffffff" stroke-width="3" paint-order="stroke">`);
  const xMin = cv.lambdaMin > 0 ? xs.map(Math.log(cv.lambdaMin)) : NaN, x1se = cv.lambda1se > 0 ? xs.map(Math.log(cv.lambda1se)) : NaN;
  for (const [cls, lam, text] of marks) {
    if (!(lam > 0)) continue;
    const x = xs.map(Math.log(lam));
    const other = cls === "lambda-min" ? x1se : xMin;
    const leftSide = other > x || (other === x && cls === "lambda-min");
    const tx = leftSide ? x - 4 : x + 4;
    const fitsLeft = tx - textWidth(text, TOP_FONT) > box.left;
    const anchor = leftSide && fitsLeft ? "end" : "start";
    const ax = anchor === "end" ? x - 4 : x + 4;
    const ty = box.top + 14 + (other === x && cls === "lambda-1se" ? 14 : 0);
    out.push(`<text class="${cls}-label" x="${n2(ax)}" y="${n2(ty)}" text-anchor="${anchor}">${escapeXml(text)}</text>`);
  }
  out.push(`</g>`);

  // top axis: nzero at each λ, skipping a label that would overlap the last one drawn (as R's axis)
  out.push(`<g class="top-axis" fill="#222222" text-anchor="middle" font-size="${TOP_FONT}">`);
  let lastLeft = Infinity, lastRight = -Infinity;
  const gapPx = textWidth("m", TOP_FONT);
  ks.forEach((k, i) => {
    const x = xs.map(lx[i]);
    const text = String(cv.nzero[k]);
    const w = textWidth(text, TOP_FONT);
    const l = x - w / 2, r = x + w / 2;
    if (r + gapPx > lastLeft && l - gapPx < lastRight) return;
    lastLeft = l; lastRight = r;
    out.push(`<text class="df" x="${n2(x)}" y="${n2(box.top - TICK - 4)}">${escapeXml(text)}</text>`);
  });
  out.push(`</g>`);
  boxOutline(out, box);
  out.push(`</g>`, `</svg>`);
  return out.join("\n") + "\n";
}
