// The browser build's stand-in for parallel.ts (swapped in by scripts/build-browser.mjs):
// there are no worker_threads, so cvGlmnetAsync runs its folds in sequence and the Node-only
// worker bootstrap never ships to browsers.
import type * as Node from "./parallel.js";

export const loadWorkerThreads: typeof Node.loadWorkerThreads = async () => null;

const unreachable = (): never => {
  throw new Error("l1l2: worker threads are not available in this build");
};
export const rowMajor: typeof Node.rowMajor = unreachable;
export const plainOptions: typeof Node.plainOptions = unreachable;
export const runFolds: typeof Node.runFolds = unreachable;
