// What the training loop needs from a model, whatever its kind: its networks and optimizers,
// one training step, and inference for samples. GanRuntime and VaeRuntime implement it.

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../lib/rng';
import type { LearningRates, Losses } from './types';
import type { Batcher, PixelRange } from './batcher';

export interface OptimizerSlot {
  readonly optimizer: tf.Optimizer;
  /** The exact, ordered variable list this optimizer steps (Adam keeps its slots by position). */
  readonly variables: readonly tf.Variable[];
}

export interface ModelRuntime {
  readonly kind: 'dcgan' | 'vae';
  readonly nets: Readonly<Record<string, tf.LayersModel>>;
  readonly optimizers: Readonly<Record<string, OptimizerSlot>>;
  /** Pixel range the model trains on. */
  readonly range: PixelRange;
  readonly latentDim: number;
  /** A class-conditional model's class count; absent or 0 for an unconditional one. */
  readonly classes?: number;
  /** Real images consumed by one step (GAN: batch x D steps per G step). */
  readonly imagesPerStep: number;
  /** One optimisation step; `step` is the number of steps already taken. */
  trainStep(batcher: Batcher, rng: Rng, step: number): Promise<Losses>;
  /**
   * Images for latent vectors [n, latent] in inference mode: [n, H, W, C] in `range`. A
   * conditional model draws sample i as class `classes[i]` (or row i of a blend, see
   * ClassChoice), by default i mod the class count (every class equally often); an
   * unconditional one ignores `classes`.
   */
  generate(z: tf.Tensor2D, classes?: ClassChoice): tf.Tensor4D;
  /** VAE only: mean reconstructions of images in `range`, [n, H, W, C] (of class `classes[i]`). */
  reconstruct?(images: tf.Tensor4D, classes?: Int32Array): tf.Tensor4D;
  setLearningRates(rates: LearningRates): void;
  dispose(): void;
}

/** Adam's epsilon, set explicitly: tfjs otherwise uses the backend's (1e-4 on webgl). */
export const ADAM_EPSILON = 1e-8;

/** The tf.Variables behind a network's trainable weights, in layer order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Sets an Adam optimizer's learning rate in place, keeping its moment estimates.
 * tfjs reads `learningRate` on every update but declares it protected, hence the cast.
 */
export function setAdamLearningRate(optimizer: tf.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/**
 * The classes a conditional model draws its samples as. Int32Array: one class index per sample.
 * Float32Array: row-major [n, k] class weights, each row summing to 1, a blend of one-hot
 * vectors (class-to-class interpolation at fixed noise walks the weights from A to B).
 */
export type ClassChoice = Int32Array | Float32Array;

/** How far a row of class weights may sum from 1 (float32 rounding of a linear blend). */
const WEIGHT_SUM_TOLERANCE = 1e-3;

/**
 * The classes of `n` samples as [n, k]: one-hot rows for class indices (i mod k without a
 * choice), or the given rows of weights for a blend. Throws for a choice of the wrong length, a
 * class out of range, or a row of weights that is negative, not finite or does not sum to 1.
 */
export function oneHotClasses(n: number, k: number, choice?: ClassChoice): tf.Tensor2D {
  if (choice instanceof Float32Array) {
    checkClassWeights(n, k, choice);
    return tf.tensor2d(choice, [n, k]);
  }
  const chosen = choice ?? Int32Array.from({ length: n }, (_, i) => i % k);
  if (chosen.length !== n) throw new Error(`${chosen.length} classes for ${n} samples`);
  const bad = chosen.find((c) => !(c >= 0 && c < k));
  if (bad !== undefined)
    throw new Error(`Class ${bad} is out of range: the model has ${k} classes (0 to ${k - 1})`);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(chosen, 'int32'), k).toFloat()) as tf.Tensor2D;
}

/** Throws, naming the first bad row, unless `weights` is n rows of k weights >= 0 summing to 1. */
function checkClassWeights(n: number, k: number, weights: Float32Array): void {
  if (weights.length !== n * k) {
    throw new Error(
      `${weights.length} class weights for ${n} samples of ${k} classes: want ${n * k} (${k} per sample)`,
    );
  }
  for (let i = 0; i < n; i++) {
    const row = weights.subarray(i * k, (i + 1) * k);
    if (row.some((w) => !(Number.isFinite(w) && w >= 0))) {
      throw new Error(
        `Class weights of sample ${i} must be numbers from 0 to 1, got [${row.join(', ')}]`,
      );
    }
    const sum = row.reduce((a, w) => a + w, 0);
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new Error(`Class weights of sample ${i} must sum to 1, got ${sum.toFixed(4)}`);
    }
  }
}

/**
 * The one-hot classes of `n` samples for a model of `k` classes (as oneHotClasses), or null for
 * an unconditional model (k = 0), which ignores `classes`.
 */
export function classInput(n: number, k: number, classes?: ClassChoice): tf.Tensor2D | null {
  return k === 0 ? null : oneHotClasses(n, k, classes);
}

/** A network's input: the tensor alone, or with the one-hot class as its second input. */
export function networkInput<T extends tf.Tensor>(x: T, y: tf.Tensor2D | null): T | tf.Tensor[] {
  return y === null ? x : [x, y];
}
