// DCGAN: the generator and discriminator dcgan-plan.ts describes, built in tfjs.

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { DcganConfig } from '../config';
import { buildNetwork } from './build-network';
import { discriminatorPlan, generatorPlan } from './dcgan-plan';

// A type alias (not an interface) so it fits Record<string, LayersModel> where networks are generic.
export type DcganNets = {
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;
};

/** z [batch, latent] -> image [batch, H, W, C] in [-1, 1]. */
export function buildGenerator(
  config: DcganConfig,
  shape: ImageShape,
  seed: number,
): tf.LayersModel {
  return buildNetwork(generatorPlan(config, shape), seed);
}

/** image [batch, H, W, C] in [-1, 1] -> logit [batch, 1]. */
export function buildDiscriminator(
  config: DcganConfig,
  shape: ImageShape,
  seed: number,
): tf.LayersModel {
  return buildNetwork(discriminatorPlan(config, shape), seed);
}

export function buildDcgan(config: DcganConfig, shape: ImageShape, seed: number): DcganNets {
  return {
    generator: buildGenerator(config, shape, seed),
    discriminator: buildDiscriminator(config, shape, seed),
  };
}

/** The discriminator layer whose output feature matching compares (before minibatch and logit). */
export const FEATURE_LAYER = 'd_flatten';

/**
 * The discriminator's flattened last-convolution features [b, h0 * w0 * f]: its layers applied in
 * order up to FEATURE_LAYER, in training mode when asked (batch norm then uses batch statistics).
 */
export function discriminatorFeatures(
  discriminator: tf.LayersModel,
  images: tf.Tensor4D,
  training: boolean,
): tf.Tensor2D {
  return tf.tidy(() => {
    let x: tf.Tensor = images;
    for (const layer of discriminator.layers) {
      x = layer.apply(x, { training }) as tf.Tensor;
      if (layer.name === FEATURE_LAYER) return x as tf.Tensor2D;
    }
    throw new Error(`The discriminator has no ${FEATURE_LAYER} layer.`);
  });
}
