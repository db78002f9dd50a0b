// DCGAN training: per step, D steps-per-G updates of the discriminator on a real batch and a
// generated batch, then one generator update through the discriminator. Each update computes its
// gradients, records their global norm, then lets Adam apply them (what minimize does in one call).

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { Rng } from '../../lib/rng';
import type { DcganConfig } from '../config';
import type { GanLosses, LearningRates } from './types';
import { discriminatorLoss, generatorLoss, globalNorm, gradientPenalty } from '../losses';
import { buildDcgan, discriminatorFeatures, type DcganNets } from '../models/dcgan';
import type { Batcher } from './batcher';
import {
  ADAM_EPSILON,
  setAdamLearningRate,
  trainableVariables,
  type ModelRuntime,
  type OptimizerSlot,
} from './runtime';

/** What one discriminator update measured, as scalars still on the device. */
interface DiscriminatorUpdate {
  readonly cost: tf.Scalar;
  readonly gradNorm: tf.Scalar;
  /** Mean sigmoid of the logits on the real and the generated batch. */
  readonly realProb: tf.Scalar;
  readonly fakeProb: tf.Scalar;
  /** mean(D(real)) - mean(D(fake)) of the raw logits. */
  readonly wDistance: tf.Scalar;
}

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
    const { batchSize, latentDim, dStepsPerG, loss } = this.config;
    const G = this.nets.generator;
    let z: tf.Tensor2D | null = null;
    let real: tf.Tensor4D | null = null;
    let d: DiscriminatorUpdate | null = null;

    for (let k = 0; k < dStepsPerG; k++) {
      tf.dispose([z, real, ...(d === null ? [] : Object.values(d))].filter((t) => t !== null));
      z = tf.tensor2d(rng.normals(batchSize * latentDim), [batchSize, latentDim]);
      // WGAN-GP's interpolation weights, one per image, drawn right after z.
      const eps = loss === 'wgan-gp' ? tf.tensor1d(rng.uniforms(batchSize)) : null;
      real = batcher.next(batchSize); // [b, H, W, C] in [-1, 1]
      // Generated images are constants for D's update: G's variables are not in D's list.
      const fake = tf.tidy(() => G.apply(z as tf.Tensor2D, { training: true }) as tf.Tensor4D);
      d = this.updateDiscriminator(real, fake, eps);
      tf.dispose([fake, ...(eps === null ? [] : [eps])]);
    }

    // The generator step reuses the last noise batch, as the reference DCGAN loop does; feature
    // matching also reuses the last real batch.
    const g = this.updateGenerator(z as tf.Tensor2D, real as tf.Tensor4D);
    const update = d as DiscriminatorUpdate;
    const scalars = [
      update.cost,
      g.cost,
      update.realProb,
      update.fakeProb,
      g.gradNorm,
      update.gradNorm,
      update.wDistance,
    ];
    const packed = tf.stack(scalars);
    const [dLoss, gLoss, dReal, dFake, gGradNorm, dGradNorm, wDistance] = await packed.data();
    tf.dispose([packed, ...scalars, z as tf.Tensor2D, real as tf.Tensor4D]);
    return { kind: 'dcgan', dLoss, gLoss, dReal, dFake, gGradNorm, dGradNorm, wDistance };
  }

  /** One Adam step of D on a real and a generated batch (plus WGAN-GP's penalty when eps is set). */
  private updateDiscriminator(
    real: tf.Tensor4D,
    fake: tf.Tensor4D,
    eps: tf.Tensor1D | null,
  ): DiscriminatorUpdate {
    const { loss, labelSmoothing, gpWeight } = this.config;
    const D = this.nets.discriminator;
    const critic = (x: tf.Tensor4D) => D.apply(x, { training: true }) as tf.Tensor2D; // [b, 1]
    // Filled inside the gradient closure; kept so they survive its tidy scope.
    const seen: { real?: tf.Scalar; fake?: tf.Scalar; distance?: tf.Scalar } = {};
    const { cost, gradNorm } = this.update(this.optimizers.discriminator, () => {
      const realLogits = critic(real);
      const fakeLogits = critic(fake);
      seen.real = tf.keep(tf.mean(tf.sigmoid(realLogits)));
      seen.fake = tf.keep(tf.mean(tf.sigmoid(fakeLogits)));
      seen.distance = tf.keep(tf.mean(realLogits).sub(tf.mean(fakeLogits)));
      const base = discriminatorLoss(loss, realLogits, fakeLogits, labelSmoothing);
      if (eps === null) return base;
      return base.add(gradientPenalty(critic, real, fake, eps).mul(gpWeight));
    });
    const { real: realProb, fake: fakeProb, distance } = seen as Required<typeof seen>;
    return { cost, gradNorm, realProb, fakeProb, wDistance: distance };
  }

  /** One Adam step of G through D, from the noise z of D's last update. */
  private updateGenerator(z: tf.Tensor2D, real: tf.Tensor4D) {
    const { loss } = this.config;
    const { generator: G, discriminator: D } = this.nets;
    // Feature matching's target: D's features on the last real batch, a constant for G.
    const realFeatures =
      loss === 'feature-matching' ? discriminatorFeatures(D, real, true) : undefined;
    const result = this.update(this.optimizers.generator, () => {
      const fake = G.apply(z, { training: true }) as tf.Tensor4D;
      if (realFeatures !== undefined) {
        const fakeFeatures = discriminatorFeatures(D, fake, true);
        return generatorLoss(loss, null, { real: realFeatures, fake: fakeFeatures });
      }
      return generatorLoss(loss, D.apply(fake, { training: true }) as tf.Tensor2D);
    });
    realFeatures?.dispose();
    return result;
  }

  /**
   * What optimizer.minimize(f, true, variables) does, with the gradients' global norm measured
   * between computing and applying them. Adam keeps its slots by position, so the gradients go
   * to it in the slot's variable order.
   */
  private update(slot: OptimizerSlot, f: () => tf.Scalar) {
    const variables = slot.variables as tf.Variable[];
    const { value, grads } = slot.optimizer.computeGradients(f, variables);
    const present = variables.filter((v) => grads[v.name] !== undefined);
    const gradNorm = globalNorm(present.map((v) => grads[v.name]));
    slot.optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    tf.dispose(grads);
    return { cost: value, gradNorm };
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
