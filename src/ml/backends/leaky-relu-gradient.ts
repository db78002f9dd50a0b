// LeakyReLU's gradient as one mask and one product: dx = dy * step(x, alpha), where step gives 1
// for x > 0 and alpha elsewhere. tfjs's own gradient builds the same values from greater(x, 0),
// mul(dy, alpha) and where(); on wasm, Greater and Multiply with a scalar take the broadcasting
// path and Select is slow, so those three kernels cost several times the two same-shape ones
// (bench/profile-step.ts: a tenth of a narrow DCGAN's step). The values are the same: dy * 1 and
// dy * alpha are exactly what where() picks from. Only a NaN input differs: tfjs's gradient
// passes dy * alpha, this one NaN (the forward value is NaN already, and the run is stopped as
// diverged by its loss).
//
// Gradients are registered per kernel for every backend; the formula suits them all.

import * as tf from '@tensorflow/tfjs';

export const leakyReluGradient: tf.GradConfig = {
  kernelName: 'LeakyRelu',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    // The kernel's attributes: LeakyReluAttrs, typed by the registry as a generic map.
    const { alpha } = attrs as unknown as { alpha: number };
    return { x: () => tf.mul(dy as tf.Tensor, tf.step(x, alpha)) };
  },
};

/** Puts this gradient in tfjs's registry in place of its own (idempotent). */
export function registerLeakyReluGradient(): void {
  if (tf.getGradient('LeakyRelu') === leakyReluGradient) return;
  tf.registerGradient(leakyReluGradient);
}
