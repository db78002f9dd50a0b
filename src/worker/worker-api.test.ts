// Drives the real worker API through Comlink over a Node MessageChannel, exactly as the page
// drives the worker: a tiny DCGAN on MNIST (cpu backend), a few steps, pause, export, import,
// and errors thrown in the "worker" arriving as rejected promises.

import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSource } from '../datasets/node-source';
import { DEFAULT_DCGAN } from '../ml/config';
import type { RunSpec, SamplesEvent, StepEvent } from '../ml/train/types';
import type { TrainingWorkerApi, WorkerEvent } from './protocol';
import { createTrainingWorkerApi } from './worker-api';

/** Every event the page side received, in order. */
const events: WorkerEvent[] = [];

const spec: RunSpec = {
  datasetId: 'mnist',
  // Small enough for a few cpu steps in well under a second each.
  model: { ...DEFAULT_DCGAN, latentDim: 8, baseFilters: 4, batchSize: 4 },
  train: { seed: 3, stepsPerEpoch: 3, sampleEverySteps: 2 },
};

describe('training worker API over Comlink', () => {
  const channel = new MessageChannel();
  // Node's MessagePort is an EventTarget with postMessage/start: all Comlink needs.
  const workerSide = channel.port1 as unknown as Comlink.Endpoint;
  const pageSide = channel.port2 as unknown as Comlink.Endpoint;
  let remote: Comlink.Remote<TrainingWorkerApi>;

  beforeAll(async () => {
    Comlink.expose(createTrainingWorkerApi({ sourceFor: () => createNodeSource() }), workerSide);
    remote = Comlink.wrap<TrainingWorkerApi>(pageSide);
  });

  afterAll(async () => {
    await remote.disposeRun();
    channel.port1.close();
    channel.port2.close();
  });

  it('rejects calls that need a run before one exists, with the message thrown in the worker', async () => {
    await expect(remote.run()).rejects.toThrow(/No run yet/);
  });

  it('initializes the requested backend and lists the datasets', async () => {
    const result = await remote.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
    expect(result).toEqual({ backend: 'cpu', failed: [] });
    const ids = (await remote.listDatasets()).map((d) => d.id);
    expect(ids).toContain('mnist');
  });

  it('loads a dataset with progress reported through a proxied callback', async () => {
    const progress: number[] = [];
    const info = await remote.loadDataset(
      'mnist',
      Comlink.proxy((fraction: number) => void progress.push(fraction)),
    );
    expect(info.id).toBe('mnist');
    expect(info.shape).toEqual({ height: 28, width: 28, channels: 1 });
    expect(progress.length).toBeGreaterThan(0);
  });

  it('streams step, samples, epoch and state events from a run, and pauses it', async () => {
    await remote.subscribe(Comlink.proxy((e: WorkerEvent) => void events.push(e)));
    const created = await remote.createRun(spec);
    expect(created).toMatchObject({ state: 'idle', step: 0, spec });

    const running = remote.run();
    await waitFor(() => steps().some((e) => e.step >= 4));
    await remote.pause();
    await running;

    const status = await remote.status();
    expect(status.state).toBe('paused');
    // Pause takes effect after the step in flight: no more steps arrive once run() resolved.
    const stepsSeen = steps().length;
    expect(status.step).toBe(steps()[stepsSeen - 1].step);
    await new Promise((r) => setTimeout(r, 200));
    expect(steps().length).toBe(stepsSeen);

    const stepNumbers = steps().map((e) => e.step);
    expect(stepNumbers).toEqual(stepNumbers.map((_, i) => i + 1));
    expect(steps().every((e) => e.losses.kind === 'dcgan' && Number.isFinite(e.losses.dLoss))).toBe(
      true,
    );
    expect(events.filter((e) => e.type === 'state').map((e) => e.state)).toEqual([
      'running',
      'paused',
    ]);
    expect(events.some((e) => e.type === 'epoch' && e.epoch === 1 && e.step === 3)).toBe(true);

    const grids = events.filter((e): e is SamplesEvent => e.type === 'samples');
    expect(grids.map((g) => g.reason).slice(0, 2)).toEqual(['initial', 'interval']);
    const { grid } = grids[grids.length - 1];
    expect(grid.rows).toBe(8);
    expect(grid.rgba).toBeInstanceOf(Uint8ClampedArray);
    expect(grid.rgba.length).toBe(grid.width * grid.height * 4);
  });

  it('takes single steps and reports memory', async () => {
    const before = (await remote.status()).step;
    await remote.trainStep();
    expect((await remote.status()).step).toBe(before + 1);
    expect((await remote.memory()).numTensors).toBeGreaterThan(0);
  });

  it('turns engine errors into rejected promises with the original message', async () => {
    await expect(remote.generate(new Float32Array(3), 1)).rejects.toThrow(
      'Latent vectors must have 8 values each, got 3 values',
    );
    await expect(remote.setLearningRates({ lrG: -1 })).rejects.toThrow(/Learning rate/);
    await expect(remote.loadDataset('no-such-set')).rejects.toThrow(
      /Unknown dataset "no-such-set"/,
    );
    await expect(remote.importWeights(new TextEncoder().encode('{}').buffer)).rejects.toThrow(
      /not a weights file/,
    );
    // The run survives a rejected call.
    expect((await remote.status()).state).toBe('paused');
  });

  it('generates a grid for given latents', async () => {
    const grid = await remote.generate(new Float32Array(2 * 8).fill(0.5), 2);
    expect([grid.rows, grid.cols, grid.cellWidth]).toEqual([1, 2, 28]);
    expect(grid.rgba.length).toBe(grid.width * grid.height * 4);
  });

  it('exports weights as transferred JSON bytes that import back into the same run', async () => {
    const { step } = await remote.status();
    const bytes = await remote.exportWeights({ includeOptimizer: true });
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    expect(json.format).toBe('gan-playground-weights');
    expect(json.step).toBe(step);

    const imported = await remote.importWeights(bytes);
    expect(imported).toEqual(spec);
    expect(await remote.status()).toMatchObject({ step, spec });
  });

  it('disposes a running run: the loop ends cleanly and the run is gone', async () => {
    await remote.createRun(spec);
    const stepsBefore = steps().length;
    const running = remote.run();
    await waitFor(() => steps().length > stepsBefore);
    await remote.disposeRun();
    await expect(running).resolves.toBeUndefined();
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(await remote.status()).toEqual({ state: 'idle', step: 0, epoch: 0, spec: null });
    await expect(remote.trainStep()).rejects.toThrow(/No run yet/);
  });
});

function steps(): StepEvent[] {
  return events.filter((e): e is StepEvent => e.type === 'step');
}

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for events');
    await new Promise((r) => setTimeout(r, 20));
  }
}
