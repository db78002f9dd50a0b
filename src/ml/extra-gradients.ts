// Gradient definitions tfjs 4.22 lacks or makes too slow for WGAN-GP's gradient penalty, which
// differentiates a backward pass a second time. Registered for every backend when this module
// loads (losses.ts imports it for its side effect).
//
// - Comparisons (Greater, Less, ...): none registered. A comparison is piecewise constant, so its
//   gradient is zero wherever it is defined (tfjs registers exactly this for GreaterEqual).
//   First-order training never meets them: they live inside gradient functions (LeakyReLU's is
//   where(x > 0, dy, alpha * dy)), and the penalty's gradient goes through those.
// - Tile: tfjs sums its gradient one tile at a time, a Slice and an Add per tile. Layer norm tiles
//   each image's mean and variance over [H, W, C], so one critic update of the default MNIST
//   network ran thousands of tiny kernels (half a minute on wasm). Here it is a reshape and a sum
//   per tiled axis, itself differentiable, and equal to the tile-by-tile sum up to float32
//   rounding (the test checks it).
// - Exp: tfjs's gradient is dy * exp(x) with exp(x) taken from the saved output, which a second
//   differentiation treats as a constant (d/dx of the gradient misses its exp(x) factor).
//   Recomputing exp from the saved input gives the same first-order numbers and a correct second
//   order (minibatch discrimination's exp(-L1) distances, the VAE's exp(logVar)).

import * as tf from '@tensorflow/tfjs';

const COMPARISONS = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual'] as const;

for (const kernelName of COMPARISONS) {
  // Registering twice warns; a module loaded twice (tests, hot reload) registers once.
  if (tf.getGradient(kernelName) === undefined) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved;
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
}

/**
 * d tile(x, reps) / dx: the output along axis i is reps[i] copies of x's extent a_i, so view that
 * axis as [reps[i], a_i] and sum the copies; axes one at a time, each as a 4-D [outer, reps,
 * a, inner] tensor so every backend's Sum handles it.
 */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[], reps: readonly number[]) {
  return tf.tidy(() => {
    let g = dy;
    const shape = [...dy.shape];
    xShape.forEach((a, axis) => {
      if (reps[axis] === 1) return;
      const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
      const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
      g = tf.sum(tf.reshape(g, [outer, reps[axis], a, inner]), 1);
      shape[axis] = a;
      g = tf.reshape(g, shape);
    });
    return g;
  });
}

tf.registerGradient({
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { reps } = attrs as unknown as { reps: number[] };
    return { x: () => tileGradient(dy as tf.Tensor, x.shape, reps) };
  },
});

tf.registerGradient({
  kernelName: 'Exp',
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.mul(dy as tf.Tensor, tf.exp(x)) };
  },
});
