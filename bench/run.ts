// npm run bench [-- --quick] [--only T1,T4] [--peers l1l2,sklearn,...] [--datasets S3] [--data DIR,...] [--out NAME]
// Runs the case table (cases.ts) for every solver (peers/), grades every answer the same way
// (metrics.ts) and writes bench/results/latest(.quick).{json,md} (report.ts); a full run
// restricted by --only or --peers writes results/partial.{json,md} instead (so that a subset
// never overwrites the full table), and --out NAME writes results/NAME.{json,md}.
// The path cases (T2, T3) are run by paths.ts. --data DIR[,DIR…] adds datasets in the shared
// format (meta.json, X.f64 or CSC, y.f64) from anywhere, run through every case that fits them
// (regression: T1–T4; CSC: T6; binary 0/1 labels: T5) and, unless --datasets says otherwise,
// in place of the usual ones: data nobody tuned for, side by side with the peers.
import { CASES, FitCase } from "./cases.js";
import { resolve } from "node:path";
import { Dataset, ensureSynthetic, loadDataset, sharedDataset, synthSpecs } from "./data.js";
import { assess, columnMeans, lambdaMax } from "./metrics.js";
import { glmnetPeer } from "./peers/glmnet.js";
import { initL1L2, l1l2Peer, releaseDesign } from "./peers/l1l2.js";
import { plainPeer, releasePlainDesign } from "./peers/plain.js";
import { scikitjsPeer } from "./peers/scikitjs.js";
import { sklearnPeer } from "./peers/sklearn.js";
import type { Peer, RunOptions, SolverRun } from "./problem.js";
import { runProxBench } from "./prox-bench.js";
import { runPathCase } from "./paths.js";
import { runLogisticPathCase } from "./logistic-path.js";
import { CaseResult, FitResult, machine, markdown, rank, write } from "./report.js";
import { setThreads } from "../src/index.js";
import { whenHelperReady } from "../src/threads.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const listArg = (flag: string) => {
  const i = argv.indexOf(flag);
  return i >= 0 && argv[i + 1] ? argv[i + 1].split(",") : null;
};
const only = listArg("--only") ?? listArg("--cases"), peerFilter = listArg("--peers");
const dataDirs = listArg("--data");
const dataFilter = listArg("--datasets"), outArg = listArg("--out")?.[0] ?? null;
const outTag = outArg ?? (quick ? "latest-quick" : only || peerFilter || dataFilter || dataDirs ? "partial" : "latest");

const opts: RunOptions = quick
  ? { quick, samples: 5, minSampleMs: 20, maxTotalMs: 2_000 }
  : { quick, samples: 11, minSampleMs: 50, maxTotalMs: 20_000 };
const TIMER = `Fits: median over ${opts.samples} samples (fewer if one solver-case exceeds ${opts.maxTotalMs / 1000} s; ` +
  `never fewer than 3 unless a single fit exceeds a third of that), each sample as many back-to-back fits as fill ` +
  `${opts.minSampleMs} ms, after one untimed warm-up fit; the same rule in JS (bench/timing.ts, process.hrtime), ` +
  "Python (time.perf_counter) and R (Sys.time). Every fit starts cold (β = 0). The JS fits use this simple timer rather " +
  "than Benchmark.js so that all five solvers report the same statistic; T7 uses Benchmark.js. scikitjs: one fit.";

const ALL_PEERS: Peer[] = [l1l2Peer, plainPeer, sklearnPeer, glmnetPeer, scikitjsPeer];
const peers = ALL_PEERS.filter((p) => !peerFilter || peerFilter.some((f) => p.name.toLowerCase().startsWith(f.toLowerCase())));

/** Case id → the --data sets it runs besides its own datasets. */
const extraDatasets = new Map<string, string[]>();

/** The cases a --data set goes through, by its layout and meta.json's task (noted in extraDatasets). */
function admit(d: Dataset): string[] {
  const ids = d.csc ? ["T6"] : d.task === "binary" ? ["T5"] : d.task === "regression" || !d.task ? ["T1", "T2", "T3", "T4"] : [];
  for (const id of ids) extraDatasets.set(id, [...(extraDatasets.get(id) ?? []), d.name]);
  return ids;
}

/** A case with the --data sets it takes added to its datasets (CASES itself stays as written). */
function withExtra<C extends (typeof CASES)[number]>(c: C): C {
  const extra = extraDatasets.get(c.id);
  if (!extra || !("datasets" in c)) return c;
  return { ...c, datasets: [...c.datasets, ...extra.filter((name) => !c.datasets.includes(name))] };
}

function datasets(): Map<string, Dataset> {
  const m = new Map<string, Dataset>();
  if (dataDirs) {
    for (const dir of dataDirs) {
      const d = loadDataset(resolve(dir)), ids = admit(d);
      log(`${d.name} (${d.n} × ${d.p}, ${d.task ?? "regression"}) from ${dir}: ${ids.length ? ids.join(", ") : "no case takes this task"}\n`);
      m.set(d.name, d);
    }
    if (!dataFilter) return m;
  }
  const want = (name: string) => !dataFilter || dataFilter.some((f) => f.toLowerCase() === name.toLowerCase());
  for (const s of synthSpecs(quick)) if (want(s.name.replace(/q$/, ""))) m.set(s.name.replace(/q$/, ""), ensureSynthetic(s));
  const diabetes = want("diabetes") ? sharedDataset("diabetes") : null;
  if (!want("diabetes")) return m;
  if (diabetes) m.set("diabetes", diabetes);
  else console.log("diabetes: ../shared/datasets/diabetes not found, skipped");
  return m;
}

const log = (s: string) => process.stdout.write(s);

async function runFitCase(c: FitCase, data: Map<string, Dataset>): Promise<FitResult[]> {
  const out: FitResult[] = [];
  for (const name of c.datasets) {
    const d = data.get(name);
    if (!d) continue;
    const pr = { caseId: c.id, ...c.problem(d) };
    const mu = columnMeans(d), lmax = lambdaMax(d, mu);
    const res: FitResult = {
      caseId: c.id, kind: "fit", title: c.title, dataset: { name: d.name, n: d.n, p: d.p },
      recipe: pr.recipe, l1: pr.l1, l2: pr.l2, tol: pr.tol, thresh: pr.thresh, bestObjective: NaN, fastest: null, rows: [],
    };
    for (const peer of peers) {
      log(`${c.id} ${d.name} ${peer.name} … `);
      let run: SolverRun;
      const missing = peer.unavailable(), skip = c.skip?.(peer.name, quick, name) ?? null;
      if (missing) run = { solver: peer.name, status: "missing", note: missing };
      else if (skip) run = { solver: peer.name, status: "skipped", note: skip };
      else {
        try {
          run = await peer.run(pr, opts);
        } catch (e) {
          run = { solver: peer.name, status: "error", note: String(e).split("\n")[0] };
        }
      }
      if (run.status === "ok" && run.coef) run.quality = assess(d, pr.l1, pr.l2, run.coef, run.intercept ?? 0, mu, lmax);
      log(run.status === "ok" ? `${run.timing!.medianMs.toPrecision(4)} ms, F = ${run.quality!.objective.toPrecision(12)}\n`
        : `${run.status}: ${run.note}\n`);
      const { coef: _coef, ...row } = run;
      res.rows.push(row);
    }
    rank(res);
    out.push(res);
  }
  return out;
}

async function main(): Promise<void> {
  const initMs = initL1L2();
  log(`l1l2 WASM instantiated in ${initMs.toFixed(1)} ms; generating / loading datasets…\n`);
  const data = datasets();
  const versions: Record<string, string> = {};
  for (const p of ALL_PEERS) {
    const why = p.unavailable();
    if (why) { versions[p.name] = `MISSING: ${why}`; log(`peer ${p.name} is missing: ${why}\n`); }
    else Object.assign(versions, p.versions());
  }
  versions["l1l2 WASM init (initSync, cold)"] = `${initMs.toFixed(1)} ms`;
  // the helper thread starts once per process, like the instantiation: before any timing
  const t0 = performance.now(), helper = await whenHelperReady();
  versions["l1l2 threads (setThreads)"] = helper.ready
    ? `${setThreads()}: helper thread started in ${(performance.now() - t0).toFixed(0)} ms` : `${setThreads()}: no helper thread`;
  const results: CaseResult[] = [];
  for (const c of CASES.map(withExtra)) {
    if (only && !only.includes(c.id)) continue;
    if (c.kind === "todo") {
      log(`${c.id} ${c.title}: not implemented yet (${c.why})\n`);
      results.push({ caseId: c.id, kind: "todo", title: c.title, why: c.why });
    } else if (c.kind === "prox") {
      log(`${c.id} prox on ${c.length} floats … `);
      const rows = runProxBench(c.length, quick ? 1 : 5);
      const best = Math.min(...rows.map((r) => r.medianMs));
      results.push({ caseId: c.id, kind: "prox", title: c.title, length: c.length,
        rows: rows.map((r) => ({ ...r, ratio: r.medianMs / best })) });
      log("done\n");
    } else if (c.kind === "path") {
      results.push(...(await runPathCase(c, data, peerFilter, opts, log)));
    } else if (c.kind === "logpath") {
      results.push(...(await runLogisticPathCase(c, data, peerFilter, opts, log)));
    } else {
      results.push(...(await runFitCase(c, data)));
    }
  }
  for (const d of data.values()) { releaseDesign(d); releasePlainDesign(d); }
  const mach = machine(versions);
  const md = markdown(results, mach, { quick, timer: TIMER, args: argv.join(" ") });
  const files = write(results, mach, md, outTag);
  log("\n" + md + "\n\n" + `wrote ${files.md} and ${files.json}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
