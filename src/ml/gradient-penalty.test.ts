// WGAN-GP's gradient penalty needs the gradient of a gradient: its derivative with respect to the
// critic's weights goes through the backward pass of the critic. This checks that derivative, on
// every backend the tests can run (cpu and wasm; the page's webgl needs a browser), against
// central finite differences, for a tiny critic with every kind of layer the playground's critic
// has: a strided convolution, a layer norm over [H, W, C], a leaky ReLU and a dense logit.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../lib/rng';
import { initBackend } from './backends/init-backend';
import { gradientPenalty } from './losses';

const SHAPE = [3, 4, 4, 2] as const; // [b, H, W, C]

function tinyCritic(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [SHAPE[1], SHAPE[2], SHAPE[3]],
        filters: 3,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
      }), // [b, 2, 2, 3]
      tf.layers.layerNormalization({ axis: [1, 2, 3], epsilon: 1e-5 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(), // [b, 12]
      tf.layers.dense({ units: 1 }), // [b, 1]
    ],
  });
}

/** The penalty and its analytic gradient with respect to every weight, and finite differences. */
function penaltyGradients(seed: number) {
  const rng = new Rng(seed);
  const critic = tinyCritic();
  // Every weight random (layer norm's scale and offset too, so their gradients are not special).
  critic.setWeights(critic.getWeights().map((w) => tf.tensor(rng.normals(w.size), w.shape)));
  const size = SHAPE.reduce((a, b) => a * b, 1);
  const real = tf.tensor4d(rng.normals(size), [...SHAPE]);
  const fake = tf.tensor4d(rng.normals(size), [...SHAPE]);
  const eps = tf.tensor1d(rng.uniforms(SHAPE[0]));
  const apply = (x: tf.Tensor4D) => critic.apply(x, { training: true }) as tf.Tensor;
  const penalty = () => gradientPenalty(apply, real, fake, eps);
  const variables = critic.trainableWeights.map((w) => w.read() as tf.Variable);

  const { value: _v, grads } = tf.variableGrads(penalty, variables);
  _v.dispose();
  // No gradient at all for weights the critic's input gradient does not depend on (the logit's
  // bias, layer norm's offset): the finite differences must then find zero.
  const analytic = variables.map((v) =>
    grads[v.name] === undefined ? new Float32Array(v.size) : grads[v.name].dataSync().slice(),
  );
  tf.dispose(grads);

  const h = 1e-2;
  const numeric = variables.map((v) => {
    const values = v.dataSync().slice();
    const out = new Float32Array(values.length);
    const at = (i: number, delta: number) => {
      const moved = values.slice();
      moved[i] += delta;
      v.assign(tf.tensor(moved, v.shape));
      return tf.tidy(() => penalty().dataSync()[0]);
    };
    for (let i = 0; i < values.length; i++) out[i] = (at(i, h) - at(i, -h)) / (2 * h);
    v.assign(tf.tensor(values, v.shape));
    return out;
  });
  const value = tf.tidy(() => penalty().dataSync()[0]);
  tf.dispose([real, fake, eps]);
  critic.dispose();
  return { names: variables.map((v) => v.name), analytic, numeric, value };
}

afterAll(async () => {
  await initBackend('cpu');
});

describe.each(['cpu', 'wasm'] as const)('gradient penalty on %s', (backend) => {
  it('has the finite-difference gradient with respect to conv, layer norm and dense weights', async () => {
    await initBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    for (const seed of [1]) {
      const { names, analytic, numeric, value } = penaltyGradients(seed);
      expect(value).toBeGreaterThan(0);
      let largest = 0;
      names.forEach((name, k) => {
        analytic[k].forEach((a, i) => {
          const n = numeric[k][i];
          largest = Math.max(largest, Math.abs(a));
          // Float32 finite differences: h^2 truncation plus rounding of the penalty over 2h.
          const tolerance = 2e-3 + 2e-2 * Math.abs(n);
          expect(Math.abs(a - n), `${name}[${i}] seed ${seed}: ${a} vs ${n}`).toBeLessThan(
            tolerance,
          );
        });
      });
      // Not vacuous: the weights' gradients are far from zero.
      expect(largest).toBeGreaterThan(0.1);
    }
  });
});
