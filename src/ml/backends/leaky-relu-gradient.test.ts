// LeakyReLU's gradient once the training kernels are registered: dy where x > 0 and alpha * dy
// elsewhere (x = 0 included, as tfjs's own gradient has it), computed from hand-written values,
// on wasm and on the cpu backend; and built from the two same-shape kernels, without the
// broadcasting Greater and the Select that tfjs's own gradient runs.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend';
import { leakyReluGradient } from './leaky-relu-gradient';

const x = [-2, -0.5, 0, 0.25, 3, -1e-8];
const dy = [1, 2, 3, 4, 5, 6];
const alpha = 0.2;
const expected = [0.2 * 1, 0.2 * 2, 0.2 * 3, 4, 5, 0.2 * 6];

/** d leakyRelu(x) / dx times dy, leaving no tensor behind. */
function gradient(): Float32Array {
  const xs = tf.tensor1d(x);
  const dys = tf.tensor1d(dy);
  const before = tf.memory().numTensors;
  const out = tf.grad((v: tf.Tensor) => tf.leakyRelu(v, alpha))(xs, dys);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([xs, dys]);
  return values;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('LeakyReLU gradient', () => {
  it('is registered with the training kernels', () => {
    expect(tf.getGradient('LeakyRelu')).toBe(leakyReluGradient);
  });

  for (const backend of ['wasm', 'cpu']) {
    it(`passes dy where x > 0 and alpha * dy elsewhere (${backend})`, async () => {
      await tf.setBackend(backend);
      const values = gradient();
      expected.forEach((e, i) => expect(values[i]).toBeCloseTo(e, 6));
    });
  }

  it('runs Step and Multiply, not Greater and Select', async () => {
    await tf.setBackend('wasm');
    const xs = tf.randomNormal([2, 5, 5, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.leakyRelu(v, alpha));
    const info = await tf.profile(() => g(xs));
    const names = info.kernels.map((k) => k.name);
    expect(names).toContain('Step');
    expect(names).not.toContain('Select');
    expect(names).not.toContain('Greater');
    xs.dispose();
  });
});
