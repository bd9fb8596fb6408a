// l1l2 itself: the sklearn faces (Lasso, Ridge) fitted on a DesignMatrix uploaded once per
// dataset, so that the timing is the fit alone. The upload and the WASM instantiation are
// timed separately and reported next to it.
import { initSync, DesignMatrix, Lasso, Ridge, memoryStats } from "../../src/index.js";
import type { Dataset } from "../data.js";
import type { Peer, Problem, RunOptions, SolverRun } from "../problem.js";
import { median, timeIt } from "../timing.js";

let initMs = NaN;
/** initSync() once, timed (base64 decode + compile + instantiate; a cold, single measurement). */
export function initL1L2(): number {
  if (Number.isNaN(initMs)) {
    const t = performance.now();
    initSync();
    initMs = performance.now() - t;
  }
  return initMs;
}

/**
 * timeIt for an l1l2 fit on the resident design D, plus the case's peak WASM memory: D itself
 * (8·n·p bytes dense, ~12·nnz CSC) and the most workspace the fits held at once (other
 * datasets' resident designs are left out), as a note for the report.
 */
export function timeL1L2<T>(D: DesignMatrix, fit: () => T, o: Parameters<typeof timeIt>[1]) {
  const live = memoryStats({ resetPeak: true }).inUse;
  const r = timeIt(fit, o);
  const x = xBytes.get(D) ?? 0, work = memoryStats().peak - live;
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  return { ...r, peak: `peak WASM memory ${mib(x + work)} MiB (X ${mib(x)})` };
}

/** WASM bytes each uploaded design holds. */
const xBytes = new WeakMap<DesignMatrix, number>();

const designs = new Map<string, { D: DesignMatrix; uploadMs: number }>();

export function design(d: Dataset): { D: DesignMatrix; uploadMs: number } {
  let e = designs.get(d.dir);
  if (!e) {
    const X = d.csc ? { format: "csc" as const, rows: d.n, cols: d.p, ...d.csc } : { data: d.X, rows: d.n, cols: d.p, order: "row" as const };
    const times: number[] = [];
    let D: DesignMatrix | null = null;
    for (let k = 0; k < 3; k++) {
      D?.dispose();
      const before = memoryStats().inUse;
      const t = performance.now();
      D = DesignMatrix.from(X);
      times.push(performance.now() - t);
      xBytes.set(D, memoryStats().inUse - before);
    }
    e = { D: D!, uploadMs: median(times) };
    designs.set(d.dir, e);
  }
  return e;
}

/** Frees a dataset's DesignMatrix (keeps WASM memory small between datasets). */
export function releaseDesign(d: Dataset): void {
  designs.get(d.dir)?.D.dispose();
  designs.delete(d.dir);
}

export const l1l2Peer: Peer = {
  name: "l1l2",
  unavailable: () => null,
  versions: () => ({}),
  async run(p: Problem, o: RunOptions): Promise<SolverRun> {
    initL1L2();
    const { D, uploadMs } = design(p.data);
    const y = p.data.y;
    const fit: () => Lasso | Ridge = p.model === "lasso"
      ? () => new Lasso({ alpha: p.l1, tol: p.tol, maxIter: 1_000_000, warn: false }).fit(D, y)
      : () => new Ridge({ alpha: 2 * p.data.n * p.l2 }).fit(D, y);
    const { timing, result: m, peak } = timeL1L2(D, fit, o);
    // the solver the fit reports (models' `solver`), and for ridge how its solve went
    const how = m.solver === "cd-naive" || m.solver === "cd-covariance"
      ? `${m.solver === "cd-naive" ? "naive" : "covariance"} CD${p.data.csc ? ", CSC" : ""}`
      : m.solver === "conjugate-gradient" ? `conjugate gradients, ${m.nIter} products`
      : `${m.solver === "cholesky-kernel" ? "kernel" : "Gram"} Cholesky, ` +
        (m.nIter > 0 ? `single-precision matrix + ${m.nIter - 1} refinement steps` : "double precision");
    const solver = p.model === "lasso" ? `Lasso({ alpha, tol: ${p.tol} }) (${how})` : `Ridge({ alpha }) (${how})`;
    return {
      solver: "l1l2", status: "ok", timing, coef: m.coef, intercept: m.intercept,
      nIter: m.nIter, converged: m.converged, detail: `${solver}; ${peak}`,
      extraMs: { upload: uploadMs, wasmInit: initMs },
    };
  },
};
