// DCGAN: the generator and discriminator dcgan-plan.ts describes, built in tfjs.

import type * as tf from '@tensorflow/tfjs';
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
