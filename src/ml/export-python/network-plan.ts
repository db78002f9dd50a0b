// The layers of each network, in the order tfjs builds them, described without tfjs: enough to
// write the same architecture in PyTorch and to map every tfjs weight name to a PyTorch tensor.
// Mirrors src/ml/models/dcgan.ts and src/ml/models/vae.ts; the Python comparison test
// (tests/unit/python-export.test.ts) fails if the two ever drift apart.

import type { ImageShape } from '../../datasets/types';
import type { ModelConfig } from '../config';
import { stageFilters, stagePlan } from '../models/geometry';
import { MINIBATCH_DIMS } from '../models/minibatch-discrimination';

export type NetworkName = 'generator' | 'discriminator' | 'encoder' | 'decoder';

interface Size {
  readonly height: number;
  readonly width: number;
}

export type LayerSpec =
  | {
      readonly type: 'dense';
      readonly name: string;
      readonly inFeatures: number;
      readonly outFeatures: number;
      readonly bias: boolean;
    }
  | {
      /** conv: strided 'same' convolution; deconv: strided 'same' transposed convolution. */
      readonly type: 'conv' | 'deconv';
      readonly name: string;
      readonly inChannels: number;
      readonly outChannels: number;
      readonly kernel: number;
      readonly bias: boolean;
      readonly inSize: Size;
      readonly outSize: Size;
    }
  | { readonly type: 'batchnorm'; readonly name: string; readonly features: number }
  | {
      /** Minibatch discrimination: [b, inFeatures] -> [b, inFeatures + kernels]. */
      readonly type: 'minibatch';
      readonly name: string;
      readonly inFeatures: number;
      readonly kernels: number;
      readonly dims: number;
    };

export interface NetworkPlan {
  readonly name: NetworkName;
  readonly className: string;
  /** One line for the Python docstring: what goes in and what comes out. */
  readonly summary: string;
  /** Name of forward()'s argument. */
  readonly input: string;
  /** Layers with weights, in tfjs layer order (which is also the Adam slot order). */
  readonly layers: readonly LayerSpec[];
  /** Python statements of forward(), one per line, comments included. */
  readonly forward: readonly string[];
}

/** Weight layouts: how a tfjs tensor is permuted into its PyTorch tensor. */
export type WeightLayout = 'dense' | 'conv' | 'deconv' | 'vector' | 'projection';

export interface WeightRow {
  /** tfjs name inside its network, e.g. 'g_deconv1/kernel'. */
  readonly tfName: string;
  /** PyTorch name inside the module, e.g. 'g_deconv1.weight'. */
  readonly torchName: string;
  readonly layout: WeightLayout;
  readonly trainable: boolean;
}

/** Both networks of a model, in the order the weights file lists them. */
export function networkPlans(config: ModelConfig, shape: ImageShape): NetworkPlan[] {
  return config.kind === 'dcgan'
    ? [generatorPlan(config, shape), discriminatorPlan(config, shape)]
    : [encoderPlan(config, shape), decoderPlan(config, shape)];
}

/** Every weight of a network, in tfjs layer order, with its PyTorch name and layout. */
export function weightRows(plan: NetworkPlan): WeightRow[] {
  const rows: WeightRow[] = [];
  for (const layer of plan.layers) {
    if (layer.type === 'batchnorm') {
      const n = layer.name;
      rows.push({
        tfName: `${n}/gamma`,
        torchName: `${n}.weight`,
        layout: 'vector',
        trainable: true,
      });
      rows.push({ tfName: `${n}/beta`, torchName: `${n}.bias`, layout: 'vector', trainable: true });
      rows.push({
        tfName: `${n}/moving_mean`,
        torchName: `${n}.running_mean`,
        layout: 'vector',
        trainable: false,
      });
      rows.push({
        tfName: `${n}/moving_variance`,
        torchName: `${n}.running_var`,
        layout: 'vector',
        trainable: false,
      });
    } else {
      rows.push({
        tfName: `${layer.name}/kernel`,
        torchName: `${layer.name}.weight`,
        layout: layer.type === 'minibatch' ? 'projection' : layer.type,
        trainable: true,
      });
      if (layer.type !== 'minibatch' && layer.bias) {
        rows.push({
          tfName: `${layer.name}/bias`,
          torchName: `${layer.name}.bias`,
          layout: 'vector',
          trainable: true,
        });
      }
    }
  }
  return rows;
}

// ---- the four networks ---------------------------------------------------------------------

function dims(c: number, s: Size): string {
  return `[b, ${c}, ${s.height}, ${s.width}]`;
}

/** Spatial size after `halvings` stride-2 stages from the full image. */
function sizeAt(shape: ImageShape, halvings: number): Size {
  return { height: shape.height / 2 ** halvings, width: shape.width / 2 ** halvings };
}

/** A network's layers and forward() lines while its plan is being written. */
interface Body {
  readonly layers: LayerSpec[];
  readonly forward: string[];
}

/**
 * Appends one layer with its forward() line: batch norm after it when asked (the layer then has
 * no bias, as in dcgan.ts), the activation wrapped around both. `input` is forward()'s argument.
 */
function pushLayer(
  body: Body,
  layer: Extract<LayerSpec, { readonly type: 'dense' | 'conv' | 'deconv' }>,
  batchNorm: boolean,
  activation: (x: string) => string,
  input = 'x',
): void {
  body.layers.push(layer);
  let x = `self.${layer.name}(${input})`;
  const features = layer.type === 'dense' ? layer.outFeatures : layer.outChannels;
  if (batchNorm) {
    body.layers.push({ type: 'batchnorm', name: `${layer.name}_bn`, features });
    x = `self.${layer.name}_bn(${x})`;
  }
  const shape = layer.type === 'dense' ? `[b, ${features}]` : dims(features, layer.outSize);
  body.forward.push(`x = ${activation(x)}  # ${shape}`);
}

const relu = (x: string) => `F.relu(${x})`;
const leakyRelu = (x: string) => `F.leaky_relu(${x}, 0.2)`;

/**
 * The generator's and the decoder's body: z projected by a dense layer and reshaped to the
 * smallest stage, then transposed convolutions doubling the size, all with ReLU; batch norm
 * after each of them or after none. The last layer, to the image, is added with no activation:
 * its name is returned for the caller's return line.
 */
function upsamplingBody(
  config: ModelConfig,
  shape: ImageShape,
  prefix: 'g' | 'v',
  batchNorm: boolean,
): Body & { readonly last: string } {
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const k = config.kernelSize;
  const f0 = stageFilters(config.baseFilters, stages - 1);
  const units = h0 * w0 * f0;
  const body: Body = { layers: [], forward: [] };
  const project = {
    type: 'dense',
    name: `${prefix}_project`,
    inFeatures: config.latentDim,
    outFeatures: units,
    bias: !batchNorm,
  } as const;
  pushLayer(body, project, batchNorm, relu, 'z');
  body.forward.push(
    `# tfjs reshapes channels-last: the ${units} units are (h, w, c) = (${h0}, ${w0}, ${f0}) in row-major order`,
    `x = x.view(-1, ${h0}, ${w0}, ${f0}).permute(0, 3, 1, 2)  # ${dims(f0, { height: h0, width: w0 })}`,
  );
  let inChannels = f0;
  for (let i = stages - 2; i >= 0; i--) {
    const out = stageFilters(config.baseFilters, i);
    // [b, f, h, w] -> [b, f/2, 2h, 2w]: from i + 2 halvings of the image size to i + 1
    const deconv = {
      type: 'deconv',
      name: `${prefix}_deconv${stages - 1 - i}`,
      inChannels,
      outChannels: out,
      kernel: k,
      bias: !batchNorm,
      inSize: sizeAt(shape, i + 2),
      outSize: sizeAt(shape, i + 1),
    } as const;
    pushLayer(body, deconv, batchNorm, relu);
    inChannels = out;
  }
  const last = `${prefix}_deconv${stages}`;
  body.layers.push({
    type: 'deconv',
    name: last,
    inChannels,
    outChannels: shape.channels,
    kernel: k,
    bias: true,
    inSize: sizeAt(shape, 1),
    outSize: sizeAt(shape, 0),
  });
  return { ...body, last };
}

/**
 * The discriminator's and the encoder's body: strided convolutions halving the image stage by
 * stage, batch norm after those `batchNormAt` picks, then the flatten before the dense head
 * (the caller adds the head's layers and return line). Returns the flattened features too.
 */
function downsamplingBody(
  config: ModelConfig,
  shape: ImageShape,
  prefix: 'd' | 'e',
  batchNormAt: (stage: number) => boolean,
  activation: (x: string) => string,
): Body & { readonly flat: number } {
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const body: Body = { layers: [], forward: [] };
  let inChannels: number = shape.channels;
  for (let i = 0; i < stages; i++) {
    const out = stageFilters(config.baseFilters, i);
    const conv = {
      type: 'conv',
      name: `${prefix}_conv${i + 1}`,
      inChannels,
      outChannels: out,
      kernel: config.kernelSize,
      bias: !batchNormAt(i),
      inSize: sizeAt(shape, i),
      outSize: sizeAt(shape, i + 1),
    } as const;
    pushLayer(body, conv, batchNormAt(i), activation);
    inChannels = out;
  }
  const flat = h0 * w0 * inChannels;
  body.forward.push(
    `# tfjs flattens channels-last: (h, w, c) order, so move channels last before flattening`,
    `x = x.permute(0, 2, 3, 1).flatten(1)  # [b, ${flat}]`,
  );
  return { ...body, flat };
}

function generatorPlan(config: ModelConfig, shape: ImageShape): NetworkPlan {
  const { layers, forward, last } = upsamplingBody(config, shape, 'g', true);
  forward.push(`return torch.tanh(self.${last}(x))  # ${dims(shape.channels, shape)}`);
  return {
    name: 'generator',
    className: 'Generator',
    summary: `z [b, ${config.latentDim}] -> images ${dims(shape.channels, shape)} in [-1, 1] (tanh).`,
    input: 'z',
    layers,
    forward,
  };
}

function discriminatorPlan(config: ModelConfig, shape: ImageShape): NetworkPlan {
  // The first layer has no batch norm after it, so it keeps its bias (as in dcgan.ts).
  const { layers, forward, flat } = downsamplingBody(config, shape, 'd', (i) => i > 0, leakyRelu);
  const kernels = config.kind === 'dcgan' ? config.minibatchKernels : 0;
  if (kernels > 0) {
    layers.push({
      type: 'minibatch',
      name: 'd_minibatch',
      inFeatures: flat,
      kernels,
      dims: MINIBATCH_DIMS,
    });
    forward.push(
      `# each image's features beside the rest of its batch: ${kernels} closeness values appended`,
      `x = self.d_minibatch(x)  # [b, ${flat + kernels}]`,
    );
  }
  layers.push({
    type: 'dense',
    name: 'd_logit',
    inFeatures: flat + kernels,
    outFeatures: 1,
    bias: true,
  });
  forward.push(`return self.d_logit(x)  # [b, 1] logits`);
  return {
    name: 'discriminator',
    className: 'Discriminator',
    summary: `images ${dims(shape.channels, shape)} in [-1, 1] -> logits [b, 1] (real > 0 > fake).`,
    input: 'x',
    layers,
    forward,
  };
}

function encoderPlan(config: ModelConfig, shape: ImageShape): NetworkPlan {
  const { layers, forward, flat } = downsamplingBody(config, shape, 'e', () => false, relu);
  const latent = config.latentDim;
  layers.push({ type: 'dense', name: 'e_mu', inFeatures: flat, outFeatures: latent, bias: true });
  layers.push({
    type: 'dense',
    name: 'e_logvar',
    inFeatures: flat,
    outFeatures: latent,
    bias: true,
  });
  forward.push(
    `return self.e_mu(x), self.e_logvar(x)  # mu [b, ${latent}], log-variance [b, ${latent}]`,
  );
  return {
    name: 'encoder',
    className: 'Encoder',
    summary: `images ${dims(shape.channels, shape)} in [0, 1] -> (mu, logvar) of q(z|x), each [b, ${latent}].`,
    input: 'x',
    layers,
    forward,
  };
}

function decoderPlan(config: ModelConfig, shape: ImageShape): NetworkPlan {
  const { layers, forward, last } = upsamplingBody(config, shape, 'v', false);
  forward.push(`return self.${last}(x)  # ${dims(shape.channels, shape)} pixel logits`);
  return {
    name: 'decoder',
    className: 'Decoder',
    summary: `z [b, ${config.latentDim}] -> pixel logits ${dims(shape.channels, shape)}; sigmoid(logits) is the image in [0, 1].`,
    input: 'z',
    layers,
    forward,
  };
}
