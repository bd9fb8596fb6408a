// Starting Node worker threads from this package, compiled (dist) or from its TypeScript
// sources (vitest, tsx): cvGlmnetAsync's fold workers (parallel.ts) and the kernels' helper
// threads (threads.ts). Nothing here is reached in a browser: loadWorkerThreads() returns null.

export type WorkerThreads = typeof import("node:worker_threads");

/**
 * Whether this is Node (or Deno or Bun, which say so too): a browser (this file reaches one
 * through bundlers: Vite) has no `process`.
 */
export function isNode(): boolean {
  return typeof process !== "undefined" && typeof process.versions?.node === "string";
}

/** node:worker_threads, or null where it is not available. */
export async function loadWorkerThreads(): Promise<WorkerThreads | null> {
  // a browser would only log a failed fetch of node:worker_threads: null without trying
  if (!isNode()) return null;
  // a computed specifier, so that browser bundlers leave it alone
  const name = ["node", "worker_threads"].join(":");
  try {
    const m = (await import(/* @vite-ignore */ name)) as WorkerThreads;
    return typeof m.Worker === "function" ? m : null;
  } catch {
    return null;
  }
}

/**
 * How to start worker `name` (a file beside this one): dist's name.js once compiled; from
 * TypeScript sources (vitest, tsx) the bootstrap tsx-worker.cjs, given name.ts as its argv.
 */
export function workerEntry(name: string): { entry: URL; argv: string[] } {
  const here = import.meta.url;
  if (!/\.[mc]?ts$/.test(here)) return { entry: new URL(`./${name}.js`, here), argv: [] };
  return { entry: new URL("./tsx-worker.cjs", here), argv: [new URL(`./${name}.ts`, here).href] };
}
