// Scratch that belongs to one instance of the module: the main thread's and each helper
// thread's instance share one memory, so staging that two threads may use at once (a syrk
// tile's sums, four dots on their way out) goes here, to 128 bytes the host gives each
// instance before its first call.

/** This instance's scratch: 128 bytes, 16-byte aligned, used by no other instance. */
export let tile: usize = 0;

export function useScratch(ptr: usize): void { tile = ptr; }
