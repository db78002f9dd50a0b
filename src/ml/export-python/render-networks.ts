// Writes the Python source of each network from its plan (src/ml/models/network-plan.ts): one
// nn.Module per network with one attribute per tfjs layer that has weights, under the same
// name, a forward() that applies them in the plan's order, and the table that maps every tfjs
// weight to its PyTorch tensor.

import type { ModelConfig } from '../config';
import type { LayerSpec, NetworkPlan } from '../models/network-plan';
import { pyString } from './python-literal';
import { weightRows } from './weight-rows';

const INDENT = '    ';

export function renderNetworkClass(plan: NetworkPlan): string {
  const init = plan.layers.flatMap((l) => {
    const line = layerConstructor(l);
    return line === null ? [] : [`${INDENT}${INDENT}${line}`];
  });
  const forward = forwardLines(plan).map((line) => `${INDENT}${INDENT}${line}`);
  return [
    `class ${plan.python.className}(nn.Module):`,
    `${INDENT}"""${plan.python.summary}"""`,
    '',
    `${INDENT}def __init__(self):`,
    `${INDENT}${INDENT}super().__init__()`,
    ...init,
    '',
    `${INDENT}def forward(self, ${plan.python.input}${plan.labelInput === undefined ? '' : ', y'}):`,
    ...forward,
  ].join('\n');
}

/** The module attribute for a layer with weights; null for layers forward() computes inline. */
function layerConstructor(layer: LayerSpec): string | null {
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
    case 'activation':
    case 'reshape':
    case 'flatten':
    case 'joinLabel':
      return null;
  }
}

/**
 * forward()'s statements: a layer with weights, the batch norm and activation after it make one
 * statement (`x = F.relu(self.l_bn(self.l(x)))  # shape`); reshape, flatten and minibatch
 * discrimination one each, with a comment; the last statement (or the heads) is the return.
 */
function forwardLines(plan: NetworkPlan): string[] {
  const heads = plan.heads > 1 ? plan.layers.slice(-plan.heads) : [];
  const chain = plan.layers.slice(0, plan.layers.length - heads.length);
  const lines: string[] = [];
  // The statement being built: a layer with weights and what is applied to its output so far.
  const open: { expr: string; shape: string }[] = [];
  const flush = () => {
    for (const { expr, shape } of open.splice(0)) lines.push(`x = ${expr}  # ${shape}`);
  };
  const input = () => (lines.length === 0 ? plan.python.input : 'x');
  for (const layer of chain) {
    switch (layer.type) {
      case 'dense':
      case 'conv':
      case 'deconv': {
        flush();
        const expr = `self.${layer.name}(${input()})`;
        const shape =
          layer.type === 'dense'
            ? `[b, ${layer.outFeatures}]`
            : `[b, ${layer.outChannels}, ${layer.outSize.height}, ${layer.outSize.width}]`;
        open.push({
          expr: layer.activation === null ? expr : activate(layer.activation, expr),
          shape,
        });
        break;
      }
      case 'batchnorm':
      case 'activation': {
        const statement = open[0];
        if (statement === undefined) throw new Error(`${layer.name} follows no layer with weights`);
        statement.expr =
          layer.type === 'batchnorm'
            ? `self.${layer.name}(${statement.expr})`
            : activate(layer.fn, statement.expr, layer.alpha);
        break;
      }
      case 'reshape': {
        flush();
        const { height: h, width: w, channels: c } = layer;
        lines.push(
          `# tfjs reshapes channels-last: the ${h * w * c} units are (h, w, c) = (${h}, ${w}, ${c}) in row-major order`,
          `x = x.view(-1, ${h}, ${w}, ${c}).permute(0, 3, 1, 2)  # [b, ${c}, ${h}, ${w}]`,
        );
        break;
      }
      case 'flatten':
        flush();
        lines.push(
          `# tfjs flattens channels-last: (h, w, c) order, so move channels last before flattening`,
          `x = x.permute(0, 2, 3, 1).flatten(1)  # [b, ${layer.height * layer.width * layer.channels}]`,
        );
        break;
      case 'joinLabel': {
        flush();
        const k = layer.classes;
        if (layer.size === null) {
          lines.push(
            `x = torch.cat([${input()}, y], 1)  # joined to the one-hot class y [b, ${k}]`,
          );
        } else {
          const { height: h, width: w } = layer.size;
          lines.push(
            `# the one-hot class y [b, ${k}] as ${k} constant planes beside the image's channels`,
            `x = torch.cat([${input()}, y[:, :, None, None].expand(-1, -1, ${h}, ${w})], 1)`,
          );
        }
        break;
      }
      case 'minibatch':
        flush();
        lines.push(
          `# each image's features beside the rest of its batch: ${layer.kernels} closeness values appended`,
          `x = self.${layer.name}(${input()})  # [b, ${layer.inFeatures + layer.kernels}]`,
        );
        break;
    }
  }
  // The output: the heads, all applied to the chain's result, or the statement still open.
  const last = open.pop();
  flush();
  const returned =
    heads.length > 0 ? heads.map((h) => `self.${h.name}(${input()})`).join(', ') : last?.expr;
  if (returned === undefined || (heads.length > 0 && last !== undefined)) {
    throw new Error(`${plan.name}: the plan must end in one layer with weights, or in its heads`);
  }
  lines.push(`return ${returned}  # ${plan.python.returns}`);
  return lines;
}

/** An activation applied to a Python expression, as tfjs defines it. */
function activate(fn: 'relu' | 'tanh' | 'leakyRelu', expr: string, alpha?: number): string {
  if (fn === 'relu') return `F.relu(${expr})`;
  if (fn === 'tanh') return `torch.tanh(${expr})`;
  if (alpha === undefined) throw new Error('leakyRelu needs its alpha');
  return `F.leaky_relu(${expr}, ${alpha})`;
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
  const entries = plans.map((p) => `${pyString(p.name)}: ${p.python.className}()`).join(', ');
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
