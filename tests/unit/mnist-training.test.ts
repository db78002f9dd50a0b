// Cross-module: the real MNIST files, the real models and engine, on the wasm backend with the
// training kernels the CLI and the page use (the cpu backend takes seconds per step here).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeSource } from '../../src/datasets/node-source';
import { getDataset } from '../../src/datasets/registry';
import type { LoadedDataset } from '../../src/datasets/types';
import { initBackend } from '../../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../../src/ml/backends/wasm-paths-node';
import { DEFAULT_DCGAN, DEFAULT_VAE, type ModelConfig } from '../../src/ml/config';
import { trainerFromWeights } from '../../src/ml/train/resume';
import { Trainer } from '../../src/ml/train/trainer';
import type { EngineEvent, RunSpec } from '../../src/ml/train/types';
import { parseWeightsFile } from '../../src/ml/weights';

let mnist: LoadedDataset;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  mnist = await getDataset('mnist').load({ source: createNodeSource() });
});

const spec = (model: ModelConfig, stepsPerEpoch = 10): RunSpec => ({
  model,
  datasetId: 'mnist',
  train: { seed: 11, stepsPerEpoch, sampleEverySteps: null },
});

describe('training on MNIST', () => {
  it('a small VAE lowers its loss within a short run', async () => {
    const vae: ModelConfig = {
      ...DEFAULT_VAE,
      baseFilters: 8,
      latentDim: 8,
      batchSize: 32,
      lr: 3e-3,
    };
    const totals: number[] = [];
    const trainer = new Trainer({
      spec: spec(vae),
      dataset: mnist,
      listener: (e) => {
        if (e.type === 'step' && e.losses.kind === 'vae') totals.push(e.losses.total);
      },
    });
    for (let i = 0; i < 40; i++) await trainer.trainStep();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(totals.slice(0, 5));
    const last = mean(totals.slice(-5));
    // Untrained, the Bernoulli NLL of 784 pixels is ~545 nats; learning the mean image alone
    // brings it near 200.
    expect(first).toBeGreaterThan(400);
    expect(last).toBeLessThan(first * 0.6);
    trainer.dispose();
  });

  it('weights JSON round trip gives identical samples for the same noise', async () => {
    const gan: ModelConfig = { ...DEFAULT_DCGAN, baseFilters: 8, latentDim: 10, batchSize: 8 };
    const a = new Trainer({ spec: spec(gan), dataset: mnist, listener: () => {} });
    for (let i = 0; i < 3; i++) await a.trainStep();
    const json = await a.exportWeights({ includeOptimizer: true });
    const events: EngineEvent[] = [];
    const b = await trainerFromWeights({
      weights: parseWeightsFile(json),
      dataset: mnist,
      listener: (e) => events.push(e),
    });
    expect(b.step).toBe(3);
    expect(b.lossHistory).toEqual(a.lossHistory);
    const z = new Float32Array(4 * 10).map((_, i) => Math.sin(i));
    const ga = await a.generate(z, 4);
    const gb = await b.generate(z, 4);
    expect(gb.rgba).toEqual(ga.rgba);
    // With optimizer state the next step is the same in both.
    const next: number[][] = [];
    for (const t of [a, b]) {
      const seen: number[] = [];
      const listenerRun = await trainerFromWeights({
        weights: parseWeightsFile(await t.exportWeights({ includeOptimizer: true })),
        dataset: mnist,
        listener: (e) =>
          e.type === 'step' &&
          e.losses.kind === 'dcgan' &&
          seen.push(e.losses.dLoss, e.losses.gLoss),
      });
      await listenerRun.trainStep();
      next.push(seen);
      listenerRun.dispose();
    }
    expect(next[1]).toEqual(next[0]);
    a.dispose();
    b.dispose();
  });

  it('refuses weights trained on another image shape and keeps nothing half-loaded', async () => {
    const gan: ModelConfig = { ...DEFAULT_DCGAN, baseFilters: 4, latentDim: 4, batchSize: 4 };
    const t = new Trainer({ spec: spec(gan), dataset: mnist, listener: () => {} });
    const json = await t.exportWeights({ includeOptimizer: false });
    t.dispose();
    const before = tf.memory().numTensors;
    const rgb: LoadedDataset = {
      ...mnist,
      info: { ...mnist.info, id: 'rgb', shape: { height: 32, width: 32, channels: 3 } },
    };
    await expect(
      trainerFromWeights({ weights: parseWeightsFile(json), dataset: rgb, listener: () => {} }),
    ).rejects.toThrow(/trained on mnist images of 28x28x1/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
