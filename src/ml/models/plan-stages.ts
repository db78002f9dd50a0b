// The two halves every network here is made of: an upsampling stack (the generator's and the
// decoder's: dense projection, reshape, stride-2 transposed convolutions) and a downsampling
// stack (the discriminator's and the encoder's: stride-2 convolutions, flatten). Sized from
// the image shape by geometry.ts.

import type { ImageShape } from '../../datasets/types';
import type { ModelConfig } from '../config';
import { stageFilters, stagePlan } from './geometry';
import { sizeAt, type LayerSpec, type WeightLayer } from './network-plan';

/**
 * How a network applies its hidden activation: inside each layer (tfjs's `activation` option),
 * or as a layer of its own named `<layer>_<suffix>`, after the batch norm if there is one.
 */
export type HiddenActivation =
  | { readonly fused: 'relu' }
  | { readonly fn: 'relu' | 'leakyRelu'; readonly suffix: string; readonly alpha?: number };

/** The normalisation after a weight layer: batch norm, layer norm (convolutions only) or none. */
export type StageNorm = 'batch' | 'layer' | null;

/**
 * Appends a weight layer, then its normalisation when asked (the layer then has no bias: the
 * norm's offset plays its part), then its activation.
 */
function pushStage(
  layers: LayerSpec[],
  layer: WeightLayer,
  norm: StageNorm,
  act: HiddenActivation,
): void {
  const fused = 'fused' in act ? act.fused : null;
  layers.push({ ...layer, bias: norm === null, activation: fused });
  if (norm === 'batch') {
    const features = layer.type === 'dense' ? layer.outFeatures : layer.outChannels;
    layers.push({ type: 'batchnorm', name: `${layer.name}_bn`, features });
  } else if (norm === 'layer') {
    if (layer.type === 'dense') throw new Error(`${layer.name}: layer norm follows convolutions`);
    const { height, width } = layer.outSize;
    const channels = layer.outChannels;
    layers.push({ type: 'layernorm', name: `${layer.name}_ln`, height, width, channels });
  }
  if (!('fused' in act)) {
    const name = `${layer.name}_${act.suffix}`;
    const alpha = act.alpha === undefined ? {} : { alpha: act.alpha };
    layers.push({ type: 'activation', name, fn: act.fn, ...alpha });
  }
}

/**
 * z [b, latent] -> dense to the smallest stage [b, h0 * w0 * f0] -> reshape [b, h0, w0, f0] ->
 * transposed convolutions doubling the size and halving the filters -> [b, H, W, C]. Every
 * layer but the last (to the image) has `act`, and batch norm after it or not at all.
 * `extraInputs`: features joined to z before the projection (a conditional model's one-hot class).
 */
export function upsamplingStages(
  config: ModelConfig,
  shape: ImageShape,
  prefix: string,
  batchNorm: boolean,
  act: HiddenActivation,
  extraInputs = 0,
): LayerSpec[] {
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const f0 = stageFilters(config.baseFilters, stages - 1);
  const layers: LayerSpec[] = [];
  // [b, latent] -> [b, h0 * w0 * f0], e.g. 7*7*64 for MNIST at width 16, 4*4*256 for faces
  const project = {
    type: 'dense',
    name: `${prefix}_project`,
    inFeatures: config.latentDim + extraInputs,
    outFeatures: h0 * w0 * f0,
    bias: true,
    activation: null,
  } as const;
  const norm = batchNorm ? 'batch' : null;
  pushStage(layers, project, norm, act);
  layers.push({ type: 'reshape', name: `${prefix}_reshape`, height: h0, width: w0, channels: f0 });
  let inChannels = f0;
  // Each stage doubles height and width and halves the filters: [b, h, w, f] -> [b, 2h, 2w, f/2]
  for (let i = stages - 2; i >= 0; i--) {
    const out = stageFilters(config.baseFilters, i);
    const deconv = {
      type: 'deconv',
      name: `${prefix}_deconv${stages - 1 - i}`,
      inChannels,
      outChannels: out,
      kernel: config.kernelSize,
      bias: true,
      inSize: sizeAt(shape, i + 2),
      outSize: sizeAt(shape, i + 1),
      activation: null,
    } as const;
    pushStage(layers, deconv, norm, act);
    inChannels = out;
  }
  // The last stage, to the image channels: [b, H/2, W/2, base] -> [b, H, W, C], no batch norm.
  layers.push({
    type: 'deconv',
    name: `${prefix}_deconv${stages}`,
    inChannels,
    outChannels: shape.channels,
    kernel: config.kernelSize,
    bias: true,
    inSize: sizeAt(shape, 1),
    outSize: sizeAt(shape, 0),
    activation: null,
  });
  return layers;
}

/**
 * image [b, H, W, C] -> convolutions halving the size and doubling the filters, each with `act`
 * and the normalisation `normAt(stage)` gives -> [b, h0, w0, f] -> flatten [b, h0 * w0 * f].
 * `extraChannels`: channels joined to the image first (a conditional model's label planes).
 */
export function downsamplingStages(
  config: ModelConfig,
  shape: ImageShape,
  prefix: string,
  normAt: (stage: number) => StageNorm,
  act: HiddenActivation,
  extraChannels = 0,
): { readonly layers: LayerSpec[]; readonly features: number } {
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const layers: LayerSpec[] = [];
  let inChannels: number = shape.channels + extraChannels;
  for (let i = 0; i < stages; i++) {
    const out = stageFilters(config.baseFilters, i);
    const conv = {
      type: 'conv',
      name: `${prefix}_conv${i + 1}`,
      inChannels,
      outChannels: out,
      kernel: config.kernelSize,
      bias: true,
      inSize: sizeAt(shape, i),
      outSize: sizeAt(shape, i + 1),
      activation: null,
    } as const;
    pushStage(layers, conv, normAt(i), act);
    inChannels = out;
  }
  const flatten = { height: h0, width: w0, channels: inChannels };
  layers.push({ type: 'flatten', name: `${prefix}_flatten`, ...flatten });
  return { layers, features: h0 * w0 * inChannels };
}
