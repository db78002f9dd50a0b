// Whole training steps on wasm against cpu, with the product's own models and runtimes
// (createRuntime: the DCGAN with each GAN loss, the VAE with both likelihoods): same initial
// weights, same images in the same order, same noise, so both backends must report the same
// losses step after step. And 20 steps of each on wasm must not grow the tensor count or the
// wasm heap's buffer count.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageShape } from '../../datasets/types';
import { Rng } from '../../lib/rng';
import { DEFAULT_DCGAN, DEFAULT_VAE, withLoss, type ModelConfig } from '../config';
import { syntheticDataset } from '../testing/synthetic-dataset';
import { Batcher } from '../train/batcher';
import { createRuntime } from '../train/create-runtime';
import type { ModelRuntime } from '../train/runtime';
import { initBackend } from './init-backend';

const SHAPE: ImageShape = { height: 8, width: 8, channels: 3 };
const DATA = syntheticDataset(SHAPE, 32, 4);
const SMALL = { latentDim: 8, baseFilters: 4, batchSize: 4 };
const STEPS = 3;

/** Weights by value, so the wasm networks start exactly where the cpu ones did. */
function snapshot(runtime: ModelRuntime): Float32Array[][] {
  return Object.values(runtime.nets).map((m) =>
    m.getWeights().map((w) => w.dataSync() as Float32Array),
  );
}

function restore(runtime: ModelRuntime, values: Float32Array[][]): void {
  Object.values(runtime.nets).forEach((m, i) => {
    const tensors = m.getWeights().map((w, j) => tf.tensor(values[i][j], w.shape));
    m.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  });
}

/** Every numeric loss of STEPS training steps, and the weights the run started from. */
async function stepLosses(config: ModelConfig, initial?: Float32Array[][]) {
  const runtime = createRuntime(config, SHAPE, 1);
  if (initial !== undefined) restore(runtime, initial);
  const weights = snapshot(runtime);
  const batcher = new Batcher(DATA.train, SHAPE, runtime.range, 5);
  const rng = new Rng(9);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const reported = await runtime.trainStep(batcher, rng, step);
    for (const v of Object.values(reported)) if (typeof v === 'number') losses.push(v);
  }
  runtime.dispose();
  return { losses, weights };
}

async function expectSameOnWasm(config: ModelConfig): Promise<void> {
  await initBackend('cpu');
  const cpu = await stepLosses(config);
  await initBackend('wasm');
  const wasm = await stepLosses(config, cpu.weights);
  expect(wasm.losses.length).toBe(cpu.losses.length);
  expect(cpu.losses.length).toBeGreaterThanOrEqual(STEPS * 3);
  wasm.losses.forEach((a, i) => {
    const expected = cpu.losses[i];
    // Float32 summation order differs between the backends; Adam's first steps amplify it a
    // little (its update is about lr * sign(g) where g is near zero).
    const tolerance = 1e-4 * Math.max(1, Math.abs(expected));
    expect(Math.abs(a - expected), `loss #${i}: ${a} vs ${expected}`).toBeLessThan(tolerance);
  });
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('training steps on wasm match cpu', () => {
  for (const loss of ['bce', 'lsgan', 'hinge'] as const) {
    it(`DCGAN (${loss}) losses`, async () => {
      await expectSameOnWasm({ ...DEFAULT_DCGAN, ...SMALL, loss });
    });
  }

  // Each with its recommended settings; WGAN-GP's gradient penalty differentiates a gradient.
  for (const loss of ['minimax', 'feature-matching', 'wgan-gp'] as const) {
    it(`DCGAN (${loss}) losses`, async () => {
      await expectSameOnWasm(withLoss({ ...DEFAULT_DCGAN, ...SMALL }, loss, 'synthetic'));
    });
  }

  for (const likelihood of ['bernoulli', 'gaussian'] as const) {
    it(`VAE (${likelihood}) losses`, async () => {
      await expectSameOnWasm({ ...DEFAULT_VAE, ...SMALL, likelihood });
    });
  }
});

describe('no leaks over 20 wasm steps', () => {
  it('DCGAN (BCE and WGAN-GP) and VAE steps keep tensors and wasm buffers flat', async () => {
    await initBackend('wasm');
    const backend = tf.engine().registry['wasm']!;
    const gan = createRuntime({ ...DEFAULT_DCGAN, ...SMALL }, SHAPE, 1);
    const vae = createRuntime({ ...DEFAULT_VAE, ...SMALL }, SHAPE, 1);
    const wgan = createRuntime(
      withLoss({ ...DEFAULT_DCGAN, ...SMALL, dStepsPerG: 1 }, 'wgan-gp', 'synthetic'),
      SHAPE,
      1,
    );
    const ganBatcher = new Batcher(DATA.train, SHAPE, gan.range, 5);
    const vaeBatcher = new Batcher(DATA.train, SHAPE, vae.range, 5);
    const rng = new Rng(9);
    let step = 0;
    const both = async () => {
      await gan.trainStep(ganBatcher, rng, step);
      await vae.trainStep(vaeBatcher, rng, step);
      await wgan.trainStep(ganBatcher, rng, step);
      step++;
    };
    await both(); // the first step creates Adam's moment slots
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) await both();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    gan.dispose();
    vae.dispose();
    wgan.dispose();
  });
});
