// Builds the tfjs model a NetworkPlan describes: one tfjs layer per entry, under the plan's
// names, so weights files (which name every weight by its layer) load into it.

import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM, InitSeeds } from './init';
import { MinibatchDiscrimination } from './minibatch-discrimination';
import type { LayerSpec, NetworkPlan } from './network-plan';

/** The initializer type tfjs-layers returns (not exported under a public name). */
type Initializer = ReturnType<typeof tf.initializers.randomNormal>;

/**
 * A plain chain becomes a tf.Sequential, a network with several heads a tf.Model. `seed`
 * reproduces the initial weights; each network draws from its own stream (the plan's salt).
 */
export function buildNetwork(plan: NetworkPlan, seed: number): tf.LayersModel {
  const initializers = drawInitializers(plan, seed);
  const sequential = plan.heads <= 1;
  // A Sequential takes its input shape from its first layer; a Model from its input layer.
  const layers = plan.layers.map((spec, i) =>
    tfLayer(
      spec,
      initializers.get(spec.name) ?? null,
      sequential && i === 0 ? plan.inputShape : null,
    ),
  );
  if (sequential) return tf.sequential({ name: plan.name, layers });

  const input = tf.input({ name: plan.inputName, shape: [...plan.inputShape] });
  const body = layers.slice(0, -plan.heads);
  const x = body.reduce<tf.SymbolicTensor>(
    (prev, layer) => layer.apply(prev) as tf.SymbolicTensor,
    input,
  );
  const outputs = layers.slice(-plan.heads).map((head) => head.apply(x) as tf.SymbolicTensor);
  return tf.model({ name: plan.name, inputs: input, outputs });
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
  }
  return drawn;
}

function tfLayer(
  spec: LayerSpec,
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
