// Convolutional VAE: the encoder and decoder vae-plan.ts describes, built in tfjs. The decoder's
// output is a logit per pixel: sigmoid(logit) is the Bernoulli mean (grey sets) or the Gaussian
// mean (RGB option).

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { VaeConfig } from '../config';
import { buildNetwork } from './build-network';
import { decoderPlan, encoderPlan } from './vae-plan';

export type VaeNets = {
  /** image [b, H, W, C] in [0, 1] -> [mu [b, latent], logVar [b, latent]] */
  readonly encoder: tf.LayersModel;
  /** z [b, latent] -> logits [b, H, W, C] */
  readonly decoder: tf.LayersModel;
};

/** image [b, H, W, C] in [0, 1] -> [mu [b, latent], logVar [b, latent]]. */
export function buildEncoder(config: VaeConfig, shape: ImageShape, seed: number): tf.LayersModel {
  return buildNetwork(encoderPlan(config, shape), seed);
}

/** z [b, latent] -> logits [b, H, W, C]. */
export function buildDecoder(config: VaeConfig, shape: ImageShape, seed: number): tf.LayersModel {
  return buildNetwork(decoderPlan(config, shape), seed);
}

export function buildVae(config: VaeConfig, shape: ImageShape, seed: number): VaeNets {
  return { encoder: buildEncoder(config, shape, seed), decoder: buildDecoder(config, shape, seed) };
}

/** The decoder with a sigmoid on its logits: z -> image in [0, 1]. Shares the decoder's weights. */
export function decoderImageModel(decoder: tf.LayersModel): tf.LayersModel {
  const z = decoder.inputs[0];
  const logits = decoder.outputs[0];
  const image = tf.layers.activation({ name: 'v_sigmoid', activation: 'sigmoid' }).apply(logits);
  return tf.model({ name: 'decoder_image', inputs: z, outputs: image as tf.SymbolicTensor });
}
