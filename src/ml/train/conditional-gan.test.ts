// The class-conditional DCGAN on the cpu backend: its plan (the one-hot class joined to z in the
// generator, a projection discriminator), a short run on the synthetic blobs (class =
// blob position) after which asking for a class draws the blob where that class has it, and
// steps of the losses whose discriminator is read differently (feature matching's features,
// WGAN-GP's penalty on mixed images) with their labels.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, withLoss, type DcganConfig } from '../config';
import { buildDiscriminator, discriminatorFeatureModel } from '../models/dcgan';
import { discriminatorPlan, generatorPlan } from '../models/dcgan-plan';
import { oneHotClasses } from './runtime';
import { quadrants, syntheticDataset } from '../testing/synthetic-dataset';
import { Trainer } from './trainer';
import type { EngineEvent, GanLosses, RunSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE = { height: 8, width: 8, channels: 1 } as const;
const dataset = syntheticDataset(SHAPE, 192, 16);
const cgan: DcganConfig = {
  ...DEFAULT_DCGAN,
  latentDim: 4,
  baseFilters: 8,
  batchSize: 16,
  conditional: true,
};

function spec(model: DcganConfig = cgan, seed = 2): RunSpec {
  return {
    model,
    datasetId: 'synthetic',
    train: { seed, stepsPerEpoch: 1000, sampleEverySteps: null },
  };
}

describe('conditional DCGAN plan', () => {
  it('feeds the class to both networks and leaves the unconditional plan alone', () => {
    const g = generatorPlan(cgan, SHAPE, 4);
    expect(g.labelInput).toEqual({ name: 'g_label', classes: 4 });
    expect(g.layers[0]).toEqual({
      type: 'joinLabel',
      name: 'g_join_label',
      classes: 4,
      size: null,
    });
    expect(g.layers[1]).toMatchObject({ type: 'dense', name: 'g_project', inFeatures: 4 + 4 });
    const d = discriminatorPlan(cgan, SHAPE, 4);
    expect(d.labelInput).toEqual({ name: 'd_label', classes: 4 });
    expect(d.layers[0]).toMatchObject({ type: 'conv', name: 'd_conv1', inChannels: 1 });
    // The unconditional logit's dense layer becomes the projection, on the same features.
    const logit = discriminatorPlan({ ...cgan, conditional: false }, SHAPE).layers.at(-1);
    expect(d.layers.at(-1)).toEqual({
      type: 'classProjection',
      name: 'd_logit',
      embedName: 'd_embed',
      inFeatures: logit?.type === 'dense' ? logit.inFeatures : -1,
      classes: 4,
    });
    const plain = { ...cgan, conditional: false };
    expect(generatorPlan(plain, SHAPE, 4).labelInput).toBeUndefined();
    expect(generatorPlan(plain, SHAPE, 4).layers[0]).toMatchObject({ inFeatures: 4 });
    expect(discriminatorPlan(plain, SHAPE, 4).layers.at(-1)).toMatchObject({ type: 'dense' });
    expect(() => discriminatorPlan(cgan, SHAPE, 1)).toThrow(/two classes or more/);
  });
});

describe('projection discriminator', () => {
  it('scores psi(f) + <embed(y), f> on its features f', async () => {
    const D = buildDiscriminator(cgan, SHAPE, 3, 4);
    // Embeddings of the size a trained network has, so the class term is not lost in rounding.
    const embed = D.getLayer('d_embed').getWeights()[0];
    D.getLayer('d_embed').setWeights([tf.randomNormal(embed.shape, 0, 1, 'float32', 9)]);
    const x = tf.randomUniform([3, 8, 8, 1], -1, 1, 'float32', 4) as tf.Tensor4D;
    const y = oneHotClasses(3, 4, Int32Array.of(2, 0, 3));
    const f = discriminatorFeatureModel(D).predict(x) as tf.Tensor2D; // [3, 64]
    const [kernel, bias] = D.getLayer('d_logit').getWeights();
    const [vectors] = D.getLayer('d_embed').getWeights(); // [4, 64]: one vector per class
    const want = f
      .matMul(kernel)
      .add(bias)
      .add(f.mul(y.matMul(vectors)).sum(1, true));
    const got = D.predict([x, y]) as tf.Tensor;
    expect(got.shape).toEqual([3, 1]);
    const [g, w] = [await got.data(), await want.data()];
    g.forEach((v, i) => expect(v).toBeCloseTo(w[i], 5));
    // The class term matters: another class gives another score.
    const other = D.predict([x, oneHotClasses(3, 4, Int32Array.of(1, 1, 1))]) as tf.Tensor;
    expect(Array.from(await other.data())).not.toEqual(Array.from(g));
    // getWeights() hands out the variables' own tensors: D.dispose() frees them.
    tf.dispose([x, y, f, want, got, other]);
    D.dispose();
  });
});

describe('conditional DCGAN training', () => {
  it('draws the class asked for: the blob sits where that class has it', async () => {
    const events: EngineEvent[] = [];
    const trainer = new Trainer({ spec: spec(), dataset, listener: (e) => events.push(e) });
    expect(trainer.runtime.classes).toBe(4);
    for (let i = 0; i < 80; i++) await trainer.trainStep();
    const samples = events.filter((e) => e.type === 'samples');
    const grid = samples[0]?.type === 'samples' ? samples[0].grid : null;
    expect([grid?.rows, grid?.cols]).toEqual([4, 8]);

    // Class c at many noise vectors: the brightest quadrant is class c's in most of them.
    const n = 16;
    const z = tf.tensor2d(
      new Float32Array(n * 4).map((_, i) => Math.sin(i * 1.7)),
      [n, 4],
    );
    for (let c = 0; c < 4; c++) {
      const images = trainer.runtime.generate(z, new Int32Array(n).fill(c));
      const pixels = (await images.data()) as Float32Array;
      images.dispose();
      let hits = 0;
      for (let i = 0; i < n; i++) {
        const q = quadrants(pixels, i * 64);
        if (q.indexOf(Math.max(...q)) === c) hits++;
      }
      expect(hits, `class ${c}`).toBeGreaterThanOrEqual(12);
    }
    await expect(trainer.generate(new Float32Array(4), 1, 4)).rejects.toThrow(
      /Class 4 is out of range: the model has 4 classes/,
    );
    z.dispose();
    trainer.dispose();
  }, 120_000);

  it('trains with feature matching and with WGAN-GP, reproducibly for a seed', async () => {
    const run = async (model: DcganConfig, seed: number) => {
      const losses: GanLosses[] = [];
      const listener = (e: EngineEvent) => {
        if (e.type === 'step' && e.losses.kind === 'dcgan') losses.push(e.losses);
      };
      const trainer = new Trainer({ spec: spec(model, seed), dataset, listener });
      for (let i = 0; i < 2; i++) await trainer.trainStep();
      expect(losses).toHaveLength(2);
      const image = await trainer.generate(new Float32Array(4), 1, 3);
      trainer.dispose();
      return { losses, image };
    };
    const wgan = { ...withLoss(cgan, 'wgan-gp', 'synthetic'), dStepsPerG: 2 };
    for (const model of [{ ...cgan, loss: 'feature-matching' as const }, wgan, cgan]) {
      const first = await run(model, 5);
      for (const l of first.losses) {
        for (const v of [l.dLoss, l.gLoss, l.dGradNorm, l.gGradNorm]) {
          expect(Number.isFinite(v), model.loss).toBe(true);
        }
        expect(l.gGradNorm, model.loss).toBeGreaterThan(0);
      }
      // The generated classes come from the run's rng: the same seed repeats the run exactly,
      // another seed draws other classes (and other noise).
      expect((await run(model, 5)).losses, model.loss).toEqual(first.losses);
      expect((await run(model, 6)).losses, model.loss).not.toEqual(first.losses);
    }
  }, 120_000);
});
