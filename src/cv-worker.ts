// A worker thread of cvGlmnetAsync (see parallel.ts): its own WASM instance and design matrix,
// then one fold's held-out losses per message, computed by cv.ts's foldLosses.
import { parentPort, workerData } from "node:worker_threads";
import { initSync } from "./wasm.js";
import { DesignMatrix } from "./design.js";
import { FoldGram, foldLosses } from "./cv.js";
import { L1L2Error } from "./errors.js";
import type { FoldReply, FoldTask } from "./parallel.js";

const port = parentPort!;
const t = workerData as FoldTask;
let d: DesignMatrix | null = null;
let setupError: unknown = null;
// (the worker's folds share it; it goes with the worker)
const gram = new FoldGram(t.shareGram);
try {
  initSync();
  d = DesignMatrix.from({ data: t.X, rows: t.rows, cols: t.cols });
} catch (e) {
  setupError = e;
}

port.on("message", (f: number) => {
  let reply: FoldReply;
  try {
    if (setupError) throw setupError;
    const losses = foldLosses(d!, t.y, t.weights, t.foldid, f, t.options, t.lambda, t.type, gram);
    reply = { fold: f, losses };
    port.postMessage(reply, [losses.buffer as ArrayBuffer]);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { fold: f, error: { name: err.name, message: err.message, code: e instanceof L1L2Error ? e.code : undefined } };
    port.postMessage(reply);
  }
});
