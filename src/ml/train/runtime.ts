// What the training loop needs from a model, whatever its kind: its networks and optimizers,
// one training step, and inference for samples. GanRuntime and VaeRuntime implement it.

import type * as tf from '@tensorflow/tfjs';
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
  /** Real images consumed by one step (GAN: batch x D steps per G step). */
  readonly imagesPerStep: number;
  /** One optimisation step; `step` is the number of steps already taken. */
  trainStep(batcher: Batcher, rng: Rng, step: number): Promise<Losses>;
  /** Images for latent vectors [n, latent] in inference mode: [n, H, W, C] in `range`. */
  generate(z: tf.Tensor2D): tf.Tensor4D;
  /** VAE only: mean reconstructions of images in `range`, [n, H, W, C]. */
  reconstruct?(images: tf.Tensor4D): tf.Tensor4D;
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
