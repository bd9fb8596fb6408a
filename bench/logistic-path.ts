// T5: the L1-logistic path. Every solver fits the same objective
//   F(β, b) = (1/n)·Σ log(1 + exp(−sᵢ(xᵢβ + b))) + l1·‖β‖₁,  sᵢ = 2yᵢ − 1, b unpenalized,
// over the same explicit grid (l1 from λ_max = ‖Xᵀ(y − ȳ)‖∞/n down to ratio·λ_max, geometric),
// read from grid.f64 so that no value is rounded on the way. l1l2 and glmnet take l1 as λ
// (binomial, α = 1, standardize = FALSE); scikit-learn's LogisticRegression takes C = 1/(n·l1).
// liblinear penalizes the intercept: it runs with a large intercept_scaling, which makes that
// penalty |b|/scaling negligible (the grading shows how close it gets). Every answer is graded
// in JS at every 5th point and the last: suboptimality against a tight reference (l1l2 at
// thresh 1e-14, untimed, or whichever solver did better at that point) and the KKT violation.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glmnet } from "../src/index.js";
import type { Dataset } from "./data.js";
import { logisticQuality } from "./metrics.js";
import { glmnetPeer } from "./peers/glmnet.js";
import { design, initL1L2, timeL1L2 } from "./peers/l1l2.js";
import { sklearnPeer } from "./peers/sklearn.js";
import { runScriptJson } from "./peers/subprocess.js";
import type { PathRunBase, RunOptions } from "./problem.js";
import { PRECISE, ex, ms, notesCell, ratioCell } from "./report.js";
import { grid } from "./paths.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PY = "/usr/bin/python3", PY_SCRIPT = join(HERE, "peers", "sklearn_logistic_bench.py");
const R = "Rscript", R_SCRIPT = join(HERE, "peers", "glmnet_logistic_bench.R");

export interface LogisticPathCase {
  id: string;
  kind: "logpath";
  title: string;
  datasets: string[];
  nLambda: number;
  /** Smallest λ / λ_max. */
  ratio: number;
  /** l1l2's thresh (glmnet face: KKT ≤ thresh·1e-3 of λ_max's scale). */
  thresh: number;
  /** R glmnet's thresh (its rule: a weighted squared change of the coefficients). */
  glmnetThresh: number;
  /** scikit-learn's tol per solver (liblinear: its own gradient rule; saga: max change of the coefficients). */
  sklearnTol: { liblinear: number; saga: number };
  /** liblinear's intercept_scaling. */
  interceptScaling: number;
}

export interface LogisticPathRow extends PathRunBase {
  objectives?: number[];
  /** max over the graded points of (F − F_ref)/F_ref. */
  worstSubopt?: number;
  /** max over the graded points of the KKT violation / l1 at that point. */
  worstKkt?: number;
  nnzLast?: number;
  ratio?: number;
}

export interface LogisticPathResult {
  caseId: string; kind: "logpath"; title: string;
  dataset: { name: string; n: number; p: number };
  lambdaMax: number; ratio: number; nLambda: number; graded: number[];
  settings: string; fastest: string | null; rows: LogisticPathRow[];
}

const bytes = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** λ_max of the L1-logistic problem with an intercept: ‖Xᵀ(y − ȳ)‖∞/n. */
function logisticLambdaMax(d: Dataset): number {
  const { n, p, X, y } = d;
  let ym = 0;
  for (const v of y) ym += v;
  ym /= n;
  const g = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0, o = i * p, r = y[i] - ym; j < p; j++) g[j] += X[o + j] * r;
  return Math.max(...g.map((v) => Math.abs(v) / n));
}

type Coefs = { coefs: ArrayLike<number>[]; intercepts: ArrayLike<number> };

export async function runLogisticPathCase(c: LogisticPathCase, data: Map<string, Dataset>, peerFilter: string[] | null,
                                          opts: RunOptions, log: (s: string) => void): Promise<LogisticPathResult[]> {
  const wanted = (name: string) => !peerFilter || peerFilter.some((f) => name.toLowerCase().startsWith(f.toLowerCase()));
  const out: LogisticPathResult[] = [];
  for (const name of c.datasets) {
    const d = data.get(name);
    if (!d) continue;
    const lmax = logisticLambdaMax(d), lam = grid(lmax, c.ratio, c.nLambda);
    const graded: number[] = [];
    for (let k = 0; k < c.nLambda; k += 5) graded.push(k);
    if (graded[graded.length - 1] !== c.nLambda - 1) graded.push(c.nLambda - 1);
    const dir = mkdtempSync(join(tmpdir(), "l1l2-logpath-"));
    writeFileSync(join(dir, "grid.f64"), bytes(lam));
    writeFileSync(join(dir, "graded.i32"), bytes(Int32Array.from(graded)));
    const res: LogisticPathResult = {
      caseId: c.id, kind: "logpath", title: c.title, dataset: { name: d.name, n: d.n, p: d.p },
      lambdaMax: lmax, ratio: c.ratio, nLambda: c.nLambda, graded, fastest: null, rows: [],
      settings: `l1l2 thresh = ${c.thresh}, glmnet thresh = ${c.glmnetThresh}, scikit-learn tol = ${c.sklearnTol.liblinear} (liblinear), ${c.sklearnTol.saga} (saga), ` +
        `liblinear intercept_scaling = ${c.interceptScaling}`,
    };
    const coefs = new Map<string, Coefs>();
    const timeout = opts.quick ? 120_000 : 900_000;
    const scriptArgs = [String(opts.samples), String(opts.minSampleMs), String(opts.maxTotalMs), dir];

    const l1l2 = (thresh: number) => {
      initL1L2();
      const { D, uploadMs } = design(d);
      const fit = () => glmnet(D, d.y, {
        family: "binomial", lambda: lam, standardize: false, thresh, maxit: 1e8, control: { fdev: 0, devmax: 1 },
      });
      return { fit, uploadMs, D };
    };
    // the reference: l1l2 far tighter than any timed run (untimed)
    const ref = l1l2(1e-14).fit();
    const reference: Coefs = { coefs: graded.map((k) => ref.beta[k]), intercepts: graded.map((k) => ref.a0[k]) };

    const script = async (solver: string, cmd: string, args: string[]): Promise<LogisticPathRow> => {
      const r = await runScriptJson(cmd, args, timeout);
      if (r.status !== "ok") return { solver, status: r.status, note: r.note };
      const j = r.json;
      coefs.set(solver, { coefs: j.coefs, intercepts: j.intercepts });
      return { solver, status: "ok", timing: j.timing, nIter: j.nIter ?? undefined, converged: j.converged, detail: j.detail };
    };
    const sk = (solver: "liblinear" | "saga") => ({
      solver: `scikit-learn ${solver}`, missing: () => sklearnPeer.unavailable(),
      run: () => script(`scikit-learn ${solver}`, PY, [PY_SCRIPT, d.dir, solver, String(c.sklearnTol[solver]), String(c.interceptScaling), ...scriptArgs]),
    });
    const jobs: { solver: string; run: () => Promise<LogisticPathRow>; missing?: () => string | null }[] = [
      {
        solver: "l1l2", run: async () => {
          const { fit, uploadMs, D } = l1l2(c.thresh);
          const { timing, result: r, peak } = timeL1L2(D, fit, opts);
          coefs.set("l1l2", { coefs: graded.map((k) => r.beta[k]), intercepts: graded.map((k) => r.a0[k]) });
          return {
            solver: "l1l2", status: "ok", timing, nIter: r.npasses, converged: r.converged.every(Boolean), extraMs: { upload: uploadMs },
            detail: `glmnet(D, y, { family: "binomial", lambda: grid, standardize: false, thresh: ${c.thresh}, control: { fdev: 0, devmax: 1 } }); ${peak}`,
          };
        },
      },
      { solver: "glmnet", missing: () => glmnetPeer.unavailable(),
        run: () => script("glmnet", R, [R_SCRIPT, d.dir, String(c.glmnetThresh), ...scriptArgs]) },
      sk("liblinear"),
      sk("saga"),
    ];
    try {
      for (const job of jobs) {
        if (!wanted(job.solver)) continue;
        log(`${c.id} ${d.name} ${job.solver} … `);
        let row: LogisticPathRow;
        const missing = job.missing?.();
        if (missing) row = { solver: job.solver, status: "missing", note: missing };
        else {
          try { row = await job.run(); } catch (e) { row = { solver: job.solver, status: "error", note: String(e).split("\n")[0] }; }
        }
        log(row.status === "ok" ? `${row.timing!.medianMs.toPrecision(4)} ms\n` : `${row.status}: ${row.note}\n`);
        res.rows.push(row);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    grade(res, d, lam, coefs, reference);
    out.push(res);
  }
  return out;
}

function grade(res: LogisticPathResult, d: Dataset, lam: Float64Array, coefs: Map<string, Coefs>, reference: Coefs): void {
  const ok = res.rows.filter((r) => r.status === "ok" && coefs.has(r.solver));
  const score = (c: Coefs) => res.graded.map((k, t) => logisticQuality(d, lam[k], c.coefs[t], c.intercepts[t]));
  const best = score(reference).map((q) => q.objective);
  for (const r of ok) {
    const qs = score(coefs.get(r.solver)!);
    r.objectives = qs.map((q) => q.objective);
    r.worstKkt = Math.max(...qs.map((q, t) => q.kkt / lam[res.graded[t]]));
    r.nnzLast = qs[qs.length - 1].nnz;
    qs.forEach((q, t) => { best[t] = Math.min(best[t], q.objective); });
  }
  for (const r of ok) r.worstSubopt = Math.max(...r.objectives!.map((f, t) => (f - best[t]) / Math.abs(best[t])));
  const precise = ok.filter((r) => r.worstSubopt! <= PRECISE);
  const fastest = precise.reduce<LogisticPathRow | null>((a, b) => (!a || b.timing!.medianMs < a.timing!.medianMs ? b : a), null);
  res.fastest = fastest?.solver ?? null;
  for (const r of ok) if (fastest) r.ratio = r.timing!.medianMs / fastest.timing!.medianMs;
}


export function logisticPathMarkdown(rs: LogisticPathResult[]): string[] {
  const first = rs[0];
  const lines = [
    rs.map((r) => `${r.dataset.name}: λ_max = ${r.lambdaMax.toPrecision(6)} → ${r.ratio}·λ_max`).join("; ") +
    `; ${first.nLambda} points, the same explicit grid for every solver. Objective (1/n)·Σ logloss + l1·‖β‖₁, intercept ` +
    "unpenalized (l1l2 and glmnet: binomial, λ = l1, standardize = FALSE; scikit-learn: C = 1/(n·l1), warm starts for saga; " +
    "liblinear penalizes its intercept, made negligible by intercept_scaling). " + `${first.settings}. Graded in JS at points ` +
    `${first.graded.join(", ")}: worst subopt = max of (F − F_ref)/F_ref, F_ref = l1l2 at thresh 1e-14 (untimed) or a better ` +
    `solver at that point; worst KKT = max violation / l1. × fastest among solvers with worst subopt ≤ ${PRECISE}.`, "",
    "| data (n × p) | solver | median ms (whole path) | × fastest | worst subopt | worst KKT/l1 | nnz at last λ | iters (sum) | notes |",
    "|---|---|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of rs) {
    const data = `${r.dataset.name} (${r.dataset.n} × ${r.dataset.p})`;
    for (const x of r.rows) {
      if (x.status !== "ok") { lines.push(`| ${data} | ${x.solver} | – | – | – | – | – | – | **${x.status}**: ${x.note ?? ""} |`); continue; }
      const notes = notesCell(x, x.worstSubopt, "run"), ratio = ratioCell(x, r.fastest);
      lines.push(`| ${data} | ${x.solver} | ${ms(x.timing!.medianMs)} | ${ratio} | ${ex(x.worstSubopt)} | ${ex(x.worstKkt)} | ` +
        `${x.nnzLast ?? "–"} | ${x.nIter ?? "–"} | ${notes} |`);
    }
  }
  lines.push("");
  return lines;
}
