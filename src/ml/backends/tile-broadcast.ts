// Tile for the wasm backend as a broadcast multiply by ones.
//
// The wasm backend's Tile computes an index per output element and is slow: tiling a batch
// norm's [1, 1, 1, 64] statistics to [64, 14, 14, 64] (which tfjs's batch norm gradient does
// several times a step) took 53 ms, against about 1 ms for Fill + a broadcasting Multiply.
//
// Tiling x [s0, s1, ...] by reps [r0, r1, ...] is broadcasting x as [1, s0, 1, s1, ...] against
// ones [r0, 1, r1, 1, ...] and reading the product [r0, s0, r1, s1, ...] as
// [r0*s0, r1*s1, ...]. Axes of size 1 are dropped and neighbours of the same kind merged, so
// the usual case is a 2-D product ([1, C] x [N*H*W, 1]). Multiplying by one is exact.

import * as tf from '@tensorflow/tfjs';

import { callWasmKernel, release, reshape, type WasmBackend } from './wasm-kernel-calls';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
};

/** Broadcasting in the wasm backend's binary kernels handles at most this many axes. */
const MAX_BROADCAST_RANK = 4;

interface Axis {
  kind: 'rep' | 'data';
  size: number;
}

/** The interleaved axes with sizes > 1, neighbours of one kind merged. */
function broadcastAxes(shape: number[], reps: number[]): Axis[] {
  const axes: Axis[] = [];
  const push = (kind: Axis['kind'], size: number) => {
    if (size === 1) return;
    const last = axes[axes.length - 1];
    if (last !== undefined && last.kind === kind) last.size *= size;
    else axes.push({ kind, size });
  };
  shape.forEach((s, i) => {
    push('rep', reps[i]);
    push('data', s);
  });
  return axes;
}

export function broadcastTile(native: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { backend } = args;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const reps = args.attrs.reps as number[];
    const axes = broadcastAxes(x.shape, reps);
    const useNative =
      x.dtype !== 'float32' ||
      !axes.some((a) => a.kind === 'rep') ||
      axes.length > MAX_BROADCAST_RANK;
    if (useNative) return native(args) as tf.TensorInfo;

    const xShape = axes.map((a) => (a.kind === 'data' ? a.size : 1));
    const onesShape = axes.map((a) => (a.kind === 'rep' ? a.size : 1));
    const xr = reshape(backend, x, xShape);
    const ones = callWasmKernel(
      'Fill',
      backend,
      {},
      { shape: onesShape, value: 1, dtype: 'float32' },
    );
    const product = callWasmKernel('Multiply', backend, { a: xr, b: ones });
    const out = reshape(
      backend,
      product,
      x.shape.map((s, i) => s * reps[i]),
    );
    release(backend, xr, ones, product);
    return out;
  };
}
