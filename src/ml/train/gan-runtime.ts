// DCGAN training: per step, D steps-per-G updates of the discriminator on a real batch and a
// generated batch, then one generator update through the discriminator.

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { Rng } from '../../lib/rng';
import type { DcganConfig } from '../config';
import type { GanLosses, LearningRates } from './types';
import { discriminatorLoss, generatorLoss } from '../losses';
import { buildDcgan, type DcganNets } from '../models/dcgan';
import type { Batcher } from './batcher';
import {
  ADAM_EPSILON,
  setAdamLearningRate,
  trainableVariables,
  type ModelRuntime,
  type OptimizerSlot,
} from './runtime';

export class GanRuntime implements ModelRuntime {
  readonly kind = 'dcgan' as const;
  readonly range = 'tanh' as const;
  readonly nets: DcganNets;
  readonly optimizers: { generator: OptimizerSlot; discriminator: OptimizerSlot };
  readonly latentDim: number;
  readonly imagesPerStep: number;

  constructor(
    private readonly config: DcganConfig,
    shape: ImageShape,
    seed: number,
  ) {
    this.nets = buildDcgan(config, shape, seed);
    this.latentDim = config.latentDim;
    this.imagesPerStep = config.batchSize * config.dStepsPerG;
    const adam = (lr: number) => tf.train.adam(lr, config.beta1, config.beta2, ADAM_EPSILON);
    this.optimizers = {
      generator: {
        optimizer: adam(config.lrG),
        variables: trainableVariables(this.nets.generator),
      },
      discriminator: {
        optimizer: adam(config.lrD),
        variables: trainableVariables(this.nets.discriminator),
      },
    };
  }

  async trainStep(batcher: Batcher, rng: Rng): Promise<GanLosses> {
    const { batchSize, latentDim, dStepsPerG, loss, labelSmoothing } = this.config;
    const { generator: G, discriminator: D } = this.nets;
    let z: tf.Tensor2D | null = null;
    let dCost: tf.Scalar | null = null;
    let dReal: tf.Scalar | null = null;
    let dFake: tf.Scalar | null = null;

    for (let k = 0; k < dStepsPerG; k++) {
      z?.dispose();
      dCost?.dispose();
      dReal?.dispose();
      dFake?.dispose();
      z = tf.tensor2d(rng.normals(batchSize * latentDim), [batchSize, latentDim]);
      const real = batcher.next(batchSize); // [b, H, W, C] in [-1, 1]
      // Generated images are constants for D's update: G's variables are not in D's list.
      const fake = tf.tidy(() => G.apply(z as tf.Tensor2D, { training: true }) as tf.Tensor4D);
      // Filled inside minimize's closure; kept so they survive its tidy scope.
      const probs: { real: tf.Scalar | null; fake: tf.Scalar | null } = { real: null, fake: null };
      dCost = this.optimizers.discriminator.optimizer.minimize(
        () => {
          const realLogits = D.apply(real, { training: true }) as tf.Tensor2D; // [b, 1]
          const fakeLogits = D.apply(fake, { training: true }) as tf.Tensor2D; // [b, 1]
          probs.real = tf.keep(tf.mean(tf.sigmoid(realLogits)) as tf.Scalar);
          probs.fake = tf.keep(tf.mean(tf.sigmoid(fakeLogits)) as tf.Scalar);
          return discriminatorLoss(loss, realLogits, fakeLogits, labelSmoothing);
        },
        true,
        this.optimizers.discriminator.variables as tf.Variable[],
      );
      dReal = probs.real;
      dFake = probs.fake;
      real.dispose();
      fake.dispose();
    }

    // The generator step reuses the last noise batch, as the reference DCGAN loop does.
    const gCost = this.optimizers.generator.optimizer.minimize(
      () => {
        const fake = G.apply(z as tf.Tensor2D, { training: true }) as tf.Tensor4D;
        const fakeLogits = D.apply(fake, { training: true }) as tf.Tensor2D;
        return generatorLoss(loss, fakeLogits);
      },
      true,
      this.optimizers.generator.variables as tf.Variable[],
    );

    const scalars = [dCost, gCost, dReal, dFake] as tf.Scalar[];
    const packed = tf.stack(scalars);
    const [dLoss, gLoss, realMean, fakeMean] = await packed.data();
    tf.dispose([packed, ...scalars, z as tf.Tensor2D]);
    return { kind: 'dcgan', dLoss, gLoss, dReal: realMean, dFake: fakeMean };
  }

  generate(z: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() => this.nets.generator.apply(z, { training: false }) as tf.Tensor4D);
  }

  setLearningRates(rates: LearningRates): void {
    if (rates.lrG !== undefined)
      setAdamLearningRate(this.optimizers.generator.optimizer, rates.lrG);
    if (rates.lrD !== undefined)
      setAdamLearningRate(this.optimizers.discriminator.optimizer, rates.lrD);
  }

  dispose(): void {
    this.nets.generator.dispose();
    this.nets.discriminator.dispose();
    this.optimizers.generator.optimizer.dispose();
    this.optimizers.discriminator.optimizer.dispose();
  }
}
