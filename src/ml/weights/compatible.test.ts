import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { applyWeights } from './apply';
import { encodeBase64 } from './base64';
import { checkCompatible } from './compatible';
import { WeightsImportError } from './errors';
import { float32ToBytesLE } from './float32-bytes';
import { parseWeightsFile } from './parse';
import { serializeWeights } from './serialize';
import type { OptimizerSet } from './targets';
import {
  adamSnapshot,
  batch,
  buildTinyGan,
  maxDiff,
  snapshot,
  tinyMeta,
  trainStep,
  type TinyGan,
} from './tiny-gan.fixture';

let source: TinyGan;
let target: TinyGan;
let valid: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  source = buildTinyGan(1);
  target = buildTinyGan(2);
  const rng = new Rng(3);
  trainStep(source, batch(rng));
  trainStep(target, batch(rng)); // so the target's Adam holds state a failed import must keep
  valid = await serializeWeights(tinyMeta(), source.nets, source.optimizers);
});
afterAll(() => {
  source.dispose();
  target.dispose();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
type Json = any;
function corrupted(edit: (file: Json) => void) {
  const file = JSON.parse(valid) as Json;
  edit(file);
  return parseWeightsFile(JSON.stringify(file));
}
const floats = (n: number) => encodeBase64(float32ToBytesLE(new Float32Array(n).fill(0.5)));

function compatError(run: () => void): WeightsImportError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(WeightsImportError);
    return err as WeightsImportError;
  }
  throw new Error('expected the check to fail');
}

describe('checkCompatible', () => {
  it('accepts a file written from the same architecture', () => {
    expect(() =>
      checkCompatible(parseWeightsFile(valid), target.nets, target.optimizers, {
        kind: 'dcgan',
        datasetShape: { height: 4, width: 4, channels: 1 },
      }),
    ).not.toThrow();
  });

  it('names a missing tensor', () => {
    const file = corrupted((f) => {
      f.networks.generator = f.networks.generator.filter(
        (w: Json) => w.name !== 'g_bn/moving_mean',
      );
    });
    const err = compatError(() => checkCompatible(file, target.nets));
    expect(err.problem).toBe('missing-tensor');
    expect(err.message).toBe('Tensor generator/g_bn/moving_mean is missing from the file.');
  });

  it('names a mis-shaped tensor with the expected and the found shape', () => {
    const file = corrupted((f) => {
      const bias = f.networks.generator.find((w: Json) => w.name === 'g_dense/bias');
      bias.shape = [5];
      bias.data = floats(5);
    });
    const err = compatError(() => checkCompatible(file, target.nets));
    expect(err.problem).toBe('shape');
    expect(err.message).toMatch(
      /Tensor generator\/g_dense\/bias has the wrong shape: the generator network expects \[12\], the file has \[5\]/,
    );
  });

  it('names an extra tensor the network does not have', () => {
    const file = corrupted((f) => {
      f.networks.discriminator.push({
        name: 'd_extra/kernel',
        shape: [2],
        dtype: 'float32',
        trainable: true,
        data: floats(2),
      });
    });
    const err = compatError(() => checkCompatible(file, target.nets));
    expect(err.problem).toBe('unknown-tensor');
    expect(err.message).toMatch(
      /Tensor discriminator\/d_extra\/kernel in the file does not exist in the discriminator network/,
    );
  });

  it('lists several problems in one message', () => {
    const file = corrupted((f) => {
      f.networks.generator = f.networks.generator.filter((w: Json) => w.name !== 'g_dense/kernel');
      f.networks.discriminator = f.networks.discriminator.filter(
        (w: Json) => w.name !== 'd_dense/bias',
      );
    });
    const err = compatError(() => checkCompatible(file, target.nets));
    expect(err.message).toMatch(
      /\(2 problems\).*generator\/g_dense\/kernel is missing.*discriminator\/d_dense\/bias is missing/,
    );
  });

  it('refuses a file trained on another image shape or model kind', () => {
    const file = parseWeightsFile(valid);
    const shape = compatError(() =>
      checkCompatible(file, target.nets, null, {
        datasetShape: { height: 28, width: 28, channels: 1 },
      }),
    );
    expect(shape.problem).toBe('dataset');
    expect(shape.message).toMatch(
      /trained on 4x4x1 images \(tiny\) but the target expects 28x28x1 images/,
    );
    const kind = compatError(() => checkCompatible(file, target.nets, null, { kind: 'vae' }));
    expect(kind.message).toMatch(/The file holds a dcgan model but a vae model is being loaded/);
  });

  it('refuses a network set with other network names', () => {
    const err = compatError(() =>
      checkCompatible(parseWeightsFile(valid), { generator: target.nets.generator }),
    );
    expect(err.message).toMatch(
      /weights for a discriminator network, which the target does not have/,
    );
  });

  it('checks optimizer state against the target variable list: count, shapes and order', () => {
    const file = parseWeightsFile(valid);
    const { generator, discriminator } = target.optimizers;
    const fewer: OptimizerSet = {
      discriminator,
      generator: { ...generator, variables: generator.variables.slice(1) },
    };
    expect(compatError(() => checkCompatible(file, target.nets, fewer)).message).toMatch(
      /Optimizer generator has state for 6 variables in the file but steps 5 variables here/,
    );
    // gamma and beta of a batch norm have the same shape: only the recorded names catch a swap.
    const vars = [...generator.variables];
    const gamma = vars.findIndex((v) => v.name.startsWith('g_bn/gamma'));
    const beta = vars.findIndex((v) => v.name.startsWith('g_bn/beta'));
    [vars[gamma], vars[beta]] = [vars[beta], vars[gamma]];
    const swapped: OptimizerSet = { discriminator, generator: { ...generator, variables: vars } };
    expect(compatError(() => checkCompatible(file, target.nets, swapped)).message).toMatch(
      new RegExp(
        `slot ${gamma} belongs to generator/g_bn/gamma in the file but to generator/g_bn/beta here`,
      ),
    );
    const reversed: OptimizerSet = {
      discriminator,
      generator: { ...generator, variables: [...generator.variables].reverse() },
    };
    expect(compatError(() => checkCompatible(file, target.nets, reversed)).message).toMatch(
      /Optimizer generator slot 0 \(generator\/g_dense\/kernel\) has shape \[4, 12\] in the file, but its variable here \(generator\/g_deconv1\/bias\) has shape \[1\]/,
    );
    const renamed: OptimizerSet = { vae: generator };
    expect(compatError(() => checkCompatible(file, target.nets, renamed)).message).toMatch(
      /state for an optimizer generator, which the target does not have.*no state for the vae optimizer/,
    );
  });
});

describe('applyWeights on a bad file', () => {
  it('changes nothing: weights, optimizer state and tensor count stay as they were', async () => {
    // Only the last tensor is wrong, so an import that assigned as it went would have changed the rest.
    const file = corrupted((f) => {
      const last = f.networks.discriminator[f.networks.discriminator.length - 1];
      last.shape = [7];
      last.data = floats(7);
    });
    const weightsBefore = snapshot(target.nets);
    const adamBefore = await adamSnapshot(target.optimizers.generator.optimizer);
    const tensorsBefore = tf.memory().numTensors;

    await expect(applyWeights(file, target.nets, target.optimizers)).rejects.toThrow(
      WeightsImportError,
    );

    expect(maxDiff(snapshot(target.nets), weightsBefore)).toBe(0);
    expect(await adamSnapshot(target.optimizers.generator.optimizer)).toEqual(adamBefore);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // The same file, repaired, does load: the check above failed for the right reason.
    await applyWeights(parseWeightsFile(valid), target.nets, target.optimizers);
    expect(maxDiff(snapshot(target.nets), snapshot(source.nets))).toBe(0);
  });
});
