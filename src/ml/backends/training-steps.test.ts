// Whole training steps on wasm against cpu: a tiny DCGAN (each GAN loss) and a tiny VAE (both
// likelihoods), same initial weights and inputs, must report the same losses step after step;
// and 20 steps on wasm must not grow the tensor count or the wasm heap's buffer count.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from './init-backend';
import {
  buildDcgan,
  buildVae,
  dcganStep,
  seededBatch,
  TINY,
  vaeStep,
  type GanLossKind,
} from './testing/training-fixtures';

const BATCH = 4;
const STEPS = 3;
const shape: [number, number, number, number] = [BATCH, TINY.imageSize, TINY.imageSize, 1];

/** Weights by value, so the wasm models start exactly where the cpu ones did. */
function snapshot(models: tf.LayersModel[]): Float32Array[][] {
  return models.map((m) => m.getWeights().map((w) => w.dataSync() as Float32Array));
}

function restore(models: tf.LayersModel[], values: Float32Array[][]): void {
  models.forEach((m, i) => {
    const tensors = m.getWeights().map((w, j) => tf.tensor(values[i][j], w.shape));
    m.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  });
}

function ganLosses(loss: GanLossKind, initial?: Float32Array[][]) {
  const gan = buildDcgan(TINY);
  const models = [gan.generator, gan.discriminator];
  if (initial !== undefined) restore(models, initial);
  const weights = snapshot(models);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const { images, noise } = seededBatch(TINY, BATCH, 100 + step);
    const r = tf.tidy(() =>
      dcganStep(
        gan,
        tf.tensor4d(images, shape).mul(2).sub(1) as tf.Tensor4D, // [-1, 1] like tanh
        tf.tensor2d(noise, [BATCH, TINY.latentDim]),
        loss,
      ),
    );
    losses.push(r.dLoss, r.gLoss);
  }
  gan.dispose();
  return { losses, weights };
}

function vaeLosses(likelihood: 'bernoulli' | 'gaussian', initial?: Float32Array[][]) {
  const vae = buildVae(TINY);
  const models = [vae.encoder, vae.decoder];
  if (initial !== undefined) restore(models, initial);
  const weights = snapshot(models);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const { images, noise } = seededBatch(TINY, BATCH, 200 + step);
    const r = tf.tidy(() =>
      vaeStep(
        vae,
        tf.tensor4d(images, shape),
        tf.tensor2d(noise, [BATCH, TINY.latentDim]),
        likelihood,
      ),
    );
    losses.push(r.recon, r.kl);
  }
  vae.dispose();
  return { losses, weights };
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    // Float32 summation order differs between the backends; Adam's first steps amplify it a
    // little (its update is about lr * sign(g) where g is near zero).
    const tolerance = 1e-4 * Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(a - expected[i]), `loss #${i}: ${a} vs ${expected[i]}`).toBeLessThan(tolerance);
  });
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('training steps on wasm match cpu', () => {
  for (const loss of ['bce', 'lsgan', 'hinge'] as const) {
    it(`DCGAN (${loss}) losses`, async () => {
      await initBackend('cpu');
      const cpu = ganLosses(loss);
      await initBackend('wasm');
      const wasm = ganLosses(loss, cpu.weights);
      expectClose(wasm.losses, cpu.losses);
    });
  }

  for (const likelihood of ['bernoulli', 'gaussian'] as const) {
    it(`VAE (${likelihood}) losses`, async () => {
      await initBackend('cpu');
      const cpu = vaeLosses(likelihood);
      await initBackend('wasm');
      const wasm = vaeLosses(likelihood, cpu.weights);
      expectClose(wasm.losses, cpu.losses);
    });
  }
});

describe('no leaks over 20 wasm steps', () => {
  it('DCGAN and VAE steps keep tensors and wasm buffers flat', async () => {
    await initBackend('wasm');
    const backend = tf.engine().registry['wasm']!;
    const gan = buildDcgan(TINY);
    const vae = buildVae(TINY);
    const { images, noise } = seededBatch(TINY, BATCH, 9);
    const x = tf.tensor4d(images, shape);
    const z = tf.tensor2d(noise, [BATCH, TINY.latentDim]);
    const step = () => {
      dcganStep(gan, x, z);
      vaeStep(vae, x, z);
    };
    step(); // the first step creates Adam's moment slots
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    gan.dispose();
    vae.dispose();
    x.dispose();
    z.dispose();
  });
});
