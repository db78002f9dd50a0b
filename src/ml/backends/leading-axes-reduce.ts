// Sum and Mean over a tensor's leading axes, and LeakyReLU, for the wasm backend, as composites
// of its fast kernels.
//
// Batch norm's statistics and their gradients, and every bias gradient, reduce an NHWC tensor
// over axes [0, 1, 2]. The wasm backend's Sum and Mean first transpose the reduced axes to the
// end (a full copy) and then reduce them one output at a time; on a [64, 14, 14, 16] tensor that
// took 15-20 times as long as one matrix product of a row of ones [1, N*H*W] with the tensor
// read as [N*H*W, C], which XNNPACK runs. A Mean multiplies by a row of 1/(N*H*W) instead. The
// sums are taken in another order, so results agree with the cpu backend to float32 rounding.
//
// The native LeakyRelu took about three times as long as Step + Multiply (x * step(x, alpha):
// x where x > 0, alpha * x elsewhere), which give the very same values.

import * as tf from '@tensorflow/tfjs';

import { callWasmKernel, release, reshape, type WasmBackend } from './wasm-kernel-calls';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
};

/**
 * Below this many elements the native kernels are kept: the composite's three kernel calls cost
 * more than a transpose of a small tensor.
 */
export const MIN_COMPOSITE_ELEMENTS = 4096;

/** The reduced axes, non-negative and ascending. */
function reducedAxes(axis: unknown, rank: number): number[] {
  const list = axis === undefined || axis === null ? [] : Array.isArray(axis) ? axis : [axis];
  const axes = (list as number[]).map((a) => (a < 0 ? a + rank : a));
  return [...new Set(axes)].sort((a, b) => a - b);
}

/** Sum ('Sum') or mean ('Mean') over leading axes as a matrix product; others go to `native`. */
export function leadingAxesReduction(kind: 'Sum' | 'Mean', native: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { backend } = args;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const shape = x.shape;
    const axes = reducedAxes(args.attrs.axis, shape.length);
    const leading = axes.length > 0 && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return native(args) as tf.TensorInfo;

    const k = axes.length;
    const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
    const inner = shape.slice(k).reduce((a, b) => a * b, 1);
    if (outer * inner < MIN_COMPOSITE_ELEMENTS) return native(args) as tf.TensorInfo;
    const weights = callWasmKernel(
      'Fill',
      backend,
      {},
      { shape: [1, 1, outer], value: kind === 'Mean' ? 1 / outer : 1, dtype: 'float32' },
    );
    const matrix = reshape(backend, x, [1, outer, inner]);
    const product = callWasmKernel(
      'BatchMatMul',
      backend,
      { a: weights, b: matrix },
      { transposeA: false, transposeB: false },
    ); // [1, 1, inner]
    const keepDims = args.attrs.keepDims === true;
    const out = reshape(
      backend,
      product,
      keepDims ? shape.map((s, i) => (i < k ? 1 : s)) : shape.slice(k),
    );
    release(backend, weights, matrix, product);
    return out;
  };
}

/** LeakyRelu as x * step(x, alpha); other dtypes go to `native`. */
export function leakyReluByStep(native: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { backend } = args;
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32') return native(args) as tf.TensorInfo;
    const slope = callWasmKernel('Step', backend, { x }, { alpha: args.attrs.alpha });
    const out = callWasmKernel('Multiply', backend, { a: x, b: slope });
    release(backend, slope);
    return out;
  };
}
