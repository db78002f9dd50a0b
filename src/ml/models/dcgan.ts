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

// A conditional DCGAN's networks take a second input, the class one-hot [b, classes]: the
// generator [z, class], the discriminator [image, class].

/** z [batch, latent] -> image [batch, H, W, C] in [-1, 1]. */
export function buildGenerator(
  config: DcganConfig,
  shape: ImageShape,
  seed: number,
  classes = 0,
): tf.LayersModel {
  return buildNetwork(generatorPlan(config, shape, classes), seed);
}

/** image [batch, H, W, C] in [-1, 1] -> logit [batch, 1]. */
export function buildDiscriminator(
  config: DcganConfig,
  shape: ImageShape,
  seed: number,
  classes = 0,
): tf.LayersModel {
  return buildNetwork(discriminatorPlan(config, shape, classes), seed);
}

/** `classes`: a conditional config's class count (ignored for an unconditional one). */
export function buildDcgan(
  config: DcganConfig,
  shape: ImageShape,
  seed: number,
  classes = 0,
): DcganNets {
  return {
    generator: buildGenerator(config, shape, seed, classes),
    discriminator: buildDiscriminator(config, shape, seed, classes),
  };
}

/** The discriminator layer whose output feature matching compares (before minibatch and logit). */
export const FEATURE_LAYER = 'd_flatten';

/**
 * Images [b, H, W, C] -> the discriminator's flattened last-convolution features
 * [b, h0 * w0 * f], the output of FEATURE_LAYER (a conditional discriminator reads the class only
 * after them, in its projection logit). Shares the discriminator's layers and weights: dispose
 * the discriminator, never this model.
 */
export function discriminatorFeatureModel(discriminator: tf.LayersModel): tf.LayersModel {
  const features = discriminator.getLayer(FEATURE_LAYER).output as tf.SymbolicTensor;
  const images = discriminator.inputs[0];
  return tf.model({ name: 'discriminator_features', inputs: images, outputs: features });
}
