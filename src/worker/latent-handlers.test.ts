// The latent explorer's worker methods on a real (tiny) VAE and DCGAN on the cpu backend:
// encodings match the encoder run directly, directions are the difference of group means,
// and a GAN refuses to encode with a message that says why.

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../ml/config';
import { Trainer } from '../ml/train/trainer';
import type { RunSpec } from '../ml/train/types';
import { syntheticDataset } from '../ml/testing/synthetic-dataset';
import type { VaeRuntime } from '../ml/train/vae-runtime';
import { createLatentHandlers } from './latent-handlers';

const data = syntheticDataset({ height: 8, width: 8, channels: 1 }, 48, 16, 5);
const train = { seed: 2, stepsPerEpoch: 4, sampleEverySteps: null };
const vaeSpec: RunSpec = {
  datasetId: 'synthetic',
  model: { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, batchSize: 8 },
  train,
};
const ganSpec: RunSpec = {
  datasetId: 'synthetic',
  model: { ...DEFAULT_DCGAN, latentDim: 3, baseFilters: 4, batchSize: 8 },
  train,
};

/** Posterior means computed straight from the encoder: [n, dim]. */
async function encodeDirect(vae: VaeRuntime, indices: number[]): Promise<Float32Array> {
  const size = 64;
  const pixels = new Float32Array(indices.length * size);
  indices.forEach((i, k) => {
    for (let p = 0; p < size; p++) pixels[k * size + p] = data.test.images[i * size + p] / 255;
  });
  const mu = vae.encodeMean(tf.tensor4d(pixels, [indices.length, 8, 8, 1]));
  const out = (await mu.data()) as Float32Array;
  mu.dispose();
  return out;
}

const cvaeSpec: RunSpec = {
  ...vaeSpec,
  model: { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, batchSize: 8, conditional: true },
};

let vae: Trainer;
let gan: Trainer;
let cvae: Trainer;

beforeAll(async () => {
  await tf.setBackend('cpu');
  vae = new Trainer({ spec: vaeSpec, dataset: data, listener: () => {} });
  gan = new Trainer({ spec: ganSpec, dataset: data, listener: () => {} });
  cvae = new Trainer({ spec: cvaeSpec, dataset: data, listener: () => {} });
  await vae.trainStep();
  await vae.trainStep();
});

afterAll(() => {
  vae.dispose();
  gan.dispose();
  cvae.dispose();
});

describe('latent handlers on a VAE', () => {
  const handlers = () => createLatentHandlers({ trainer: () => vae, dataset: () => data });

  it('reports the latent space and that it can encode', () => {
    expect(handlers().latentInfo()).toEqual({
      kind: 'vae',
      latentDim: 2,
      datasetId: 'synthetic',
      canEncode: true,
      labelNames: data.info.labelNames,
      attributes: [],
      testCount: 16,
    });
  });

  it('encodes test images to the posterior means the encoder gives', async () => {
    const { latents, grid } = await handlers().encodeTestImages([3, 0, 7], 3);
    const direct = await encodeDirect(vae.runtime as VaeRuntime, [3, 0, 7]);
    expect(Array.from(latents)).toEqual(Array.from(direct));
    expect([grid.cols, grid.rows, grid.cellWidth]).toEqual([3, 1, 8]);
    // The grid shows the images themselves: image 3's first pixel, grey, in cell 0.
    expect(grid.rgba[0]).toBe(data.test.images[3 * 64]);
  });

  it('encodes a spread of the test set for the scatter, with labels', async () => {
    const s = await handlers().encodeScatter(8);
    expect(s.points.length).toBe(16);
    const indices = [0, 2, 4, 6, 8, 10, 12, 14];
    expect(Array.from(s.labels)).toEqual(indices.map((i) => data.test.labels[i]));
    const direct = await encodeDirect(vae.runtime as VaeRuntime, indices);
    expect(Array.from(s.points)).toEqual(Array.from(direct));
  });

  it('computes a direction as the difference of the two groups’ mean encodings', async () => {
    const r = await handlers().attributeDirection(
      { from: { by: 'label', value: 0 }, to: { by: 'label', value: 3 } },
      16, // exactly the test split
    );
    const all = Array.from({ length: 16 }, (_, i) => i);
    const mu = await encodeDirect(vae.runtime as VaeRuntime, all);
    const mean = (label: number) => {
      const rows = all.filter((i) => data.test.labels[i] === label);
      return [0, 1].map((j) => rows.reduce((s, i) => s + mu[i * 2 + j], 0) / rows.length);
    };
    const [from, to] = [mean(0), mean(3)];
    expect(r.direction[0]).toBeCloseTo(to[0] - from[0], 5);
    expect(r.direction[1]).toBeCloseTo(to[1] - from[1], 5);
    expect(r.countFrom + r.countTo).toBe(
      all.filter((i) => [0, 3].includes(data.test.labels[i])).length,
    );
  });

  it('tops the images up from the train split when asked for more than the test split', async () => {
    const r = await handlers().attributeDirection(
      { from: { by: 'label', value: 1 }, to: { by: 'label', value: 2 } },
      40,
    );
    const labels = [
      ...Array.from(data.test.labels),
      ...Array.from({ length: 24 }, (_, k) => data.train.labels[Math.floor((k * 48) / 24)]),
    ];
    expect(r.countFrom).toBe(labels.filter((l) => l === 1).length);
    expect(r.countTo).toBe(labels.filter((l) => l === 2).length);
  });
});

describe('latent handlers on a conditional VAE', () => {
  const handlers = () => createLatentHandlers({ trainer: () => cvae, dataset: () => data });

  it('names its classes and returns each encoded image with its label', async () => {
    expect(handlers().latentInfo()?.classNames).toEqual(data.info.labelNames);
    const { latents, classes } = await handlers().encodeTestImages([5, 1], 2);
    expect(Array.from(classes ?? [])).toEqual([data.test.labels[5], data.test.labels[1]]);
    // Decoding the encodings with those classes is the VAE's reconstruction of the images.
    const z = tf.tensor2d(latents, [2, 2]);
    const decoded = (cvae.runtime as VaeRuntime).generate(z, classes);
    const size = 64;
    const pixels = new Float32Array(2 * size);
    [5, 1].forEach((i, k) => {
      for (let p = 0; p < size; p++) pixels[k * size + p] = data.test.images[i * size + p] / 255;
    });
    const recon = (cvae.runtime as VaeRuntime).reconstruct(
      tf.tensor4d(pixels, [2, 8, 8, 1]),
      classes,
    );
    expect(Array.from(decoded.dataSync())).toEqual(Array.from(recon.dataSync()));
    tf.dispose([z, decoded, recon]);
  });

  it('draws a blend of classes through the generate RPC, refusing a malformed one', async () => {
    const k = data.info.labelNames.length;
    const z = Float32Array.of(0.5, -0.5, 0.5, -0.5);
    const blend = new Float32Array(2 * k);
    blend[0] = 1; // image 0: class 0
    blend[k + 1] = 1; // image 1: class 1
    const byBlend = await cvae.generate(z, 2, blend);
    const byIndex = await cvae.generate(z, 2, Int32Array.of(0, 1));
    expect(Array.from(byBlend.rgba)).toEqual(Array.from(byIndex.rgba));
    await expect(cvae.generate(z, 2, blend.subarray(0, k))).rejects.toThrow(/class weights/);
  });
});

describe('latent handlers on a GAN and without a run', () => {
  it('says a GAN cannot encode, and why', async () => {
    const h = createLatentHandlers({ trainer: () => gan, dataset: () => data });
    expect(h.latentInfo()?.canEncode).toBe(false);
    await expect(h.encodeTestImages([0], 1)).rejects.toThrow(/a GAN has no encoder/);
    await expect(
      h.attributeDirection({ from: { by: 'label', value: 0 }, to: { by: 'label', value: 1 } }, 8),
    ).rejects.toThrow(/Only the VAE/);
    // Test images themselves can still be shown.
    expect((await h.testImages([1, 2], 2)).cols).toBe(2);
  });

  it('has nothing to say before a run exists', async () => {
    const h = createLatentHandlers({ trainer: () => null, dataset: () => data });
    expect(h.latentInfo()).toBeNull();
    await expect(h.testImages([0], 1)).rejects.toThrow(/No run yet/);
  });
});
