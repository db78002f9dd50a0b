import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64 } from './base64';
import { WeightsImportError } from './errors';
import { float32ToBytesLE } from './float32-bytes';
import { parseWeightsFile } from './parse';
import { serializeWeights } from './serialize';
import { batch, buildTinyGan, tinyMeta, trainStep, type TinyGan } from './tiny-gan.fixture';
import { Rng } from '../../lib/rng';

// One valid file (with optimizer state), then one targeted corruption per test.
let valid: string;
let gan: TinyGan;

beforeAll(async () => {
  await tf.setBackend('cpu');
  gan = buildTinyGan(1);
  trainStep(gan, batch(new Rng(1)));
  valid = await serializeWeights(tinyMeta(), gan.nets, gan.optimizers);
});
afterAll(() => gan.dispose());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
type Json = any;
function corrupt(edit: (file: Json) => void): string {
  const file = JSON.parse(valid) as Json;
  edit(file);
  return JSON.stringify(file);
}
function weight(file: Json, network: string, name: string): Json {
  return file.networks[network].find((w: Json) => w.name === name);
}
const floats = (values: number[]) => encodeBase64(float32ToBytesLE(new Float32Array(values)));

/** The error parseWeightsFile throws, asserting it is a WeightsImportError. */
function importError(input: string | Uint8Array, maxBytes?: number): WeightsImportError {
  try {
    parseWeightsFile(input, { maxBytes });
  } catch (err) {
    expect(err).toBeInstanceOf(WeightsImportError);
    return err as WeightsImportError;
  }
  throw new Error('expected the import to fail');
}

describe('parseWeightsFile accepts', () => {
  it('the text, its UTF-8 bytes and an ArrayBuffer alike', () => {
    const bytes = new TextEncoder().encode(valid);
    const fromText = parseWeightsFile(valid);
    expect(parseWeightsFile(bytes)).toEqual(fromText);
    expect(parseWeightsFile(bytes.buffer as ArrayBuffer)).toEqual(fromText);
    expect(fromText.networks.discriminator.length).toBe(gan.nets.discriminator.weights.length);
  });

  it('unknown extra top-level fields (additions within a version are allowed)', () => {
    expect(() => parseWeightsFile(corrupt((f) => (f.comment = 'hello')))).not.toThrow();
  });

  it('a file without optimizer state', () => {
    expect(parseWeightsFile(corrupt((f) => (f.optimizers = null))).optimizers).toBeNull();
  });

  it('a file from before the critic settings and the gradient norms', () => {
    const older = parseWeightsFile(
      corrupt((f) => {
        delete f.model.discriminatorNorm;
        delete f.model.gpWeight;
        for (const point of f.history) {
          for (const key of ['gGradNorm', 'dGradNorm', 'wDistance']) delete point.losses[key];
        }
      }),
    );
    // Trained with batch norm in D; lambda unused: the values those files were written with.
    expect(older.meta.model).toMatchObject({ discriminatorNorm: 'batch', gpWeight: 10 });
    const losses = older.meta.history[0].losses;
    expect(losses).toMatchObject({ dLoss: 1.4, gLoss: 0.7 });
    expect(losses.kind === 'dcgan' && [losses.gGradNorm, losses.wDistance]).toEqual([NaN, NaN]);
    // Today's file carries them.
    const today = parseWeightsFile(valid).meta.history[0].losses;
    expect(today.kind === 'dcgan' && today.gGradNorm).toBe(0.9);
  });
});

describe('parseWeightsFile rejects, naming the problem', () => {
  it('a file over the size limit, before parsing it', () => {
    const err = importError('not json at all '.repeat(100), 1000);
    expect(err.problem).toBe('too-large');
    expect(err.message).toMatch(/The file is 1\.6 KB, larger than the 1000 bytes limit/);
    expect(importError(new Uint8Array(2048), 1024).message).toMatch(
      /2\.0 KB, larger than the 1\.0 KB limit/,
    );
  });

  it('text that is not JSON, or not UTF-8, or empty', () => {
    expect(importError('{"format": "gan-playground-weights",').message).toMatch(/not valid JSON/);
    expect(importError(new Uint8Array([0xff, 0xfe, 0x7b])).message).toMatch(/not UTF-8 text/);
    expect(importError('').message).toMatch(/empty/);
    expect(importError('[1, 2]').message).toMatch(/holds an array rather than an object/);
  });

  it('a wrong format id', () => {
    const err = importError(corrupt((f) => (f.format = 'keras-weights')));
    expect(err.problem).toBe('format');
    expect(err.message).toMatch(
      /not a weights file: its format field is "keras-weights", not "gan-playground-weights"/,
    );
  });

  it('an unsupported version', () => {
    const err = importError(corrupt((f) => (f.version = 2)));
    expect(err.problem).toBe('version');
    expect(err.message).toMatch(
      /version 2 is not supported: this app reads version 1.*newer version/,
    );
  });

  it('an unknown model kind', () => {
    const err = importError(corrupt((f) => (f.model.kind = 'diffusion')));
    expect(err.problem).toBe('kind');
    expect(err.message).toMatch(/Unknown model kind "diffusion"/);
  });

  it('an invalid or incomplete model config', () => {
    const bad = importError(corrupt((f) => (f.model.latentDim = 0)));
    expect(bad.problem).toBe('config');
    expect(bad.message).toMatch(/model config .* invalid: Latent size must be between 2 and 512/);
    expect(importError(corrupt((f) => delete f.model.lrG)).message).toMatch(/\(lrG\) is missing/);
    expect(importError(corrupt((f) => (f.train.seed = -1))).message).toMatch(
      /train config .* Seed/,
    );
  });

  it('WGAN-GP with label smoothing or a batch-norm critic, saying why', () => {
    const smoothed = importError(
      corrupt((f) => Object.assign(f.model, { loss: 'wgan-gp', labelSmoothing: 0.1 })),
    );
    expect(smoothed.problem).toBe('config');
    expect(smoothed.message).toMatch(/Label smoothing \(0.1\) does not apply to WGAN-GP/);
    expect(smoothed.message).toMatch(/needs a critic without batch norm/);
    const batchNorm = importError(corrupt((f) => (f.model.loss = 'wgan-gp')));
    expect(batchNorm.message).not.toMatch(/Label smoothing/);
    expect(batchNorm.message).toMatch(/batch norm mixes the images of a batch/);
  });

  it('a bad dataset description or history', () => {
    expect(importError(corrupt((f) => (f.dataset.shape.channels = 4))).message).toMatch(
      /dataset\.shape\.channels must be 1 or 3, found 4/,
    );
    expect(importError(corrupt((f) => (f.history[0].losses.gLoss = 'high'))).message).toMatch(
      /history\[0\]\.losses\.gLoss must be a number or null/,
    );
    // Only the keys added later may be missing.
    expect(importError(corrupt((f) => delete f.history[0].losses.dReal)).message).toMatch(
      /history\[0\]\.losses\.dReal must be a number or null, found nothing/,
    );
    expect(importError(corrupt((f) => (f.step = 1.5))).message).toMatch(
      /step must be a whole number/,
    );
  });

  it('networks that do not belong to the model kind', () => {
    const err = importError(corrupt((f) => (f.networks.critic = [])));
    expect(err.message).toMatch(
      /networks has unknown entries "critic"; a dcgan model's networks are generator, discriminator/,
    );
    expect(importError(corrupt((f) => delete f.networks.discriminator)).message).toMatch(
      /networks is missing discriminator/,
    );
  });

  it('data that is not base64, naming the tensor', () => {
    const err = importError(
      corrupt((f) => {
        const w = weight(f, 'generator', 'g_dense/kernel');
        w.data = `${w.data.slice(0, 8)}!${w.data.slice(9)}`;
      }),
    );
    expect(err.problem).toBe('data');
    expect(err.message).toMatch(
      /Tensor generator\/g_dense\/kernel: data is not valid base64 \(character "!" at position 8/,
    );
  });

  it('data whose byte length does not match the shape', () => {
    const err = importError(
      corrupt((f) => {
        const w = weight(f, 'discriminator', 'd_bn/gamma');
        w.data = floats([1, 1]); // shape [3] needs 12 bytes
      }),
    );
    expect(err.message).toMatch(
      /Tensor discriminator\/d_bn\/gamma: data holds 8 bytes but shape \[3\] needs 12 \(3 float32 values\)/,
    );
  });

  it('non-finite values, naming the tensor and the index', () => {
    const err = importError(
      corrupt(
        (f) =>
          (weight(f, 'generator', 'g_bn/moving_variance').data = floats([
            1,
            1,
            Infinity,
            ...Array(9).fill(1),
          ])),
      ),
    );
    expect(err.problem).toBe('non-finite');
    expect(err.message).toMatch(
      /Tensor generator\/g_bn\/moving_variance contains Infinity at index 2/,
    );
    const inMoment = importError(
      corrupt((f) => {
        const slot = f.optimizers.discriminator.slots[0];
        const n = slot.shape.reduce((a: number, b: number) => a * b, 1);
        slot.v = floats([NaN, ...Array(n - 1).fill(0)]);
      }),
    );
    expect(inMoment.message).toMatch(
      /optimizer discriminator slot 0 \(discriminator\/d_conv1\/kernel\) second moment contains NaN/,
    );
  });

  it('tensors listed twice, odd shapes and dtypes', () => {
    expect(
      importError(corrupt((f) => f.networks.generator.push(f.networks.generator[0]))).message,
    ).toMatch(/Tensor generator\/g_dense\/kernel appears twice/);
    expect(
      importError(corrupt((f) => (weight(f, 'generator', 'g_dense/bias').shape = [-12]))).message,
    ).toMatch(/generator\/g_dense\/bias: shape \[-12\] must hold whole numbers/);
    expect(
      importError(corrupt((f) => (weight(f, 'generator', 'g_dense/bias').dtype = 'int32'))).message,
    ).toMatch(/generator\/g_dense\/bias: dtype "int32" is not supported/);
  });

  it('optimizer state of another kind', () => {
    const err = importError(corrupt((f) => (f.optimizers.generator.type = 'SGD')));
    expect(err.problem).toBe('optimizer');
    expect(err.message).toMatch(/Optimizer generator has type "SGD"; only Adam/);
  });
});

describe('parse.ts', () => {
  it('does not load tfjs, directly or through its imports', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Type-only imports are erased at compile time and load nothing, so they are not followed.
      const source = readFileSync(file, 'utf8').replace(/^import type [^;]+;$/gms, '');
      expect(source, file).not.toMatch(/from '@tensorflow/);
      for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
        const base = resolve(dirname(file), spec);
        visit(spec.endsWith('.json') ? base : `${base}.ts`);
      }
    };
    visit(join(__dirname, 'parse.ts'));
    expect(seen.size).toBeGreaterThan(5);
  });
});
