// BatchMatMul and _FusedMatMul for the wasm backend, transposing operands first.
//
// The wasm backend's matmul is fast (XNNPACK) only without transposed operands; with
// transposeA or transposeB it takes a loop about 13x slower (measured: [64,100]^T x [64,6272]
// 41 ms vs 3 ms). A dense layer's gradients are exactly such products (dW = x^T dy,
// dx = dy W^T), so the operand is transposed explicitly (a cheap copy) and the native kernel
// runs untransposed.

import * as tf from '@tensorflow/tfjs';

import { release, transpose, type WasmBackend } from './wasm-kernel-calls';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
};

/** Swaps the last two axes: [..., r, c] -> [..., c, r]. */
function transposeLastTwo(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(backend, x, perm);
}

/**
 * Wraps the native matmul kernel `native` (BatchMatMul or _FusedMatMul: both take inputs a, b
 * and attrs transposeA, transposeB) so that it never sees a transposed operand.
 */
export function pretransposedMatMul(native: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const { backend, inputs, attrs } = args;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    // Integer matmuls are not supported by the native kernel either; let it say so.
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return native(args) as tf.TensorInfo;
    }
    const a2 = transposeA ? transposeLastTwo(backend, a) : a;
    const b2 = transposeB ? transposeLastTwo(backend, b) : b;
    const out = native({
      backend,
      inputs: { ...inputs, a: a2, b: b2 },
      attrs: { ...attrs, transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    if (a2 !== a) release(backend, a2);
    if (b2 !== b) release(backend, b2);
    return out;
  };
}
