// The worker methods the page relies on beyond training: dataset previews, epoch-end
// checkpoints that are exactly the state at the epoch's end even while the loop runs on, imports
// that leave the run alone when the file is bad, and the zipped tfjs Layers export. Driven over
// Comlink like the page does, on the cpu backend with a tiny DCGAN.

import * as Comlink from 'comlink';
import { unzipSync, strFromU8 } from 'fflate';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSource } from '../datasets/node-source';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../ml/config';
import type { RunSpec } from '../ml/train/types';
import type { TrainingWorkerApi, WorkerEvent } from './protocol';
import { createTrainingWorkerApi } from './worker-api';

const spec: RunSpec = {
  datasetId: 'mnist',
  model: { ...DEFAULT_DCGAN, latentDim: 8, baseFilters: 4, batchSize: 4 },
  train: { seed: 5, stepsPerEpoch: 3, sampleEverySteps: null },
};

/** The weights file without the fields that differ between two exports of the same state. */
function comparable(bytes: ArrayBuffer): Record<string, unknown> {
  const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  delete json.createdAt;
  return json;
}

describe('worker API for the page', () => {
  const channel = new MessageChannel();
  let remote: Comlink.Remote<TrainingWorkerApi>;
  const steps: number[] = [];

  // The checkpoints' clock: still unless a test moves it, so the spacing between checkpoints does
  // not depend on how fast this machine steps.
  let clockMs = 0;

  beforeAll(async () => {
    Comlink.expose(
      createTrainingWorkerApi({ sourceFor: () => createNodeSource(), now: () => clockMs }),
      channel.port1 as unknown as Comlink.Endpoint,
    );
    remote = Comlink.wrap<TrainingWorkerApi>(channel.port2 as unknown as Comlink.Endpoint);
    await remote.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
    await remote.subscribe(
      Comlink.proxy((e: WorkerEvent) => {
        if (e.type === 'step') steps.push(e.step);
      }),
    );
  });

  afterAll(async () => {
    await remote.disposeRun();
    channel.port1.close();
    channel.port2.close();
  });

  it('previews a dataset as a 2 x 8 grid of real images', async () => {
    const progress: number[] = [];
    const { info, grid } = await remote.previewDataset(
      'mnist',
      16,
      Comlink.proxy((f: number) => void progress.push(f)),
    );
    expect(info.id).toBe('mnist');
    expect([grid.rows, grid.cols, grid.cellWidth]).toEqual([2, 8, 28]);
    // Real digits: mostly black with bright strokes, not a flat picture.
    const levels = new Set<number>();
    for (let i = 0; i < grid.rgba.length; i += 4) levels.add(grid.rgba[i]);
    expect(levels.size).toBeGreaterThan(50);
  });

  it('checkpoints the exact state of an epoch end while the loop runs on', async () => {
    await remote.createRun(spec);
    expect(await remote.latestCheckpoint()).toBeNull();
    const running = remote.run();
    await waitFor(() => steps.some((s) => s >= 5));
    // Asked while the loop runs on (the next epoch end is too soon after for another).
    const checkpoint = await remote.latestCheckpoint();
    expect(checkpoint).not.toBeNull();
    expect([checkpoint!.step, checkpoint!.epoch]).toEqual([3, 1]);
    expect((await remote.status()).step).toBeGreaterThan(3);
    await remote.pause();
    await running;

    // The same run stepped to the epoch end by hand and exported there.
    await remote.createRun(spec);
    for (let i = 0; i < 3; i++) await remote.trainStep();
    const reference = await remote.exportWeights({ includeOptimizer: true });
    expect(comparable(checkpoint!.bytes)).toEqual(comparable(reference));
  });

  it('checkpoints within a long epoch on a clock, and announces each checkpoint', async () => {
    const announced: number[] = [];
    await remote.subscribe(
      Comlink.proxy((e: WorkerEvent) => {
        if (e.type === 'checkpoint') announced.push(e.step);
      }),
    );
    // A short interval for this test (the page uses a minute).
    await remote.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/', checkpointEveryMs: 1 });
    await remote.createRun({ ...spec, train: { ...spec.train, stepsPerEpoch: 1000 } });
    for (let i = 0; i < 4; i++) {
      clockMs += 5000; // past the interval and the checkpoints' minimum spacing
      await remote.trainStep();
    }
    await waitFor(() => announced.length > 0);
    const checkpoint = await remote.latestCheckpoint();
    expect(checkpoint).not.toBeNull();
    expect(announced).toContain(checkpoint!.step);
    expect(checkpoint!.step).toBeGreaterThan(1); // the first step only starts the clock
    expect(checkpoint!.step).toBeLessThan(1000);
    await remote.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
  });

  it('keeps the run when an import is refused, with the reason', async () => {
    const before = await remote.status();
    const good = JSON.parse(
      new TextDecoder().decode(await remote.exportWeights({ includeOptimizer: false })),
    ) as { networks: { generator: { data: string }[] } };
    good.networks.generator[0].data = good.networks.generator[0].data.slice(0, 8);
    const bad = new TextEncoder().encode(JSON.stringify(good)).buffer;
    await expect(remote.importWeights(bad)).rejects.toThrow(/holds \d+ bytes but shape/);
    expect(await remote.status()).toEqual(before);
    await remote.trainStep(); // still trains
    expect((await remote.status()).step).toBe(before.step + 1);
  });

  it('exports the generator and the discriminator as zipped tfjs Layers models', async () => {
    const zip = new Uint8Array(await remote.exportLayersZip());
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'discriminator/discriminator.weights.bin',
      'discriminator/model.json',
      'generator/generator.weights.bin',
      'generator/model.json',
    ]);
    expect(strFromU8(files['README.txt'])).toMatch(/sigmoid\(logit\) is the probability/);
    const model = JSON.parse(strFromU8(files['generator/model.json'])) as {
      weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
    };
    expect(model.weightsManifest[0].paths).toEqual(['./generator.weights.bin']);
    const floats = model.weightsManifest[0].weights.reduce(
      (n, w) => n + w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(files['generator/generator.weights.bin'].byteLength).toBe(floats * 4);
  });

  it('exports a VAE as its encoder and its decoder with the sigmoid', async () => {
    await remote.createRun({
      datasetId: 'mnist',
      model: { ...DEFAULT_VAE, latentDim: 4, baseFilters: 4, batchSize: 4 },
      train: { seed: 2, stepsPerEpoch: 3, sampleEverySteps: null },
    });
    const files = unzipSync(new Uint8Array(await remote.exportLayersZip()));
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'decoder/decoder.weights.bin',
      'decoder/model.json',
      'encoder/encoder.weights.bin',
      'encoder/model.json',
    ]);
    const decoder = strFromU8(files['decoder/model.json']);
    expect(decoder).toContain('"activation":"sigmoid"');
    await remote.trainStep();
  });

  it('returns the loss history and the fixed-noise grid of the current run', async () => {
    const { step } = await remote.status();
    const history = await remote.lossHistory();
    expect(history.map((h) => h.step)).toEqual(Array.from({ length: step }, (_, i) => i + 1));
    const grid = await remote.fixedNoiseGrid();
    expect([grid.rows, grid.cols]).toEqual([8, 8]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for events');
    await new Promise((r) => setTimeout(r, 20));
  }
}
