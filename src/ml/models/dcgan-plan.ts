// The DCGAN's two networks, after Radford et al.: a generator of strided transposed convolutions
// with batch norm and ReLU ending in tanh, and a discriminator of strided convolutions with
// LeakyReLU 0.2, batch norm (or layer norm, or none: the discriminatorNorm setting) after every
// layer but the first, no pooling, and one logit; optionally a minibatch-discrimination layer
// before the logit (minibatch-discrimination.ts). Weights are drawn from N(0, 0.02), batch-norm
// scales from N(1, 0.02); layer norm starts at scale 1 and offset 0. A conditional DCGAN feeds
// both networks the class, one-hot: the generator joins it to z before its projection (as the
// conditional VAE's decoder does); the discriminator is a projection discriminator (Miyato and
// Koyama 2018), whose logit adds the inner product of a learned per-class vector with its
// features. On MNIST it beat label planes beside the image's channels (docs/quality.md,
// "Conditional models") and costs less.

import type { ImageShape } from '../../datasets/types';
import type { DcganConfig } from '../config';
import {
  dims,
  labelInput,
  plannedClasses,
  withClass,
  type LayerSpec,
  type NetworkPlan,
} from './network-plan';
import { downsamplingStages, upsamplingStages } from './plan-stages';

/** Numbers per minibatch-discrimination kernel. Salimans et al. use 5; the playground keeps it fixed. */
export const MINIBATCH_DIMS = 5;

/**
 * z [b, latent] (and a conditional model's class, one-hot [b, classes]) -> image [b, H, W, C]
 * in [-1, 1].
 */
export function generatorPlan(config: DcganConfig, shape: ImageShape, classes = 0): NetworkPlan {
  const k = plannedClasses(config.conditional, classes);
  const relu = { fn: 'relu', suffix: 'relu' } as const;
  // z joined to the one-hot class: the projection reads [b, latent + k].
  const join: LayerSpec[] =
    k === 0 ? [] : [{ type: 'joinLabel', name: 'g_join_label', classes: k, size: null }];
  const layers: LayerSpec[] = [
    ...join,
    ...upsamplingStages(config, shape, 'g', true, relu, k),
    { type: 'activation', name: 'g_tanh', fn: 'tanh' },
  ];
  return {
    name: 'generator',
    inputShape: [config.latentDim],
    inputName: 'g_input',
    ...labelInput('g_label', k),
    layers,
    heads: 1,
    init: { kernels: 'normal', salt: 1 },
    python: {
      className: 'Generator',
      input: 'z',
      summary: `z [b, ${config.latentDim}]${withClass(k)} -> images ${dims(shape.channels, shape)} in [-1, 1] (tanh).`,
      returns: dims(shape.channels, shape),
    },
  };
}

/**
 * image [b, H, W, C] in [-1, 1] (and a conditional model's class, one-hot [b, classes]) ->
 * logit [b, 1].
 */
export function discriminatorPlan(
  config: DcganConfig,
  shape: ImageShape,
  classes = 0,
): NetworkPlan {
  const k = plannedClasses(config.conditional, classes);
  const lrelu = { fn: 'leakyRelu', suffix: 'lrelu', alpha: 0.2 } as const;
  // The first layer has no normalisation after it, so it keeps its bias.
  const norm = config.discriminatorNorm === 'none' ? null : config.discriminatorNorm;
  const normAt = (i: number) => (i > 0 ? norm : null);
  const { layers, features } = downsamplingStages(config, shape, 'd', normAt, lrelu);
  const kernels = config.minibatchKernels;
  if (kernels > 0) {
    // [b, features] -> [b, features + kernels]
    const dims = MINIBATCH_DIMS;
    layers.push({ type: 'minibatch', name: 'd_minibatch', inFeatures: features, kernels, dims });
  }
  const inFeatures = features + kernels;
  // [b, inFeatures] -> [b, 1]; a conditional model adds <embed(y), features> to the logit.
  layers.push(
    k === 0
      ? { type: 'dense', name: 'd_logit', inFeatures, outFeatures: 1, bias: true, activation: null }
      : { type: 'classProjection', name: 'd_logit', embedName: 'd_embed', inFeatures, classes: k },
  );
  return {
    name: 'discriminator',
    inputShape: [shape.height, shape.width, shape.channels],
    inputName: 'd_input',
    ...labelInput('d_label', k),
    layers,
    heads: 1,
    init: { kernels: 'normal', salt: 2 },
    python: {
      className: 'Discriminator',
      input: 'x',
      summary: `images ${dims(shape.channels, shape)} in [-1, 1]${withClass(k)} -> logits [b, 1] (real > 0 > fake).`,
      returns: '[b, 1] logits',
    },
  };
}
