import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageShape } from '../../datasets/types';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../config';
import { buildDcgan } from './dcgan';
import { stagePlan } from './geometry';
import { buildVae, decoderImageModel } from './vae';

const SHAPES: Record<string, ImageShape> = {
  mnist: { height: 28, width: 28, channels: 1 },
  flags: { height: 48, width: 64, channels: 3 },
  faces: { height: 64, width: 64, channels: 3 },
  custom32: { height: 32, width: 32, channels: 3 },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('stage plan', () => {
  it('starts from a small grid for every bundled shape', () => {
    expect(stagePlan(SHAPES.mnist)).toEqual({ stages: 2, startHeight: 7, startWidth: 7 });
    expect(stagePlan(SHAPES.flags)).toEqual({ stages: 4, startHeight: 3, startWidth: 4 });
    expect(stagePlan(SHAPES.faces)).toEqual({ stages: 4, startHeight: 4, startWidth: 4 });
    expect(stagePlan(SHAPES.custom32)).toEqual({ stages: 3, startHeight: 4, startWidth: 4 });
  });

  it('refuses a shape that cannot be halved', () => {
    expect(() => stagePlan({ height: 5, width: 7, channels: 1 })).toThrow(/cannot be halved/);
  });
});

describe.each(Object.entries(SHAPES))('models for %s', (_name, shape) => {
  const small = { baseFilters: 8, latentDim: 6 };

  it('DCGAN generator ends in tanh, unsaturated at init, and the discriminator one logit each', () => {
    const { generator, discriminator } = buildDcgan({ ...DEFAULT_DCGAN, ...small }, shape, 1);
    expect(generator.layers[generator.layers.length - 1].getConfig().activation).toBe('tanh');
    tf.tidy(() => {
      const images = generator.apply(tf.randomNormal([3, 6]), { training: true }) as tf.Tensor;
      expect(images.shape).toEqual([3, shape.height, shape.width, shape.channels]);
      // From N(0, 0.02) weights the output starts near 0 on both sides: a saturated start
      // (pixels pinned at -1 or 1) would leave tanh without gradient.
      const pixels = images.dataSync();
      expect(pixels.some((v) => v > 0) && pixels.some((v) => v < 0)).toBe(true);
      expect(pixels.filter((v) => Math.abs(v) > 0.99).length).toBe(0);
      const logits = discriminator.apply(images) as tf.Tensor;
      expect(logits.shape).toEqual([3, 1]);
    });
    generator.dispose();
    discriminator.dispose();
  });

  it('VAE encoder gives mean and log-variance, the decoder images', () => {
    const { encoder, decoder } = buildVae({ ...DEFAULT_VAE, ...small }, shape, 1);
    tf.tidy(() => {
      const x = tf.randomUniform([2, shape.height, shape.width, shape.channels]);
      const [mu, logVar] = encoder.apply(x) as tf.Tensor[];
      expect(mu.shape).toEqual([2, 6]);
      expect(logVar.shape).toEqual([2, 6]);
      const logits = decoder.apply(mu) as tf.Tensor;
      expect(logits.shape).toEqual([2, shape.height, shape.width, shape.channels]);
      // The image model is the decoder's logits through a sigmoid, pixel for pixel.
      const image = decoderImageModel(decoder).predict(mu) as tf.Tensor;
      const expected = tf.sigmoid(logits).dataSync();
      const got = image.dataSync();
      expect(got.length).toBe(expected.length);
      expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-6);
    });
    encoder.dispose();
    decoder.dispose();
  });
});

describe('DCGAN architecture', () => {
  it('follows Radford et al.: BN except on G output and D input, tanh out, LeakyReLU 0.2', () => {
    // The paper's width (the playground's default is narrower, for speed on a CPU).
    const paper = { ...DEFAULT_DCGAN, baseFilters: 64 };
    const { generator, discriminator } = buildDcgan(paper, SHAPES.faces, 1);
    const gNames = generator.layers.map((l) => l.getClassName());
    expect(gNames).toEqual([
      'Dense', 'BatchNormalization', 'ReLU', 'Reshape',
      'Conv2DTranspose', 'BatchNormalization', 'ReLU',
      'Conv2DTranspose', 'BatchNormalization', 'ReLU',
      'Conv2DTranspose', 'BatchNormalization', 'ReLU',
      'Conv2DTranspose', 'Activation',
    ]); // prettier-ignore
    // The 4x4x512 projection of the DCGAN paper for 64x64 images.
    expect(generator.layers[3].outputShape).toEqual([null, 4, 4, 512]);
    const dNames = discriminator.layers.map((l) => l.getClassName());
    expect(dNames.slice(0, 4)).toEqual(['Conv2D', 'LeakyReLU', 'Conv2D', 'BatchNormalization']);
    expect(dNames).not.toContain('MaxPooling2D');
    const lrelu = discriminator.layers[1].getConfig();
    expect(lrelu.alpha).toBeCloseTo(0.2);
    generator.dispose();
    discriminator.dispose();
  });

  it('initialises weights from N(0, 0.02), reproducibly from the seed', () => {
    const a = buildDcgan(DEFAULT_DCGAN, SHAPES.mnist, 7);
    const b = buildDcgan(DEFAULT_DCGAN, SHAPES.mnist, 7);
    const c = buildDcgan(DEFAULT_DCGAN, SHAPES.mnist, 8);
    const kernel = (m: tf.LayersModel, i: number) => m.getWeights()[i].dataSync() as Float32Array;
    const k = kernel(a.generator, 0);
    const mean = k.reduce((s, v) => s + v, 0) / k.length;
    const std = Math.sqrt(k.reduce((s, v) => s + (v - mean) ** 2, 0) / k.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(std).toBeGreaterThan(0.018);
    expect(std).toBeLessThan(0.022);
    expect(kernel(b.generator, 0)).toEqual(k);
    expect(kernel(c.generator, 0)).not.toEqual(k);
    for (const m of [a, b, c]) {
      m.generator.dispose();
      m.discriminator.dispose();
    }
  });
});
