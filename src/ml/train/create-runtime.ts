import type { ImageShape } from '../../datasets/types';
import type { ModelConfig } from '../config';
import { GanRuntime } from './gan-runtime';
import type { ModelRuntime } from './runtime';
import { VaeRuntime } from './vae-runtime';

/**
 * Builds the networks and optimizers for a config, seeded. `classes`: the dataset's class count,
 * which a conditional config needs (requireClasses in src/datasets/classes.ts).
 */
export function createRuntime(
  config: ModelConfig,
  shape: ImageShape,
  seed: number,
  classes = 0,
): ModelRuntime {
  return config.kind === 'dcgan'
    ? new GanRuntime(config, shape, seed, classes)
    : new VaeRuntime(config, shape, seed, classes);
}
