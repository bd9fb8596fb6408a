// A helper thread (threads.ts): the WASM module instantiated on the main thread's shared
// memory, running one kernel call per message and reporting through the shared state flags.
import { parentPort, workerData } from "node:worker_threads";
import { joinShared } from "./wasm.js";
import { READY, STATUS, DONE, FAILED, type HelperStart, type KernelCall } from "./threads.js";

const start = workerData as HelperStart;
const state = new Int32Array(start.state);
const k = joinShared(start.share);
Atomics.store(state, READY, 1);

// a helper that ends while the main thread waits for its part must not leave it waiting
process.on("exit", () => {
  Atomics.store(state, STATUS, FAILED);
  Atomics.notify(state, STATUS);
});

parentPort!.on("message", (call: KernelCall) => {
  let status = DONE;
  try {
    (k[call.name] as (...a: number[]) => void)(...call.args);
  } catch {
    status = FAILED;
  }
  Atomics.store(state, STATUS, status);
  Atomics.notify(state, STATUS);
});
