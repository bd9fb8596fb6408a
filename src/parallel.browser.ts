// The browser build's parallel.ts (scripts/build-browser.mjs swaps it in): cvGlmnetAsync's folds
// on Web Workers, with nothing for the user to serve or configure. The worker,
// cv-worker.browser.ts, is bundled by esbuild into one classic script and inlined in the browser
// bundle as a string (__L1L2_CV_WORKER__), started from a Blob URL; its first message carries
// the task and the WASM bytes the main thread already holds. A classic (not module) worker,
// because its script has no imports and classic workers run in every browser with WASM SIMD.
//
// Workers that cannot start (a constructor that throws; an `error` event before any reply, which
// is how Chromium reports a Content-Security-Policy without blob: in worker-src) hand their
// folds back to the others; with none left, the remaining folds run here, in order,
// through the same foldLosses on a design matrix built the same way, so the numbers do not
// depend on where a fold ran. Errors replied by a worker become L1L2Error with their code.
import type * as Node from "./parallel.js";
import type { FoldReply, FoldTask } from "./parallel.js";
import { plainOptions, rowMajor } from "./parallel.js"; // this resolves to src/parallel.ts
import { wasmBase64 } from "./wasm/bytes.js";
import { DesignMatrix } from "./design.js";
import { FoldGram, foldLosses } from "./cv.js";
import { L1L2Error } from "./errors.js";

export { plainOptions, rowMajor };

/** The first message to each worker: the task, and the WASM bytes (base64) to instantiate. */
export interface WorkerStart {
  task: FoldTask;
  wasm: string;
}

declare const __L1L2_CV_WORKER__: string;

let scriptUrl: string | null = null;

/** The worker script's Blob URL, made once per page (never revoked: workers start from it). */
function workerUrl(): string {
  scriptUrl ??= URL.createObjectURL(new Blob([__L1L2_CV_WORKER__], { type: "text/javascript" }));
  return scriptUrl;
}

/** The Worker constructor in place of node:worker_threads, or null (the folds then run in sequence). */
export async function loadWorkerThreads(): Promise<typeof Worker | null> {
  return typeof Worker === "function" && typeof Blob === "function" && typeof URL.createObjectURL === "function" ? Worker : null;
}

type Tail<T> = T extends [unknown, ...infer R] ? R : never;

/**
 * parallel.ts's runFolds on Web Workers: folds 1..K on min(nJobs, K) workers, handed out one at
 * a time, onFold(f, losses) on the main thread as each completes. Rejects on the first error,
 * or with signal.reason on abort; every worker is terminated in every case.
 */
export function runFolds(WorkerCtor: typeof Worker,
                         ...[task, K, nJobs, signal, onFold]: Tail<Parameters<typeof Node.runFolds>>): Promise<void> {
  signal?.throwIfAborted();
  const queue = Array.from({ length: K }, (_, i) => i + 1);
  const live = new Map<Worker, number | undefined>(); // running workers → the fold each computes
  const replied = new Set<Worker>();          // workers that have started (answered once)
  return new Promise<void>((resolve, reject) => {
    let pending = K, settled = false;
    const end = (err?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      for (const w of live.keys()) w.terminate();
      live.clear();
      if (err === undefined) resolve(); else reject(err);
    };
    const onAbort = () => end(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = (f: number, losses: Float64Array) => {
      onFold(f, losses);
      if (--pending === 0) end();
    };
    const feed = (w: Worker) => {
      const f = queue.shift();
      if (f === undefined) return;
      live.set(w, f);
      w.postMessage(f);
    };
    // the folds no worker will compute, here and synchronously (nothing else is awaited); it
    // also runs from a worker's error handler, so every failure must reach end()
    const inThread = () => {
      let d: DesignMatrix | null = null;
      const gram = new FoldGram(task.shareGram);
      try {
        d = DesignMatrix.from({ data: task.X, rows: task.rows, cols: task.cols });
        for (let f = queue.shift(); f !== undefined && !settled; f = queue.shift()) {
          done(f, foldLosses(d, task.y, task.weights, task.foldid, f, task.options, task.lambda, task.type, gram));
        }
      } catch (e) {
        end(e);
      } finally {
        gram.dispose();
        d?.dispose();
      }
    };
    const lose = (w: Worker) => {
      const f = live.get(w);
      live.delete(w);
      w.terminate();
      if (f !== undefined) queue.unshift(f);
      if (live.size === 0) return inThread();
      // a worker idle for want of folds takes it; busy ones take it when they reply
      const idle = [...live].find(([, g]) => g === undefined);
      if (idle) feed(idle[0]);
    };
    const start: WorkerStart = { task, wasm: wasmBase64 };
    for (let j = 0; j < Math.min(nJobs, K) && !settled; j++) {
      let w: Worker;
      try {
        w = new WorkerCtor(workerUrl());
      } catch {
        continue; // e.g. a SecurityError: the page may not start workers
      }
      live.set(w, undefined);
      w.onmessage = (e: MessageEvent<FoldReply>) => {
        if (settled) return;
        replied.add(w);
        const m = e.data;
        if ("error" in m) {
          const x = m.error;
          return end(x.code ? new L1L2Error(x.code, x.message) : Object.assign(new Error(x.message), { name: x.name }));
        }
        try {
          done(m.fold, m.losses);
        } catch (err) {
          return end(err);
        }
        if (settled) return;
        live.set(w, undefined);
        feed(w);
      };
      w.onerror = (e) => {
        e.preventDefault(); // handled here: not an uncaught error of the page
        if (settled) return;
        if (replied.has(w)) end(new Error(`a cvGlmnet worker failed: ${e.message}`));
        else lose(w); // it never started: its fold goes back to the queue
      };
      w.postMessage(start);
      feed(w);
    }
    if (live.size === 0 && !settled) inThread();
  });
}
