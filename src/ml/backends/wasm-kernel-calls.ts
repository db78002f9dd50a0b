// Small helpers for writing composite kernels on the wasm backend.
//
// A composite kernel calls the wasm backend's own kernel functions directly (looked up in the
// public kernel registry), so the engine never sees the intermediates: they are plain TensorInfos
// in the backend's storage, and each one must be released with `release` exactly once. The
// composite returns one TensorInfo that the engine then owns, as for any native kernel.

import * as tf from '@tensorflow/tfjs';

/** The subset of the wasm backend that composites need (the class itself is not exported). */
export type WasmBackend = tf.KernelBackend;

/** Runs kernel `name` of the wasm backend on TensorInfos; the caller must release the result. */
export function callWasmKernel(
  name: string,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap | tf.TensorInfo[],
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) {
    throw new Error(`wasm-training-kernels: kernel '${name}' is not registered for wasm`);
  }
  // Concat takes its inputs as an array; the registry's type only names the map form.
  const result = config.kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    backend,
    attrs,
  });
  if (Array.isArray(result)) {
    throw new Error(`wasm-training-kernels: kernel '${name}' returned several outputs`);
  }
  return result;
}

/** Frees intermediates made by `callWasmKernel` (Reshape outputs share storage: refcounted). */
export function release(backend: WasmBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function reshape(backend: WasmBackend, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return callWasmKernel('Reshape', backend, { x }, { shape });
}

export function transpose(backend: WasmBackend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return callWasmKernel('Transpose', backend, { x }, { perm });
}

export function slice(
  backend: WasmBackend,
  x: tf.TensorInfo,
  begin: number[],
  size: number[],
): tf.TensorInfo {
  return callWasmKernel('Slice', backend, { x }, { begin, size });
}

/** NHWC Conv2D with explicit [top, bottom] / [left, right] padding (all >= 0). */
export function conv2dExplicit(
  backend: WasmBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  pads: { top: number; bottom: number; left: number; right: number },
  strides: [number, number],
  dilations: [number, number],
): tf.TensorInfo {
  const pad: tf.NamedAttrMap['pad'] = [
    [0, 0],
    [pads.top, pads.bottom],
    [pads.left, pads.right],
    [0, 0],
  ];
  return callWasmKernel(
    'Conv2D',
    backend,
    { x, filter },
    { strides, dilations, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor' },
  );
}
