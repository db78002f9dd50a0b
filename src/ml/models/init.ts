// Weight initialisers. Each layer gets its own seed derived from the run seed, so a seed
// reproduces the initial weights exactly while no two layers share the same random draws.

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../lib/rng';

/** The initializer type tfjs-layers returns (not exported under a public name). */
type Initializer = ReturnType<typeof tf.initializers.randomNormal>;

export class InitSeeds {
  private readonly rng: Rng;
  constructor(seed: number, salt: number) {
    this.rng = new Rng(seed).fork(salt);
  }

  /** N(0, 0.02), the DCGAN paper's initialisation. */
  normal(stddev = 0.02): Initializer {
    return tf.initializers.randomNormal({ mean: 0, stddev, seed: this.nextSeed() });
  }

  /** Glorot uniform (Keras' default), for the VAE. */
  glorot(): Initializer {
    return tf.initializers.glorotUniform({ seed: this.nextSeed() });
  }

  /** Batch-norm scale around 1 with the DCGAN spread. */
  gamma(): Initializer {
    return tf.initializers.randomNormal({ mean: 1, stddev: 0.02, seed: this.nextSeed() });
  }

  private nextSeed(): number {
    return this.rng.int(2 ** 31 - 1);
  }
}

/** Batch norm settings shared by every model: PyTorch's defaults, so weights carry over exactly. */
export const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;
