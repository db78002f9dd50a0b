// Builds the tfjs model a NetworkPlan describes: one tfjs layer per entry, under the plan's
// names, so weights files (which name every weight by its layer) load into it.

import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM, InitSeeds } from './init';
import { MinibatchDiscrimination } from './minibatch-discrimination';
import type { LayerSpec, NetworkPlan } from './network-plan';

/** The initializer type tfjs-layers returns (not exported under a public name). */
type Initializer = ReturnType<typeof tf.initializers.randomNormal>;

/**
 * A plain chain becomes a tf.Sequential; a network with several heads or a class input a
 * tf.Model (inputs: the plan's input, then the one-hot class). `seed` reproduces the initial
 * weights; each network draws from its own stream (the plan's salt).
 */
export function buildNetwork(plan: NetworkPlan, seed: number): tf.LayersModel {
  const initializers = drawInitializers(plan, seed);
  const sequential = plan.heads <= 1 && plan.labelInput === undefined;
  // A Sequential takes its input shape from its first layer; a Model from its input layer.
  const layers = plan.layers.map((spec, i) =>
    spec.type === 'joinLabel' || spec.type === 'classProjection'
      ? spec
      : tfLayer(
          spec,
          initializers.get(spec.name) ?? null,
          sequential && i === 0 ? plan.inputShape : null,
        ),
  );
  if (sequential) return tf.sequential({ name: plan.name, layers: layers.map(plainLayer) });

  const input = tf.input({ name: plan.inputName, shape: [...plan.inputShape] });
  const { labelInput } = plan;
  const label =
    labelInput === undefined
      ? null
      : tf.input({ name: labelInput.name, shape: [labelInput.classes] });
  const heads = Math.max(plan.heads, 1);
  const body = plan.heads > 1 ? layers.slice(0, -heads) : layers;
  const x = body.reduce<tf.SymbolicTensor>((prev, layer) => {
    if (layer instanceof tf.layers.Layer) return layer.apply(prev) as tf.SymbolicTensor;
    if (label === null) throw new Error(`${layer.name}: the plan has no class input`);
    if (layer.type === 'classProjection') return classProjection(layer, prev, label, initializers);
    return joinLabel(layer, prev, label);
  }, input);
  const outputs =
    plan.heads > 1
      ? layers.slice(-heads).map((head) => plainLayer(head).apply(x) as tf.SymbolicTensor)
      : [x];
  const inputs = label === null ? input : [input, label];
  return tf.model({
    name: plan.name,
    inputs,
    outputs: outputs.length === 1 ? outputs[0] : outputs,
  });
}

/** The plan steps that read the network's class input: built by hand, not as one tfjs layer. */
type JoinLabel = Extract<LayerSpec, { type: 'joinLabel' | 'classProjection' }>;

function plainLayer(layer: tf.layers.Layer | JoinLabel): tf.layers.Layer {
  if (layer instanceof tf.layers.Layer) return layer;
  throw new Error(`${layer.name} joins a class input, which only a network with one can hold`);
}

/**
 * The class, one-hot [b, k], joined to the stream: concatenated to a flat one; to an image
 * stream as k constant planes (reshape to [b, 1, 1, k], nearest-neighbour upsampling to
 * [b, h, w, k]: stock tfjs layers, so a Layers export loads anywhere), then concatenated.
 */
function joinLabel(
  spec: Extract<JoinLabel, { type: 'joinLabel' }>,
  x: tf.SymbolicTensor,
  label: tf.SymbolicTensor,
): tf.SymbolicTensor {
  const concat = tf.layers.concatenate({ name: spec.name, axis: -1 });
  if (spec.size === null) return concat.apply([x, label]) as tf.SymbolicTensor;
  const { height, width } = spec.size;
  const point = tf.layers.reshape({
    name: `${spec.name}_point`,
    targetShape: [1, 1, spec.classes],
  });
  const planes = tf.layers.upSampling2d({ name: `${spec.name}_planes`, size: [height, width] });
  const tiled = planes.apply(point.apply(label)) as tf.SymbolicTensor; // [b, h, w, k]
  return concat.apply([x, tiled]) as tf.SymbolicTensor;
}

/**
 * The projection logit psi(f) + <embed(y), f> from features f [b, n] and the one-hot class y
 * [b, k]: dense psi to [b, 1], dense embed (no bias) to [b, n], Dot over the features, Add. Stock
 * tfjs layers, so a Layers export loads anywhere.
 */
function classProjection(
  spec: Extract<JoinLabel, { type: 'classProjection' }>,
  features: tf.SymbolicTensor,
  label: tf.SymbolicTensor,
  initializers: ReadonlyMap<string, Initializer>,
): tf.SymbolicTensor {
  const dense = (name: string, units: number, useBias: boolean) => {
    const kernel = initializers.get(name);
    return tf.layers.dense({
      name,
      units,
      useBias,
      ...(kernel === undefined ? {} : { kernelInitializer: kernel }),
      biasInitializer: 'zeros',
    });
  };
  const psi = dense(spec.name, 1, true).apply(features) as tf.SymbolicTensor; // [b, 1]
  const embed = dense(spec.embedName, spec.inFeatures, false).apply(label); // [b, n]
  const inner = tf.layers.dot({ name: `${spec.name}_inner`, axes: 1 });
  const product = inner.apply([embed as tf.SymbolicTensor, features]) as tf.SymbolicTensor; // [b, 1]
  const sum = tf.layers.add({ name: `${spec.name}_sum` });
  return sum.apply([psi, product]) as tf.SymbolicTensor;
}

/**
 * One initializer per layer with weights, drawn in layer order, except layers a setting can
 * switch off (minibatch discrimination), which draw last: turning one on leaves every other
 * layer's initial weights alone. Kernels use the plan's initializer, batch-norm scales N(1, 0.02).
 */
function drawInitializers(plan: NetworkPlan, seed: number): Map<string, Initializer> {
  const init = new InitSeeds(seed, plan.init.salt);
  const optional = (spec: LayerSpec) => spec.type === 'minibatch';
  const order = [...plan.layers.filter((spec) => !optional(spec)), ...plan.layers.filter(optional)];
  const drawn = new Map<string, Initializer>();
  for (const spec of order) {
    if (spec.type === 'batchnorm') drawn.set(spec.name, init.gamma());
    else if (spec.type === 'dense' || spec.type === 'conv' || spec.type === 'deconv') {
      drawn.set(spec.name, plan.init.kernels === 'normal' ? init.normal() : init.glorot());
    } else if (spec.type === 'minibatch') drawn.set(spec.name, init.normal());
    else if (spec.type === 'classProjection') {
      drawn.set(spec.name, init.normal());
      drawn.set(spec.embedName, init.normal());
    }
  }
  return drawn;
}

function tfLayer(
  spec: Exclude<LayerSpec, JoinLabel>,
  initializer: Initializer | null,
  inputShape: readonly number[] | null,
): tf.layers.Layer {
  const first = inputShape === null ? {} : { inputShape: [...inputShape] };
  const kernel = initializer === null ? {} : { kernelInitializer: initializer };
  const name = spec.name;
  switch (spec.type) {
    case 'dense':
      return tf.layers.dense({
        name,
        ...first,
        units: spec.outFeatures,
        useBias: spec.bias,
        ...(spec.activation === null ? {} : { activation: spec.activation }),
        ...kernel,
        biasInitializer: 'zeros',
      });
    case 'conv':
    case 'deconv': {
      const build = spec.type === 'conv' ? tf.layers.conv2d : tf.layers.conv2dTranspose;
      return build({
        name,
        ...first,
        filters: spec.outChannels,
        kernelSize: spec.kernel,
        strides: 2,
        padding: 'same',
        useBias: spec.bias,
        ...(spec.activation === null ? {} : { activation: spec.activation }),
        ...kernel,
        biasInitializer: 'zeros',
      });
    }
    case 'layernorm':
      // Scale 1 and offset 0 per element of [H, W, C], as PyTorch's LayerNorm starts.
      return tf.layers.layerNormalization({ name, ...first, axis: [1, 2, 3], epsilon: 1e-5 });
    case 'batchnorm':
      return tf.layers.batchNormalization({
        name,
        ...first,
        ...BATCH_NORM,
        ...(initializer === null ? {} : { gammaInitializer: initializer }),
      });
    case 'activation':
      if (spec.fn === 'relu') return tf.layers.reLU({ name, ...first });
      if (spec.fn === 'leakyRelu')
        return tf.layers.leakyReLU({ name, ...first, alpha: spec.alpha });
      return tf.layers.activation({ name, ...first, activation: spec.fn });
    case 'reshape':
      return tf.layers.reshape({
        name,
        ...first,
        targetShape: [spec.height, spec.width, spec.channels],
      });
    case 'flatten':
      return tf.layers.flatten({ name, ...first });
    case 'minibatch':
      return new MinibatchDiscrimination({
        name,
        ...first,
        kernels: spec.kernels,
        dims: spec.dims,
        ...kernel,
      });
  }
}
