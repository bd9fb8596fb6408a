// The one module that owns the WebAssembly instance and its memory: instantiation (inlined
// bytes; the raw exports, which take and return numbers only), a first-fit allocator over
// linear memory, and typed buffers. Everything else passes `buffer.ptr` to kernels and never
// does pointer arithmetic.
//
// The module imports its memory. In Node that memory is shared (a SharedArrayBuffer), so that
// helper threads (threads.ts) can instantiate the same module on it and run kernels on the
// same buffers; elsewhere it is ordinary memory, and everything runs on the calling thread.
//
// Linear memory only grows, and every typed-array view on it is detached when it does, so
// views are checked by each accessor (WasmBuffer.view) and never kept across a call that may
// allocate.
import { wasmBase64 } from "./wasm/bytes.js";
import { L1L2Error } from "./errors.js";
import { isNode } from "./node-worker.js";

/** The kernels exported by assembly/index.ts (pointers are byte offsets). */
export interface Kernels {
  // the kernels that read the design take its storage layout first (DesignMatrix.layout)
  /** Column statistics of the columns idx[t0 … t1 − 1] (idx = 0: columns t0 … t1 − 1). */
  columnStats(layout: number, X: number, n: number, idx: number, t0: number, t1: number, w: number, intercept: boolean | number,
    mu: number, m: number, q: number, colsq: number): void;
  addXb(layout: number, X: number, n: number, p: number, coef: number, out: number): void;
  /** out[k·count + s] += Σⱼ B[j·L + k]·X[rows[s], j]; x (count) and t (n, zeros) are workspace. */
  addXbRows(layout: number, X: number, n: number, p: number, rows: number, count: number, B: number, L: number,
    x: number, t: number, out: number): void;
  /** Σ wᵢ vᵢ / n (w = 0: unit weights). */
  wmean(v: number, w: number, n: number): number;
  /** vᵢ −= c in place; returns Σ wᵢ vᵢ² after. */
  centre(v: number, w: number, n: number, c: number): number;
  /** Naive coordinate descent in rounds (enet.ts); start: 0 from coef, 1 resuming after a gap check. */
  enetNaive(layout: number, X: number, n: number, p: number, w: number, m: number, q: number,
    yc: number, rho: number, coef: number, alpha: number, kappa: number, lo: number, hi: number,
    colsq: number, include: number, g: number, idx: number, work: number, sw: number, fac: number, cap: number,
    tol: number, maxIter: number, start: number, out: number): void;
  /**
   * The naive fit's duality gap into out[0] from ρ and g over the included features and
   * nonzeros; out[1] = 1 also when the coordinate steps g gives at β would settle a sweep.
   */
  naiveDualGap(n: number, p: number, w: number, yc: number, rho: number, coef: number, alpha: number,
    kappa: number, lo: number, hi: number, colsq: number, include: number, g: number, tol: number, out: number): void;
  /** dst[j] = src[j]·d[j] (dst may be src): into the design's stored units. */
  toStored(p: number, src: number, d: number, dst: number): void;
  /** αⱼ = a1·fⱼ·sⱼ·eⱼ, κⱼ = a2·fⱼ·sⱼ²·eⱼ² (e = 1/d; factors f, scales s: 0 for all 1). */
  penaltyWeights(p: number, a1: number, a2: number, factors: number, scales: number, e: number, alpha: number, kappa: number): void;
  /** coef[j] ·= eⱼ (e = 1/d) and g[j] = g[j]·dⱼ/n, in place: a solve's answer in the caller's units. */
  fromStored(p: number, n: number, coef: number, g: number, d: number, e: number): void;
  /** dst[j] = v, j < p. */
  fillValue(p: number, v: number, dst: number): void;
  /** Naive mode's list of the included or nonzero features, ascending; returns their count. */
  countedOrder(p: number, include: number, coef: number, order: number): number;
  /** The other features, ascending, from order[counted] on. */
  restOrder(p: number, include: number, coef: number, order: number, counted: number): void;
  /** g[j] = NaN where feature j is neither included nor nonzero. */
  markUncounted(p: number, include: number, coef: number, g: number): void;
  /** Iterates kept for Anderson extrapolation (a WebAssembly.Global). */
  AA_K: { value: number };
  enetCov(layout: number, X: number, n: number, p: number, w: number, m: number, q: number,
    yc: number, ytwy: number, coef: number, alpha: number, kappa: number, lo: number, hi: number,
    colsq: number, include: number, g: number, c: number, G: number, slot: number, v: number,
    idx: number, used: number, haveC: boolean, sw: number, fac: number, cap: number,
    tol: number, gapTol: number, maxIter: number, out: number): void;
  /** The features of order[0 … counted − 1] a gap check must compute, into list (enet.ts checkList); the others into cleared, 0 into g. */
  checkList(counted: number, order: number, n: number, yc: number, rho: number, coef: number, alpha: number,
    lo: number, hi: number, colsq: number, gRef: number, drift: number, g: number, list: number, cleared: number): number;
  /** f64 words of enetCov's support-factor state (`fac`) for p features, supports ≤ cap. */
  supportFactorWords(p: number, cap: number): number;
  /** X̃ⱼᵀ(w∘v) for j0 ≤ j < j1 into dst; t (n values) is workspace for w∘v (0 when unweighted). */
  xtwv(layout: number, X: number, n: number, j0: number, j1: number, w: number, m: number, v: number, t: number, dst: number): void;
  /** Workspace (f64 values) that ridgeGram and ridgeKernel need for an n×p design. */
  ridgeWorkspace(n: number, p: number): number;
  /** v: workspace of ridgeWorkspace(n, p) values. */
  ridgeGram(layout: number, X: number, n: number, p: number, w: number, m: number, q: number,
    kappa: number, v: number, A: number): void;
  ridgeKernel(layout: number, X: number, n: number, p: number, sw: number, m: number, kappa: number,
    t: number, K: number): void;
  /** ridgeGram's X̃ᵀWX̃ (lower triangle, no κ) over rows[0 … count − 1] only; dense X; v: ridgeWorkspace(count, p). */
  ridgeGramRows(layout: number, X: number, n: number, p: number, rows: number, count: number, w: number, m: number,
    v: number, A: number): void;
  /** G (p×p, whole columns) = c·(G₀ − D − U·δδᵀ): a CV fold's Gram from the whole data's (assembly/fold-gram.ts). */
  foldGram(p: number, G0: number, D: number, delta: number, U: number, c: number, G: number): void;
  /** d = 1/√diag(A) and ‖DAD‖∞ for a symmetric matrix stored in its lower triangle. */
  ridgeEquilibrate(A: number, dim: number, d: number): number;
  cholesky(A: number, p: number): number;
  /** cholesky() of A whose leading keep×keep block holds its factor already (enet.ts's kept support factor). */
  cholExtend(A: number, p: number, keep: number): number;
  cholSolve(L: number, p: number, b: number): void;
  penaltyValue64(x: number, n: number, l1: number, l2: number): number;
  /** Σ wᵢ·log(1 + exp(−(2tᵢ − 1)ηᵢ)) (w = 0: unit weights), with prob[i] = sigmoid(ηᵢ). */
  logisticLoss(eta: number, t: number, w: number, prob: number, n: number): number;
  /** Newton's weights v (summing to n) and working response z at η; returns n/Σwh. */
  newtonModel(eta: number, off: number, prob: number, t: number, w: number, pmin: number,
    v: number, z: number, n: number): number;
  /** ρ = w∘(t − prob) (w = 0: unit weights); returns Σρ. */
  logisticResidual(t: number, w: number, prob: number, rho: number, n: number): number;
  prox64(x: number, n: number, t: number, s: number, f: number): void;
  prox32(x: number, n: number, t: number, s: number, f: number): void;
  /** Math.pow / Math.log10 computed in WASM: the same bits in every JS engine. */
  pow(x: number, y: number): number;
  log10(x: number): number;
  heapBase(): number;
  /** This instance's 128 bytes of tile scratch (ridge.ts), distinct for every instance. */
  useScratch(ptr: number): void;
  /** Rows r0 … r1 − 1's part of the Gram in single precision (dense X), zeroing A first. */
  ridgeGramPart(layout: number, X: number, n: number, p: number, w: number, m: number,
    r0: number, r1: number, v: number, A: number): void;
  /** Features j0 … j1 − 1's part of the kernel matrix in single precision, zeroing K first. */
  ridgeKernelPart(layout: number, X: number, n: number, p: number, sw: number, m: number, kappa: number,
    j0: number, j1: number, t: number, K: number): void;
  /** g[j] = X̃ⱼᵀρ for j = idx[t0 … t1 − 1]. */
  gradientOf(layout: number, X: number, n: number, m: number, rho: number, idx: number,
    t0: number, t1: number, g: number): void;
  /**
   * Rows r0 … r1 − 1's part of X̃ᵀWX̃v (dense X), into out (p), leaving those rows of X̃v in u (n);
   * t: applyBlockRows values of workspace.
   */
  ridgeApplyPart(layout: number, X: number, n: number, p: number, w: number, m: number, v: number,
    r0: number, r1: number, u: number, t: number, out: number): void;
  /**
   * Features j0 … j1 − 1's part of the kernel form's product (any layout): z[j] = X̃ⱼᵀ(sw∘x)/κⱼ
   * and u (n) = Σ zⱼX̃ⱼ over them; v (n) is workspace.
   */
  ridgeKernelApplyPart(layout: number, X: number, n: number, sw: number, m: number, kappa: number, x: number,
    j0: number, j1: number, v: number, z: number, u: number): void;
  /** Rows per block of ridgeApplyPart for p columns of `size` bytes: the workspace it needs. */
  applyBlockRows(p: number, size: number): number;
  /** A += B (lower triangles), then + diag κ, or + I with kappa = 0. */
  ridgeAddParts(A: number, B: number, dim: number, kappa: number): void;
}

const PAGE = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB
const ALIGN = 16;        // v128 loads

let kernelsRef: Kernels | null = null;
let memoryRef: WebAssembly.Memory | null = null;
let pending: Promise<void> | null = null;

/** The module's bytes; with `shared`, its memory import declared shared (threads' memory). */
function wasmBytes(shared = false): Uint8Array<ArrayBuffer> {
  const bin = atob(wasmBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (shared) bytes[memoryLimitsAt(bytes)] |= 2;
  return bytes;
}

/**
 * Offset of the limits flag of the module's memory import (binary format: the import section,
 * id 2, lists module name, field name, kind and type; a memory's type starts with its limits
 * flag, 1 = has a maximum, | 2 = shared). The build imports exactly one memory with a maximum.
 */
function memoryLimitsAt(b: Uint8Array): number {
  let at = 8;
  const leb = () => { let v = 0, shift = 0, c; do { c = b[at++]; v += (c & 0x7f) * 2 ** shift; shift += 7; } while (c & 0x80); return v; };
  const name = () => { const len = leb(); at += len; };
  while (at < b.length) {
    const id = b[at++], size = leb(), end = at + size;
    if (id === 2) {
      for (let count = leb(); count > 0; count--) {
        name(); name();
        const kind = b[at++];
        if (kind === 2) return at;
        if (kind === 0) leb();
        else if (kind === 1) { at++; const flag = b[at++]; leb(); if (flag & 1) leb(); }
        else at += 2;
      }
    }
    at = end;
  }
  throw new Error("l1l2.wasm imports no memory (the build must use --importMemory)");
}

const INITIAL_PAGES = 2;

/**
 * The memory to instantiate on: shared where helper threads can use it (Node's worker_threads
 * and SharedArrayBuffer), else ordinary; shared memory must declare its maximum up front.
 */
function newMemory(): WebAssembly.Memory {
  if (isNode() && typeof SharedArrayBuffer === "function") {
    try {
      return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
    } catch {
      // a runtime that refuses to reserve 4 GiB for it: ordinary memory, one thread
    }
  }
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
}

function importsFor(memory: WebAssembly.Memory) {
  return { env: { memory } };
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer === "function" && memory.buffer instanceof SharedArrayBuffer;
}

let moduleRef: WebAssembly.Module | null = null;

function adopt(r: { module: WebAssembly.Module; exports: unknown }, memory: WebAssembly.Memory): void {
  const k = r.exports as Kernels;
  kernelsRef = k;
  memoryRef = memory;
  moduleRef = r.module;
  // the tile scratch of this instance and of the helper's (threads.ts starts at most one) sit
  // below the heap: fixed, like the module's static data, and not counted as memory in use
  const base = Math.ceil(k.heapBase() / ALIGN) * ALIGN;
  k.useScratch(base);
  helperScratch = base + SCRATCH_BYTES;
  heap = new Heap(memory, base + 2 * SCRATCH_BYTES);
}

let helperScratch = 0;

/** Compile and instantiate the WASM module. Safe to call many times; works everywhere. */
export function init(): Promise<void> {
  if (kernelsRef) return Promise.resolve();
  pending ??= (() => {
    const memory = newMemory();
    return WebAssembly.instantiate(wasmBytes(isShared(memory)), importsFor(memory))
      .then((r) => adopt({ module: r.module, exports: r.instance.exports }, memory));
  })();
  return pending;
}

/** Synchronous init (Node, workers, and any runtime that allows sync compilation of this size). */
export function initSync(): void {
  if (kernelsRef) return;
  const memory = newMemory();
  const module = new WebAssembly.Module(wasmBytes(isShared(memory)));
  adopt({ module, exports: new WebAssembly.Instance(module, importsFor(memory)).exports }, memory);
}

/** Bytes of scratch each instance needs (assembly/scratch.ts useScratch). */
export const SCRATCH_BYTES = 128;

/** Whether this thread's WASM memory is shared (helper threads can join it). */
export function memoryShared(): boolean {
  return memoryRef !== null && isShared(memoryRef);
}

/** What a helper thread needs to run this thread's kernels on its memory. */
export interface Share {
  /** The compiled module: its code (and V8's optimized tiers of it) is shared, not compiled again. */
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  scratch: number;
}

/**
 * This thread's module, shared memory and the scratch block reserved for the helper's instance
 * on it, or null when the memory is not shared (helper threads cannot join).
 */
export function shareWith(): Share | null {
  kernels();
  if (!memoryShared()) return null;
  return { module: moduleRef!, memory: memoryRef!, scratch: helperScratch };
}

/**
 * A helper thread's instance on another thread's shared memory: its kernels, run on buffers the
 * owning thread allocated (the helper allocates nothing).
 */
export function joinShared({ module, memory, scratch }: Share): Kernels {
  const k = new WebAssembly.Instance(module, importsFor(memory)).exports as unknown as Kernels;
  k.useScratch(scratch);
  return k;
}

export function isInitialized(): boolean {
  return kernelsRef !== null;
}

/** The kernels; throws a typed error before init. */
export function kernels(): Kernels {
  if (!kernelsRef) {
    throw new L1L2Error("NOT_INITIALIZED",
      "l1l2 is not initialized: call `await init()` (or `initSync()` in Node) before fitting");
  }
  return kernelsRef;
}

/**
 * First-fit free-list allocator over [heapBase + the scratch blocks, memory end). Blocks are
 * 16-byte aligned; freeing coalesces neighbours, so a fit that frees what it took leaves memory
 * as it was. The free list holds only blocks below `top`: a block freed at the top lowers it,
 * so the last-in-first-out frees of `scoped` cost no list operations.
 */
class Heap {
  private free: { start: number; size: number }[] = [];
  private top: number;
  /** Bytes of memory: it grows only here (helper threads allocate nothing). */
  private end: number;
  /** The memory's buffer, read again only when it grows (the getter costs ~20 ns a view). */
  buffer: ArrayBuffer;
  private used = 0;
  /** The most bytes in use at once since the last resetPeak(). */
  peak = 0;

  private readonly memory: WebAssembly.Memory;

  /** Manages memory from `start` (16-byte aligned) on. */
  constructor(memory: WebAssembly.Memory, start: number) {
    this.memory = memory;
    this.top = start;
    this.buffer = memory.buffer;
    this.end = this.buffer.byteLength;
  }

  alloc(bytes: number): number {
    const size = blockSize(bytes);
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i];
      if (b.size >= size) {
        const ptr = b.start;
        if (b.size === size) this.free.splice(i, 1);
        else { b.start += size; b.size -= size; }
        return this.taken(ptr, size);
      }
    }
    const ptr = this.top;
    if (ptr + size > this.end) this.ensure(ptr + size);
    this.top = ptr + size;
    return this.taken(ptr, size);
  }

  private taken(ptr: number, size: number): number {
    this.used += size;
    this.peak = Math.max(this.peak, this.used);
    return ptr;
  }

  /** Frees the block alloc(bytes) returned at ptr (once: WasmBuffer.free sees to that). */
  release(ptr: number, bytes: number): void {
    const size = blockSize(bytes);
    this.used -= size;
    if (ptr + size === this.top) {
      this.top = ptr;
      const last = this.free[this.free.length - 1];
      if (last && last.start + last.size === ptr) { this.top = last.start; this.free.pop(); }
      return;
    }
    let i = 0;
    while (i < this.free.length && this.free[i].start < ptr) i++;
    this.free.splice(i, 0, { start: ptr, size });
    const next = this.free[i + 1];
    if (next && ptr + size === next.start) { this.free[i].size += next.size; this.free.splice(i + 1, 1); }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === ptr) { prev.size += this.free[i].size; this.free.splice(i, 1); }
  }

  inUse(): number {
    return this.used;
  }

  private ensure(end: number): void {
    const mem = this.memory;
    this.buffer = mem.buffer;
    const have = this.buffer.byteLength;
    this.end = have;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) {
      throw new L1L2Error("OUT_OF_MEMORY",
        `this needs ${fmtBytes(end)} of WASM memory, more than WebAssembly's 4 GiB address space ` +
        `(about ${Math.floor(4 * 2 ** 30 / 8 / 1e6)} million float64 values in all, data and workspace)`);
    }
    try {
      mem.grow(pages);
      this.buffer = mem.buffer;
      this.end = this.buffer.byteLength;
    } catch {
      throw new L1L2Error("OUT_OF_MEMORY", `the runtime refused to grow WASM memory to ${fmtBytes(end)}`);
    }
  }
}

let heap: Heap | null = null;

function blockSize(bytes: number): number {
  return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
}

function fmtBytes(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`;
}

type Kind = "f64" | "f32" | "i32" | "u8";
const WIDTH: Record<Kind, number> = { f64: 8, f32: 4, i32: 4, u8: 1 };
const VIEW = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u8: Uint8Array };

/** The most bytes one block may take: 4 GiB less 1 MiB (the module's data and stack). */
const MAX_BYTES = 4 * 2 ** 30 - 2 ** 20;

/**
 * Throws OUT_OF_MEMORY up front when `elements` of `kind` cannot fit in a 4 GiB memory; `what`
 * names them.
 */
export function checkFits(elements: number, kind: Kind, what: string): void {
  if (elements * WIDTH[kind] > MAX_BYTES) {
    const most = Math.floor((4 * 2 ** 30) / WIDTH[kind]);
    throw new L1L2Error("OUT_OF_MEMORY",
      `${what} needs ${fmtBytes(elements * WIDTH[kind])}; WASM memory holds at most 4 GiB ` +
      `(${most.toLocaleString("en-US")} ${kind} values, less the workspace)`);
  }
}

/** A typed array in WASM memory. `view()` must be called again after anything that allocates. */
export class WasmBuffer<K extends Kind = Kind> {
  readonly ptr: number;
  readonly length: number;
  readonly kind: K;
  /** Freed, or never ours to free (borrowed). */
  private freed = false;
  /** The last view and the memory buffer it is on (a view stays valid until memory grows). */
  private cached: ArrayBufferView | null = null;
  private cachedOn: ArrayBufferLike | null = null;

  /** `length` values of `kind`: a new block, or, given `at`, those another buffer owns there. */
  constructor(kind: K, length: number, at?: number) {
    checkFits(length, kind, "a buffer");
    kernels();
    this.kind = kind;
    this.length = length;
    if (at === undefined) this.ptr = heap!.alloc(length * WIDTH[kind]);
    else { this.ptr = at; this.freed = true; }
  }

  view(): K extends "f64" ? Float64Array : K extends "f32" ? Float32Array : K extends "i32" ? Int32Array : Uint8Array {
    const buf = heap!.buffer;
    if (buf !== this.cachedOn) {
      this.cached = new VIEW[this.kind](buf, this.ptr, this.length);
      this.cachedOn = buf;
    }
    return this.cached as never;
  }

  /** Copies `src` in (from offset `at`). */
  set(src: ArrayLike<number>, at = 0): this {
    (this.view() as Float64Array).set(src, at);
    return this;
  }

  fill(v: number): this {
    (this.view() as Float64Array).fill(v);
    return this;
  }

  /** A copy in JS memory. */
  toArray(): ReturnType<this["view"]> {
    return this.view().slice() as never;
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    heap?.release(this.ptr, this.length * WIDTH[this.kind]);
  }
}

export const f64 = (n: number) => new WasmBuffer("f64", n);

/**
 * One f64 block holding vectors of the given lengths, each from a 16-byte boundary: the block
 * (the one to free) and a view of each part, which free() leaves be. An allocation and a
 * release cost more than a small vector's fill, so a fit's small vectors share one.
 */
export function f64Parts(lengths: readonly number[]): { block: WasmBuffer<"f64">; parts: WasmBuffer<"f64">[] } {
  let total = 0;
  for (const n of lengths) total += n + (n & 1);
  const block = f64(total), parts: WasmBuffer<"f64">[] = [];
  for (let i = 0, at = block.ptr; i < lengths.length; i++) {
    parts.push(new WasmBuffer("f64", lengths[i], at));
    at += 8 * (lengths[i] + (lengths[i] & 1));
  }
  return { block, parts };
}
export const f32 = (n: number) => new WasmBuffer("f32", n);
export const i32 = (n: number) => new WasmBuffer("i32", n);
export const u8 = (n: number) => new WasmBuffer("u8", n);

/** scoped's `take`: keeps a buffer until the scope ends. */
export type Take = <B extends WasmBuffer>(b: B) => B;

/** Runs `body` with temporary buffers that are freed afterwards, whatever happens. */
export function scoped<T>(body: (take: Take) => T): T {
  const owned: WasmBuffer[] = [];
  try {
    return body((b) => { owned.push(b); return b; });
  } finally {
    // last taken, first freed: the heap's top comes back down without list work
    for (let i = owned.length - 1; i >= 0; i--) owned[i].free();
  }
}

/**
 * Bytes of WASM linear memory: reserved by the runtime, in live buffers, and the most in live
 * buffers at once since the last `{ resetPeak: true }` (which restarts it from what is live now).
 */
export function memoryStats(options: { resetPeak?: boolean } = {}): { total: number; inUse: number; peak: number } {
  kernels();
  const out = { total: memoryRef!.buffer.byteLength, inUse: heap!.inUse(), peak: heap!.peak };
  if (options?.resetPeak) heap!.peak = heap!.inUse();
  return out;
}
