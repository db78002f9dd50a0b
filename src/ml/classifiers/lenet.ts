// A LeNet-sized convolutional classifier for 28x28 grey images (digits, clothing). Besides its
// class logits it exposes a 128-d penultimate layer: the feature space in which the Fréchet
// distance between generated and real images is measured (the role Inception plays for FID).

import * as tf from '@tensorflow/tfjs';
import { InitSeeds } from '../models/init';

/** Name of the penultimate dense layer whose activations are the Fréchet features. */
export const FEATURE_LAYER = 'features';
export const FEATURE_DIM = 128;
export const CLASSIFIER_SIZE = { height: 28, width: 28, channels: 1 } as const;

/** image [b, 28, 28, 1] in [0, 1] -> class logits [b, classes]. */
export function buildLenet(classes: number, seed: number): tf.Sequential {
  const init = new InitSeeds(seed, 0xc1a55);
  const net = tf.sequential({ name: 'lenet' });
  // [b, 28, 28, 1] -> [b, 28, 28, 16] -> [b, 14, 14, 16]
  net.add(
    tf.layers.conv2d({
      name: 'conv1',
      inputShape: [CLASSIFIER_SIZE.height, CLASSIFIER_SIZE.width, CLASSIFIER_SIZE.channels],
      filters: 16,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init.glorot(),
    }),
  );
  net.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }));
  // -> [b, 14, 14, 32] -> [b, 7, 7, 32]
  net.add(
    tf.layers.conv2d({
      name: 'conv2',
      filters: 32,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init.glorot(),
    }),
  );
  net.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2 }));
  // [b, 7 * 7 * 32] -> [b, 128] (the Fréchet features) -> [b, classes]
  net.add(tf.layers.flatten({ name: 'flatten' }));
  net.add(
    tf.layers.dense({
      name: FEATURE_LAYER,
      units: FEATURE_DIM,
      activation: 'relu',
      kernelInitializer: init.glorot(),
    }),
  );
  net.add(tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init.glorot() }));
  return net;
}

/** A model sharing `net`'s weights that outputs [features [b, 128], logits [b, classes]]. */
export function withFeatures(net: tf.LayersModel): tf.LayersModel {
  const features = net.getLayer(FEATURE_LAYER).output as tf.SymbolicTensor;
  const logits = net.outputs[0];
  return tf.model({
    name: `${net.name}_with_features`,
    inputs: net.inputs,
    outputs: [features, logits],
  });
}
