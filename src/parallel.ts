// The fold fits of cvGlmnetAsync on worker threads: node:worker_threads here, Web Workers in
// the browser bundle, whose build swaps in parallel.browser.ts (the same FoldTask/FoldReply
// protocol and foldLosses; its worker script is inlined and started from a Blob URL). Where
// neither is reached (this file bundled for a browser by Vite or webpack, other runtimes)
// loadWorkerThreads() returns null and cvGlmnetAsync runs the folds sequentially.
//
// Each worker gets plain data (X row-major, y, weights, foldid, the full fit's λ, the options
// without callbacks or signal), instantiates its own WASM (initSync), uploads its own
// DesignMatrix from the same values (so the same bits as the main thread's) and runs
// cv.ts's foldLosses for each fold it is handed. Folds are handed out one at a time as
// workers become free; the results are placed by row, so the final sums do not depend on
// which worker finished first.
import { L1L2Error, type L1L2ErrorCode } from "./errors.js";
import { MatrixInput, matrixShape } from "./input.js";
import type { GlmnetOptions } from "./glmnet.js";
import type { TypeMeasure } from "./cv.js";
import { loadWorkerThreads, workerEntry, type WorkerThreads } from "./node-worker.js";

export { loadWorkerThreads };

type Worker = import("node:worker_threads").Worker;

/** What every worker receives once (as workerData). */
export interface FoldTask {
  X: Float64Array;
  rows: number;
  cols: number;
  y: Float64Array;
  weights: Float64Array;
  foldid: Int32Array;
  lambda: Float64Array;
  type: TypeMeasure;
  options: GlmnetOptions;
  /** Whether the folds take their Gram from the whole data's (cv.ts FoldGram). */
  shareGram: boolean;
}

/** A worker's answer to one fold number. */
export type FoldReply =
  | { fold: number; losses: Float64Array }
  | { fold: number; error: { name: string; message: string; code?: L1L2ErrorCode } };

/** X as a row-major Float64Array (the values as given; the main thread validates them). */
export function rowMajor(X: MatrixInput): Float64Array {
  const { rows, cols } = matrixShape(X);
  const out = new Float64Array(rows * cols);
  if (Array.isArray(X)) {
    for (let i = 0; i < rows; i++) {
      const r = X[i] as ArrayLike<number>;
      for (let j = 0; j < cols; j++) out[i * cols + j] = r[j];
    }
    return out;
  }
  const { data, order } = X as { data: ArrayLike<number>; order?: "row" | "col" };
  if (order === "col") {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data[j * rows + i];
  } else {
    for (let k = 0; k < out.length; k++) out[k] = data[k];
  }
  return out;
}

/** The options a worker can receive: no callbacks, no signal, no fold ids. */
export function plainOptions(o: GlmnetOptions): GlmnetOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || typeof v === "function" || k === "signal" || k === "onProgress" || k === "foldid") continue;
    out[k] = v;
  }
  return out as GlmnetOptions;
}

/**
 * Runs folds 1..K on min(nJobs, K) workers; onFold(f, losses) is called on the main thread as
 * each fold completes. Rejects on the first error, or with signal.reason on abort; the
 * workers are terminated in every case.
 */
export function runFolds(wt: WorkerThreads, task: FoldTask, K: number, nJobs: number, signal: AbortSignal | undefined,
                         onFold: (f: number, losses: Float64Array) => void): Promise<void> {
  signal?.throwIfAborted();
  const { entry, argv } = workerEntry("cv-worker");
  const workers: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    let next = 1, pending = K, settled = false;
    const end = (err?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      for (const w of workers) void w.terminate();
      if (err === undefined) resolve(); else reject(err);
    };
    const onAbort = () => end(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const feed = (w: Worker) => { if (next <= K) w.postMessage(next++); };
    for (let j = 0; j < Math.min(nJobs, K); j++) {
      const w = new wt.Worker(entry, { workerData: task, argv });
      workers.push(w);
      w.on("message", (m: FoldReply) => {
        if (settled) return;
        if ("error" in m) {
          const e = m.error;
          return end(e.code ? new L1L2Error(e.code, e.message) : Object.assign(new Error(e.message), { name: e.name }));
        }
        try {
          onFold(m.fold, m.losses);
        } catch (e) {
          return end(e);
        }
        if (--pending === 0) end(); else feed(w);
      });
      w.on("error", (e) => end(e));
      w.on("exit", (code) => { if (!settled) end(new Error(`a cvGlmnet worker exited early (code ${code})`)); });
      feed(w);
    }
  });
}
