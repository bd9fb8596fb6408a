// The Web Worker bundle's src/wasm/bytes.ts (scripts/build-browser.mjs resolves ./wasm/bytes.js
// here when it bundles cv-worker.browser.ts). The main thread already carries the WASM bytes,
// so it posts them to each worker instead of the browser bundle inlining them twice; wasm.ts
// reads this live binding only when initSync() runs, after receiveWasm().
export let wasmBase64 = "";

export function receiveWasm(base64: string): void {
  wasmBase64 = base64;
}
