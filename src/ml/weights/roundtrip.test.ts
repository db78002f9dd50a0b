import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { applyWeights } from './apply';
import { parseWeightsFile } from './parse';
import { serializeWeights } from './serialize';
import {
  adamSnapshot,
  batch,
  buildTinyGan,
  IMAGE,
  LATENT,
  maxDiff,
  snapshot,
  tinyMeta,
  trainStep,
  type TinyGan,
} from './tiny-gan.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const built: TinyGan[] = [];
function gan(seed: number): TinyGan {
  const g = buildTinyGan(seed);
  built.push(g);
  return g;
}
afterEach(() => {
  for (const g of built.splice(0)) g.dispose();
});

function trained(seed: number, steps: number): TinyGan {
  const g = gan(seed);
  const rng = new Rng(100 + seed);
  for (let i = 0; i < steps; i++) trainStep(g, batch(rng));
  return g;
}

/** Inference-mode outputs of both networks for fixed inputs. */
function outputs(g: TinyGan): { images: number[]; logits: number[] } {
  const rng = new Rng(5);
  return tf.tidy(() => {
    const z = tf.tensor2d(rng.normals(6 * LATENT), [6, LATENT]);
    const x = tf.tensor4d(rng.normals(6 * 16), [6, IMAGE.height, IMAGE.width, IMAGE.channels]);
    return {
      images: Array.from((g.nets.generator.predict(z) as tf.Tensor).dataSync()),
      logits: Array.from((g.nets.discriminator.predict(x) as tf.Tensor).dataSync()),
    };
  });
}

describe('weights round trip', () => {
  it('restores identical outputs and batch-norm statistics into freshly built networks', async () => {
    const a = trained(1, 3);
    const b = gan(2); // different initial weights, and uniqued variable names ('g_dense/kernel_1')
    expect(b.nets.generator.weights[0].name).not.toBe(b.nets.generator.weights[0].originalName);
    expect(outputs(b)).not.toEqual(outputs(a));

    const file = parseWeightsFile(await serializeWeights(tinyMeta(), a.nets, null));
    await applyWeights(file, b.nets, null);

    expect(outputs(b)).toEqual(outputs(a));
    const before = snapshot(a.nets);
    expect(maxDiff(snapshot(b.nets), before)).toBe(0);
    // The moving statistics were written too, and training had moved them off their defaults.
    for (const key of ['generator/g_bn/moving_mean', 'discriminator/d_bn/moving_variance']) {
      expect(Array.from(snapshot(b.nets).get(key)!)).toEqual(Array.from(before.get(key)!));
    }
    expect(Array.from(before.get('generator/g_bn/moving_mean')!).some((x) => x !== 0)).toBe(true);
  });

  it('writes trainable and non-trainable weights with their shapes, and the run description', async () => {
    const a = trained(1, 1);
    const meta = tinyMeta();
    const file = parseWeightsFile(await serializeWeights(meta, a.nets, a.optimizers));
    const gen = file.networks.generator;
    expect(gen.map((w) => w.name)).toEqual(a.nets.generator.weights.map((w) => w.originalName));
    const movingVar = gen.find((w) => w.name === 'g_bn/moving_variance')!;
    expect(movingVar).toMatchObject({ trainable: false, shape: [12] });
    expect(gen.find((w) => w.name === 'g_deconv1/kernel')).toMatchObject({
      trainable: true,
      shape: [3, 3, 1, 3],
    });
    expect(file.meta.model).toEqual(meta.model);
    expect(file.meta.dataset).toEqual({ id: 'tiny', shape: IMAGE });
    expect(file.meta.step).toBe(3);
    // A NaN loss is written as null and read back as NaN.
    expect(file.meta.history[1].losses).toMatchObject({ kind: 'dcgan', gLoss: 0.8 });
    expect(Number.isNaN((file.meta.history[1].losses as { dLoss: number }).dLoss)).toBe(true);
    expect(file.optimizers!.generator.iterations).toBe(1);
    expect(file.optimizers!.generator.slots.map((s) => s.variable)).toEqual(
      a.nets.generator.trainableWeights.map((w) => `generator/${w.originalName}`),
    );
    expect(file.optimizers!.generator.config).toEqual({
      learningRate: 0.01,
      beta1: 0.5,
      beta2: 0.999,
      epsilon: 1e-8,
    });
  });

  it('leaves the tensor count flat across export, parse and import (optimizer state included)', async () => {
    const a = trained(1, 2);
    const b = trained(2, 1); // b's Adam already holds moments that the import replaces
    const before = tf.memory().numTensors;
    const text = await serializeWeights(tinyMeta(), a.nets, a.optimizers);
    expect(tf.memory().numTensors).toBe(before);
    await applyWeights(parseWeightsFile(text), b.nets, b.optimizers);
    expect(tf.memory().numTensors).toBe(before);
    const [bIter] = await adamSnapshot(b.optimizers.generator.optimizer);
    expect(bIter[0]).toBe(2);
  });

  it('resets the optimizers when the file has no optimizer state', async () => {
    const a = trained(1, 2);
    const b = trained(2, 2);
    const file = parseWeightsFile(await serializeWeights(tinyMeta(), a.nets, null));
    const before = tf.memory().numTensors;
    await applyWeights(file, b.nets, b.optimizers);
    const state = await adamSnapshot(b.optimizers.discriminator.optimizer);
    expect(state.length).toBe(1); // just the iteration count: moments start again from zero
    expect(state[0][0]).toBe(0);
    const moments =
      2 * (b.optimizers.generator.variables.length + b.optimizers.discriminator.variables.length);
    expect(tf.memory().numTensors).toBe(before - moments);
  });

  it('serializes the same state to the same text', async () => {
    const a = trained(1, 1);
    const createdAt = new Date('2026-01-02T03:04:05Z');
    const one = await serializeWeights(tinyMeta(), a.nets, a.optimizers, {
      createdAt,
      appVersion: 't',
    });
    const two = await serializeWeights(tinyMeta(), a.nets, a.optimizers, {
      createdAt,
      appVersion: 't',
    });
    expect(one).toBe(two);
    expect(JSON.parse(one)).toMatchObject({
      format: 'gan-playground-weights',
      version: 1,
      appVersion: 't',
    });
  });

  it('refuses to export weights that are not finite or networks the model kind does not have', async () => {
    const a = trained(1, 1);
    const kernel = a.nets.discriminator.getLayer('d_dense').getWeights()[0];
    const broken = tf.fill(kernel.shape, NaN);
    a.nets.discriminator
      .getLayer('d_dense')
      .setWeights([broken, a.nets.discriminator.getLayer('d_dense').getWeights()[1]]);
    broken.dispose();
    await expect(serializeWeights(tinyMeta(), a.nets, null)).rejects.toThrow(
      /discriminator\/d_dense\/kernel contains NaN at index 0/,
    );
    await expect(
      serializeWeights(tinyMeta(), { generator: a.nets.generator }, null),
    ).rejects.toThrow(/networks are generator; expected generator, discriminator/);
  });
});
