// T2 (a Lasso path over a fixed 100-λ grid, warm starts) and T3 (10-fold CV over that grid with
// fixed folds). Every solver gets the same explicit, decreasing grid of canonical l1 values
// (λ_max of the centred problem down to ratio·λ_max, geometric) and the same folds, through
// binary files (grid.f64, graded.i32, foldid.i32) so that no value is rounded on the way.
// T2 is graded in JS (metrics.ts) at every 10th point and the last: precision = the worst
// relative suboptimality over those points against the best solver at each point.
// T3 reports λ_min (its index on the grid), whether it agrees with R's cv.glmnet, and how far
// each CV curve is from R's.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cvGlmnet, lassoPath } from "../src/index.js";
import { GLMNET_THRESH, PathCase, TOL } from "./cases.js";
import type { Dataset } from "./data.js";
import { assess, columnMeans, lambdaMax } from "./metrics.js";
import { glmnetPeer } from "./peers/glmnet.js";
import { design, initL1L2, timeL1L2 } from "./peers/l1l2.js";
import { plainDesignOf } from "./peers/plain.js";
import { sklearnPeer } from "./peers/sklearn.js";
import { plainLassoPath } from "./plain-ts-cd.js";
import { runScriptJson } from "./peers/subprocess.js";
import type { PathRunBase, RunOptions } from "./problem.js";
import { PRECISE, ex, ms, notesCell, ratioCell } from "./report.js";
import { timeIt } from "./timing.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PY = "/usr/bin/python3", PY_SCRIPT = join(HERE, "peers", "sklearn_bench.py");
const R = "Rscript", R_SCRIPT = join(HERE, "peers", "glmnet_path_bench.R");
const FOLD_SEED = 20240601;

export interface PathRow extends PathRunBase {
  /** T2: objective at each graded point (filled in JS). */
  objectives?: number[];
  /** T2: worst (F − F_best)/|F_best| over the graded points. */
  worstSubopt?: number;
  /** T2: worst duality gap / ‖ỹ‖² over the graded points. */
  worstGap?: number;
  /** T2: nonzeros at the last point. */
  nnzLast?: number;
  /** T3 */
  lambdaMin?: number;
  indexMin?: number;
  cvm?: number[];
  /** T3: max |cvm − cvm_glmnet| / cvm_glmnet over the grid. */
  cvmDiff?: number;
  ratio?: number;
}

export interface PathResult {
  caseId: string; kind: "path"; mode: "path" | "cv"; title: string;
  dataset: { name: string; n: number; p: number };
  lambdaMax: number; ratio: number; nLambda: number; nFolds?: number;
  graded: number[]; tol: number; thresh: number;
  fastest: string | null; reference?: string; rows: PathRow[];
}

/** mulberry32: a small seeded generator, so that the folds are the same in every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0-based fold of each row: i % K over a seeded shuffle of the rows. */
export function folds(n: number, K: number, seed = FOLD_SEED): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i), r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
  }
  const f = new Int32Array(n);
  for (let i = 0; i < n; i++) f[perm[i]] = i % K;
  return f;
}

/** λ_max → ratio·λ_max, geometric, nLambda points, decreasing. */
export function grid(lmax: number, ratio: number, nLambda: number): Float64Array {
  const g = new Float64Array(nLambda);
  for (let k = 0; k < nLambda; k++) g[k] = lmax * Math.pow(ratio, nLambda > 1 ? k / (nLambda - 1) : 0);
  g[0] = lmax;
  return g;
}

const bytes = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

type Log = (s: string) => void;

export async function runPathCase(c: PathCase, data: Map<string, Dataset>, peerFilter: string[] | null,
                                  opts: RunOptions, log: Log): Promise<PathResult[]> {
  // peer names by prefix; the screening-off variant only when named ("l1l2 (", "noscreen") or with no filter
  const wanted = (name: string) => !peerFilter || peerFilter.some((f) => {
    const g = f.toLowerCase(), s = name.toLowerCase();
    return s.includes("(screening off)") ? g === "noscreen" || (g.startsWith("l1l2 (") && s.startsWith(g)) : s.startsWith(g);
  });
  const out: PathResult[] = [];
  for (const name of c.datasets) {
    const d = data.get(name);
    if (!d) continue;
    const mu = columnMeans(d), lmax = lambdaMax(d, mu);
    const ratio = d.p > d.n ? c.ratio.wide : c.ratio.tall;
    const lam = grid(lmax, ratio, c.nLambda);
    const graded: number[] = [];
    for (let k = 0; k < c.nLambda; k += 10) graded.push(k);
    if (graded[graded.length - 1] !== c.nLambda - 1) graded.push(c.nLambda - 1);
    const K = c.nFolds ?? 10, fold0 = folds(d.n, K), fold1 = fold0.map((v) => v + 1);
    const dir = mkdtempSync(join(tmpdir(), "l1l2-path-"));
    writeFileSync(join(dir, "grid.f64"), bytes(lam));
    writeFileSync(join(dir, "graded.i32"), bytes(Int32Array.from(graded)));
    writeFileSync(join(dir, "foldid.i32"), bytes(fold0));
    const res: PathResult = {
      caseId: c.id, kind: "path", mode: c.mode, title: c.title, dataset: { name: d.name, n: d.n, p: d.p },
      lambdaMax: lmax, ratio, nLambda: c.nLambda, nFolds: c.mode === "cv" ? K : undefined, graded,
      tol: TOL, thresh: GLMNET_THRESH, fastest: null, rows: [],
    };
    const coefs = new Map<string, { coefs: ArrayLike<number>[]; intercepts: ArrayLike<number> }>();
    const model = c.mode === "path" ? "lasso_path" : "lasso_cv";
    const scriptArgs = (tolOrThresh: number) => [String(tolOrThresh), String(opts.samples), String(opts.minSampleMs), String(opts.maxTotalMs)];
    // a peer still running after 300 s is ≥ 40× behind l1l2 on every full-size case, and a
    // full run (T2 + T3: six peer runs per dataset) has to finish within a session
    const timeout = opts.quick ? 60_000 : 300_000;
    type Job = { solver: string; run: () => Promise<PathRow>; missing?: () => string | null };

    const l1l2Path = (screening: boolean): PathRow => {
      initL1L2();
      const { D, uploadMs } = design(d);
      const { timing, result: r, peak } = timeL1L2(D, () => lassoPath(D, d.y, {
        alphas: lam, fitIntercept: true, tol: TOL, maxIter: 1_000_000, ...(screening ? {} : { screening: false }),
      }), opts);
      const solver = screening ? "l1l2" : "l1l2 (screening off)";
      coefs.set(solver, { coefs: graded.map((k) => r.coefs[k]), intercepts: graded.map((k) => r.intercepts[k]) });
      return {
        solver, status: "ok", timing, nIter: r.nIters.reduce((a, b) => a + b, 0), converged: r.converged.every(Boolean),
        extraMs: { upload: uploadMs },
        detail: `lassoPath(D, y, { alphas: grid, fitIntercept: true, tol: ${TOL}${screening ? "" : ", screening: false"} }); ${peak}`,
      };
    };
    // the same path engine in plain TypeScript (plain-ts-cd.ts plainLassoPath: warm starts,
    // strong rules, KKT checks, gaussian.ts's mode rule); the design copy is kept out of the timing
    const plainPath = (): PathRow => {
      const D = plainDesignOf(d);
      const { timing, result: r } = timeIt(() => plainLassoPath(D, d.y, lam, TOL, 1_000_000), opts);
      coefs.set("plain TS", { coefs: graded.map((k) => r.coefs[k]), intercepts: graded.map((k) => r.intercepts[k]) });
      const modes = Object.entries(r.modes).filter(([, v]) => v > 0).map(([m, v]) => `${m} ×${v}`).join(", ");
      return {
        solver: "plain TS", status: "ok", timing, nIter: r.sweeps.reduce((a, b) => a + b, 0), converged: r.converged.every(Boolean),
        detail: `plainLassoPath(D, y, grid, tol ${TOL}) (solves: ${modes})`,
      };
    };
    const script = async (solver: string, cmd: string, args: string[]): Promise<PathRow> => {
      const r = await runScriptJson(cmd, args, timeout);
      if (r.status !== "ok") return { solver, status: r.status, note: r.note };
      const j = r.json;
      if (c.mode === "path") coefs.set(solver, { coefs: j.coefs, intercepts: j.intercepts });
      return {
        solver, status: "ok", timing: j.timing, nIter: j.nIter ?? undefined, converged: j.converged, detail: j.detail,
        lambdaMin: j.lambdaMin, indexMin: j.indexMin, cvm: j.cvm,
      };
    };
    const jobs: Job[] = c.mode === "path" ? [
      { solver: "l1l2", run: async () => l1l2Path(true) },
      { solver: "l1l2 (screening off)", run: async () => l1l2Path(false) },
      { solver: "plain TS", run: async () => plainPath() },
    ] : [
      {
        solver: "l1l2", run: async () => {
          initL1L2();
          const { D, uploadMs } = design(d);
          const { timing, result: r, peak } = timeL1L2(D, () => cvGlmnet(D, d.y, {
            lambda: lam, foldid: Array.from(fold1), standardize: false, thresh: TOL, maxit: 100_000_000, control: { fdev: 0, devmax: 1 },
          }), opts);
          return {
            solver: "l1l2", status: "ok", timing, lambdaMin: r.lambdaMin, indexMin: r.indexMin, cvm: Array.from(r.cvm),
            converged: r.glmnetFit.converged.every(Boolean), nIter: r.glmnetFit.npasses, extraMs: { upload: uploadMs },
            detail: `cvGlmnet(D, y, { lambda: grid, foldid, standardize: false, thresh: ${TOL}, control: { fdev: 0, devmax: 1 } }); ${peak}`,
          };
        },
      },
    ];
    jobs.push(
      { solver: "scikit-learn", missing: () => sklearnPeer.unavailable(),
        run: () => script("scikit-learn", PY, [PY_SCRIPT, d.dir, model, "0", "0", ...scriptArgs(TOL), dir]) },
      { solver: "glmnet", missing: () => glmnetPeer.unavailable(),
        run: () => script("glmnet", R, [R_SCRIPT, d.dir, model, ...scriptArgs(GLMNET_THRESH), dir]) },
    );
    try {
      for (const job of jobs) {
        if (!wanted(job.solver)) continue;
        log(`${c.id} ${d.name} ${job.solver} … `);
        let row: PathRow;
        const missing = job.missing?.(), skip = c.skip?.(job.solver, opts.quick, name) ?? null;
        if (missing) row = { solver: job.solver, status: "missing", note: missing };
        else if (skip) row = { solver: job.solver, status: "skipped", note: skip };
        else {
          try { row = await job.run(); } catch (e) { row = { solver: job.solver, status: "error", note: String(e).split("\n")[0] }; }
        }
        log(row.status === "ok" ? `${row.timing!.medianMs.toPrecision(4)} ms` +
          (c.mode === "cv" ? `, λ_min = grid[${row.indexMin}]\n` : "\n") : `${row.status}: ${row.note}\n`);
        res.rows.push(row);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (c.mode === "path") gradePath(res, d, lam, coefs, mu, lmax);
    else gradeCv(res);
    out.push(res);
  }
  return out;
}

function gradePath(res: PathResult, d: Dataset, lam: Float64Array,
                   coefs: Map<string, { coefs: ArrayLike<number>[]; intercepts: ArrayLike<number> }>,
                   mu: Float64Array, lmax: number): void {
  const ok = res.rows.filter((r) => r.status === "ok" && coefs.has(r.solver));
  for (const r of ok) {
    const c = coefs.get(r.solver)!;
    const qs = res.graded.map((k, t) => assess(d, lam[k], 0, c.coefs[t], c.intercepts[t], mu, lmax));
    r.objectives = qs.map((q) => q.objective);
    r.worstGap = Math.max(...qs.map((q) => q.relGap));
    r.nnzLast = qs[qs.length - 1].nnz;
  }
  const best = res.graded.map((_, t) => Math.min(...ok.map((r) => r.objectives![t])));
  for (const r of ok) r.worstSubopt = Math.max(...r.objectives!.map((f, t) => (f - best[t]) / Math.abs(best[t])));
  const precise = ok.filter((r) => r.worstSubopt! <= PRECISE);
  const fastest = precise.reduce<PathRow | null>((a, b) => (!a || b.timing!.medianMs < a.timing!.medianMs ? b : a), null);
  res.fastest = fastest?.solver ?? null;
  for (const r of ok) if (fastest) r.ratio = r.timing!.medianMs / fastest.timing!.medianMs;
}

function gradeCv(res: PathResult): void {
  const ok = res.rows.filter((r) => r.status === "ok");
  const ref = ok.find((r) => r.solver === "glmnet") ?? ok.find((r) => r.solver === "l1l2");
  res.reference = ref?.solver;
  for (const r of ok) {
    if (ref?.cvm && r.cvm) {
      let m = 0;
      for (let k = 0; k < ref.cvm.length; k++) m = Math.max(m, Math.abs(r.cvm[k] - ref.cvm[k]) / ref.cvm[k]);
      r.cvmDiff = r.cvm.length === ref.cvm.length ? m : NaN;
    }
  }
  const fastest = ok.reduce<PathRow | null>((a, b) => (!a || b.timing!.medianMs < a.timing!.medianMs ? b : a), null);
  res.fastest = fastest?.solver ?? null;
  for (const r of ok) if (fastest) r.ratio = r.timing!.medianMs / fastest.timing!.medianMs;
}


/** The markdown of one path case (all its datasets). */
export function pathMarkdown(rs: PathResult[]): string[] {
  const first = rs[0], lines: string[] = [];
  const grids = rs.map((r) => `${r.dataset.name}: λ_max = ${r.lambdaMax.toPrecision(6)} → ${r.ratio}·λ_max`).join("; ");
  if (first.mode === "path") {
    lines.push(`${grids}; ${first.nLambda} points, the same explicit grid for every solver (canonical l1; glmnet's λ with ` +
      `standardize = FALSE; scikit-learn's alpha), intercept fitted (scikit-learn: lasso_path on the centred X, y, centring timed). ` +
      `tol = ${first.tol} (l1l2, scikit-learn), glmnet thresh = ${first.thresh} with glmnet.control(fdev = 0, devmax = 1). ` +
      `Graded in JS at points ${first.graded.join(", ")}: worst subopt = max over those points of (F − F_best)/F_best, F_best = the ` +
      `best solver at that point; worst gap = max gap/‖ỹ‖². × fastest among solvers with worst subopt ≤ ${PRECISE}.`, "",
      "| data (n × p) | solver | median ms (whole path) | × fastest | worst subopt | worst gap/‖ỹ‖² | nnz at last λ | iters (sum) | notes |",
      "|---|---|--:|--:|--:|--:|--:|--:|---|");
    for (const r of rs) {
      const data = `${r.dataset.name} (${r.dataset.n} × ${r.dataset.p})`;
      for (const x of r.rows) {
        if (x.status !== "ok") { lines.push(`| ${data} | ${x.solver} | – | – | – | – | – | – | **${x.status}**: ${x.note ?? ""} |`); continue; }
        const notes = notesCell(x, x.worstSubopt, "run"), ratio = ratioCell(x, r.fastest);
        lines.push(`| ${data} | ${x.solver} | ${ms(x.timing!.medianMs)} | ${ratio} | ${ex(x.worstSubopt)} | ${ex(x.worstGap)} | ` +
          `${x.nnzLast ?? "–"} | ${x.nIter ?? "–"} | ${notes} |`);
      }
    }
  } else {
    lines.push(`${grids}; ${first.nLambda} points (the T2 grid); ${first.nFolds} folds: fold of row i = position of i in a seeded ` +
      `shuffle (mulberry32, seed ${FOLD_SEED}) mod ${first.nFolds}, the same for every solver (l1l2/R foldid, scikit-learn ` +
      `PredefinedSplit). l1l2 thresh = ${first.tol} (its duality-gap rule), scikit-learn tol = ${first.tol}, glmnet thresh = ` +
      `${first.thresh}. λ_min = the grid point of least mean held-out MSE (index 0 = λ_max). cvm diff = max over the grid of ` +
      "|cvm − cvm_glmnet|/cvm_glmnet (scikit-learn: mse_path_ averaged over folds; equal fold sizes make this cv.glmnet's weighted mean " +
      "when 10 divides n). × fastest: time / the fastest solver's time. scikit-learn's LassoCV time includes its final refit at λ_min; " +
      "cv.glmnet's and cvGlmnet's include the full-data path.", "",
      "| data (n × p) | solver | median ms | × fastest | λ_min | index of λ_min | same as glmnet | cvm diff vs glmnet | notes |",
      "|---|---|--:|--:|--:|--:|:-:|--:|---|");
    for (const r of rs) {
      const data = `${r.dataset.name} (${r.dataset.n} × ${r.dataset.p})`;
      const ref = r.rows.find((x) => x.solver === r.reference);
      for (const x of r.rows) {
        if (x.status !== "ok") { lines.push(`| ${data} | ${x.solver} | – | – | – | – | – | – | **${x.status}**: ${x.note ?? ""} |`); continue; }
        const notes = notesCell(x, undefined, "run"), ratio = ratioCell(x, r.fastest);
        const same = !ref || r.reference !== "glmnet" ? "–" : x.indexMin === ref.indexMin ? "yes" : "**no**";
        lines.push(`| ${data} | ${x.solver} | ${ms(x.timing!.medianMs)} | ${ratio} | ${x.lambdaMin?.toPrecision(6) ?? "–"} | ` +
          `${x.indexMin ?? "–"} | ${same} | ${r.reference === "glmnet" ? ex(x.cvmDiff) : "–"} | ${notes} |`);
      }
    }
  }
  lines.push("");
  return lines;
}
