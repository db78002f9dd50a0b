// DCGAN training: per step, D steps-per-G updates of the discriminator on a real batch and a
// generated batch, then one generator update through the discriminator. Each update computes its
// gradients, records their global norm, then lets Adam apply them (what minimize does in one call).
// A conditional DCGAN gives D each real image's class (its label) and each generated image's
// class (drawn uniformly from the run's rng), and G the classes it is asked to draw.

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { Rng } from '../../lib/rng';
import type { DcganConfig } from '../config';
import type { GanLosses, LearningRates } from './types';
import { discriminatorLoss, generatorLoss, globalNorm, gradientPenalty } from '../losses';
import { buildDcgan, discriminatorFeatureModel, type DcganNets } from '../models/dcgan';
import type { Batcher } from './batcher';
import {
  ADAM_EPSILON,
  classInput,
  networkInput,
  oneHotClasses,
  setAdamLearningRate,
  trainableVariables,
  type ClassChoice,
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

/** One discriminator step's batches: images, and a conditional model's one-hot classes. */
interface StepBatch {
  /** Noise for the generated batch [b, latent]. */
  readonly z: tf.Tensor2D;
  /** Real images [b, H, W, C] in [-1, 1]. */
  readonly real: tf.Tensor4D;
  /** Classes of the real and the generated images [b, classes]; null when unconditional. */
  readonly realClasses: tf.Tensor2D | null;
  readonly fakeClasses: tf.Tensor2D | null;
}

export class GanRuntime implements ModelRuntime {
  readonly kind = 'dcgan' as const;
  readonly range = 'tanh' as const;
  readonly nets: DcganNets;
  readonly optimizers: { generator: OptimizerSlot; discriminator: OptimizerSlot };
  readonly latentDim: number;
  readonly classes: number;
  readonly imagesPerStep: number;
  /** D's features for feature matching, built on first use; shares D's layers. */
  private featureModel: tf.LayersModel | null = null;

  /** `classes`: the dataset's class count, for a conditional config (src/datasets/classes.ts). */
  constructor(
    private readonly config: DcganConfig,
    shape: ImageShape,
    seed: number,
    classes = 0,
  ) {
    this.nets = buildDcgan(config, shape, seed, classes);
    this.classes = config.conditional ? classes : 0;
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
    const { dStepsPerG, loss } = this.config;
    let batch: StepBatch | null = null;
    let d: DiscriminatorUpdate | null = null;

    for (let k = 0; k < dStepsPerG; k++) {
      if (batch !== null) disposeBatch(batch);
      tf.dispose(d === null ? [] : Object.values(d));
      const z = tf.tensor2d(rng.normals(this.config.batchSize * this.latentDim), [
        this.config.batchSize,
        this.latentDim,
      ]);
      // WGAN-GP's interpolation weights, one per image, drawn right after z.
      const eps = loss === 'wgan-gp' ? tf.tensor1d(rng.uniforms(this.config.batchSize)) : null;
      batch = this.nextBatch(z, batcher, rng);
      // Generated images are constants for D's update: G's variables are not in D's list.
      const fake = tf.tidy(() => this.generator(batch as StepBatch, true));
      d = this.updateDiscriminator(batch, fake, eps);
      tf.dispose([fake, ...(eps === null ? [] : [eps])]);
    }

    // The generator step reuses the last noise batch and its classes, as the reference DCGAN
    // loop does; feature matching also reuses the last real batch.
    const last = batch as StepBatch;
    const g = this.updateGenerator(last);
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
    tf.dispose([packed, ...scalars]);
    disposeBatch(last);
    return { kind: 'dcgan', dLoss, gLoss, dReal, dFake, gGradNorm, dGradNorm, wDistance };
  }

  /**
   * The real batch (with its labels, for a conditional model) and the generated batch's classes.
   * Those are drawn from `rng` right after z and WGAN-GP's weights, uniformly over the classes;
   * under WGAN-GP the generated batch takes the real batch's classes instead, because the
   * penalty scores points between real image i and generated image i, and a point between two
   * classes has no one class to give the critic beside it.
   */
  private nextBatch(z: tf.Tensor2D, batcher: Batcher, rng: Rng): StepBatch {
    const { batchSize, loss } = this.config;
    const k = this.classes;
    if (k === 0) return { z, real: batcher.next(batchSize), realClasses: null, fakeClasses: null };
    const drawn =
      loss === 'wgan-gp' ? null : Int32Array.from({ length: batchSize }, () => rng.int(k));
    const { images, labels } = batcher.nextLabelled(batchSize);
    const realClasses = oneHotClasses(batchSize, k, labels);
    const fakeClasses = drawn === null ? realClasses.clone() : oneHotClasses(batchSize, k, drawn);
    return { z, real: images, realClasses, fakeClasses };
  }

  /** G's images for the batch's noise and generated classes, [b, H, W, C] in [-1, 1]. */
  private generator(batch: StepBatch, training: boolean): tf.Tensor4D {
    const input = networkInput(batch.z, batch.fakeClasses);
    return this.nets.generator.apply(input, { training }) as tf.Tensor4D;
  }

  /** One Adam step of D on a real and a generated batch (plus WGAN-GP's penalty when eps is set). */
  private updateDiscriminator(
    batch: StepBatch,
    fake: tf.Tensor4D,
    eps: tf.Tensor1D | null,
  ): DiscriminatorUpdate {
    const { loss, labelSmoothing, gpWeight } = this.config;
    const D = this.nets.discriminator;
    const { real, realClasses, fakeClasses } = batch;
    const critic = (x: tf.Tensor4D, y: tf.Tensor2D | null) =>
      D.apply(networkInput(x, y), { training: true }) as tf.Tensor2D; // [b, 1]
    // Filled inside the gradient closure; kept so they survive its tidy scope.
    const seen: { real?: tf.Scalar; fake?: tf.Scalar; distance?: tf.Scalar } = {};
    const { cost, gradNorm } = this.update(this.optimizers.discriminator, () => {
      const realLogits = critic(real, realClasses);
      const fakeLogits = critic(fake, fakeClasses);
      seen.real = tf.keep(tf.mean(tf.sigmoid(realLogits)));
      seen.fake = tf.keep(tf.mean(tf.sigmoid(fakeLogits)));
      seen.distance = tf.keep(tf.mean(realLogits).sub(tf.mean(fakeLogits)));
      const base = discriminatorLoss(loss, realLogits, fakeLogits, labelSmoothing);
      if (eps === null) return base;
      // The mixed images carry the real batch's classes, which are the generated batch's too.
      const mixedCritic = (x: tf.Tensor4D) => critic(x, realClasses);
      return base.add(gradientPenalty(mixedCritic, real, fake, eps).mul(gpWeight));
    });
    const { real: realProb, fake: fakeProb, distance } = seen as Required<typeof seen>;
    return { cost, gradNorm, realProb, fakeProb, wDistance: distance };
  }

  /** One Adam step of G through D, from the noise and classes of D's last update. */
  private updateGenerator(batch: StepBatch) {
    const { loss } = this.config;
    const D = this.nets.discriminator;
    const features = loss === 'feature-matching' ? this.features() : null;
    // Feature matching's target: D's features on the last real batch, a constant for G.
    const realFeatures = features === null ? undefined : tf.tidy(() => features(batch.real));
    const result = this.update(this.optimizers.generator, () => {
      const fake = this.generator(batch, true);
      if (features !== null && realFeatures !== undefined) {
        return generatorLoss(loss, null, { real: realFeatures, fake: features(fake) });
      }
      const input = networkInput(fake, batch.fakeClasses);
      return generatorLoss(loss, D.apply(input, { training: true }) as tf.Tensor2D);
    });
    realFeatures?.dispose();
    return result;
  }

  /** D's flattened features [b, f] of images, in training mode (batch statistics). */
  private features(): (images: tf.Tensor4D) => tf.Tensor2D {
    this.featureModel ??= discriminatorFeatureModel(this.nets.discriminator);
    const model = this.featureModel;
    return (images) => model.apply(images, { training: true }) as tf.Tensor2D;
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

  generate(z: tf.Tensor2D, classes?: ClassChoice): tf.Tensor4D {
    return tf.tidy(() => {
      const y = classInput(z.shape[0], this.classes, classes);
      return this.nets.generator.apply(networkInput(z, y), { training: false }) as tf.Tensor4D;
    });
  }

  setLearningRates(rates: LearningRates): void {
    if (rates.lrG !== undefined)
      setAdamLearningRate(this.optimizers.generator.optimizer, rates.lrG);
    if (rates.lrD !== undefined)
      setAdamLearningRate(this.optimizers.discriminator.optimizer, rates.lrD);
  }

  dispose(): void {
    // The feature model shares D's layers: disposing D frees them.
    this.nets.generator.dispose();
    this.nets.discriminator.dispose();
    this.optimizers.generator.optimizer.dispose();
    this.optimizers.discriminator.optimizer.dispose();
  }
}

function disposeBatch(batch: StepBatch): void {
  tf.dispose([batch.z, batch.real, batch.realClasses, batch.fakeClasses].filter((t) => t !== null));
}
