// The class-conditional VAE end to end on the cpu backend: its plan (label planes into the
// encoder, the one-hot class joined to z in the decoder), the grid of one row per class, and a
// short run on the synthetic blobs (class = blob position) after which asking for a class draws
// the blob where that class has it.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VAE, type VaeConfig } from '../config';
import { decoderPlan, encoderPlan } from '../models/vae-plan';
import { quadrants, syntheticDataset } from '../testing/synthetic-dataset';
import { gridLatents, GRID_SIZE, Trainer } from './trainer';
import type { EngineEvent, RunSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE = { height: 8, width: 8, channels: 1 } as const;
const dataset = syntheticDataset(SHAPE, 192, 16);
const cvae: VaeConfig = {
  ...DEFAULT_VAE,
  latentDim: 2,
  baseFilters: 8,
  batchSize: 16,
  lr: 3e-3,
  conditional: true,
};

function spec(model: VaeConfig = cvae): RunSpec {
  return {
    model,
    datasetId: 'synthetic',
    train: { seed: 2, stepsPerEpoch: 1000, sampleEverySteps: null },
  };
}

describe('conditional VAE plan', () => {
  it('feeds the class to both networks and leaves the unconditional plan alone', () => {
    const enc = encoderPlan(cvae, SHAPE, 4);
    expect(enc.labelInput).toEqual({ name: 'e_label', classes: 4 });
    expect(enc.layers[0]).toEqual({
      type: 'joinLabel',
      name: 'e_join_label',
      classes: 4,
      size: SHAPE,
    });
    expect(enc.layers[1]).toMatchObject({ type: 'conv', inChannels: 1 + 4 });
    const dec = decoderPlan(cvae, SHAPE, 4);
    expect(dec.layers[0]).toMatchObject({ type: 'joinLabel', size: null });
    expect(dec.layers[1]).toMatchObject({ type: 'dense', inFeatures: 2 + 4 });
    const plain = { ...cvae, conditional: false };
    expect(encoderPlan(plain, SHAPE, 4).labelInput).toBeUndefined();
    expect(decoderPlan(plain, SHAPE, 4).layers[0]).toMatchObject({ type: 'dense', inFeatures: 2 });
    expect(() => decoderPlan(cvae, SHAPE, 1)).toThrow(/two classes or more/);
  });

  it('lays the grid out one row per class, the same noise down each column', () => {
    const { noise, classes } = gridLatents(3, 2, 4);
    expect(noise.length).toBe(4 * GRID_SIZE * 2);
    expect(Array.from(classes ?? [])).toEqual(
      Array.from({ length: 32 }, (_, i) => Math.floor(i / 8)),
    );
    for (let r = 1; r < 4; r++) {
      expect(noise.subarray(r * 16, (r + 1) * 16)).toEqual(noise.subarray(0, 16));
    }
    const plain = gridLatents(3, 2, 0);
    expect(plain.classes).toBeUndefined();
    expect(plain.noise.subarray(0, 16)).toEqual(noise.subarray(0, 16));
  });
});

describe('conditional VAE training', () => {
  it('draws the class asked for: the blob sits where that class has it', async () => {
    const events: EngineEvent[] = [];
    const trainer = new Trainer({ spec: spec(), dataset, listener: (e) => events.push(e) });
    for (let i = 0; i < 60; i++) await trainer.trainStep();
    const samples = events.filter((e) => e.type === 'samples');
    const grid = samples[0]?.type === 'samples' ? samples[0].grid : null;
    expect([grid?.rows, grid?.cols]).toEqual([4, 8]);

    // Class c at many noise vectors: the brightest quadrant is class c's in most of them.
    const z = new Float32Array(2 * 8).map((_, i) => Math.sin(i * 1.7));
    for (let c = 0; c < 4; c++) {
      const images = trainer.runtime.generate(tf.tensor2d(z, [8, 2]), new Int32Array(8).fill(c));
      const pixels = (await images.data()) as Float32Array;
      images.dispose();
      let hits = 0;
      for (let n = 0; n < 8; n++) {
        const q = quadrants(pixels, n * 64);
        if (q.indexOf(Math.max(...q)) === c) hits++;
      }
      expect(hits, `class ${c}`).toBeGreaterThanOrEqual(6);
    }
    const one = await trainer.generate(z.subarray(0, 4), 2, 3);
    expect(one.cols).toBe(2);
    await expect(trainer.generate(z.subarray(0, 2), 1, 4)).rejects.toThrow(
      /Class 4 is out of range: the model has 4 classes/,
    );
    trainer.dispose();
  }, 60_000);

  it('is refused on a set without classes, with the reason', () => {
    const single = { ...dataset, info: { ...dataset.info, labelNames: ['image'] } };
    expect(() => new Trainer({ spec: spec(), dataset: single, listener: () => {} })).toThrow(
      /cannot train on Synthetic blobs: its images have no classes/,
    );
    const noted = { ...dataset, info: { ...dataset.info, classNote: 'one image per class.' } };
    expect(() => new Trainer({ spec: spec(), dataset: noted, listener: () => {} })).toThrow(
      /cannot train on Synthetic blobs: one image per class/,
    );
  });
});
