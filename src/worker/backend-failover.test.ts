// The backend failover in Node with a stand-in GPU backend: 'webgl' is played by a tfjs backend
// running the cpu kernels (registered under another name), which a test can break (a kernel
// throws, as tfjs does when WebGL fails) or "lose" (steps hang, as after a context loss, and the
// loss watcher fires). The run must move to wasm and go on from the right step.

import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../ml/backends/init-backend';
import { initBackend } from '../ml/backends/init-backend';
import { nodeWasmPaths } from '../ml/backends/wasm-paths-node';
import { DEFAULT_DCGAN, DEFAULT_VAE, type ModelConfig } from '../ml/config';
import { Trainer } from '../ml/train/trainer';
import type { RunSpec } from '../ml/train/types';
import type { WorkerEvent } from './protocol';
import { syntheticDataset } from '../ml/testing/synthetic-dataset';
import { measureTrainingSpeed } from './backend-measure';
import { createBackendFailover, type BackendFailover } from './backend-failover';
import { createBackendStartup } from './backend-startup';
import { Checkpointer } from './checkpoints';

const FAKE_GPU = 'fake-gpu';
const dataset = syntheticDataset();
const shape = dataset.info.shape;
const tinyGan: ModelConfig = { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 8 };
const tinyVae: ModelConfig = { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, batchSize: 8 };
const spec: RunSpec = {
  model: tinyGan,
  datasetId: 'synthetic',
  train: { seed: 5, stepsPerEpoch: 100, sampleEverySteps: null },
};

// The stand-in GPU: cpu kernels under another name; `broken` makes the convolutions throw.
const CONVOLUTIONS = new Set(['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput']);
let broken = false;
beforeAll(async () => {
  const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
  tf.registerBackend(FAKE_GPU, () => new MathBackendCPU());
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    const kernelFunc = kernel.kernelFunc;
    tf.registerKernel({
      ...kernel,
      backendName: FAKE_GPU,
      kernelFunc: (args) => {
        if (broken && CONVOLUTIONS.has(kernel.kernelName)) {
          throw new Error('Failed to link vertex and fragment shaders (WebGL context lost)');
        }
        return kernelFunc(args);
      },
    });
  }
});

afterEach(() => {
  broken = false;
});

interface Harness {
  readonly service: BackendFailover;
  readonly events: WorkerEvent[];
  trainer(): Trainer;
  /** From now on the current trainer's steps wait forever, as after a context loss. */
  hangSteps(): void;
  /** The browser reports the loss. */
  fireLoss(): void;
}

/** A failover whose 'webgl' is the stand-in, hosting one run as the worker would. */
async function harness(rescueIntervalMs: number): Promise<Harness> {
  let trainer: Trainer | null = null;
  let checkpointer = new Checkpointer();
  const events: WorkerEvent[] = [];
  let lost = false;
  let onLost: ((reason: string) => void) | null = null;
  const listener = (event: WorkerEvent) => {
    if (event.type === 'epoch' && trainer !== null) checkpointer.onEpochEnd(trainer);
    events.push(event);
  };
  const startup = createBackendStartup({
    backendOptions: () => ({ wasmPaths: nodeWasmPaths() }),
    startBackend: async (backend: BackendName, options) => {
      if (backend === 'webgl') {
        if (!(await tf.setBackend(FAKE_GPU))) throw new Error('fake gpu did not start');
      } else {
        await initBackend(backend, options);
      }
    },
  });
  const service = createBackendFailover(
    {
      startup,
      listener,
      rescueIntervalMs,
      hooks: {
        watchLoss: (backend, callback) => {
          onLost = backend === 'webgl' ? callback : null;
          return () => (onLost = null);
        },
        isLost: (backend) => backend === 'webgl' && lost,
        abort: () => {},
      },
    },
    {
      current: () => trainer,
      replace: (next) => {
        checkpointer = new Checkpointer();
        checkpointer.attach(next);
        trainer = next;
      },
      newestCheckpoint: () => checkpointer.newest(),
    },
  );
  service.follow(
    (await startup.init({ backend: 'webgl', dataBaseUrl: 'file:///unused/' })).backend,
  );
  expect(tf.getBackend()).toBe(FAKE_GPU);
  const first = new Trainer({ spec, dataset, listener: service.listener() });
  checkpointer.attach(first);
  trainer = first;
  return {
    service,
    events,
    trainer: () => {
      if (trainer === null) throw new Error('no trainer');
      return trainer;
    },
    hangSteps() {
      const runtime = (trainer as Trainer).runtime;
      runtime.trainStep = () => new Promise(() => {});
    },
    fireLoss() {
      lost = true;
      onLost?.('the WebGL context was lost');
    },
  };
}

describe('measureTrainingSpeed', () => {
  it.each([
    ['dcgan', tinyGan],
    ['vae', tinyVae],
  ])('times warm-up then timed %s steps and frees everything', async (_kind, model) => {
    await initBackend('cpu');
    const before = tf.memory().numTensors;
    const outcome = await measureTrainingSpeed('cpu', { model, shape }, performance.now() + 60_000);
    expect(outcome.kind).toBe('measured');
    if (outcome.kind === 'measured') {
      expect(outcome.timedSteps).toBe(3);
      expect(outcome.imagesPerSec).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops after one step once the deadline has passed, with a rough figure', async () => {
    await initBackend('cpu');
    const outcome = await measureTrainingSpeed('cpu', { model: tinyGan, shape }, 0);
    expect(outcome).toMatchObject({ kind: 'measured', timedSteps: 0 });
  });
});

describe('backend failover', () => {
  it('moves a run whose GPU backend throws to wasm, exporting its exact state first', async () => {
    const h = await harness(60_000);
    for (let i = 0; i < 3; i++) await h.service.train('step');
    expect(h.trainer().step).toBe(3);

    broken = true;
    await h.service.train('step'); // fails on the GPU, switches, then takes the step on wasm
    expect(tf.getBackend()).toBe('wasm');
    expect(h.trainer().step).toBe(4);
    const report = h.service.report();
    expect(report.active).toBe('wasm');
    expect(report.switches).toEqual([
      expect.objectContaining({
        from: 'webgl',
        to: 'wasm',
        source: 'exported',
        failedAtStep: 3,
        resumedAtStep: 3,
      }),
    ]);
    // The page hears one explanation, not the trainer's raw failure.
    expect(h.events.filter((e) => e.type === 'error')).toHaveLength(0);
    const switched = h.events.filter((e) => e.type === 'backend-switched');
    expect(switched).toHaveLength(1);
    expect(switched[0]).toMatchObject({ step: 3, report: { active: 'wasm' } });
    if (switched[0].type === 'backend-switched')
      expect(switched[0].message).toMatch(/continues on wasm from step 3/);
    // The loss history came along: steps 1-3 from the GPU, 4 from wasm.
    expect(h.trainer().lossHistory.map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('resumes a run whose GPU is lost mid-loop from its newest rescue snapshot', async () => {
    const h = await harness(0); // a snapshot at every step
    for (let i = 0; i < 3; i++) await h.service.train('step');
    const lostTrainer = h.trainer();
    h.hangSteps();
    // The loop hangs on the lost GPU until the browser reports the loss; then it runs on wasm.
    const loop = h.service.train('run');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lostTrainer.step).toBe(3);
    h.fireLoss();
    await expect.poll(() => h.trainer() !== lostTrainer && h.trainer().step >= 5).toBe(true);
    h.trainer().pause();
    await loop;

    expect(tf.getBackend()).toBe('wasm');
    const [change] = h.service.report().switches;
    expect(change).toMatchObject({ from: 'webgl', to: 'wasm', source: 'snapshot' });
    expect(change.resumedAtStep).toBe(3);
    expect(h.trainer().lossHistory[0].step).toBe(1);
  });

  it('restarts the same run from its seed when nothing was saved yet', async () => {
    const h = await harness(60_000);
    h.hangSteps();
    h.fireLoss(); // before any step: no snapshot, no checkpoint
    await expect.poll(() => h.service.report().switches.length).toBe(1);
    expect(h.service.report().switches[0]).toMatchObject({ source: 'restarted', resumedAtStep: 0 });
    await h.service.train('step');
    expect(h.trainer().step).toBe(1);
    expect(h.trainer().spec).toEqual(spec);
  });
});
