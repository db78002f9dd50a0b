// How many threads the wasm backend trains on. tfjs-backend-wasm sizes XNNPACK's thread pool at
// half of navigator.hardwareConcurrency (it assumes two hardware threads per core), which on a
// 2-core laptop is one thread. Measured there (`npm run bench -- --quick --backends wasm`,
// 2026-12-03), a second thread pays only on wide networks: the faces VAE trained 1.34x faster on
// two (64.0 against 47.8 images/s; the old width-64 DCGAN 1.3x), but the width-16 default DCGAN
// only 0.81x as fast (387 against 479), the MNIST VAE and the faces DCGAN the same. So the
// default stays tfjs's, which suits the page's default run, and `threads=N` in the link asks for more;
// the count can only be set before the wasm module starts (its pool is made once, at start-up).

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
