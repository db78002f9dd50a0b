// Both networks of a model, in the order the weights file lists them.

import type { ImageShape } from '../../datasets/types';
import type { ModelConfig } from '../config';
import { discriminatorPlan, generatorPlan } from './dcgan-plan';
import type { NetworkPlan } from './network-plan';
import { decoderPlan, encoderPlan } from './vae-plan';

/**
 * Throws for image shapes no network can be built for (see geometry.ts), and for a conditional
 * config without two classes or more. `classes`: the dataset's class count.
 */
export function networkPlans(config: ModelConfig, shape: ImageShape, classes = 0): NetworkPlan[] {
  return config.kind === 'dcgan'
    ? [generatorPlan(config, shape, classes), discriminatorPlan(config, shape, classes)]
    : [encoderPlan(config, shape, classes), decoderPlan(config, shape, classes)];
}
