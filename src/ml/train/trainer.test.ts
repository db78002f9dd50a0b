import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DCGAN_FIELDS,
  DEFAULT_DCGAN,
  DEFAULT_VAE,
  withLoss,
  type GanLoss,
  type ModelConfig,
} from '../config';
import { syntheticDataset } from '../testing/synthetic-dataset';
import { Trainer } from './trainer';
import { LOSS_KEYS, type EngineEvent, type RunSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = syntheticDataset();
const tinyGan: ModelConfig = { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 8 };
const tinyVae: ModelConfig = { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, batchSize: 8 };

function spec(model: ModelConfig, extra: Partial<RunSpec['train']> = {}): RunSpec {
  return {
    model,
    datasetId: 'synthetic',
    train: { seed: 5, stepsPerEpoch: 4, sampleEverySteps: null, ...extra },
  };
}

async function trainSteps(s: RunSpec, steps: number) {
  const events: EngineEvent[] = [];
  const trainer = new Trainer({ spec: s, dataset, listener: (e) => events.push(e) });
  for (let i = 0; i < steps; i++) await trainer.trainStep();
  return { trainer, events };
}

describe.each([
  ['dcgan', tinyGan],
  ['vae', tinyVae],
])('%s trainer', (_kind, model) => {
  it('emits step events with finite losses, sample grids and epoch summaries', async () => {
    const { trainer, events } = await trainSteps(spec(model), 5);
    const steps = events.filter((e) => e.type === 'step');
    expect(steps).toHaveLength(5);
    // LOSS_KEYS, the list every consumer reads, names exactly the fields a step reports.
    const { kind, ...fields } = steps[0].losses;
    expect(Object.keys(fields).sort()).toEqual([...LOSS_KEYS[kind]].sort());
    expect(steps.map((e) => e.step)).toEqual([1, 2, 3, 4, 5]);
    const samples = events.filter((e) => e.type === 'samples');
    expect(samples.map((e) => e.reason)).toEqual(['initial', 'epoch']);
    const grid = samples[1].type === 'samples' ? samples[1].grid : null;
    expect(grid?.rows).toBe(8);
    expect(grid?.width).toBe(8 * 8 + 7);
    if (model.kind === 'vae') {
      expect(samples[1].type === 'samples' && samples[1].reconstructions?.cols).toBe(8);
    }
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(1);
    expect(epochs[0].type === 'epoch' && epochs[0].memory.numTensors).toBeGreaterThan(0);
    trainer.dispose();
  });

  it('repeats the same losses from the same seed on the cpu backend', async () => {
    const a = await trainSteps(spec(model), 3);
    const b = await trainSteps(spec(model), 3);
    const c = await trainSteps(spec(model, { seed: 6 }), 3);
    const losses = (ev: EngineEvent[]) => ev.flatMap((e) => (e.type === 'step' ? [e.losses] : []));
    expect(losses(a.events)).toEqual(losses(b.events));
    expect(losses(a.events)).not.toEqual(losses(c.events));
    [a, b, c].forEach((r) => r.trainer.dispose());
  });

  it('keeps the tensor count flat across epochs and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const { trainer } = await trainSteps(spec(model), 4);
    const afterFirstEpoch = tf.memory().numTensors;
    for (let i = 0; i < 8; i++) await trainer.trainStep();
    expect(tf.memory().numTensors).toBe(afterFirstEpoch);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs, pauses and resumes', async () => {
    const events: EngineEvent[] = [];
    const trainer = new Trainer({
      spec: spec(model),
      dataset,
      listener: (e) => {
        events.push(e);
        if (e.type === 'step' && e.step === 3) trainer.pause();
      },
    });
    await trainer.run();
    expect(trainer.state).toBe('paused');
    expect(trainer.step).toBe(3);
    const states = events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
    expect(states).toEqual(['running', 'paused']);
    trainer.dispose();
  });
});

const GAN_LOSSES = (DCGAN_FIELDS.loss.type === 'choice' ? DCGAN_FIELDS.loss.options : []).map(
  (o) => o.value as GanLoss,
);

describe.each(GAN_LOSSES)('dcgan trainer with the %s loss', (loss) => {
  // Each loss with its recommended settings (WGAN-GP: 5 critic steps, a layer-norm critic).
  const model = withLoss(tinyGan as typeof DEFAULT_DCGAN, loss, 'synthetic');

  it('reports finite losses and positive gradient norms, and keeps the tensor count flat', async () => {
    const { trainer, events } = await trainSteps(spec(model), 2);
    const afterTwo = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await trainer.trainStep();
    expect(tf.memory().numTensors).toBe(afterTwo);
    const losses = events.flatMap((e) => (e.type === 'step' ? [e.losses] : []));
    for (const l of losses) {
      if (l.kind !== 'dcgan') throw new Error('a DCGAN reports GAN losses');
      expect(
        Object.values(l)
          .filter((v) => typeof v === 'number')
          .every(Number.isFinite),
      ).toBe(true);
      expect(l.gGradNorm).toBeGreaterThan(0);
      expect(l.dGradNorm).toBeGreaterThan(0);
    }
    trainer.dispose();
  });
});

describe('trainer controls', () => {
  it('trains batch norm in training mode: moving statistics move', async () => {
    const { trainer } = await trainSteps(spec(tinyGan), 2);
    const bn = trainer.runtime.nets.generator.getLayer('g_project_bn');
    const movingMean = bn.getWeights()[2].dataSync();
    expect(Array.from(movingMean).some((v) => v !== 0)).toBe(true);
    trainer.dispose();
  });

  it('changes learning rates while running, and refuses nonsense', async () => {
    const { trainer } = await trainSteps(spec(tinyGan), 1);
    trainer.setLearningRates({ lrG: 1e-3, lrD: 5e-4 });
    const opt = trainer.runtime.optimizers.generator.optimizer.getConfig();
    expect(opt.learningRate).toBe(1e-3);
    expect(() => trainer.setLearningRates({ lrG: -1 })).toThrow(/positive finite number/);
    trainer.dispose();
  });

  it('pauses and reports when training diverges', async () => {
    const wild: ModelConfig = { ...tinyVae, lr: 0.1 };
    const events: EngineEvent[] = [];
    const trainer = new Trainer({
      spec: spec(wild),
      dataset,
      listener: (e) => events.push(e),
    });
    // Poison one weight as a too-large learning rate would, then step.
    const w = trainer.runtime.nets.decoder.getWeights()[0];
    trainer.runtime.nets.decoder.layers[0].setWeights([
      tf.fill(w.shape, Number.NaN),
      ...trainer.runtime.nets.decoder.layers[0].getWeights().slice(1),
    ]);
    await trainer.trainStep();
    const err = events.find((e) => e.type === 'error');
    expect(err?.type === 'error' && err.kind).toBe('diverged');
    expect(err?.type === 'error' && err.message).toMatch(/diverged/i);
    expect(trainer.state).toBe('paused');
    trainer.dispose();
  });

  it('generates images for given latent vectors', async () => {
    const { trainer } = await trainSteps(spec(tinyVae), 1);
    const grid = await trainer.generate(new Float32Array([0, 0, 1, -1, 2, 2]), 3);
    expect(grid.cols).toBe(3);
    expect(grid.rows).toBe(1);
    await expect(trainer.generate(new Float32Array(3), 1)).rejects.toThrow(/2 values each/);
    trainer.dispose();
  });
});
