// The convolutional VAE's two networks: a strided-convolution encoder to the mean and
// log-variance of q(z|x), and a transposed-convolution decoder from z to pixel logits
// (sigmoid(logit) is the Bernoulli mean, or the Gaussian mean for the RGB option). ReLU inside
// each layer, no batch norm, Glorot-uniform weights (Keras' default).

import type { ImageShape } from '../../datasets/types';
import type { VaeConfig } from '../config';
import { dims, type NetworkPlan } from './network-plan';
import { downsamplingStages, upsamplingStages } from './plan-stages';

const RELU = { fused: 'relu' } as const;

/** image [b, H, W, C] in [0, 1] -> mu [b, latent] and logVar [b, latent]. */
export function encoderPlan(config: VaeConfig, shape: ImageShape): NetworkPlan {
  const { layers, features } = downsamplingStages(config, shape, 'e', () => null, RELU);
  const latent = config.latentDim;
  for (const name of ['e_mu', 'e_logvar']) {
    const head = { inFeatures: features, outFeatures: latent, bias: true, activation: null };
    layers.push({ type: 'dense', name, ...head });
  }
  return {
    name: 'encoder',
    inputShape: [shape.height, shape.width, shape.channels],
    inputName: 'e_input',
    layers,
    heads: 2, // e_mu and e_logvar both read the flattened features
    init: { kernels: 'glorot', salt: 3 },
    python: {
      className: 'Encoder',
      input: 'x',
      summary: `images ${dims(shape.channels, shape)} in [0, 1] -> (mu, logvar) of q(z|x), each [b, ${latent}].`,
      returns: `mu [b, ${latent}], log-variance [b, ${latent}]`,
    },
  };
}

/** z [b, latent] -> logits [b, H, W, C]. */
export function decoderPlan(config: VaeConfig, shape: ImageShape): NetworkPlan {
  return {
    name: 'decoder',
    inputShape: [config.latentDim],
    inputName: 'v_input',
    layers: upsamplingStages(config, shape, 'v', false, RELU),
    heads: 1,
    init: { kernels: 'glorot', salt: 4 },
    python: {
      className: 'Decoder',
      input: 'z',
      summary: `z [b, ${config.latentDim}] -> pixel logits ${dims(shape.channels, shape)}; sigmoid(logits) is the image in [0, 1].`,
      returns: `${dims(shape.channels, shape)} pixel logits`,
    },
  };
}
