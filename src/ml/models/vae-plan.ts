// The convolutional VAE's two networks: a strided-convolution encoder to the mean and
// log-variance of q(z|x), and a transposed-convolution decoder from z to pixel logits
// (sigmoid(logit) is the Bernoulli mean, or the Gaussian mean for the RGB option). ReLU inside
// each layer, no batch norm, Glorot-uniform weights (Keras' default). A conditional VAE (Sohn et
// al. 2015) also feeds both networks the class, one-hot: as label planes beside the image's
// channels in the encoder, joined to z in the decoder.

import type { ImageShape } from '../../datasets/types';
import type { VaeConfig } from '../config';
import {
  dims,
  labelInput,
  plannedClasses,
  withClass,
  type LayerSpec,
  type NetworkPlan,
} from './network-plan';
import { downsamplingStages, upsamplingStages } from './plan-stages';

const RELU = { fused: 'relu' } as const;

/**
 * image [b, H, W, C] in [0, 1] (and a conditional model's class, one-hot [b, classes]) -> mu
 * [b, latent] and logVar [b, latent].
 */
export function encoderPlan(config: VaeConfig, shape: ImageShape, classes = 0): NetworkPlan {
  const k = plannedClasses(config.conditional, classes);
  // The label planes widen the image: [b, H, W, C] -> [b, H, W, C + k].
  const stages = downsamplingStages(config, shape, 'e', () => null, RELU, k);
  const join: LayerSpec[] =
    k === 0 ? [] : [{ type: 'joinLabel', name: 'e_join_label', classes: k, size: shape }];
  const { features } = stages;
  const layers = [...join, ...stages.layers];
  const latent = config.latentDim;
  for (const name of ['e_mu', 'e_logvar']) {
    const head = { inFeatures: features, outFeatures: latent, bias: true, activation: null };
    layers.push({ type: 'dense', name, ...head });
  }
  return {
    name: 'encoder',
    inputShape: [shape.height, shape.width, shape.channels],
    inputName: 'e_input',
    ...labelInput('e_label', k),
    layers,
    heads: 2, // e_mu and e_logvar both read the flattened features
    init: { kernels: 'glorot', salt: 3 },
    python: {
      className: 'Encoder',
      input: 'x',
      summary: `images ${dims(shape.channels, shape)} in [0, 1]${withClass(k)} -> (mu, logvar) of q(z|x${k === 0 ? '' : ', y'}), each [b, ${latent}].`,
      returns: `mu [b, ${latent}], log-variance [b, ${latent}]`,
    },
  };
}

/** z [b, latent] (and a conditional model's class, one-hot [b, classes]) -> logits [b, H, W, C]. */
export function decoderPlan(config: VaeConfig, shape: ImageShape, classes = 0): NetworkPlan {
  const k = plannedClasses(config.conditional, classes);
  // z joined to the one-hot class: the projection reads [b, latent + k].
  const stages = upsamplingStages(config, shape, 'v', false, RELU, k);
  const join: LayerSpec[] =
    k === 0 ? [] : [{ type: 'joinLabel', name: 'v_join_label', classes: k, size: null }];
  return {
    name: 'decoder',
    inputShape: [config.latentDim],
    inputName: 'v_input',
    ...labelInput('v_label', k),
    layers: [...join, ...stages],
    heads: 1,
    init: { kernels: 'glorot', salt: 4 },
    python: {
      className: 'Decoder',
      input: 'z',
      summary: `z [b, ${config.latentDim}]${withClass(k)} -> pixel logits ${dims(shape.channels, shape)}; sigmoid(logits) is the image in [0, 1].`,
      returns: `${dims(shape.channels, shape)} pixel logits`,
    },
  };
}
