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
   * conditional model draws sample i as class `classes[i]`, by default i mod the class count
   * (every class equally often); an unconditional one ignores `classes`.
   */
  generate(z: tf.Tensor2D, classes?: Int32Array): tf.Tensor4D;
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
 * The class of each of `n` samples as one-hot [n, k]: `classes[i]`, or i mod k without a list.
 * Throws for a list of the wrong length or a class out of range.
 */
export function oneHotClasses(n: number, k: number, classes?: Int32Array): tf.Tensor2D {
  const chosen = classes ?? Int32Array.from({ length: n }, (_, i) => i % k);
  if (chosen.length !== n) throw new Error(`${chosen.length} classes for ${n} samples`);
  const bad = chosen.find((c) => !(c >= 0 && c < k));
  if (bad !== undefined)
    throw new Error(`Class ${bad} is out of range: the model has ${k} classes (0 to ${k - 1})`);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(chosen, 'int32'), k).toFloat()) as tf.Tensor2D;
}

/**
 * The one-hot classes of `n` samples for a model of `k` classes (as oneHotClasses), or null for
 * an unconditional model (k = 0), which ignores `classes`.
 */
export function classInput(n: number, k: number, classes?: Int32Array): tf.Tensor2D | null {
  return k === 0 ? null : oneHotClasses(n, k, classes);
}

/** A network's input: the tensor alone, or with the one-hot class as its second input. */
export function networkInput<T extends tf.Tensor>(x: T, y: tf.Tensor2D | null): T | tf.Tensor[] {
  return y === null ? x : [x, y];
}
