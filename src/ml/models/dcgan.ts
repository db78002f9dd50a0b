// DCGAN after Radford et al.: a generator of strided transposed convolutions with batch norm and
// ReLU ending in tanh, and a discriminator of strided convolutions with LeakyReLU 0.2, batch norm
// after the first layer, no pooling, and one logit; optionally a minibatch-discrimination layer
// before the logit (minibatch-discrimination.ts). Both are sized from the image shape.

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { DcganConfig } from '../config';
import { stageFilters, stagePlan } from './geometry';
import { BATCH_NORM, InitSeeds } from './init';
import { MinibatchDiscrimination } from './minibatch-discrimination';

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
): tf.Sequential {
  const { stages, startHeight, startWidth } = stagePlan(shape);
  const init = new InitSeeds(seed, 1);
  const k = config.kernelSize;
  const g = tf.sequential({ name: 'generator' });
  const startFilters = stageFilters(config.baseFilters, stages - 1);

  // [batch, latent] -> [batch, h0 * w0 * f0], e.g. 7*7*128 for MNIST, 4*4*256 for faces
  g.add(
    tf.layers.dense({
      name: 'g_project',
      inputShape: [config.latentDim],
      units: startHeight * startWidth * startFilters,
      useBias: false,
      kernelInitializer: init.normal(),
    }),
  );
  g.add(
    tf.layers.batchNormalization({
      name: 'g_project_bn',
      ...BATCH_NORM,
      gammaInitializer: init.gamma(),
    }),
  );
  g.add(tf.layers.reLU({ name: 'g_project_relu' }));
  // -> [batch, h0, w0, f0]
  g.add(
    tf.layers.reshape({ name: 'g_reshape', targetShape: [startHeight, startWidth, startFilters] }),
  );

  // Each stage doubles height and width and halves the filters: [b, h, w, f] -> [b, 2h, 2w, f/2].
  for (let i = stages - 2; i >= 0; i--) {
    const n = stages - 1 - i;
    g.add(
      tf.layers.conv2dTranspose({
        name: `g_deconv${n}`,
        filters: stageFilters(config.baseFilters, i),
        kernelSize: k,
        strides: 2,
        padding: 'same',
        useBias: false,
        kernelInitializer: init.normal(),
      }),
    );
    g.add(
      tf.layers.batchNormalization({
        name: `g_deconv${n}_bn`,
        ...BATCH_NORM,
        gammaInitializer: init.gamma(),
      }),
    );
    g.add(tf.layers.reLU({ name: `g_deconv${n}_relu` }));
  }

  // Last stage to the image channels, no batch norm, tanh: [b, H/2, W/2, base] -> [b, H, W, C].
  g.add(
    tf.layers.conv2dTranspose({
      name: `g_deconv${stages}`,
      filters: shape.channels,
      kernelSize: k,
      strides: 2,
      padding: 'same',
      useBias: true,
      kernelInitializer: init.normal(),
      biasInitializer: 'zeros',
    }),
  );
  g.add(tf.layers.activation({ name: 'g_tanh', activation: 'tanh' }));
  return g;
}

/** image [batch, H, W, C] in [-1, 1] -> logit [batch, 1]. */
export function buildDiscriminator(
  config: DcganConfig,
  shape: ImageShape,
  seed: number,
): tf.Sequential {
  const { stages } = stagePlan(shape);
  const init = new InitSeeds(seed, 2);
  const d = tf.sequential({ name: 'discriminator' });

  // Each stage halves height and width and doubles the filters: [b, H, W, C] -> [b, H/2, W/2, base] ...
  for (let i = 0; i < stages; i++) {
    d.add(
      tf.layers.conv2d({
        name: `d_conv${i + 1}`,
        ...(i === 0 ? { inputShape: [shape.height, shape.width, shape.channels] } : {}),
        filters: stageFilters(config.baseFilters, i),
        kernelSize: config.kernelSize,
        strides: 2,
        padding: 'same',
        // The first layer has no batch norm after it, so it keeps its bias.
        useBias: i === 0,
        kernelInitializer: init.normal(),
        biasInitializer: 'zeros',
      }),
    );
    if (i > 0) {
      d.add(
        tf.layers.batchNormalization({
          name: `d_conv${i + 1}_bn`,
          ...BATCH_NORM,
          gammaInitializer: init.gamma(),
        }),
      );
    }
    d.add(tf.layers.leakyReLU({ name: `d_conv${i + 1}_lrelu`, alpha: 0.2 }));
  }
  // [b, h0, w0, f] -> [b, h0 * w0 * f] (-> [b, h0 * w0 * f + kernels]) -> [b, 1]
  d.add(tf.layers.flatten({ name: 'd_flatten' }));
  // Drawn before the optional layer's, so turning it on leaves every other initial weight alone.
  const logitInit = init.normal();
  if (config.minibatchKernels > 0) {
    d.add(
      new MinibatchDiscrimination({
        name: 'd_minibatch',
        kernels: config.minibatchKernels,
        kernelInitializer: init.normal(),
      }),
    );
  }
  d.add(
    tf.layers.dense({
      name: 'd_logit',
      units: 1,
      kernelInitializer: logitInit,
      biasInitializer: 'zeros',
    }),
  );
  return d;
}

export function buildDcgan(config: DcganConfig, shape: ImageShape, seed: number): DcganNets {
  return {
    generator: buildGenerator(config, shape, seed),
    discriminator: buildDiscriminator(config, shape, seed),
  };
}
