// The page's controller against the real worker API (over Comlink on a Node MessageChannel, as
// the worker test does), with a tiny DCGAN on the cpu backend: the store follows the run, the
// form refuses invalid settings before the worker sees them, a bad import keeps the run,
// exports are named after the run, and an import saves the run it replaces and says so. The run storage is the real one, on fake-indexeddb (the browser
// tests cover the browser's own IndexedDB).

import 'fake-indexeddb/auto';
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeSource } from '../datasets/node-source';
import { wrapWorker, type TrainingClient } from '../worker/client';
import { createTrainingWorkerApi } from '../worker/worker-api';
import { createAppStore } from './app-store';
import { openRunStorage } from './run-storage';
import { createTrainingController } from './training-controller';
import { parsePageOptions } from './url-params';

const channels: MessageChannel[] = [];

function createClient(): TrainingClient {
  const channel = new MessageChannel();
  channels.push(channel);
  Comlink.expose(
    createTrainingWorkerApi({ sourceFor: () => createNodeSource() }),
    channel.port1 as unknown as Comlink.Endpoint,
  );
  // A MessagePort has what wrapWorker uses of a Worker: message events and a way to end it.
  const port = channel.port2 as unknown as Worker;
  (port as unknown as { terminate: () => void }).terminate = () => channel.port2.close();
  return wrapWorker(port);
}

describe('training controller', () => {
  const store = createAppStore(
    parsePageOptions(
      '?backend=cpu&dataset=mnist&model=dcgan&batchSize=4&baseFilters=4&latentDim=8&stepsPerEpoch=2&sampleEvery=1',
    ),
  );
  const storage = openRunStorage({ name: 'controller-test' });
  const controller = createTrainingController({
    store,
    createClient,
    dataBaseUrl: 'file:///unused/',
    storage,
  });

  afterAll(() => {
    for (const c of channels) {
      c.port1.close();
      c.port2.close();
    }
  });

  it('starts the worker on the asked backend and lists the datasets', async () => {
    await controller.start();
    const s = store.getState();
    expect(s.error).toBeNull();
    expect([s.workerPhase, s.backend]).toEqual(['ready', 'cpu']);
    expect(s.datasets.map((d) => d.id)).toContain('mnist');
  });

  it('refuses to train with an invalid field, before the worker sees anything', async () => {
    store.getState().setDraft('batchSize', '1');
    await controller.step();
    expect(store.getState().error?.message).toMatch(/not valid/);
    expect(store.getState().runPhase).toBe('none');
    store.getState().setDraft('batchSize', '4');
  });

  it('steps: counters, loss log, timeline and the run spec follow the worker', async () => {
    await controller.step();
    await controller.step();
    await controller.step();
    const s = store.getState();
    expect(s.error).toBeNull();
    expect([s.step, s.epoch, s.runPhase]).toEqual([3, 1, 'paused']);
    expect(s.lossLog.steps).toEqual([1, 2, 3]);
    expect(s.frames.map((f) => f.step)).toEqual([0, 1, 2, 3]);
    expect(s.runSpec?.model).toMatchObject({ kind: 'dcgan', batchSize: 4, baseFilters: 4 });
  });

  it('keeps the epoch-end checkpoint on the page and in storage', async () => {
    await expect.poll(() => store.getState().lastGood).toEqual({ step: 2, epoch: 1 });
    await expect
      .poll(() => storage.loadMeta())
      .toMatchObject({
        step: 2,
        epoch: 1,
        datasetId: 'mnist',
        modelKind: 'dcgan',
      });
    const saved = await storage.loadMeta();
    expect((await storage.loadFrames(saved!.runId, 2)).map((f) => f.reason)).toEqual([
      'initial',
      'epoch',
    ]);
  });

  it('names the export after the run and keeps the run when an import is refused', async () => {
    const { fileName, bytes } = await controller.exportWeights();
    expect(fileName).toBe('mnist-dcgan-step3.json');
    const text = new TextDecoder().decode(bytes);
    await controller.importWeights(new TextEncoder().encode(text.slice(0, 100)).buffer);
    const s = store.getState();
    expect(s.error?.message).toMatch(/not valid JSON/);
    expect([s.step, s.runPhase, s.frames.length]).toEqual([3, 'paused', 4]);
  });

  it('rolls back to the last good epoch, history and grids included', async () => {
    await controller.rollback();
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.step).toBe(2);
    expect(s.lossLog.steps).toEqual([1, 2]);
    expect(s.frames.every((f) => f.step <= 2)).toBe(true);
  });

  it('asks before an import replaces unsaved steps, saves the replaced run, keeps its grids', async () => {
    const file = await controller.exportWeights(); // step 2
    expect(controller.replaceQuestion()).toBeNull(); // just exported: nothing to lose
    for (let i = 0; i < 3; i++) await controller.step();
    expect(store.getState().step).toBe(5);
    expect(controller.replaceQuestion()).toMatch(
      /^Replace the MNIST digits DCGAN at step 5 with the weights file\?/,
    );
    const before = await storage.loadMeta();
    await controller.importWeights(file.bytes, file.fileName);
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.notice).toBe(
      'Replaced the MNIST digits DCGAN at step 5 with DCGAN on MNIST digits at step 2 from ' +
        'mnist-dcgan-step2.json. The replaced run is saved in this browser at step 5.',
    );
    // The replaced run, under its own id, at the step it had reached.
    const saved = (await storage.list()).find((m) => m.runId === before?.runId && m.step === 5);
    expect(saved).toBeDefined();
    // The file came from this run: its grids up to the file's step stay on the timeline.
    expect(s.frames.map((f) => f.step)).toEqual([0, 1, 2]);
    expect(s.lossLog.steps).toEqual([1, 2]);
    expect(controller.replaceQuestion()).toBeNull();
  });

  it('an import of another run shows only its own grid and says what it loaded', async () => {
    const { bytes } = await controller.exportWeights();
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { train: { seed: number } };
    json.train.seed += 1;
    await controller.importWeights(new TextEncoder().encode(JSON.stringify(json)).buffer, 'x.json');
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.notice).toBe(
      'Replaced the MNIST digits DCGAN at step 2 with DCGAN on MNIST digits at step 2 from x.json.',
    );
    expect(s.frames.map((f) => [f.step, f.reason])).toEqual([[2, 'imported']]);
  });
});
