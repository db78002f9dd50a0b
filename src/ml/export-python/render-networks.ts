// Writes the Python source of each network (one nn.Module per network, one attribute per tfjs
// layer, under the same name) and the table that maps every tfjs weight to its PyTorch tensor.

import type { ModelConfig } from '../config';
import { weightRows, type LayerSpec, type NetworkPlan } from './network-plan';
import { pyString } from './python-literal';

const INDENT = '    ';

export function renderNetworkClass(plan: NetworkPlan): string {
  const init = plan.layers.map((l) => `${INDENT}${INDENT}${layerConstructor(l)}`);
  const forward = plan.forward.map((line) => `${INDENT}${INDENT}${line}`);
  return [
    `class ${plan.className}(nn.Module):`,
    `${INDENT}"""${plan.summary}"""`,
    '',
    `${INDENT}def __init__(self):`,
    `${INDENT}${INDENT}super().__init__()`,
    ...init,
    '',
    `${INDENT}def forward(self, ${plan.input}):`,
    ...forward,
  ].join('\n');
}

function layerConstructor(layer: LayerSpec): string {
  switch (layer.type) {
    case 'dense':
      return `self.${layer.name} = nn.Linear(${layer.inFeatures}, ${layer.outFeatures}, bias=${pyBool(layer.bias)})`;
    case 'batchnorm':
      return `self.${layer.name} = TfBatchNorm(${layer.features})`;
    case 'minibatch':
      return (
        `self.${layer.name} = MinibatchDiscrimination(${layer.inFeatures}, ${layer.kernels}, ` +
        `${layer.dims})  # [b, ${layer.inFeatures}] -> [b, ${layer.inFeatures + layer.kernels}]`
      );
    case 'conv':
    case 'deconv': {
      const cls = layer.type === 'conv' ? 'SameConv2d' : 'SameConvTranspose2d';
      const from = `${layer.inSize.height}x${layer.inSize.width}`;
      const to = `${layer.outSize.height}x${layer.outSize.width}`;
      return (
        `self.${layer.name} = ${cls}(${layer.inChannels}, ${layer.outChannels}, ${layer.kernel}, ` +
        `bias=${pyBool(layer.bias)})  # ${from} -> ${to}`
      );
    }
  }
}

/** WEIGHT_TABLE: network -> rows of (tfjs name, PyTorch name, layout, trainable). */
export function renderWeightTable(plans: readonly NetworkPlan[]): string {
  const lines = [
    '# Every weight in the JSON file, network by network, in tfjs layer order:',
    '#   (name in the JSON, tensor in the PyTorch module, layout, trainable)',
    '# The trainable rows of a network, in this order, are also the order of its Adam slots.',
    'WEIGHT_TABLE = {',
  ];
  for (const plan of plans) {
    lines.push(`${INDENT}${pyString(plan.name)}: [`);
    for (const row of weightRows(plan)) {
      lines.push(
        `${INDENT}${INDENT}(${pyString(row.tfName)}, ${pyString(row.torchName)}, ` +
          `${pyString(row.layout)}, ${pyBool(row.trainable)}),`,
      );
    }
    lines.push(`${INDENT}],`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** build_networks() and OPTIMIZERS: which networks each Adam steps, in slot order. */
export function renderNetworkFactory(config: ModelConfig, plans: readonly NetworkPlan[]): string {
  const entries = plans.map((p) => `${pyString(p.name)}: ${p.className}()`).join(', ');
  const optimizers =
    config.kind === 'dcgan'
      ? `{"generator": ["generator"], "discriminator": ["discriminator"]}`
      : `{"vae": ["encoder", "decoder"]}  # one Adam over the encoder's weights, then the decoder's`;
  return [
    'def build_networks():',
    `${INDENT}return {${entries}}`,
    '',
    '',
    '# Adam optimizer name -> the networks whose trainable weights it steps, in this order.',
    `OPTIMIZERS = ${optimizers}`,
  ].join('\n');
}

function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}
