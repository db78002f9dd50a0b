// Writes the Python source of each network from its plan (src/ml/models/network-plan.ts): one
// nn.Module per network with one attribute per tfjs layer that has weights, under the same
// name, a forward() that applies them in the plan's order (the discriminator also a features()
// for the feature-matching loss), and the table that maps every tfjs weight to its PyTorch
// tensor.

import type { ModelConfig } from '../config';
import type { LayerSpec, NetworkName, NetworkPlan } from '../models/network-plan';
import { pyString } from './python-literal';
import { weightRows } from './weight-rows';

const INDENT = '    ';

export function renderNetworkClass(plan: NetworkPlan): string {
  const init = plan.layers.flatMap((l) =>
    layerConstructors(l).map((line) => `${INDENT}${INDENT}${line}`),
  );
  const body = (lines: string[]) => lines.map((line) => `${INDENT}${INDENT}${line}`);
  const { features, featureArgs, forward } = methodLines(plan);
  const args = `${plan.python.input}${plan.labelInput === undefined ? '' : ', y'}`;
  return [
    `class ${plan.python.className}(nn.Module):`,
    `${INDENT}"""${plan.python.summary}"""`,
    '',
    `${INDENT}def __init__(self):`,
    `${INDENT}${INDENT}super().__init__()`,
    ...init,
    ...(features === null
      ? []
      : ['', `${INDENT}def features(self, ${featureArgs}):`, ...body(features)]),
    '',
    `${INDENT}def forward(self, ${args}):`,
    ...body(forward),
  ].join('\n');
}

/**
 * The layer whose output a network's features() method returns, for the networks training
 * reads features from: the feature-matching loss compares the discriminator's flattened
 * last-convolution features (before minibatch discrimination and the logit).
 */
const FEATURES_AT: Partial<Record<NetworkName, string>> = { discriminator: 'd_flatten' };

/**
 * forward()'s statements, and features()'s when the network has that method (else null) with its
 * arguments: the input, and the one-hot class y when the class joins the stream before them.
 */
function methodLines(plan: NetworkPlan): {
  features: string[] | null;
  featureArgs: string;
  forward: string[];
} {
  const heads = plan.heads > 1 ? plan.layers.slice(-plan.heads) : [];
  const chain = plan.layers.slice(0, plan.layers.length - heads.length);
  const name = FEATURES_AT[plan.name];
  const at = chain.findIndex((l) => l.name === name);
  const { input, returns } = plan.python;
  if (at === -1) {
    const forward = statements(plan.name, chain, heads, input, returns);
    return { features: null, featureArgs: input, forward };
  }
  const layer = chain[at];
  if (layer.type !== 'flatten') throw new Error(`${plan.name}: ${layer.name} is not a flatten`);
  const size = `[b, ${layer.height * layer.width * layer.channels}]`;
  const features = [
    `"""${size}: the output of ${layer.name}, which the feature-matching loss compares."""`,
    ...statements(plan.name, chain.slice(0, at + 1), [], input, size),
  ];
  const joined = chain.slice(0, at).some((l) => l.type === 'joinLabel');
  const featureArgs = `${input}${joined ? ', y' : ''}`;
  const forward = [
    `x = self.features(${featureArgs})  # ${size}`,
    ...statements(plan.name, chain.slice(at + 1), heads, 'x', returns),
  ];
  return { features, featureArgs, forward };
}

/**
 * The statements that apply `chain` to `input`, then return the heads (all applied to the
 * chain's result) or the chain's result, with `returns` as the return line's comment. A layer
 * with weights, the norm and activation after it make one statement
 * (`x = F.relu(self.l_bn(self.l(x)))  # shape`); reshape, flatten and minibatch discrimination
 * one each, with a comment.
 */
function statements(
  network: NetworkName,
  chain: readonly LayerSpec[],
  heads: readonly LayerSpec[],
  input: string,
  returns: string,
): string[] {
  const lines: string[] = [];
  // The statement being built: a layer's expression and what is applied to its output so far.
  const open: { expr: string; shape: string }[] = [];
  const flush = () => {
    for (const { expr, shape } of open.splice(0)) lines.push(`x = ${expr}  # ${shape}`);
  };
  const from = () => (lines.length === 0 && open.length === 0 ? input : 'x');
  for (const layer of chain) {
    switch (layer.type) {
      case 'dense':
      case 'conv':
      case 'deconv': {
        const expr = `self.${layer.name}(${from()})`;
        flush();
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
      case 'layernorm':
      case 'activation': {
        const statement = open[0];
        if (statement === undefined) throw new Error(`${layer.name} follows no layer with weights`);
        statement.expr =
          layer.type === 'activation'
            ? activate(layer.fn, statement.expr, layer.alpha)
            : `self.${layer.name}(${statement.expr})`;
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
        );
        open.push({
          expr: 'x.permute(0, 2, 3, 1).flatten(1)',
          shape: `[b, ${layer.height * layer.width * layer.channels}]`,
        });
        break;
      case 'joinLabel': {
        const x = from();
        flush();
        const k = layer.classes;
        if (layer.size === null) {
          lines.push(`x = torch.cat([${x}, y], 1)  # joined to the one-hot class y [b, ${k}]`);
        } else {
          const { height: h, width: w } = layer.size;
          lines.push(
            `# the one-hot class y [b, ${k}] as ${k} constant planes beside the image's channels`,
            `x = torch.cat([${x}, y[:, :, None, None].expand(-1, -1, ${h}, ${w})], 1)`,
          );
        }
        break;
      }
      case 'classProjection': {
        const x = from();
        flush();
        lines.push(
          `# projection discriminator: psi(x) + <embed(y), x>, with embed(y) a learned vector per class`,
        );
        const product = `(self.${layer.embedName}(y) * ${x}).sum(1, keepdim=True)`;
        open.push({ expr: `self.${layer.name}(${x}) + ${product}`, shape: '[b, 1]' });
        break;
      }
      case 'minibatch': {
        const expr = `self.${layer.name}(${from()})`;
        flush();
        lines.push(
          `# each image's features beside the rest of its batch: ${layer.kernels} closeness values appended`,
          `x = ${expr}  # [b, ${layer.inFeatures + layer.kernels}]`,
        );
        break;
      }
    }
  }
  // The output: the heads, all applied to the chain's result, or the statement still open.
  if (heads.length > 0) {
    flush();
    lines.push(`return ${heads.map((h) => `self.${h.name}(${from()})`).join(', ')}  # ${returns}`);
    return lines;
  }
  const last = open.pop();
  if (last === undefined) {
    throw new Error(
      `${network}: the plan must end in a layer with weights, a flatten or its heads`,
    );
  }
  flush();
  lines.push(`return ${last.expr}  # ${returns}`);
  return lines;
}

/** The module attributes of a layer with weights; none for layers forward() computes inline. */
function layerConstructors(layer: LayerSpec): string[] {
  switch (layer.type) {
    case 'dense':
      return [
        `self.${layer.name} = nn.Linear(${layer.inFeatures}, ${layer.outFeatures}, bias=${pyBool(layer.bias)})`,
      ];
    case 'classProjection':
      return [
        `self.${layer.name} = nn.Linear(${layer.inFeatures}, 1, bias=True)`,
        `self.${layer.embedName} = nn.Linear(${layer.classes}, ${layer.inFeatures}, bias=False)  # a vector per class`,
      ];
    case 'batchnorm':
      return [`self.${layer.name} = TfBatchNorm(${layer.features})`];
    case 'layernorm':
      // tfjs's layerNormalization over [H, W, C]; the same elements here are [C, H, W].
      return [
        `self.${layer.name} = nn.LayerNorm((${layer.channels}, ${layer.height}, ${layer.width}), eps=1e-5)`,
      ];
    case 'minibatch':
      return [
        `self.${layer.name} = MinibatchDiscrimination(${layer.inFeatures}, ${layer.kernels}, ` +
          `${layer.dims})  # [b, ${layer.inFeatures}] -> [b, ${layer.inFeatures + layer.kernels}]`,
      ];
    case 'conv':
    case 'deconv': {
      const cls = layer.type === 'conv' ? 'SameConv2d' : 'SameConvTranspose2d';
      const from = `${layer.inSize.height}x${layer.inSize.width}`;
      const to = `${layer.outSize.height}x${layer.outSize.width}`;
      return [
        `self.${layer.name} = ${cls}(${layer.inChannels}, ${layer.outChannels}, ${layer.kernel}, ` +
          `bias=${pyBool(layer.bias)})  # ${from} -> ${to}`,
      ];
    }
    case 'activation':
    case 'reshape':
    case 'flatten':
    case 'joinLabel':
      return [];
  }
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
