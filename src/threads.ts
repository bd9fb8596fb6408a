// Helper threads for kernels that split into independent parts (the single-precision ridge
// matrix, a problem's column statistics, X̃ᵀv, naive coordinate descent's gradient passes): in
// Node, a worker thread runs the same compiled WASM module on this thread's shared memory
// (wasm.ts), so a part runs there on the very buffers the caller allocated.
// The call stays synchronous: this thread runs the first part while the helper runs the
// second, then waits on an Atomics flag. Parts are defined by the caller, not by the number of
// threads, and summed in a fixed order, so a result has the same bits with or without helpers
// (a browser, a worker thread, setThreads(1), or a helper that has not started yet).
import { kernels, memoryShared, shareWith, type Kernels, type Share } from "./wasm.js";
import { isNode, loadWorkerThreads, workerEntry, type WorkerThreads } from "./node-worker.js";
import { L1L2Error } from "./errors.js";

/** Names of the kernels a helper may run: those that only read and write buffers given to them. */
export const PART_KERNELS = ["ridgeGramPart", "ridgeKernelPart", "ridgeApplyPart", "ridgeKernelApplyPart", "gradientOf", "columnStats", "xtwv"] as const;
export type PartKernel = typeof PART_KERNELS[number];

/** One kernel call: its name and its numeric arguments (pointers, sizes, ranges). */
export interface KernelCall {
  name: PartKernel;
  args: number[];
}

/** What a helper worker receives at start (workerData). */
export interface HelperStart {
  share: Share;
  /** Int32Array over it: [READY, STATUS, MODE, NAME] */
  state: SharedArrayBuffer;
  /** Float64Array over it: a call handed over without a message, its arguments (MAX_ARGS). */
  slot: SharedArrayBuffer;
}

/** state[READY]: 1 once the helper has instantiated and waits for calls; 0 again once it has exited. */
export const READY = 0;
/** state[STATUS]: BUSY while a call runs, then DONE or FAILED. */
export const STATUS = 1;
export const BUSY = 0, DONE = 1, FAILED = 2;
/**
 * state[MODE]: how the next call reaches the helper. A message wakes it through its event loop
 * (~0.1 ms); for a while after each call it waits on this flag instead (spinning briefly, then
 * in Atomics.wait), and a call handed over in the slot wakes it at once. The caller claims a
 * waiting helper by exchanging WAITING for CLAIMED, writes the slot, then sets HANDED; a helper
 * that stops waiting exchanges WAITING for ASLEEP first, so exactly one of the two wins.
 */
export const MODE = 2;
export const ASLEEP = 0, WAITING = 1, CLAIMED = 2, HANDED = 3;
/** state[NAME]: the handed call's kernel, an index into PART_KERNELS; the slot holds [count, …args]. */
export const NAME = 3;
/** How often a thread blocked on the helper's part checks that the helper is alive (ms). */
const DEAD_CHECK_MS = 100;
/** How long a thread spins on a flag before it blocks (ms). */
export const SPIN_MS = 0.25;
/** Most arguments of a call handed over in the slot. */
export const MAX_ARGS = 15;

interface Helper {
  worker: import("node:worker_threads").Worker;
  state: Int32Array;
  slot: Float64Array;
}

let workerThreads: WorkerThreads | null = null;
let helper: Helper | null = null;
/** Threads to use, this one included: null until setThreads, then the default applies. */
let wanted: number | null = null;

/** Set when a helper could not start or died: no other is tried. */
let helperFailed = false;

/** Parts run by helpers so far, and how many of them were handed over in the slot (for tests). */
let helperParts = 0, handedParts = 0;

// node:worker_threads loads asynchronously; until it has, and until a helper has started,
// parts run here (the same bits, one thread)
const loading: Promise<void> = isNode() ? loadWorkerThreads().then((m) => { workerThreads = m; }) : Promise.resolve();

/**
 * Threads that l1l2's splittable kernels may use, this one included: 1 (no helper) or 2. The
 * default is 2 on Node's main thread and 1 in worker threads and browsers (where it cannot be
 * raised); it changes speed, never results. Returns the setting now in force.
 */
export function setThreads(count?: number): number {
  if (count !== undefined) {
    if (!Number.isInteger(count) || count < 1) {
      throw new L1L2Error("INVALID_PARAMETER", `setThreads: count must be a positive integer, got ${count}`);
    }
    // an idle helper costs nothing: setThreads(1) only stops using it
    wanted = Math.min(count, 2);
  }
  return threadsInForce();
}

function threadsInForce(): number {
  if (!workerThreads) return 1;
  return wanted ?? (workerThreads.isMainThread ? 2 : 1);
}

/** The helper, when it has started and may be used; starts one (for next time) when it should. */
function readyHelper(): Helper | null {
  if (threadsInForce() < 2 || !workerThreads || helperFailed) return null;
  if (!helper) {
    const share = shareWith();
    if (!share) return null;
    const state = new SharedArrayBuffer(16), slot = new SharedArrayBuffer(8 * (MAX_ARGS + 1));
    const start: HelperStart = { share, state, slot };
    const { entry, argv } = workerEntry("helper-worker");
    let worker: import("node:worker_threads").Worker;
    try {
      worker = new workerThreads.Worker(entry, { workerData: start, argv });
    } catch {
      // a runtime that cannot send a module or shared memory to a worker: one thread
      helperFailed = true;
      return null;
    }
    worker.unref(); // an idle helper does not keep the process alive
    // a helper that fails (its script missing from a bundle, a runtime without what it needs)
    // is not started again: one thread from then on
    const gone = () => { if (helper?.worker === worker) { helper = null; helperFailed = true; } };
    worker.on("error", gone);
    worker.on("exit", gone);
    helper = { worker, state: new Int32Array(state), slot: new Float64Array(slot) };
    return null;
  }
  return Atomics.load(helper.state, READY) === 1 ? helper : null;
}

/**
 * Starts the helper if setThreads allows one and resolves once it takes parts (true), or at
 * once with false when there will be none; for tests and benchmarks that want the threaded
 * timing from the first call (after init). `helperParts` counts the parts helpers ran,
 * `handedParts` those of them handed over in the slot rather than by message.
 */
export async function whenHelperReady(timeoutMs = 60_000): Promise<{ ready: boolean; helperParts: number; handedParts: number }> {
  await loading;
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (readyHelper()) return { ready: true, helperParts, handedParts };
    if (threadsInForce() < 2 || !memoryShared() || helperFailed) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { ready: false, helperParts, handedParts };
}

function run(k: Kernels, call: KernelCall): void {
  (k[call.name] as (...a: number[]) => void)(...call.args);
}

/**
 * Waits for the helper's part. A thread blocked in Atomics.wait takes ~50 µs to wake on a
 * virtual machine (its core halts), a part often less: spin first, then block.
 */
function waitWhileBusy(state: Int32Array): void {
  const until = performance.now() + SPIN_MS;
  while (Atomics.load(state, STATUS) === BUSY && performance.now() < until);
  // a wake-up is no answer: the helper's notify for an earlier part can arrive late (it stores
  // DONE, then notifies), and a helper that died says so in READY, not in STATUS
  while (Atomics.load(state, STATUS) === BUSY) {
    if (Atomics.load(state, READY) !== 1) { Atomics.store(state, STATUS, FAILED); return; }
    Atomics.wait(state, STATUS, BUSY, DEAD_CHECK_MS);
  }
}

/**
 * Gives the helper a call: in the slot if it is waiting for one, else by message (if it has
 * exited, neither reaches it: waitWhileBusy sees READY fall and runs the part here).
 */
function hand(h: Helper, call: KernelCall): void {
  if (call.args.length > MAX_ARGS || Atomics.compareExchange(h.state, MODE, WAITING, CLAIMED) !== WAITING) {
    h.worker.postMessage(call);
    return;
  }
  handedParts++;
  h.slot[0] = call.args.length;
  for (let i = 0; i < call.args.length; i++) h.slot[i + 1] = call.args[i];
  Atomics.store(h.state, NAME, PART_KERNELS.indexOf(call.name));
  Atomics.store(h.state, MODE, HANDED);
  Atomics.notify(h.state, MODE);
}

/** Work (multiply-adds) from which a pass is split between two threads. */
export const PARALLEL_MIN_WORK = 1 << 17;

/**
 * Runs a pass over `count` columns of X (n values each) as part(0, count), or as
 * part(0, count/2) and part(count/2, count) on two threads when it is large enough to pay for
 * the second.
 */
export function inHalves(count: number, n: number, part: (t0: number, t1: number) => KernelCall): void {
  const h = count >> 1;
  runParts(count * n >= PARALLEL_MIN_WORK && h > 0 ? [part(0, h), part(h, count)] : [part(0, count)]);
}

/**
 * Runs the calls (independent: no two write the same bytes), two at a time when a helper is
 * ready, else one after another here; returns when all are done.
 */
export function runParts(calls: KernelCall[]): void {
  const k = kernels();
  let next = 0;
  while (next < calls.length) {
    const h = calls.length - next >= 2 ? readyHelper() : null;
    if (!h) { run(k, calls[next++]); continue; }
    const mine = calls[next], theirs = calls[next + 1];
    next += 2;
    Atomics.store(h.state, STATUS, BUSY);
    hand(h, theirs);
    try {
      run(k, mine);
    } finally {
      // the helper writes into the caller's buffers: never return (or free them) before it ends
      waitWhileBusy(h.state);
    }
    // a helper that failed (it should not: the same kernel, the same buffers) leaves its part
    // to this thread, which raises whatever the failure was
    if (Atomics.load(h.state, STATUS) === FAILED) run(k, theirs);
    else helperParts++;
  }
}
