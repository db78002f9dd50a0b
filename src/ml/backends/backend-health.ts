// Noticing that a GPU backend died, and killing one on purpose. tfjs does not report either:
// after a WebGL context loss, reads that wait on the GPU (`await t.data()`) never settle and
// synchronous reads return zeros, so a training loop simply hangs or learns from garbage. The
// only reliable signals are the browser's: the canvas's 'webglcontextlost' event and the WebGPU
// device's `lost` promise. These helpers reach the context and device through the backend
// objects (tfjs keeps them public at run time but does not type them for us).
//
// No DOM access: the WebGL canvas tfjs makes in a worker is an OffscreenCanvas.

import * as tf from '@tensorflow/tfjs';

import type { BackendName } from './init-backend';

/** The bits of tfjs's webgl backend we use (MathBackendWebGL.gpgpu.gl). */
interface WebGlBackendShape {
  readonly gpgpu?: { readonly gl?: WebGL2RenderingContext | WebGLRenderingContext };
}

/** The bits of tfjs's webgpu backend we use (WebGPUBackend.device, a GPUDevice). */
interface WebGpuBackendShape {
  readonly device?: {
    readonly lost: Promise<{ readonly reason?: string; readonly message?: string }>;
    destroy(): void;
  };
}

/** The backend instance tfjs registered under `name`, if it has started. */
function instanceOf(name: BackendName): unknown {
  // Not tf.findBackend: for a registered but unstarted backend it would start it.
  return tf.engine().registry[name];
}

function glOf(name: BackendName): WebGL2RenderingContext | WebGLRenderingContext | null {
  if (name !== 'webgl') return null;
  return (instanceOf(name) as WebGlBackendShape | undefined)?.gpgpu?.gl ?? null;
}

function deviceOf(name: BackendName): WebGpuBackendShape['device'] | null {
  if (name !== 'webgpu') return null;
  return (instanceOf(name) as WebGpuBackendShape | undefined)?.device ?? null;
}

// Device losses seen so far, by device: `lost` settles once, and a late watcher must still know.
const lostDevices = new WeakMap<object, string>();

/**
 * Calls `onLost` once, with a sentence saying what happened, if the started backend `name` loses
 * its GPU context (webgl) or device (webgpu). cpu and wasm cannot be lost: a no-op for them.
 * Returns a function that stops watching.
 */
export function watchBackendLoss(name: BackendName, onLost: (reason: string) => void): () => void {
  let active = true;
  const fire = (reason: string): void => {
    if (!active) return;
    active = false;
    onLost(reason);
  };
  const gl = glOf(name);
  if (gl !== null) {
    const canvas = gl.canvas as EventTarget;
    const listener = (): void => fire('the WebGL context was lost');
    canvas.addEventListener('webglcontextlost', listener);
    if (gl.isContextLost()) fire('the WebGL context was lost');
    return () => {
      active = false;
      canvas.removeEventListener('webglcontextlost', listener);
    };
  }
  const device = deviceOf(name);
  if (device) {
    void device.lost.then((info) => {
      const reason = `the WebGPU device was lost${info.message ? ` (${info.message})` : ''}`;
      lostDevices.set(device, reason);
      fire(reason);
    });
    const known = lostDevices.get(device);
    if (known !== undefined) fire(known);
  }
  return () => {
    active = false;
  };
}

/** True when the started backend `name` has lost its context or device. */
export function isBackendLost(name: BackendName): boolean {
  const gl = glOf(name);
  if (gl !== null) return gl.isContextLost();
  const device = deviceOf(name);
  return device ? lostDevices.has(device) : false;
}

/**
 * Ends a started GPU backend on purpose, dropping whatever work it still has queued (a training
 * step that would keep a software GPU busy for minutes), and unregisters it: tfjs cannot restart
 * it in this worker afterwards. Work awaiting it never settles (webgl) or rejects (webgpu).
 * Returns false, doing nothing, for cpu and wasm: their work runs on this thread and is done.
 */
export function abortBackend(name: BackendName): boolean {
  if (name !== 'webgl' && name !== 'webgpu') return false;
  try {
    glOf(name)?.getExtension('WEBGL_lose_context')?.loseContext();
    deviceOf(name)?.destroy();
  } catch {
    // Already lost: nothing left to stop.
  }
  if (tf.engine().registryFactory[name] !== undefined) {
    try {
      tf.removeBackend(name);
    } catch {
      // Disposing a backend whose context is gone may throw; it is unregistered either way.
    }
  }
  // Never leave tfjs without an active backend: the abandoned work may still call into it when
  // it settles, and tfjs would then start its "best" backend behind the caller's back. cpu is
  // always registered and starts synchronously (this sets it before returning).
  if (tf.engine().backendName === null) void tf.setBackend('cpu');
  return true;
}

/** Whether an error thrown by tfjs looks like a GPU backend failing, not a bug of ours. */
export function isBackendFailure(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /context (was )?lost|lost context|device (was |is )?lost|webgl|webgpu|gpu/i.test(message);
}

/**
 * Software WebGPU (an adapter flagged as fallback, or Chromium's SwiftShader) trains far slower
 * than wasm; returns a short description of it, or null for a hardware adapter or no WebGPU.
 */
export async function softwareWebGpuAdapter(): Promise<string | null> {
  const gpu = (
    globalThis as {
      navigator?: { gpu?: { requestAdapter(): Promise<AdapterShape | null> } };
    }
  ).navigator?.gpu;
  if (gpu === undefined) return null;
  let adapter: AdapterShape | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    return null;
  }
  if (adapter === null) return null;
  const info = adapter.info ?? {};
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const arch = info.architecture ?? '';
  if (/swiftshader/i.test(arch)) return 'SwiftShader';
  return fallback ? `a fallback adapter${arch ? ` (${arch})` : ''}` : null;
}

interface AdapterShape {
  readonly info?: { readonly architecture?: string; readonly isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
}
