// A helper thread (threads.ts): the WASM module instantiated on the main thread's shared
// memory, running kernel calls and reporting through the shared state flags. A call comes by
// message, or, for a while after each call, handed over in the shared slot while the helper
// waits on the MODE flag (threads.ts MODE), which wakes it without a trip through its event loop.
import { parentPort, workerData } from "node:worker_threads";
import { joinShared } from "./wasm.js";
import {
  READY, STATUS, DONE, FAILED, MODE, SPIN_MS, ASLEEP, WAITING, CLAIMED, NAME, PART_KERNELS, type HelperStart, type KernelCall,
} from "./threads.js";

/** How long the helper waits for a handed call after each call before going back to messages. */
const WAIT_MS = 200;

const start = workerData as HelperStart;
const state = new Int32Array(start.state), slot = new Float64Array(start.slot);
const k = joinShared(start.share);
Atomics.store(state, READY, 1);

// a helper that ends must not leave the main thread waiting for a part, now or later
process.on("exit", () => {
  Atomics.store(state, READY, 0);
  Atomics.store(state, STATUS, FAILED);
  Atomics.notify(state, STATUS);
});

/** Runs a call and reports it, marked WAITING first (waitForHanded follows every call). */
function run(call: KernelCall): void {
  let status = DONE;
  try {
    (k[call.name] as (...a: number[]) => void)(...call.args);
  } catch {
    status = FAILED;
  }
  Atomics.store(state, MODE, WAITING);
  Atomics.store(state, STATUS, status);
  Atomics.notify(state, STATUS);
}

/** Runs the calls handed over in the slot until none comes for WAIT_MS. */
function waitForHanded(): void {
  for (;;) {
    const spin = performance.now() + SPIN_MS;
    while (Atomics.load(state, MODE) === WAITING && performance.now() < spin);
    Atomics.wait(state, MODE, WAITING, WAIT_MS);
    if (Atomics.compareExchange(state, MODE, WAITING, ASLEEP) === WAITING) return;
    while (Atomics.load(state, MODE) === CLAIMED) Atomics.wait(state, MODE, CLAIMED);
    const args = Array.from(slot.subarray(1, 1 + slot[0]));
    run({ name: PART_KERNELS[Atomics.load(state, NAME)], args });
  }
}

parentPort!.on("message", (call: KernelCall) => {
  run(call);
  waitForHanded();
});
