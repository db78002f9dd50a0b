// Kernels the wasm backend needs to train the playground's convolutional models, and faster
// replacements for the ones that dominate a training step.
//
// tfjs-backend-wasm 4.22 has every kernel the DCGAN and VAE steps touch (dense, batch norm in
// training mode, the activations, the losses, Adam) except Conv2DBackpropFilter, which both
// conv2d's and conv2dTranspose's gradients need. Four native kernels are replaced because a
// DCGAN step spends most of its time in their slow paths (bench/wasm-kernels/dcgan-step.ts):
// Conv2DBackpropInput (direct loop), Tile (per-element indexing), and BatchMatMul /
// _FusedMatMul with a transposed operand. Every replacement is a composite of the backend's own
// fast kernels, agreeing with the cpu backend to float32 rounding (the tests check it).

import * as tf from '@tensorflow/tfjs';
// Imported for its side effect, first: loading the wasm package registers its kernels, and a
// later load would silently put its own kernels back over ours.
import '@tensorflow/tfjs-backend-wasm';

import { conv2dBackpropFilterComposite } from './conv2d-backprop-filter';
import {
  conv2dBackpropInputSubPixel,
  conv2dBackpropInputZeroInsertion,
} from './conv2d-backprop-input';
import { pretransposedMatMul } from './matmul-pretransposed';
import { broadcastTile } from './tile-broadcast';
import type { WasmBackend } from './wasm-kernel-calls';

/**
 * Which implementation serves Conv2DBackpropInput on wasm: 'subpixel' picks merged or separate
 * phases by channel count (see conv2d-backprop-input.ts); the forced variants and the others
 * exist for tests and benchmarks.
 */
export type BackpropInputImpl =
  'subpixel' | 'subpixel-merged' | 'subpixel-separate' | 'zero-insertion' | 'native';

export interface WasmTrainingKernelOptions {
  /** Default 'subpixel' (fastest). */
  readonly backpropInput?: BackpropInputImpl;
  /** Replace the native Tile, BatchMatMul and _FusedMatMul (default true). */
  readonly replaceSlowKernels?: boolean;
}

type CompositeFunc = (args: {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
}) => tf.TensorInfo;

/** The backend's own configs of the kernels we replace, captured before replacing them. */
const natives = new Map<string, tf.KernelConfig>();
/** Every kernel function this module registers, to tell ours from the backend's. */
const ours = new Set<tf.KernelFunc>();
/** Built once, so that registering again finds the very same functions (idempotence). */
const built = new Map<string, tf.KernelConfig>();

function native(kernelName: string): tf.KernelConfig {
  const config = natives.get(kernelName);
  if (config === undefined) throw new Error(`wasm has no native '${kernelName}' kernel`);
  return config;
}

function captureNative(kernelName: string): void {
  const current = tf.getKernel(kernelName, 'wasm');
  if (current !== undefined && !ours.has(current.kernelFunc)) natives.set(kernelName, current);
}

/**
 * Our kernel config for `key`, built once. A composite that may delegate to native kernels
 * carries their setup functions: the backend runs setupFunc only for the kernels registered
 * when it initializes, and by then ours stand in the natives' place.
 */
function config(key: string, kernelName: string, composite: CompositeFunc, delegates: string[]) {
  let cfg = built.get(key);
  if (cfg === undefined) {
    const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) =>
      composite({ inputs, backend: backend as WasmBackend, attrs: attrs ?? {} });
    const setups = delegates.map((name) => natives.get(name)?.setupFunc);
    const setupFunc = (backend: object) => setups.forEach((setup) => setup?.(backend));
    cfg = { kernelName, backendName: 'wasm', kernelFunc, setupFunc };
    ours.add(kernelFunc);
    built.set(key, cfg);
  }
  return cfg;
}

function install(cfg: tf.KernelConfig): void {
  const current = tf.getKernel(cfg.kernelName, 'wasm');
  if (current?.kernelFunc === cfg.kernelFunc) return; // already in place: idempotent
  if (current !== undefined) tf.unregisterKernel(cfg.kernelName, 'wasm');
  tf.registerKernel(cfg);
  // If the backend is already up (it ran the natives' setups itself), nothing more to do;
  // a native put back after the backend started without it must bind its wasm function now.
  // (Looked up in the registry: findBackend would start initializing the backend.)
  const backend = tf.engine().registry['wasm'];
  if (backend !== undefined && !ours.has(cfg.kernelFunc)) cfg.setupFunc?.(backend);
}

function backpropInputConfig(impl: BackpropInputImpl): tf.KernelConfig {
  switch (impl) {
    case 'native':
      return native('Conv2DBackpropInput');
    case 'zero-insertion':
      return config(impl, 'Conv2DBackpropInput', conv2dBackpropInputZeroInsertion, []);
    case 'subpixel-merged':
      return config(
        impl,
        'Conv2DBackpropInput',
        (a) => conv2dBackpropInputSubPixel(a, 'merged'),
        [],
      );
    case 'subpixel-separate':
      return config(
        impl,
        'Conv2DBackpropInput',
        (a) => conv2dBackpropInputSubPixel(a, 'separate'),
        [],
      );
    case 'subpixel':
      return config(
        impl,
        'Conv2DBackpropInput',
        // The composites are NHWC-only; the native kernel also reads NCHW.
        (args) =>
          args.attrs.dataFormat === 'NHWC'
            ? conv2dBackpropInputSubPixel(args)
            : (native('Conv2DBackpropInput').kernelFunc(args) as tf.TensorInfo),
        ['Conv2DBackpropInput'],
      );
  }
}

/**
 * Registers (or re-registers, idempotently) the training kernels for backend 'wasm'. Safe to
 * call before or after the wasm backend is initialized.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): void {
  for (const name of ['Conv2DBackpropInput', 'Tile', 'BatchMatMul', '_FusedMatMul']) {
    captureNative(name);
  }
  install(config('filter', 'Conv2DBackpropFilter', conv2dBackpropFilterComposite, []));
  install(backpropInputConfig(options.backpropInput ?? 'subpixel'));

  if (options.replaceSlowKernels ?? true) {
    install(config('tile', 'Tile', broadcastTile(native('Tile').kernelFunc), ['Tile']));
    for (const name of ['BatchMatMul', '_FusedMatMul']) {
      install(config(name, name, pretransposedMatMul(native(name).kernelFunc), [name]));
    }
  } else {
    for (const name of ['Tile', 'BatchMatMul', '_FusedMatMul']) install(native(name));
  }
}

/** Kernel names this module provides or replaces on wasm (for diagnostics and tests). */
export const WASM_TRAINING_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'Tile',
  'BatchMatMul',
  '_FusedMatMul',
] as const;
