// A Web Worker of cvGlmnetAsync in browsers (started by parallel.browser.ts): the browser twin
// of cv-worker.ts, speaking the same FoldTask/FoldReply protocol. The first message is
// { task, wasm }: its own WASM instance (from the main thread's bytes, see cv-worker-bytes.ts)
// and its own design matrix; every later message is a fold number, answered with that fold's
// held-out losses from cv.ts's foldLosses, or with the error it threw.
import { receiveWasm } from "./cv-worker-bytes.js";
import { initSync } from "./wasm.js";
import { DesignMatrix } from "./design.js";
import { FoldGram, foldLosses } from "./cv.js";
import { L1L2Error } from "./errors.js";
import type { FoldReply, FoldTask } from "./parallel.js";
import type { WorkerStart } from "./parallel.browser.js";

// the part of DedicatedWorkerGlobalScope used here (tsconfig's lib is DOM, not WebWorker)
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<WorkerStart | number>) => void) | null;
  postMessage(message: FoldReply, transfer?: Transferable[]): void;
};

let t: FoldTask | null = null;
let d: DesignMatrix | null = null;
// reported with each fold, as cv-worker.ts does, so the main thread sees it as an L1L2Error
let setupError: unknown = null;
// the worker's folds share it (FoldGram); it goes with the worker
let gram: FoldGram | null = null;

scope.onmessage = (e) => {
  const m = e.data;
  if (typeof m !== "number") {
    t = m.task;
    try {
      receiveWasm(m.wasm);
      initSync();
      d = DesignMatrix.from({ data: t.X, rows: t.rows, cols: t.cols });
    } catch (err) {
      setupError = err;
    }
    return;
  }
  try {
    if (setupError) throw setupError;
    const losses = foldLosses(d!, t!.y, t!.weights, t!.foldid, m, t!.options, t!.lambda, t!.type, gram ??= new FoldGram(t!.shareGram));
    scope.postMessage({ fold: m, losses }, [losses.buffer as ArrayBuffer]);
  } catch (err) {
    const x = err instanceof Error ? err : new Error(String(err));
    scope.postMessage({ fold: m, error: { name: x.name, message: x.message, code: err instanceof L1L2Error ? err.code : undefined } });
  }
};
