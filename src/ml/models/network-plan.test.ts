// The plan is the one description of each network: the tfjs model built from it has its layers
// under its names, in its order, and exactly the weights the PyTorch export's table lists
// (names, order, shapes, trainable), so weights files map one to one between the two.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageShape } from '../../datasets/types';
import { DEFAULT_DCGAN, DEFAULT_VAE, type ModelConfig } from '../config';
import { weightRows } from '../export-python/weight-rows';
import { buildNetwork } from './build-network';
import type { LayerSpec } from './network-plan';
import { networkPlans } from './network-plans';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The tfjs shape of each weight a layer has, in the order tfjs creates them. */
function weightShapes(layer: LayerSpec): number[][] {
  switch (layer.type) {
    case 'dense':
      return [[layer.inFeatures, layer.outFeatures], ...(layer.bias ? [[layer.outFeatures]] : [])];
    case 'conv':
    case 'deconv': {
      const [k, i, o] = [layer.kernel, layer.inChannels, layer.outChannels];
      // conv2d kernels are [k, k, in, out]; conv2dTranspose kernels [k, k, out, in]
      const kernel = layer.type === 'conv' ? [k, k, i, o] : [k, k, o, i];
      return [kernel, ...(layer.bias ? [[o]] : [])];
    }
    case 'batchnorm':
      return Array.from({ length: 4 }, () => [layer.features]);
    case 'minibatch':
      return [[layer.inFeatures, layer.kernels * layer.dims]];
    default:
      return [];
  }
}

const small = { latentDim: 5, baseFilters: 4, kernelSize: 3 };
const cases: [string, ModelConfig, ImageShape][] = [
  ['DCGAN 28x28x1', { ...DEFAULT_DCGAN, ...small, minibatchKernels: 0 }, { height: 28, width: 28, channels: 1 }],
  ['DCGAN 48x64x3 + minibatch', { ...DEFAULT_DCGAN, ...small, minibatchKernels: 3 }, { height: 48, width: 64, channels: 3 }],
  ['VAE 32x32x3', { ...DEFAULT_VAE, ...small }, { height: 32, width: 32, channels: 3 }],
]; // prettier-ignore

describe.each(cases)('the plan of the %s', (_name, config, shape) => {
  it('is what tfjs builds, and what the PyTorch weight table lists', () => {
    for (const plan of networkPlans(config, shape)) {
      const model = buildNetwork(plan, 1);
      const built = model.layers.map((l) => l.name).filter((n) => n !== plan.inputName);
      expect(built).toEqual(plan.layers.map((l) => l.name));
      // Layer by layer, as the weights file lists them.
      const weights = model.layers.flatMap((l) => l.weights);
      const described = weights.map((w) => [w.originalName, w.shape, w.trainable]);
      const rows = weightRows(plan);
      const shapes = plan.layers.flatMap(weightShapes);
      expect(described).toEqual(rows.map((r, i) => [r.tfName, shapes[i], r.trainable]));
      // The trainable rows in table order are the order of the Adam slots (trainableWeights).
      const trainable = rows.filter((r) => r.trainable).map((r) => r.tfName);
      expect(model.trainableWeights.map((w) => w.originalName)).toEqual(trainable);
      const inputs = model.inputs.map((t) => t.shape);
      expect(inputs).toEqual([[null, ...plan.inputShape]]);
      expect(model.outputs.length).toBe(plan.heads);
      model.dispose();
    }
  });
});
