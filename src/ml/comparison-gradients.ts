// Zero gradients for the comparison kernels tfjs 4.22 registers none for. A comparison is
// piecewise constant, so its gradient is zero wherever it is defined (tfjs itself registers
// exactly this for GreaterEqual). First-order training never needs them: they appear only in
// gradient functions (LeakyReLU's is where(x > 0, dy, alpha * dy)). The gradient penalty of
// WGAN-GP differentiates such a gradient function again, and without these tfjs stops with
// "gradient function not found for Greater". Imported for its side effect by losses.ts.

import * as tf from '@tensorflow/tfjs';

const COMPARISONS = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual'] as const;

for (const kernelName of COMPARISONS) {
  // Registering twice only warns, but a hot-reloaded module would; register once.
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
