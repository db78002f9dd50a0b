// Convolutional VAE: a strided-convolution encoder to the mean and log-variance of q(z|x), and a
// transposed-convolution decoder from z to pixel logits. The decoder's output is a logit per pixel:
// sigmoid(logit) is the Bernoulli mean (grey sets) or the Gaussian mean (RGB option).

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { VaeConfig } from '../config';
import { stageFilters, stagePlan } from './geometry';
import { InitSeeds } from './init';

export type VaeNets = {
  /** image [b, H, W, C] in [0, 1] -> [mu [b, latent], logVar [b, latent]] */
  readonly encoder: tf.LayersModel;
  /** z [b, latent] -> logits [b, H, W, C] */
  readonly decoder: tf.LayersModel;
};

export function buildEncoder(config: VaeConfig, shape: ImageShape, seed: number): tf.LayersModel {
  const { stages } = stagePlan(shape);
  const init = new InitSeeds(seed, 3);
  const input = tf.input({ name: 'e_input', shape: [shape.height, shape.width, shape.channels] });
  let x: tf.SymbolicTensor = input;
  // [b, H, W, C] -> [b, H/2, W/2, base] -> ... -> [b, h0, w0, base * 2^(stages-1)]
  for (let i = 0; i < stages; i++) {
    x = tf.layers
      .conv2d({
        name: `e_conv${i + 1}`,
        filters: stageFilters(config.baseFilters, i),
        kernelSize: config.kernelSize,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init.glorot(),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten({ name: 'e_flatten' }).apply(x) as tf.SymbolicTensor;
  const head = (name: string) =>
    tf.layers
      .dense({
        name,
        units: config.latentDim,
        kernelInitializer: init.glorot(),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
  const mu = head('e_mu');
  const logVar = head('e_logvar');
  return tf.model({ name: 'encoder', inputs: input, outputs: [mu, logVar] });
}

export function buildDecoder(config: VaeConfig, shape: ImageShape, seed: number): tf.Sequential {
  const { stages, startHeight, startWidth } = stagePlan(shape);
  const init = new InitSeeds(seed, 4);
  const startFilters = stageFilters(config.baseFilters, stages - 1);
  const dec = tf.sequential({ name: 'decoder' });
  // [b, latent] -> [b, h0 * w0 * f0] -> [b, h0, w0, f0]
  dec.add(
    tf.layers.dense({
      name: 'v_project',
      inputShape: [config.latentDim],
      units: startHeight * startWidth * startFilters,
      activation: 'relu',
      kernelInitializer: init.glorot(),
      biasInitializer: 'zeros',
    }),
  );
  dec.add(
    tf.layers.reshape({ name: 'v_reshape', targetShape: [startHeight, startWidth, startFilters] }),
  );
  // [b, h, w, f] -> [b, 2h, 2w, f/2], mirroring the encoder
  for (let i = stages - 2; i >= 0; i--) {
    const n = stages - 1 - i;
    dec.add(
      tf.layers.conv2dTranspose({
        name: `v_deconv${n}`,
        filters: stageFilters(config.baseFilters, i),
        kernelSize: config.kernelSize,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init.glorot(),
        biasInitializer: 'zeros',
      }),
    );
  }
  // -> [b, H, W, C] logits
  dec.add(
    tf.layers.conv2dTranspose({
      name: `v_deconv${stages}`,
      filters: shape.channels,
      kernelSize: config.kernelSize,
      strides: 2,
      padding: 'same',
      kernelInitializer: init.glorot(),
      biasInitializer: 'zeros',
    }),
  );
  return dec;
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
