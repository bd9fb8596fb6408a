// plotPath / plotCV: well-formed, deterministic SVG that says what R's plot.glmnet and
// plot.cv.glmnet say. The checks read the SVG as a viewer would: positions are mapped back to
// data through the printed bottom-axis ticks, then compared with the fit. The SVGs are written
// to test-artifacts/plots/ (the browser suite renders them to PNG).
import { describe, it, expect, beforeAll } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { initSync, glmnet, cvGlmnet, L1L2Error } from "../src/index.js";
import type { GlmnetFit, CvGlmnetResult } from "../src/index.js";
import { plotPath, plotCV, pretty, escapeXml } from "../src/plot.js";
import { loadDataset, repoRoot } from "./helpers/datasets.js";

const NAMES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
let fit: GlmnetFit;
let cv: CvGlmnetResult;
let coarse: GlmnetFit;
const artifacts = resolve(repoRoot, "test-artifacts/plots");

beforeAll(() => {
  initSync();
  const d = loadDataset("diabetes");
  fit = glmnet(d.X, d.y);
  coarse = glmnet(d.X, d.y, { nlambda: 12 });
  cv = cvGlmnet(d.X, d.y, { foldid: Array.from(d.folds!, (f) => f + 1) });
  mkdirSync(artifacts, { recursive: true });
});

// ── a tiny XML reader: enough to prove well-formedness and find elements ──────────────────

interface El { name: string; attrs: Record<string, string>; text: string }

/** Throws unless `svg` is one well-formed element tree; returns its elements in order. */
function parse(svg: string): El[] {
  const els: El[] = [];
  const stack: El[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  const attr = /([\w:.-]+)="([^"<]*)"/g;
  const text = /[^<]*/y;
  let i = 0, roots = 0;
  const checkText = (t: string) => {
    if (/&(?!(amp|lt|gt|quot|#39|#\d+|#x[0-9a-fA-F]+);)/.test(t)) throw new Error(`bare & in ${JSON.stringify(t)}`);
    if (t.includes(">")) throw new Error(`unescaped > in ${JSON.stringify(t)}`);
  };
  while (i < svg.length) {
    text.lastIndex = i;
    const t = text.exec(svg)![0];
    checkText(t);
    if (stack.length) stack[stack.length - 1].text += t;
    else if (t.trim() !== "") throw new Error(`text outside the root: ${JSON.stringify(t)}`);
    i += t.length;
    if (i >= svg.length) break;
    tag.lastIndex = i;
    const m = tag.exec(svg);
    if (!m) throw new Error(`malformed tag at ${i}: ${svg.slice(i, i + 60)}`);
    i += m[0].length;
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(attr)) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      checkText(a[2]);
      attrs[a[1]] = a[2];
    }
    const el = { name, attrs, text: "" };
    els.push(el);
    if (stack.length === 0) roots++;
    if (!selfClose) stack.push(el);
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return els;
}

const byClass = (els: El[], cls: string) => els.filter((e) => (e.attrs.class ?? "").split(" ").includes(cls));
const num = (s: string) => Number(s.replace("\u2212", "-"));

/** The data → x-pixel map printed by the bottom axis (from its first and last tick). */
function xAxis(els: El[]) {
  const ticks = byClass(els, "xtick").map((e) => ({ v: num(e.text), x: Number(e.attrs.x) }));
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  const a = ticks[0], b = ticks[ticks.length - 1];
  const k = (b.x - a.x) / (b.v - a.v);
  // every tick lies on that line, and the ticks are evenly spaced
  for (const t of ticks) expect(Math.abs(a.x + (t.v - a.v) * k - t.x)).toBeLessThan(0.02);
  return { toX: (v: number) => a.x + (v - a.v) * k, toV: (x: number) => a.v + (x - a.x) / k, pxPerUnit: k };
}

function checkRoot(els: El[], w: number, h: number) {
  const root = els[0];
  expect(root.name).toBe("svg");
  expect(root.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
  expect(root.attrs.width).toBe(String(w));
  expect(root.attrs.height).toBe(String(h));
  expect(root.attrs.viewBox).toBe(`0 0 ${w} ${h}`);
}

/** R's prettydf: df at the next smaller λ (largest log λ ≤ t); the end values outside. */
function dfAtLogLambda(f: GlmnetFit, t: number): number {
  const idx = Array.from(f.lambda, (l) => Math.log(l));
  let best = -1;
  for (let k = 0; k < idx.length; k++) if (idx[k] <= t && (best < 0 || idx[k] > idx[best])) best = k;
  if (best < 0) best = idx.length - 1; // left of every point: the smallest λ
  return f.df[best];
}

/** Same on the L1-norm axis: df at the smallest norm ≥ t; the end values outside. */
function dfAtNorm(f: GlmnetFit, t: number): number {
  const norms = f.beta.map((b) => b.reduce((s, v) => s + Math.abs(v), 0));
  let best = -1;
  for (let k = 0; k < norms.length; k++) if (norms[k] >= t && (best < 0 || norms[k] < norms[best])) best = k;
  if (best < 0) best = norms.indexOf(Math.max(...norms));
  return f.df[best];
}

/**
 * The top axis of a coarse path (12 λ), where df changes between most neighbours: the count
 * at each tick must be the one at the next smaller λ, not the next larger one.
 */
function checkTopAxis(f: GlmnetFit, xvar: "lambda" | "norm") {
  const els = parse(plotPath(f, { xvar }));
  const ax = xAxis(els);
  const index = xvar === "lambda" ? Array.from(f.lambda, Math.log) : f.beta.map((b) => b.reduce((s, v) => s + Math.abs(v), 0));
  const atdf = pretty(Math.min(...index), Math.max(...index)).values;
  let discriminating = 0;
  for (const t of byClass(els, "df")) {
    const v = ax.toV(Number(t.attrs.x));
    const at = atdf.find((a) => Math.abs(a - v) < 1e-3 * (atdf[1] - atdf[0]))!;
    const expected = xvar === "lambda" ? dfAtLogLambda(f, at) : dfAtNorm(f, at);
    expect(Number(t.text)).toBe(expected);
    // the count at the next larger λ, which R does not use
    const larger = f.lambda.reduce((best, l, k) => (l > Math.exp(at) && (best < 0 || l < f.lambda[best]) ? k : best), -1);
    const normLarger = index.reduce((best, v2, k) => (v2 < at && (best < 0 || v2 > index[best]) ? k : best), -1);
    const other = xvar === "lambda" ? (larger >= 0 ? f.df[larger] : expected) : normLarger >= 0 ? f.df[normLarger] : expected;
    if (other !== expected) discriminating++;
  }
  expect(discriminating).toBeGreaterThan(0);
}

function everNonzero(f: GlmnetFit): number[] {
  const out: number[] = [];
  for (let j = 0; j < f.dim[0]; j++) if (f.beta.some((b) => b[j] !== 0)) out.push(j);
  return out;
}

describe("pretty() is R's pretty()", () => {
  it("gives R's ticks", () => {
    expect(pretty(1, 10).values).toEqual([0, 2, 4, 6, 8, 10]);
    expect(pretty(0, 1).values.map((v) => +v.toFixed(10))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(pretty(-4.2, 3.8).values).toEqual([-6, -4, -2, 0, 2, 4]);
    expect(pretty(0, 3400).values).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
    expect(pretty(0, 0).values.length).toBeGreaterThanOrEqual(2);
  });
});

describe("plotPath", () => {
  for (const xvar of ["lambda", "norm"] as const) {
    it(`xvar = "${xvar}": one curve per feature ever nonzero, labelled axes, df on top`, () => {
      const svg = plotPath(fit, { xvar, labels: NAMES });
      writeFileSync(resolve(artifacts, `path-${xvar}.svg`), svg);
      const els = parse(svg);
      checkRoot(els, 640, 440);
      const curves = els.filter((e) => e.name === "path" && e.attrs.class === "coef");
      expect(curves.map((e) => Number(e.attrs["data-feature"]))).toEqual(everNonzero(fit));
      // each curve visits every λ of the fit
      for (const c of curves) expect(c.attrs.d.match(/[ML]/g)!.length).toBe(fit.lambda.length);
      expect(byClass(els, "xlab")[0].text).toBe(xvar === "lambda" ? "Log Lambda" : "L1 Norm");
      expect(byClass(els, "ylab")[0].text).toBe("Coefficients");
      expect(byClass(els, "ytick").length).toBeGreaterThanOrEqual(3);

      // the top axis: at its ticks, the number of nonzero coefficients as R computes it
      const ax = xAxis(els);
      const tops = byClass(els, "df");
      expect(tops.length).toBeGreaterThanOrEqual(3);
      // the top ticks sit on R's pretty() of the data range
      const index = xvar === "lambda" ? Array.from(fit.lambda, Math.log) : fit.beta.map((b) => b.reduce((s, v) => s + Math.abs(v), 0));
      const atdf = pretty(Math.min(...index), Math.max(...index)).values;
      for (const t of tops) {
        const v = ax.toV(Number(t.attrs.x));
        const at = atdf.find((a) => Math.abs(a - v) < 1e-3 * (atdf[1] - atdf[0]));
        expect(at).toBeDefined();
        expect(Number(t.text)).toBe(xvar === "lambda" ? dfAtLogLambda(fit, at!) : dfAtNorm(fit, at!));
      }
      checkTopAxis(coarse, xvar);
      // every feature is labelled with its name, in its curve's colour
      const labels = byClass(els, "label");
      expect(labels.map((e) => e.text).sort()).toEqual(everNonzero(fit).map((j) => NAMES[j]).sort());
      for (const l of labels) {
        const curve = curves.find((c) => c.attrs["data-feature"] === l.attrs["data-feature"])!;
        expect(l.attrs.fill).toBe(curve.attrs.stroke);
      }
      // labels do not overlap
      const ys = labels.map((l) => Number(l.attrs.y)).sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(12);
    });
  }

  it("x positions are log(λ) (lambda) and ‖β‖₁ (norm)", () => {
    for (const xvar of ["lambda", "norm"] as const) {
      const els = parse(plotPath(fit, { xvar }));
      const ax = xAxis(els);
      const curve = els.find((e) => e.name === "path" && e.attrs.class === "coef")!;
      const xs = [...curve.attrs.d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => Number(m[1]));
      fit.lambda.forEach((l, k) => {
        const v = xvar === "lambda" ? Math.log(l) : fit.beta[k].reduce((s, b) => s + Math.abs(b), 0);
        expect(Math.abs(xs[k] - ax.toX(v))).toBeLessThan(0.02);
      });
    }
  });

  it("default labels are R's sequence numbers; text is escaped", () => {
    const els = parse(plotPath(fit, { xvar: "lambda" }));
    expect(byClass(els, "label").map((e) => e.text).sort()).toEqual(everNonzero(fit).map((j) => String(j + 1)).sort());
    const nasty = NAMES.map((n, j) => (j === 2 ? `<b>&"x'</b>` : n));
    const svg = plotPath(fit, { labels: nasty, title: "a < b & c" });
    const e2 = parse(svg);
    expect(svg).not.toContain("<b>");
    expect(byClass(e2, "title")[0].text).toBe(escapeXml("a < b & c"));
    expect(byClass(e2, "label").some((e) => e.text === "&lt;b&gt;&amp;&quot;x&#39;&lt;/b&gt;")).toBe(true);
  });

  it("shortens long labels with an ellipsis, keeps the full name as the curve's tooltip", () => {
    const long = NAMES.map((n, j) => (j === 3 ? "blood pressure, mean arterial, in millimetres of mercury" : n));
    const els = parse(plotPath(fit, { labels: long, width: 400, height: 300 }));
    const bp = byClass(els, "label").find((e) => e.attrs["data-feature"] === "3")!;
    expect(bp.text.endsWith("\u2026")).toBe(true);
    expect(long[3].startsWith(bp.text.slice(0, -1))).toBe(true);
    const curve = els.find((e) => e.name === "path" && e.attrs["data-feature"] === "3")!;
    const tooltip = els[els.indexOf(curve) + 1];
    expect(tooltip.name).toBe("title");
    expect(tooltip.text).toBe(long[3]);
    // the plot keeps most of the width
    const frame = byClass(els, "frame")[0];
    expect(Number(frame.attrs.width)).toBeGreaterThan(400 * 0.4);
  });

  it("is deterministic and sized as asked", () => {
    expect(plotPath(fit)).toBe(plotPath(fit));
    checkRoot(parse(plotPath(fit, { width: 900, height: 300 })), 900, 300);
  });

  it("draws an empty plot when every coefficient is zero, and a single λ", () => {
    const d = loadDataset("diabetes");
    const zero = glmnet(d.X, d.y, { lambda: [1e6] });
    const els = parse(plotPath(zero, { xvar: "lambda" }));
    expect(els.filter((e) => e.attrs.class === "coef").length).toBe(0);
    expect(byClass(els, "empty").length).toBe(1);
    const one = glmnet(d.X, d.y, { lambda: [1] });
    for (const xvar of ["lambda", "norm"] as const) {
      const e = parse(plotPath(one, { xvar }));
      expect(e.filter((x) => x.attrs.class === "coef").length).toBe(everNonzero(one).length);
      expect(plotPath(one, { xvar })).not.toMatch(/NaN|Infinity/);
    }
  });

  it("rejects bad options with typed errors", () => {
    expect(() => plotPath(fit, { labels: ["a"] })).toThrow(L1L2Error);
    expect(() => plotPath(fit, { xvar: "dev" as never })).toThrow(/xvar/);
    expect(() => plotPath(fit, { width: -1 })).toThrow(/width/);
  });

  it("labels as many curves as fit when p > n (largest final coefficients first)", () => {
    const s = loadDataset("synth_pn_60x300");
    const f = glmnet(s.X, s.y);
    const svg = plotPath(f, { xvar: "lambda" });
    writeFileSync(resolve(artifacts, "path-p-gt-n.svg"), svg);
    const els = parse(svg);
    expect(els.filter((e) => e.attrs.class === "coef").length).toBe(everNonzero(f).length);
    const labels = byClass(els, "label");
    expect(labels.length).toBeGreaterThan(5);
    expect(labels.length).toBeLessThanOrEqual(everNonzero(f).length);
    const ys = labels.map((l) => Number(l.attrs.y)).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(12);
    const last = f.beta[f.beta.length - 1];
    const minShown = Math.min(...labels.map((l) => Math.abs(last[Number(l.attrs["data-feature"])])));
    const hidden = everNonzero(f).filter((j) => !labels.some((l) => Number(l.attrs["data-feature"]) === j));
    for (const j of hidden) expect(Math.abs(last[j])).toBeLessThanOrEqual(minShown);
  });
});

describe("plotCV", () => {
  it("red dots at cvm, grey ±1 SE bars, λ_min and λ_1se lines, nzero on top, y label = name", () => {
    const svg = plotCV(cv);
    writeFileSync(resolve(artifacts, "cv.svg"), svg);
    const els = parse(svg);
    checkRoot(els, 640, 440);
    const ax = xAxis(els);
    expect(byClass(els, "xlab")[0].text).toBe("Log(\u03bb)");
    expect(byClass(els, "ylab")[0].text).toBe(cv.name);

    const dots = els.filter((e) => e.name === "circle");
    expect(dots.length).toBe(cv.lambda.length);
    expect(byClass(els, "cvm")[0].attrs.fill).toBe("#e41a1c");
    dots.forEach((d, k) => expect(Math.abs(Number(d.attrs.cx) - ax.toX(Math.log(cv.lambda[k])))).toBeLessThan(0.02));

    // the y axis: cvm, cvup and cvlo land where the left ticks say
    const yt = byClass(els, "ytick").map((e) => ({ v: num(e.text), y: Number(e.attrs.y) }));
    const ky = (yt[yt.length - 1].y - yt[0].y) / (yt[yt.length - 1].v - yt[0].v);
    const toY = (v: number) => yt[0].y + (v - yt[0].v) * ky;
    dots.forEach((d, k) => expect(Math.abs(Number(d.attrs.cy) - toY(cv.cvm[k]))).toBeLessThan(0.02));
    const bars = byClass(els, "error-bars")[0];
    expect(bars.attrs.stroke).toBe("#a9a9a9");
    const barPath = els[els.indexOf(bars) + 1];
    expect(barPath.name).toBe("path");
    const verticals = [...barPath.attrs.d.matchAll(/M(-?[\d.]+) (-?[\d.]+)V(-?[\d.]+)/g)];
    expect(verticals.length).toBe(cv.lambda.length);
    verticals.forEach((m, k) => {
      expect(Math.abs(Number(m[2]) - toY(cv.cvup[k]))).toBeLessThan(0.02);
      expect(Math.abs(Number(m[3]) - toY(cv.cvlo[k]))).toBeLessThan(0.02);
    });

    // dashed vertical lines at log λ_min and log λ_1se
    for (const [cls, lam] of [["lambda-min", cv.lambdaMin], ["lambda-1se", cv.lambda1se]] as const) {
      const line = byClass(els, cls);
      expect(line.length).toBe(1);
      expect(line[0].attrs.x1).toBe(line[0].attrs.x2);
      expect(Math.abs(Number(line[0].attrs.x1) - ax.toX(Math.log(lam)))).toBeLessThan(0.02);
    }
    expect(byClass(els, "lambda-lines")[0].attrs["stroke-dasharray"]).toBeTruthy();
    expect(cv.lambda1se).toBeGreaterThanOrEqual(cv.lambdaMin);

    // top: each count sits at a λ of the fit and is nzero there; they do not overlap
    const tops = byClass(els, "df");
    expect(tops.length).toBeGreaterThan(5);
    expect(tops[0].text).toBe(String(cv.nzero[0]));
    let prevX = Infinity;
    for (const t of tops) {
      const x = Number(t.attrs.x);
      const k = cv.lambda.findIndex((l) => Math.abs(ax.toX(Math.log(l)) - x) < 0.02);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(Number(t.text)).toBe(cv.nzero[k]);
      expect(prevX - x).toBeGreaterThan(10); // right to left, apart
      prevX = x;
    }
  });

  it("is deterministic, escapes the measure name and sizes as asked", () => {
    expect(plotCV(cv)).toBe(plotCV(cv));
    const els = parse(plotCV({ ...cv, name: "<err> & co" }, { width: 500, height: 320, title: "CV \"diabetes\"" }));
    checkRoot(els, 500, 320);
    expect(byClass(els, "ylab")[0].text).toBe("&lt;err&gt; &amp; co");
  });

  it("marks λ_min = λ_1se once each, labels apart", () => {
    const same = { ...cv, lambda1se: cv.lambdaMin, index1se: cv.indexMin };
    const els = parse(plotCV(same));
    const a = byClass(els, "lambda-min-label")[0], b = byClass(els, "lambda-1se-label")[0];
    expect(Math.abs(Number(a.attrs.y) - Number(b.attrs.y)) + Math.abs(Number(a.attrs.x) - Number(b.attrs.x))).toBeGreaterThan(10);
  });
});
