// Class choices for a conditional model: class indices become one-hot rows, rows of weights
// (a blend of classes, for class-to-class interpolation) pass through checked, and a conditional
// VAE draws a one-hot blend exactly as it draws the class index.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VAE } from '../config';
import { oneHotClasses } from './runtime';
import { VaeRuntime } from './vae-runtime';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('oneHotClasses', () => {
  it('turns class indices into one-hot rows, i mod k without a choice', () => {
    expect(oneHotClasses(2, 3, Int32Array.of(2, 0)).arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(oneHotClasses(4, 3).arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('gives a row of weights as the weighted sum of one-hot rows', () => {
    // Sample 0: a quarter of class 0, three quarters of class 2; sample 1: class 1 alone.
    const blend = Float32Array.of(0.25, 0, 0.75, 0, 1, 0);
    const got = oneHotClasses(2, 3, blend);
    const a = oneHotClasses(2, 3, Int32Array.of(0, 1));
    const b = oneHotClasses(2, 3, Int32Array.of(2, 1));
    const mix = tf.tensor2d([
      [0.25, 0.75],
      [0.5, 0.5],
    ]);
    // Row i: w_i * onehot(a_i) + (1 - w_i) * onehot(b_i).
    const expected = a.mul(mix.slice([0, 0], [2, 1])).add(b.mul(mix.slice([0, 1], [2, 1])));
    expect(got.shape).toEqual([2, 3]);
    expect(got.arraySync()).toEqual(expected.arraySync());
  });

  it('refuses class weights of the wrong length, below 0, not finite or not summing to 1', () => {
    expect(() => oneHotClasses(2, 3, Float32Array.of(1, 0, 0))).toThrow(
      '3 class weights for 2 samples of 3 classes: want 6 (3 per sample)',
    );
    expect(() => oneHotClasses(1, 3, Float32Array.of(1.5, -0.5, 0))).toThrow(
      'Class weights of sample 0 must be numbers from 0 to 1',
    );
    expect(() => oneHotClasses(2, 2, Float32Array.of(1, 0, NaN, 1))).toThrow(
      'Class weights of sample 1 must be numbers from 0 to 1',
    );
    expect(() => oneHotClasses(2, 2, Float32Array.of(0.5, 0.5, 0.5, 0.4))).toThrow(
      'Class weights of sample 1 must sum to 1, got 0.9000',
    );
    expect(() => oneHotClasses(1, 3, Int32Array.of(3))).toThrow('Class 3 is out of range');
  });
});

describe('a conditional VAE drawing blends', () => {
  it('draws a one-hot blend as its class, and a half blend between the two classes', () => {
    const vae = new VaeRuntime(
      { ...DEFAULT_VAE, latentDim: 2, baseFilters: 4, conditional: true },
      { height: 8, width: 8, channels: 1 },
      3,
      3,
    );
    const z = tf.tensor2d([0.3, -1.2, 0.3, -1.2, 0.3, -1.2], [3, 2]);
    const byIndex = vae.generate(z, Int32Array.of(0, 2, 1)).arraySync();
    const byBlend = vae.generate(z, Float32Array.of(1, 0, 0, 0, 0, 1, 0, 1, 0)).arraySync();
    expect(byBlend).toEqual(byIndex);
    const half = vae.generate(z.slice(0, 1), Float32Array.of(0.5, 0, 0.5)).dataSync();
    const a = Float32Array.from(tf.tensor(byIndex).slice(0, 1).dataSync());
    const b = Float32Array.from(tf.tensor(byIndex).slice(1, 1).dataSync());
    // The half blend is a different image from either end.
    const differs = (x: Float32Array) => x.some((v, i) => Math.abs(v - half[i]) > 1e-6);
    expect(differs(a) && differs(b)).toBe(true);
    expect(() => vae.generate(z, Float32Array.of(1, 0, 0))).toThrow('3 class weights');
    vae.dispose();
  });
});
