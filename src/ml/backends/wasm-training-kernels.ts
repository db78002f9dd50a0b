// Kernels the wasm backend needs to train the playground's convolutional models.
//
// tfjs-backend-wasm 4.22 has every kernel the DCGAN and VAE steps touch (dense, batch norm in
// training mode, the activations, the losses, Adam) except Conv2DBackpropFilter, which both
// conv2d's and conv2dTranspose's gradients need. Its Conv2DBackpropInput exists but is slow, so
// it is replaced too. Both replacements are composites of the backend's own fast kernels.

import * as tf from '@tensorflow/tfjs';
// Imported for its side effect, first: loading the wasm package registers its kernels, and a
// later load would silently put its own Conv2DBackpropInput back over ours.
import '@tensorflow/tfjs-backend-wasm';

import { conv2dBackpropFilterComposite } from './conv2d-backprop-filter';
import {
  conv2dBackpropInputSubPixel,
  conv2dBackpropInputZeroInsertion,
} from './conv2d-backprop-input';
import type { WasmBackend } from './wasm-kernel-calls';

/**
 * Which implementation serves Conv2DBackpropInput on wasm: 'subpixel' picks merged or separate
 * phases by channel count; the forced variants and the others exist for tests and benchmarks.
 */
export type BackpropInputImpl =
  'subpixel' | 'subpixel-merged' | 'subpixel-separate' | 'zero-insertion' | 'native';

export interface WasmTrainingKernelOptions {
  /** Default 'subpixel' (fastest); 'native' keeps the wasm backend's own kernel. */
  readonly backpropInput?: BackpropInputImpl;
}

// Kernel functions receive the backend typed as `{}`; these adapters name what it really is.
const filterKernel: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  conv2dBackpropFilterComposite({ inputs, backend: backend as WasmBackend, attrs: attrs ?? {} });
const subPixelKernel: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  conv2dBackpropInputSubPixel({ inputs, backend: backend as WasmBackend, attrs: attrs ?? {} });
const subPixelMergedKernel: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  conv2dBackpropInputSubPixel(
    { inputs, backend: backend as WasmBackend, attrs: attrs ?? {} },
    'merged',
  );
const subPixelSeparateKernel: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  conv2dBackpropInputSubPixel(
    { inputs, backend: backend as WasmBackend, attrs: attrs ?? {} },
    'separate',
  );
const zeroInsertionKernel: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  conv2dBackpropInputZeroInsertion({ inputs, backend: backend as WasmBackend, attrs: attrs ?? {} });

/** The wasm backend's own Conv2DBackpropInput, remembered before it is replaced. */
let nativeBackpropInput: tf.KernelConfig | undefined;

function setKernel(kernelName: string, kernelFunc: tf.KernelFunc, setupFunc?: tf.KernelSetupFunc) {
  const current = tf.getKernel(kernelName, 'wasm');
  if (current?.kernelFunc === kernelFunc) return; // already in place: idempotent
  if (current !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc, setupFunc });
}

/**
 * Registers (or re-registers, idempotently) the training kernels for backend 'wasm'. Safe to
 * call before or after the wasm backend is initialized; the composites need no setup.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): void {
  setKernel('Conv2DBackpropFilter', filterKernel);

  const existing = tf.getKernel('Conv2DBackpropInput', 'wasm');
  const ours = [subPixelKernel, subPixelMergedKernel, subPixelSeparateKernel, zeroInsertionKernel];
  if (existing !== undefined && !ours.includes(existing.kernelFunc)) {
    if (existing.kernelFunc !== nativeBackpropInput?.kernelFunc) nativeBackpropInput = existing;
  }
  const impl = options.backpropInput ?? 'subpixel';
  if (impl === 'native') {
    if (nativeBackpropInput === undefined) {
      throw new Error('The wasm backend is not loaded: its own Conv2DBackpropInput is unknown');
    }
    const { kernelFunc, setupFunc } = nativeBackpropInput;
    setKernel('Conv2DBackpropInput', kernelFunc, setupFunc);
    // The native kernel binds its wasm function in setupFunc, which the backend runs only for
    // kernels registered when it initializes; if it is already up, bind it now.
    // (Looked up in the registry: findBackend would start initializing it.)
    const backend = tf.engine().registry['wasm'];
    if (backend !== undefined && setupFunc !== undefined) setupFunc(backend);
  } else {
    setKernel('Conv2DBackpropInput', impl === 'subpixel' ? subPixelKernel : zeroInsertionKernel);
  }
}

/** Kernel names this module provides on wasm (for diagnostics and tests). */
export const WASM_TRAINING_KERNEL_NAMES = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;
