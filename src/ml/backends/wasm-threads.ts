// How many threads the wasm backend trains on. tfjs-backend-wasm sizes XNNPACK's thread pool at
// half of navigator.hardwareConcurrency (it assumes two hardware threads per core), so on a
// 2-core laptop it trains on one thread and leaves the other core idle. `npm run bench` measured
// the default DCGAN step on both cores of such a machine at about 1.3x the one-thread speed, so
// the playground asks for every logical core. The count can only be set before the wasm module
// starts: its pool is created once, at start-up.

/** Logical cores this environment reports (navigator.hardwareConcurrency), or null. */
export function logicalCores(): number | null {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/** The most threads tfjs's wasm build accepts (its pool's size is fixed at build time). */
export const MAX_WASM_THREADS = 8;

/**
 * Lets the wasm backend start `count` threads: it reads navigator.hardwareConcurrency once, at
 * start-up, and halves it, so this shows it twice the count on this (worker's) navigator. Only
 * this global's own property changes; the real value stays readable through the prototype.
 */
export function allowWasmThreads(count: number): void {
  if (typeof navigator === 'undefined') return;
  const wanted = Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(count)));
  Object.defineProperty(navigator, 'hardwareConcurrency', {
    configurable: true,
    get: () => 2 * wanted,
  });
}
