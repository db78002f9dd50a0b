// The layers of each network, in the order tfjs builds them, described without tfjs: enough to
// write the same architecture in PyTorch and to map every tfjs weight name to a PyTorch tensor.
// Mirrors src/ml/models/dcgan.ts and src/ml/models/vae.ts; the Python comparison test
// (tests/unit/python-export.test.ts) fails if the two ever drift apart.

import type { ImageShape } from '../../datasets/types';
import type { ModelConfig } from '../config';
import { stageFilters, stagePlan } from '../models/geometry';

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
  | { readonly type: 'batchnorm'; readonly name: string; readonly features: number };

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
export type WeightLayout = 'dense' | 'conv' | 'deconv' | 'vector';

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
        layout: layer.type,
        trainable: true,
      });
      if (layer.bias) {
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

function generatorPlan(config: ModelConfig, shape: ImageShape): NetworkPlan {
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const k = config.kernelSize;
  const f0 = stageFilters(config.baseFilters, stages - 1);
  const units = h0 * w0 * f0;
  const layers: LayerSpec[] = [
    {
      type: 'dense',
      name: 'g_project',
      inFeatures: config.latentDim,
      outFeatures: units,
      bias: false,
    },
    { type: 'batchnorm', name: 'g_project_bn', features: units },
  ];
  const forward = [
    `x = F.relu(self.g_project_bn(self.g_project(z)))  # [b, ${units}]`,
    `# tfjs reshapes channels-last: the ${units} units are (h, w, c) = (${h0}, ${w0}, ${f0}) in row-major order`,
    `x = x.view(-1, ${h0}, ${w0}, ${f0}).permute(0, 3, 1, 2)  # ${dims(f0, { height: h0, width: w0 })}`,
  ];
  let inChannels = f0;
  for (let i = stages - 2; i >= 0; i--) {
    const n = stages - 1 - i;
    const out = stageFilters(config.baseFilters, i);
    // [b, f, h, w] -> [b, f/2, 2h, 2w]: from i + 2 halvings of the image size to i + 1
    const inSize = sizeAt(shape, i + 2);
    const outSize = sizeAt(shape, i + 1);
    const name = `g_deconv${n}`;
    layers.push({
      type: 'deconv',
      name,
      inChannels,
      outChannels: out,
      kernel: k,
      bias: false,
      inSize,
      outSize,
    });
    layers.push({ type: 'batchnorm', name: `${name}_bn`, features: out });
    forward.push(`x = F.relu(self.${name}_bn(self.${name}(x)))  # ${dims(out, outSize)}`);
    inChannels = out;
  }
  const last = `g_deconv${stages}`;
  layers.push({
    type: 'deconv',
    name: last,
    inChannels,
    outChannels: shape.channels,
    kernel: k,
    bias: true,
    inSize: sizeAt(shape, 1),
    outSize: sizeAt(shape, 0),
  });
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
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const layers: LayerSpec[] = [];
  const forward: string[] = [];
  let inChannels: number = shape.channels;
  for (let i = 0; i < stages; i++) {
    const name = `d_conv${i + 1}`;
    const out = stageFilters(config.baseFilters, i);
    const outSize = sizeAt(shape, i + 1);
    // The first layer has no batch norm after it, so it keeps its bias (as in dcgan.ts).
    layers.push({
      type: 'conv',
      name,
      inChannels,
      outChannels: out,
      kernel: config.kernelSize,
      bias: i === 0,
      inSize: sizeAt(shape, i),
      outSize,
    });
    if (i === 0) {
      forward.push(`x = F.leaky_relu(self.${name}(x), 0.2)  # ${dims(out, outSize)}`);
    } else {
      layers.push({ type: 'batchnorm', name: `${name}_bn`, features: out });
      forward.push(
        `x = F.leaky_relu(self.${name}_bn(self.${name}(x)), 0.2)  # ${dims(out, outSize)}`,
      );
    }
    inChannels = out;
  }
  const flat = h0 * w0 * inChannels;
  layers.push({ type: 'dense', name: 'd_logit', inFeatures: flat, outFeatures: 1, bias: true });
  forward.push(
    `# tfjs flattens channels-last: (h, w, c) order, so move channels last before flattening`,
    `x = x.permute(0, 2, 3, 1).flatten(1)  # [b, ${flat}]`,
    `return self.d_logit(x)  # [b, 1] logits`,
  );
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
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const layers: LayerSpec[] = [];
  const forward: string[] = [];
  let inChannels: number = shape.channels;
  for (let i = 0; i < stages; i++) {
    const name = `e_conv${i + 1}`;
    const out = stageFilters(config.baseFilters, i);
    const outSize = sizeAt(shape, i + 1);
    layers.push({
      type: 'conv',
      name,
      inChannels,
      outChannels: out,
      kernel: config.kernelSize,
      bias: true,
      inSize: sizeAt(shape, i),
      outSize,
    });
    forward.push(`x = F.relu(self.${name}(x))  # ${dims(out, outSize)}`);
    inChannels = out;
  }
  const flat = h0 * w0 * inChannels;
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
    `# tfjs flattens channels-last: (h, w, c) order, so move channels last before flattening`,
    `x = x.permute(0, 2, 3, 1).flatten(1)  # [b, ${flat}]`,
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
  const { stages, startHeight: h0, startWidth: w0 } = stagePlan(shape);
  const k = config.kernelSize;
  const f0 = stageFilters(config.baseFilters, stages - 1);
  const units = h0 * w0 * f0;
  const layers: LayerSpec[] = [
    {
      type: 'dense',
      name: 'v_project',
      inFeatures: config.latentDim,
      outFeatures: units,
      bias: true,
    },
  ];
  const forward = [
    `x = F.relu(self.v_project(z))  # [b, ${units}]`,
    `# tfjs reshapes channels-last: the ${units} units are (h, w, c) = (${h0}, ${w0}, ${f0}) in row-major order`,
    `x = x.view(-1, ${h0}, ${w0}, ${f0}).permute(0, 3, 1, 2)  # ${dims(f0, { height: h0, width: w0 })}`,
  ];
  let inChannels = f0;
  for (let i = stages - 2; i >= 0; i--) {
    const n = stages - 1 - i;
    const out = stageFilters(config.baseFilters, i);
    const outSize = sizeAt(shape, i + 1);
    const name = `v_deconv${n}`;
    layers.push({
      type: 'deconv',
      name,
      inChannels,
      outChannels: out,
      kernel: k,
      bias: true,
      inSize: sizeAt(shape, i + 2),
      outSize,
    });
    forward.push(`x = F.relu(self.${name}(x))  # ${dims(out, outSize)}`);
    inChannels = out;
  }
  const last = `v_deconv${stages}`;
  layers.push({
    type: 'deconv',
    name: last,
    inChannels,
    outChannels: shape.channels,
    kernel: k,
    bias: true,
    inSize: sizeAt(shape, 1),
    outSize: sizeAt(shape, 0),
  });
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
