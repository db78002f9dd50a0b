import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DCGAN_FIELDS, DEFAULT_DCGAN, type ModelConfig, type NumberField } from '../config';
import { syntheticDataset } from '../testing/synthetic-dataset';
import {
  countNonFiniteWeights,
  describeBadLoss,
  describeBadWeights,
  describeDivergence,
  WEIGHT_CHECK_EVERY,
} from './divergence';
import { Trainer } from './trainer';
import type { EngineEvent, ErrorEvent } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = syntheticDataset();
// The DCGAN paper's rates and the minibatch layer: the run this test was written against, whose
// step at 1e20 breaks the losses and the weights together.
const tinyGan: ModelConfig = {
  ...DEFAULT_DCGAN,
  latentDim: 4,
  baseFilters: 4,
  batchSize: 8,
  lrG: 2e-4,
  lrD: 2e-4,
  minibatchKernels: 64,
};

async function newTrainer(model: ModelConfig, stepsPerEpoch = 100) {
  const events: EngineEvent[] = [];
  const trainer = new Trainer({
    spec: {
      model,
      datasetId: 'synthetic',
      train: { seed: 5, stepsPerEpoch, sampleEverySteps: null },
    },
    dataset,
    listener: (e) => events.push(e),
  });
  const errors = () => events.filter((e): e is ErrorEvent => e.type === 'error');
  const stepEvents = () => events.flatMap((e) => (e.type === 'step' ? [e] : []));
  return { trainer, events, errors, stepEvents };
}

describe('divergence detection', () => {
  it('a huge learning rate set mid-run pauses the run, in the loss and in the weights, leak-free', async () => {
    const { trainer, errors, stepEvents } = await newTrainer(tinyGan);
    for (let i = 0; i < 3; i++) await trainer.trainStep();
    const tensors = tf.memory().numTensors;
    trainer.setLearningRates({ lrG: 1e20, lrD: 1e20 });
    await trainer.trainStep();
    expect(errors()).toHaveLength(1);
    const err = errors()[0];
    expect(err.kind).toBe('diverged');
    expect(err.step).toBe(4);
    expect(err.message).toMatch(/^Training diverged at step 4, in the loss and in the weights: /);
    expect(err.message).toMatch(/loss \((dLoss|gLoss)\) became (NaN|Infinity|-Infinity)/);
    expect(err.message).toMatch(
      /\d+ weight values became NaN or Inf \((discriminator|generator): /,
    );
    expect(trainer.state).toBe('paused');
    // The bad step is not recorded as a step: charts and history keep only finite losses.
    expect(stepEvents().map((e) => e.step)).toEqual([1, 2, 3]);
    expect(trainer.lossHistory.map((p) => p.step)).toEqual([1, 2, 3]);
    // Neither the step, the loss check nor the weight count left a tensor behind.
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.dispose();
  });

  it('catches NaN in a weight no loss sees (batch norm moving variance) at the next check', async () => {
    const { trainer, errors, stepEvents } = await newTrainer(tinyGan);
    await trainer.trainStep();
    const tensors = tf.memory().numTensors;
    // Batch norm trains on batch statistics; its moving variance only shapes the samples.
    const bn = trainer.runtime.nets.generator.layers.find(
      (l) => l.getClassName() === 'BatchNormalization',
    )!;
    const weights = bn.getWeights();
    const movingVariance = weights.length - 1;
    const poisoned = tf.fill(weights[movingVariance].shape, Number.NaN);
    bn.setWeights([...weights.slice(0, movingVariance), poisoned]);
    poisoned.dispose();
    for (let i = 1; i < WEIGHT_CHECK_EVERY + 5 && errors().length === 0; i++) {
      await trainer.trainStep();
    }
    expect(errors()).toHaveLength(1);
    expect(errors()[0].step).toBe(WEIGHT_CHECK_EVERY);
    expect(errors()[0].message).toMatch(
      /in the weights \(the losses were still finite\): \d+ weight values became NaN or Inf \(generator: \d+ NaN\)/,
    );
    // Every step up to the check trained with finite losses.
    expect(stepEvents()).toHaveLength(WEIGHT_CHECK_EVERY);
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.dispose();
  });

  it('the largest rate the form allows does not make the tiny DCGAN diverge', async () => {
    // Why the browser test pushes a huge rate through the worker API: Adam's steps are bounded
    // by the rate, so 0.1 (the form's maximum) stays finite here; 1e20 breaks on the first step.
    const max = (DCGAN_FIELDS.lrG as NumberField).max;
    const { trainer, errors, stepEvents } = await newTrainer(
      { ...tinyGan, lrG: max, lrD: max },
      10,
    );
    for (let i = 0; i < 30; i++) await trainer.trainStep();
    expect(errors()).toEqual([]);
    expect(stepEvents()).toHaveLength(30);
    trainer.dispose();
  });
});

describe('countNonFiniteWeights', () => {
  it('counts NaN and Inf per network, leaving no tensors behind', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [2], useBias: true })],
    });
    const clean = await countNonFiniteWeights({ net: model });
    expect(clean).toEqual({ total: 0, nets: [] });
    const kernel = tf.tensor2d([
      [Number.NaN, Infinity],
      [1, -Infinity],
    ]);
    const bias = tf.tensor1d([Number.NaN, 0]);
    model.setWeights([kernel, bias]);
    kernel.dispose();
    bias.dispose();
    const before = tf.memory().numTensors;
    const bad = await countNonFiniteWeights({ net: model, other: tf.sequential({ layers: [] }) });
    expect(bad).toEqual({ total: 4, nets: [{ net: 'net', nan: 2, inf: 2 }] });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('divergence messages', () => {
  it('name the loss or the weights that broke', () => {
    const gan = {
      kind: 'dcgan',
      dLoss: 0.5,
      gLoss: Infinity,
      dReal: 0.5,
      dFake: 0.5,
      gGradNorm: 1,
      dGradNorm: 1,
      wDistance: 0,
    } as const;
    expect(describeBadLoss(gan)).toBe('the generator loss (gLoss) became Infinity');
    expect(describeBadLoss({ ...gan, gLoss: 1 })).toBeNull();
    const weights = describeBadWeights({
      total: 1503,
      nets: [
        { net: 'generator', nan: 1500, inf: 0 },
        { net: 'discriminator', nan: 2, inf: 1 },
      ],
    });
    expect(weights).toBe(
      '1,503 weight values became NaN or Inf (generator: 1,500 NaN; discriminator: 2 NaN, 1 Inf)',
    );
    expect(describeDivergence('the loss (total) became NaN', null)).toBe(
      'in the loss (the weights are still finite): the loss (total) became NaN',
    );
    expect(describeDivergence(null, weights)).toMatch(/^in the weights \(the losses/);
  });
});
