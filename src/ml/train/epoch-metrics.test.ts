import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../../datasets/types';
import { classifierNodeSource } from '../classifiers/node-source';
import { DEFAULT_DCGAN, DEFAULT_VAE, type ModelConfig } from '../config';
import { syntheticDataset } from '../testing/synthetic-dataset';
import { EpochMetrics } from './epoch-metrics';
import { Trainer } from './trainer';
import type { EngineEvent, MetricsEvent } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tinyGan: ModelConfig = { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 8 };
const tinyVae: ModelConfig = { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, batchSize: 8 };

async function trainer(model: ModelConfig, dataset: LoadedDataset, metrics?: EpochMetrics) {
  const events: EngineEvent[] = [];
  const t = new Trainer({
    spec: {
      model,
      datasetId: dataset.info.id,
      train: { seed: 5, stepsPerEpoch: 2, sampleEverySteps: null },
    },
    dataset,
    listener: (e) => events.push(e),
    ...(metrics ? { metrics } : {}),
  });
  const metricsEvents = () => events.filter((e): e is MetricsEvent => e.type === 'metrics');
  return { t, events, metricsEvents };
}

describe('epoch metrics hook', () => {
  it('is off by default', async () => {
    const { t, events } = await trainer(tinyGan, syntheticDataset());
    for (let i = 0; i < 2; i++) await t.trainStep();
    expect(events.some((e) => e.type === 'epoch')).toBe(true);
    expect(events.some((e) => e.type === 'metrics')).toBe(false);
    t.dispose();
  });

  it('scores a colour GAN by nearest neighbours and pixel statistics, keeping tensors flat', async () => {
    const rgb = syntheticDataset({ height: 8, width: 8, channels: 3 }, 40, 8);
    const hook = new EpochMetrics({ classifierSource: null, sampleCount: 100 });
    const { t, metricsEvents } = await trainer(tinyGan, rgb, hook);
    for (let i = 0; i < 2; i++) await t.trainStep();
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) await t.trainStep();
    expect(tf.memory().numTensors).toBe(afterFirst);

    const [first, second] = metricsEvents();
    expect(first.epoch).toBe(1);
    expect(second.epoch).toBe(2);
    const r = second.report;
    expect(r.error).toBeUndefined();
    expect(r.sampleCount).toBe(100);
    expect(r.fid).toBeUndefined();
    expect(r.nearest?.indices).toHaveLength(100);
    expect(r.nearest?.indices.every((i) => i >= 0 && i < 40)).toBe(true);
    expect(r.nearest?.realMedianDistance).toBeGreaterThan(0);
    expect(r.pixels?.histogramDistance).toBeGreaterThanOrEqual(0);
    expect(r.pixels?.realMean).toHaveLength(3);

    // Direct call: nothing left on the heap.
    const gridNoise = tf.zeros([64, 4]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const again = await hook.evaluate({
      runtime: t.runtime,
      spec: t.spec,
      dataset: rgb,
      epoch: 2,
      step: 4,
      gridNoise,
    });
    expect(again.report.nearest?.indices).toHaveLength(100);
    expect(tf.memory().numTensors).toBe(before);
    gridNoise.dispose();
    t.dispose();
  });

  it('adds the test NELBO for a VAE', async () => {
    const hook = new EpochMetrics({ classifierSource: null, sampleCount: 64, vaeTestCount: 10 });
    const { t, metricsEvents } = await trainer(tinyVae, syntheticDataset(), hook);
    for (let i = 0; i < 2; i++) await t.trainStep();
    const vae = metricsEvents()[0].report.vae;
    expect(vae?.count).toBe(10);
    expect(vae?.nelbo).toBeGreaterThan(0);
    expect(vae?.nelbo).toBeCloseTo((vae?.reconNll ?? 0) + (vae?.kl ?? 0), 6);
    t.dispose();
  });

  it('uses the bundled classifier for FID, class coverage and the Inception Score on a 28x28 grey set', async () => {
    const base = syntheticDataset({ height: 28, width: 28, channels: 1 }, 32, 200);
    const asMnist: LoadedDataset = { ...base, info: { ...base.info, id: 'mnist' } };
    const hook = new EpochMetrics({ classifierSource: classifierNodeSource(), sampleCount: 80 });
    const { t, metricsEvents } = await trainer(tinyGan, asMnist, hook);
    for (let i = 0; i < 2; i++) await t.trainStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) await t.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    const r = metricsEvents()[1].report;
    expect(r.error).toBeUndefined();
    expect(r.fid?.classifierId).toBe('mnist');
    expect(r.fid?.sampleCount).toBe(80);
    expect(r.fid?.realCount).toBe(200);
    expect(r.fid?.value).toBeGreaterThan(0);
    expect(r.coverage?.counts.reduce((a, b) => a + b, 0)).toBe(80);
    expect(r.coverage?.effectiveClasses).toBeGreaterThanOrEqual(1);
    expect(r.coverage?.labelNames).toHaveLength(10);
    // The Inception Score of the same 80 samples, beside the real test images' own.
    expect(r.inception?.sampleCount).toBe(80);
    expect(r.inception?.classifierId).toBe('mnist');
    expect(r.inception?.value).toBeGreaterThanOrEqual(1);
    expect(r.inception?.value).toBeLessThanOrEqual(10);
    expect(r.inception?.realValue).toBeGreaterThanOrEqual(1);
    // An unconditional model asks for no class: no agreement.
    expect(r.classAgreement).toBeUndefined();
    t.dispose();
  });

  it("scores a conditional model's class agreement on the samples drawn for each class", async () => {
    const base = syntheticDataset({ height: 28, width: 28, channels: 1 }, 32, 100);
    const asMnist: LoadedDataset = { ...base, info: { ...base.info, id: 'mnist' } };
    const hook = new EpochMetrics({ classifierSource: classifierNodeSource(), sampleCount: 80 });
    const { t, metricsEvents } = await trainer({ ...tinyVae, conditional: true }, asMnist, hook);
    for (let i = 0; i < 2; i++) await t.trainStep();
    const r = metricsEvents()[0].report;
    expect(r.error).toBeUndefined();
    // The set's four classes were asked 20 times each; the classifier's other six never.
    const byClass = r.classAgreementByClass ?? [];
    expect(byClass).toHaveLength(10);
    expect(byClass.slice(4)).toEqual([null, null, null, null, null, null]);
    const asked = byClass.slice(0, 4).map(Number);
    for (const a of asked) expect(a >= 0 && a <= 1).toBe(true);
    expect(r.classAgreement).toBeCloseTo(asked.reduce((s, a) => s + a, 0) / 4, 10);
    // The test NELBO encodes each test image with its label.
    expect(r.vae?.nelbo).toBeGreaterThan(0);
    t.dispose();
  });

  it('reports a failure in the event and lets training go on', async () => {
    const base = syntheticDataset({ height: 28, width: 28, channels: 1 }, 16, 8);
    const asMnist: LoadedDataset = { ...base, info: { ...base.info, id: 'mnist' } };
    const broken = async () => {
      throw new Error('no classifier here');
    };
    const hook = new EpochMetrics({ classifierSource: broken, sampleCount: 10 });
    const { t, metricsEvents } = await trainer(tinyGan, asMnist, hook);
    for (let i = 0; i < 3; i++) await t.trainStep();
    expect(metricsEvents()[0].report.error).toMatch(/no classifier here/);
    expect(t.step).toBe(3);
    t.dispose();
  });
});
