// Starts a tfjs backend and proves it started. `tf.setBackend` resolves false (and tfjs quietly
// stays on whatever backend it had) when a backend fails to initialize, so every switch is
// checked here and turned into an error that says what to do.
//
// Runs in a Web Worker, in Node and in tests: nothing here touches the DOM or the file system.
// Where the wasm binaries live is the caller's business: `wasmAssetPaths()` (browser, Vite) or
// `nodeWasmPaths()` (Node) — each in its own file so neither side imports the other's code.

import * as tf from '@tensorflow/tfjs';

import type { BackpropInputImpl } from './wasm-training-kernels';
import { allowWasmThreads } from './wasm-threads';

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** The three binaries tfjs-backend-wasm may load, by file name, mapped to the URL serving it. */
export type WasmFileUrls = Readonly<
  Record<
    | 'tfjs-backend-wasm.wasm'
    | 'tfjs-backend-wasm-simd.wasm'
    | 'tfjs-backend-wasm-threaded-simd.wasm',
    string
  >
>;

export interface InitBackendOptions {
  /**
   * wasm only: a directory prefix ending in '/' or a map of each binary to its URL. Omit in
   * Node (the package finds its own binaries); a bundled page must pass it.
   */
  readonly wasmPaths?: string | WasmFileUrls;
  /**
   * wasm only: use the multi-threaded binary when the page allows it (cross-origin isolated).
   * Default true; false forces one thread. Takes effect only before wasm first starts.
   */
  readonly threads?: boolean;
  /**
   * wasm only, with threads: how many threads XNNPACK uses, the calling thread included, up to
   * 8 (see wasm-threads.ts). Default: tfjs's own, half the logical cores (one on two cores).
   */
  readonly threadsCount?: number;
  /** wasm only: which Conv2DBackpropInput to use (see wasm-training-kernels). Default subpixel. */
  readonly wasmBackpropInput?: BackpropInputImpl;
}

/**
 * Makes `name` the active tfjs backend and returns the name tfjs reports afterwards. Throws if
 * the backend could not start; never leaves the caller unknowingly on another backend.
 */
export async function initBackend(
  name: BackendName,
  opts: InitBackendOptions = {},
): Promise<string> {
  switch (name) {
    case 'cpu':
      break;
    case 'wasm':
      await prepareWasm(opts);
      break;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      break;
    case 'webgpu':
      await prepareWebGpu();
      break;
    default: {
      const unknown: never = name;
      throw new Error(`Unknown backend '${String(unknown)}'`);
    }
  }

  let ok = false;
  let cause: unknown;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (err) {
    cause = err;
  }
  const active = tf.getBackend();
  if (!ok || active !== name) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    throw new Error(
      `tfjs could not start the '${name}' backend${why} (the active backend is ` +
        `'${active ?? 'none'}').${hintFor(name)}`,
    );
  }
  return active;
}

/** Threads the running wasm backend trains on (1 without threads), or null if wasm is not up. */
export async function wasmThreadsInUse(): Promise<number | null> {
  if (tf.getBackend() !== 'wasm') return null;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}

async function prepareWasm(opts: InitBackendOptions): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const { registerWasmTrainingKernels } = await import('./wasm-training-kernels');
  registerWasmTrainingKernels({ backpropInput: opts.wasmBackpropInput ?? 'subpixel' });
  // Paths and threads are read once, when the wasm module is instantiated. (Not findBackend:
  // it would start that instantiation with the default paths.)
  if (tf.engine().registry['wasm'] !== undefined) return;
  if (opts.wasmPaths !== undefined) {
    // The package's own parameter type is a mutable record; ours is read-only.
    wasm.setWasmPaths(opts.wasmPaths as string | Record<string, string>);
  }
  if (opts.threads === false) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } else if (opts.threadsCount !== undefined) {
    allowWasmThreads(opts.threadsCount);
    wasm.setThreadsCount(opts.threadsCount);
  }
}

/**
 * Loads the webgpu backend package (its own chunk: a dynamic import, reached only here) once the
 * environment has shown it offers WebGPU, and checks that an adapter exists, so a browser without
 * one gets a clear reason instead of tfjs's generic failure.
 */
async function prepareWebGpu(): Promise<void> {
  const gpu = webGpu();
  if (gpu === undefined) {
    throw new Error(
      "The 'webgpu' backend is not available: this environment has no navigator.gpu " +
        '(WebGPU needs a recent browser and a secure context).',
    );
  }
  if (tf.findBackendFactory('webgpu') === null) {
    let adapter: unknown;
    try {
      adapter = await gpu.requestAdapter();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`The 'webgpu' backend is not available: requestAdapter failed (${why}).`, {
        cause: err,
      });
    }
    if (adapter === null || adapter === undefined) {
      throw new Error(
        "The 'webgpu' backend is not available: the browser offers WebGPU but no adapter " +
          '(no usable GPU, or WebGPU is switched off).',
      );
    }
    await import('@tensorflow/tfjs-backend-webgpu');
  }
}

/** The environment's WebGPU entry point, if any (typed loosely: no @webgpu/types dependency). */
function webGpu(): { requestAdapter(): Promise<unknown> } | undefined {
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } })
    .navigator;
  return nav?.gpu ?? undefined;
}

function hintFor(name: BackendName): string {
  switch (name) {
    case 'wasm':
      return ' Check that the .wasm binaries are served where `wasmPaths` says (wasmAssetPaths() in the browser).';
    case 'webgl':
      return ' This environment has no usable WebGL2 context.';
    case 'webgpu':
      return ' This environment has no usable WebGPU adapter.';
    default:
      return '';
  }
}

/**
 * Backends whose prerequisites this environment has, fastest-to-train first for a machine
 * without a GPU (wasm trains the playground's models several times faster than software WebGL).
 * A listed backend can still fail to start; initBackend says so when it does.
 */
export function availableBackends(): BackendName[] {
  const found: BackendName[] = [];
  if (typeof WebAssembly === 'object') found.push('wasm');
  if (hasWebGl2()) found.push('webgl');
  if (webGpu() !== undefined) found.push('webgpu');
  found.push('cpu');
  return found;
}

function hasWebGl2(): boolean {
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      // Free the probe's context now, not at garbage collection: browsers cap live contexts.
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
      return gl !== null;
    }
  } catch {
    // A browser may throw instead of returning null when WebGL is blocked.
    // (No document fallback: this code runs in a worker and never touches the DOM.)
  }
  return false;
}
