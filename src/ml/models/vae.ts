// Convolutional VAE: the encoder and decoder vae-plan.ts describes, built in tfjs. The decoder's
// output is a logit per pixel: sigmoid(logit) is the Bernoulli mean (grey sets) or the Gaussian
// mean (RGB option).

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { VaeConfig } from '../config';
import { buildNetwork } from './build-network';
import { decoderPlan, encoderPlan } from './vae-plan';

// A conditional VAE's networks take a second input, the class one-hot [b, classes]: the
// encoder [image, class], the decoder [z, class].
export type VaeNets = {
  /** image [b, H, W, C] in [0, 1] -> [mu [b, latent], logVar [b, latent]] */
  readonly encoder: tf.LayersModel;
  /** z [b, latent] -> logits [b, H, W, C] */
  readonly decoder: tf.LayersModel;
};

/** image [b, H, W, C] in [0, 1] -> [mu [b, latent], logVar [b, latent]]. */
export function buildEncoder(
  config: VaeConfig,
  shape: ImageShape,
  seed: number,
  classes = 0,
): tf.LayersModel {
  return buildNetwork(encoderPlan(config, shape, classes), seed);
}

/** z [b, latent] -> logits [b, H, W, C]. */
export function buildDecoder(
  config: VaeConfig,
  shape: ImageShape,
  seed: number,
  classes = 0,
): tf.LayersModel {
  return buildNetwork(decoderPlan(config, shape, classes), seed);
}

/** `classes`: a conditional config's class count (ignored for an unconditional one). */
export function buildVae(config: VaeConfig, shape: ImageShape, seed: number, classes = 0): VaeNets {
  return {
    encoder: buildEncoder(config, shape, seed, classes),
    decoder: buildDecoder(config, shape, seed, classes),
  };
}

/**
 * The decoder with a sigmoid on its logits: z (and a conditional decoder's one-hot class) ->
 * image in [0, 1]. Shares the decoder's weights.
 */
export function decoderImageModel(decoder: tf.LayersModel): tf.LayersModel {
  const logits = decoder.outputs[0];
  const image = tf.layers.activation({ name: 'v_sigmoid', activation: 'sigmoid' }).apply(logits);
  const inputs = decoder.inputs.length === 1 ? decoder.inputs[0] : decoder.inputs;
  return tf.model({ name: 'decoder_image', inputs, outputs: image as tf.SymbolicTensor });
}
