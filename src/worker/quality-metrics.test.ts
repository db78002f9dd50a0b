// Quality metrics in the worker: the time budget's rule, and the real worker API over Comlink (a
// Node MessageChannel, as the page drives it) on wasm with tiny models: metrics events with finite
// numbers for MNIST (FID, coverage) and the VAE (test NELBO), nearest-neighbour pairs for flags,
// a flat tensor count, a quiet error report when the classifier is missing, and the off switch.
// One file (just past 300 lines) because every case shares the one worker it starts.

import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSource } from '../datasets/node-source';
import { nodeWasmPaths } from '../ml/backends/wasm-paths-node';
import { classifierNodeSource } from '../ml/classifiers/node-source';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../ml/config';
import type { EngineEvent, MetricsEvent, RunSpec } from '../ml/train/types';
import type { ByteSource } from '../datasets/types';
import type { TrainingWorkerApi, WorkerEvent } from './protocol';
import {
  METRICS_COST_FACTOR,
  METRICS_MIN_INTERVAL_MS,
  metricsDue,
  WorkerQualityMetrics,
} from './quality-metrics';
import * as tf from '@tensorflow/tfjs';
import { Trainer } from '../ml/train/trainer';
import { syntheticDataset } from '../ml/testing/synthetic-dataset';
import { createTrainingWorkerApi } from './worker-api';

describe('metricsDue', () => {
  it('measures the first epoch end, then waits for the interval and for the cost factor', () => {
    expect(metricsDue(0, null)).toBe(true);
    const cheap = { endedAt: 1000, durationMs: 100 };
    expect(metricsDue(1000 + METRICS_MIN_INTERVAL_MS - 1, cheap)).toBe(false);
    expect(metricsDue(1000 + METRICS_MIN_INTERVAL_MS, cheap)).toBe(true);
    const costly = { endedAt: 1000, durationMs: 2000 };
    expect(metricsDue(1000 + METRICS_MIN_INTERVAL_MS, costly)).toBe(false);
    expect(metricsDue(1000 + METRICS_COST_FACTOR * 2000, costly)).toBe(true);
  });
});

describe('the time budget on a run', () => {
  it('measures the first epoch end, skips epochs until the budget allows, and not the setup', async () => {
    await tf.setBackend('cpu');
    const dataset = syntheticDataset({ height: 8, width: 8, channels: 3 }, 24, 8);
    let clock = 0;
    const hook = new WorkerQualityMetrics({
      classifierSource: null,
      colourSamples: 16,
      minIntervalMs: 3000,
      costFactor: 10_000, // after a real evaluation, nothing more within this test
      // Each reading of the clock is a millisecond later: an evaluation lasts a few of them.
      now: () => ++clock,
    });
    const measured: number[] = [];
    const trainer = new Trainer({
      spec: {
        datasetId: dataset.info.id,
        model: { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 4 },
        train: { seed: 1, stepsPerEpoch: 1, sampleEverySteps: null },
      },
      dataset,
      listener: (e) => {
        if (e.type === 'metrics') measured.push(e.epoch);
      },
    });
    trainer.setEpochMetrics(hook);
    await trainer.trainStep(); // epoch 1: measured, and it summarised the real images
    await trainer.trainStep(); // epoch 2: within the minimum interval
    clock += 3100;
    await trainer.trainStep(); // epoch 3: the setup did not count against the budget
    clock += 3100;
    await trainer.trainStep(); // epoch 4: epoch 3's evaluation did
    expect(measured).toEqual([1, 3]);
    hook.startRun();
    await trainer.trainStep(); // a new run measures its first epoch end
    expect(measured).toEqual([1, 3, 5]);
    trainer.dispose();
  });
});

describe('measuring between epoch ends', () => {
  it('scores first after a while of training, then at each interval, within the budget', () => {
    let clock = 0;
    const hook = new WorkerQualityMetrics({
      classifierSource: null,
      firstAfterMs: 45_000,
      everyMs: 120_000,
      now: () => clock,
    });
    expect(hook.dueBetweenEpochs(44_999)).toBe(false);
    expect(hook.dueBetweenEpochs(45_000)).toBe(true);
    // What a measurement at 50 s of training leaves behind (evaluate records it).
    (hook as unknown as { lastTrainingMs: number }).lastTrainingMs = 50_000;
    expect(hook.dueBetweenEpochs(169_999)).toBe(false);
    expect(hook.dueBetweenEpochs(170_000)).toBe(true);
    hook.setEnabled(false);
    expect(hook.dueBetweenEpochs(1e9)).toBe(false);
    hook.setEnabled(true);
    hook.startRun(); // a new run waits for its own first interval
    expect(hook.dueBetweenEpochs(10_000)).toBe(false);
    clock = 1;
    expect(hook.dueBetweenEpochs(45_000)).toBe(true);
  });

  it('measures in the middle of a long epoch', async () => {
    await tf.setBackend('cpu');
    const dataset = syntheticDataset({ height: 8, width: 8, channels: 3 }, 24, 8);
    const hook = new WorkerQualityMetrics({
      classifierSource: null,
      colourSamples: 16,
      firstAfterMs: 0,
      everyMs: Number.MAX_SAFE_INTEGER,
    });
    const measured: { epoch: number; step: number }[] = [];
    const trainer = new Trainer({
      spec: {
        datasetId: dataset.info.id,
        model: { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 4 },
        train: { seed: 1, stepsPerEpoch: 1000, sampleEverySteps: null },
      },
      dataset,
      listener: (e) => {
        if (e.type === 'metrics') measured.push({ epoch: e.epoch, step: e.step });
      },
    });
    trainer.setEpochMetrics(hook);
    for (let i = 0; i < 3; i++) await trainer.trainStep();
    expect(measured).toEqual([{ epoch: 0, step: 1 }]);
    trainer.dispose();
  });
});

const tinyGan: RunSpec = {
  datasetId: 'mnist',
  model: { ...DEFAULT_DCGAN, latentDim: 8, baseFilters: 4, batchSize: 8 },
  train: { seed: 3, stepsPerEpoch: 2, sampleEverySteps: null },
};
const tinyVae: RunSpec = {
  datasetId: 'mnist',
  model: { ...DEFAULT_VAE, latentDim: 4, baseFilters: 4, batchSize: 8 },
  train: { seed: 3, stepsPerEpoch: 2, sampleEverySteps: null },
};

/** A worker API on wasm without the time budget: every epoch end is measured. */
function workerWith(classifiers: ByteSource) {
  const channel = new MessageChannel();
  Comlink.expose(
    createTrainingWorkerApi({
      sourceFor: () => createNodeSource(),
      backendOptions: () => ({ wasmPaths: nodeWasmPaths() }),
      quality: {
        classifierSourceFor: () => classifiers,
        classifierSamples: 64,
        colourSamples: 64,
        vaeTestCount: 32,
        minIntervalMs: 0,
        costFactor: 0,
      },
    }),
    channel.port1 as unknown as Comlink.Endpoint,
  );
  const remote = Comlink.wrap<TrainingWorkerApi>(channel.port2 as unknown as Comlink.Endpoint);
  const events: EngineEvent[] = [];
  const metrics = () => events.filter((e): e is MetricsEvent => e.type === 'metrics');
  const close = () => {
    channel.port1.close();
    channel.port2.close();
  };
  return { remote, events, metrics, close };
}

describe('quality metrics in the worker', () => {
  const worker = workerWith(classifierNodeSource());
  const { remote, metrics } = worker;

  beforeAll(async () => {
    await remote.init({ backend: 'wasm', dataBaseUrl: 'file:///unused/' });
    await remote.subscribe(
      Comlink.proxy((e: WorkerEvent) => {
        if (e.type !== 'checkpoint' && e.type !== 'backend-switched') worker.events.push(e);
      }),
    );
  });

  afterAll(async () => {
    await remote.disposeRun();
    worker.close();
  });

  it('scores a created GAN run at each epoch end with finite FID and coverage, tensors flat', async () => {
    await remote.createRun(tinyGan);
    for (let i = 0; i < 2; i++) await remote.trainStep();
    await waitFor(() => metrics().length === 1);
    const tensors = (await remote.memory()).numTensors;
    for (let i = 0; i < 4; i++) await remote.trainStep();
    expect((await remote.memory()).numTensors).toBe(tensors);
    await waitFor(() => metrics().length === 3);

    expect(metrics().map((e) => [e.epoch, e.step])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    const { report } = metrics()[2];
    expect(report.error).toBeUndefined();
    expect(Number.isFinite(report.fid?.value)).toBe(true);
    expect(report.fid?.value).toBeGreaterThan(0);
    expect(report.coverage?.counts).toHaveLength(10);
    expect(report.coverage?.counts.reduce((a, b) => a + b, 0)).toBe(64);
    expect(report.coverage?.effectiveClasses).toBeGreaterThanOrEqual(1);
    expect(report.coverage?.effectiveClasses).toBeLessThanOrEqual(10);
    expect(report.vae).toBeUndefined();
    expect(metrics()[2].nearestPairs).toBeUndefined();
  });

  it('adds the test NELBO for a VAE', async () => {
    const before = metrics().length;
    await remote.createRun(tinyVae);
    for (let i = 0; i < 2; i++) await remote.trainStep();
    await waitFor(() => metrics().length > before);
    const { report } = metrics()[before];
    expect(report.error).toBeUndefined();
    expect(report.vae?.count).toBe(32);
    expect(Number.isFinite(report.vae?.nelbo)).toBe(true);
    expect(report.vae?.nelbo).toBeGreaterThan(0);
    expect(report.vae?.reconMse).toBeGreaterThan(0);
    expect(Number.isFinite(report.fid?.value)).toBe(true);
  });

  it('sends samples beside their nearest training images for a colour set', async () => {
    const before = metrics().length;
    await remote.createRun({ ...tinyGan, datasetId: 'flags' });
    for (let i = 0; i < 2; i++) await remote.trainStep();
    await waitFor(() => metrics().length > before);
    const event = metrics()[before];
    expect(event.report.fid).toBeUndefined();
    expect(event.report.nearest?.sampleCount).toBe(64);
    const pairs = event.nearestPairs ?? [];
    expect(pairs).toHaveLength(6);
    const distances = pairs.map((p) => p.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBe(event.report.nearest?.minDistance);
    for (const p of pairs) {
      expect(p.distance).toBe(event.report.nearest?.distances[p.sampleIndex]);
      expect(p.trainIndex).toBe(event.report.nearest?.indices[p.sampleIndex]);
      expect([p.sample.rows, p.sample.cols]).toEqual([1, 1]);
      expect([p.neighbour.width, p.neighbour.height]).toEqual([p.sample.width, p.sample.height]);
      expect(p.sample.rgba.length).toBe(p.sample.width * p.sample.height * 4);
    }
  });

  it('can be switched off and on again', async () => {
    await remote.createRun(tinyGan);
    await remote.setQualityMetrics(false);
    const before = metrics().length;
    for (let i = 0; i < 4; i++) await remote.trainStep();
    const switchedOnAt = (await remote.status()).step;
    await remote.setQualityMetrics(true);
    for (let i = 0; i < 2; i++) await remote.trainStep();
    // Events arrive in order on their port: once the first one after switching on is here, any
    // sent while off would have arrived before it.
    await waitFor(() => metrics().length > before);
    expect(metrics()).toHaveLength(before + 1);
    expect(metrics()[before].step).toBeGreaterThan(switchedOnAt);
  });
});

describe('a missing classifier', () => {
  const missing: ByteSource = async (path) => {
    throw new Error(`Could not download classifiers/${path}: HTTP 404`);
  };
  const worker = workerWith(missing);

  afterAll(async () => {
    await worker.remote.disposeRun();
    worker.close();
  });

  it('gives a report with the error and training goes on', async () => {
    const { remote } = worker;
    await remote.init({ backend: 'wasm', dataBaseUrl: 'file:///unused/' });
    await remote.subscribe(
      Comlink.proxy((e: WorkerEvent) => {
        if (e.type !== 'checkpoint' && e.type !== 'backend-switched') worker.events.push(e);
      }),
    );
    await remote.createRun(tinyGan);
    for (let i = 0; i < 4; i++) await remote.trainStep();
    expect((await remote.status()).step).toBe(4);
    await waitFor(() => worker.metrics().length === 2);
    const reports = worker.metrics().map((e) => e.report);
    expect(reports).toHaveLength(2);
    expect(reports[0].error).toMatch(/HTTP 404/);
    expect(worker.events.some((e) => e.type === 'error')).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for events');
    await new Promise((r) => setTimeout(r, 20));
  }
}
