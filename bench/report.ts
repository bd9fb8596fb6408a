// Writes bench/results/latest.json and latest.md (and returns the markdown for stdout):
// per case and solver the median fit time, the ratio to the fastest solver that reached the
// common precision, the objective and how far each is from the best one found.
import { execSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProxRow } from "./prox-bench.js";
import { pathMarkdown, PathResult } from "./paths.js";
import { logisticPathMarkdown, LogisticPathResult } from "./logistic-path.js";
import type { SolverRun } from "./problem.js";
import type { Timing } from "./timing.js";

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "results");
/** A solver counts for "fastest" only if its objective is within this (relative) of the best. */
export const PRECISE = 1e-6;

export interface RunRow extends Omit<SolverRun, "coef"> {
  /** (F − F_best)/|F_best|, F recomputed in JS. */
  subopt?: number;
  /** time / fastest precise solver's time in this case × dataset. */
  ratio?: number;
}

export interface FitResult {
  caseId: string; kind: "fit"; title: string;
  dataset: { name: string; n: number; p: number };
  recipe: string; l1: number; l2: number; tol: number; thresh: number;
  bestObjective: number; fastest: string | null;
  rows: RunRow[];
}
export interface TodoResult { caseId: string; kind: "todo"; title: string; why: string }
export interface ProxResult { caseId: string; kind: "prox"; title: string; length: number; rows: (ProxRow & { ratio: number })[] }
export type CaseResult = FitResult | TodoResult | ProxResult | PathResult | LogisticPathResult;

export function machine(versions: Record<string, string>): Record<string, string> {
  let model = cpus()[0]?.model ?? "?";
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m);
    if (m) model = m[1].trim();
  } catch { /* not Linux */ }
  let commit = "?";
  try {
    commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    if (execSync("git status --porcelain -- src assembly", { encoding: "utf8" }).trim()) commit += " (+ uncommitted src/assembly changes)";
  } catch { /* not a checkout */ }
  return {
    cpu: model, cores: String(cpus().length), memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    "load average at start": loadavg().map((v) => v.toFixed(2)).join(", "),
    node: process.version, "l1l2 commit": commit, ...versions,
  };
}

/** Fills subopt and ratio in place. */
export function rank(r: FitResult): void {
  const ok = r.rows.filter((x) => x.status === "ok" && x.quality);
  r.bestObjective = Math.min(...ok.map((x) => x.quality!.objective));
  for (const x of ok) x.subopt = (x.quality!.objective - r.bestObjective) / Math.abs(r.bestObjective);
  const precise = ok.filter((x) => x.subopt! <= PRECISE && x.timing);
  const fastest = precise.reduce<RunRow | null>((a, b) => (!a || b.timing!.medianMs < a.timing!.medianMs ? b : a), null);
  r.fastest = fastest?.solver ?? null;
  for (const x of ok) if (fastest && x.timing) x.ratio = x.timing.medianMs / fastest.timing!.medianMs;
}

export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
export const ex = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "–" : v === 0 ? "0" : v.toExponential(1));

/** What every timed row of every table reports. */
interface TimedRow {
  solver: string;
  converged?: boolean;
  extraMs?: Record<string, number>;
  timing?: Timing;
  detail?: string;
  ratio?: number;
}

/**
 * The notes cell of a timed row: excluded for precision (subopt above PRECISE), convergence,
 * side timings, how few samples, and how the solver was called. `unit` names one sample.
 */
export function notesCell(x: TimedRow, subopt: number | undefined, unit: "fit" | "run"): string {
  const notes: string[] = [];
  if (subopt !== undefined && subopt > PRECISE) notes.push("not at the common precision: excluded from ×fastest");
  if (x.converged === false) notes.push("reports not converged");
  if (x.extraMs) notes.push(Object.entries(x.extraMs).map(([k, v]) => `${k} ${ms(v)} ms`).join(", "));
  const n = x.timing!.samples;
  if (n < 3) notes.push(`${n} timed ${unit}${n > 1 ? "s" : ""}`);
  if (x.detail) notes.push(x.detail);
  return notes.join("; ");
}

/** The "× fastest" cell: bold 1.00 for the fastest solver. */
export function ratioCell(x: TimedRow, fastest: string | null | undefined): string {
  return x.ratio === undefined ? "–" : x.solver === fastest ? "**1.00**" : x.ratio.toFixed(2);
}

function fitTable(rs: FitResult[]): string[] {
  const out = [
    "| data (n × p) | solver | median ms | × fastest | objective | subopt | gap/‖ỹ‖² | KKT/λmax | nnz | iters | notes |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of rs) {
    for (const x of r.rows) {
      const data = `${r.dataset.name} (${r.dataset.n} × ${r.dataset.p})`;
      if (x.status !== "ok") {
        out.push(`| ${data} | ${x.solver} | – | – | – | – | – | – | – | – | **${x.status}**: ${x.note ?? ""} |`);
        continue;
      }
      const q = x.quality!, t = x.timing!;
      out.push(`| ${data} | ${x.solver} | ${ms(t.medianMs)} | ${ratioCell(x, r.fastest)} | ${q.objective.toPrecision(12)} | ${ex(x.subopt)} | ` +
        `${ex(q.relGap)} | ${ex(q.kkt)} | ${q.nnz} | ${x.nIter ?? "–"} | ${notesCell(x, x.subopt, "fit")} |`);
    }
  }
  return out;
}

export function markdown(results: CaseResult[], mach: Record<string, string>, opts: { quick: boolean; timer: string; args?: string }): string {
  const lines: string[] = [
    `# l1l2 benchmarks${opts.quick ? " (--quick: smaller datasets S1q/S2q/S3q)" : ""}`, "",
    `Generated ${new Date().toISOString()} by \`npm run bench${opts.args ? ` -- ${opts.args}` : opts.quick ? " -- --quick" : ""}\`. ` +
    "Machines here are shared and noisy: compare ratios within one run, not absolute times across runs.", "",
    "| machine | |", "|---|---|",
    ...Object.entries(mach).map(([k, v]) => `| ${k} | ${v} |`), "",
    `**Timing.** ${opts.timer}`, "",
    "**Precision.** objective = (1/2n)‖y − Xβ − b‖² + l1‖β‖₁ + l2‖β‖², recomputed in JS from each solver's coef and intercept. " +
    "subopt = (F − F_best)/F_best over all solvers in the row group; gap/‖ỹ‖² = scikit-learn's duality gap " +
    "(intercept profiled out) in its tol units; KKT/λmax = largest violation of the optimality conditions. " +
    `× fastest = time / time of the fastest solver with subopt ≤ ${PRECISE} (bold = that solver). ` +
    "Objective differences below ~1e-14 relative are rounding. iters: l1l2 and plain TS count every coordinate-descent " +
    "sweep (full and active-set), scikit-learn its full sweeps (n_iter_), glmnet its passes (npasses), scikitjs Adam epochs.", "",
  ];
  for (const id of [...new Set(results.map((r) => r.caseId))]) {
    const rs = results.filter((r) => r.caseId === id);
    const first = rs[0];
    lines.push(`## ${id}: ${first.title}`, "");
    if (first.kind === "todo") { lines.push(`**not implemented yet** (${first.why}).`, ""); continue; }
    if (first.kind === "prox") {
      lines.push(`n = ${first.length.toExponential(0)}, timed with Benchmark.js (median of its cycle samples, ± rme of the mean).`, "",
        "| solver | median ms | × fastest | mean ms ± rme | samples | max abs diff vs plain loop | zeros | how |",
        "|---|--:|--:|--:|--:|--:|--:|---|",
        ...first.rows.map((x) => `| ${x.solver} | ${ms(x.medianMs)} | ${x.ratio.toFixed(2)} | ${ms(x.meanMs)} ± ${x.rmePct.toFixed(1)}% | ` +
          `${x.samples} | ${ex(x.maxAbsDiff)} | ${x.zeros} | ${x.detail} |`), "");
      continue;
    }
    if (first.kind === "path") { lines.push(...pathMarkdown(rs as PathResult[])); continue; }
    if (first.kind === "logpath") { lines.push(...logisticPathMarkdown(rs as LogisticPathResult[])); continue; }
    const fits = rs as FitResult[];
    lines.push(fits.map((r) => `${r.dataset.name}: ${r.recipe}`).join("; ") +
      `; tol = ${first.tol} (l1l2, plain TS, sklearn), glmnet thresh = ${first.thresh}.`, "", ...fitTable(fits), "");
  }
  return lines.join("\n");
}

export function write(results: CaseResult[], mach: Record<string, string>, md: string, tag: string): { json: string; md: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = join(RESULTS_DIR, `${tag}.json`), mdPath = join(RESULTS_DIR, `${tag}.md`);
  writeFileSync(json, JSON.stringify({ machine: mach, generated: new Date().toISOString(), results }, null, 1) + "\n");
  writeFileSync(mdPath, md + "\n");
  return { json, md: mdPath };
}
