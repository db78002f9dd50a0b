// VAE training: one Adam over encoder and decoder, minimising the negative ELBO
// reconstruction NLL + beta * KL with the reparameterisation trick. A conditional VAE gives both
// networks each image's class as well (one-hot), so q(z|x, y) and p(x|z, y).

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { Rng } from '../../lib/rng';
import type { VaeConfig } from '../config';
import type { LearningRates, VaeLosses } from './types';
import { klDivergence, klWeightAt, reconstructionNll, reparameterize } from '../losses';
import { buildVae, type VaeNets } from '../models/vae';
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

export class VaeRuntime implements ModelRuntime {
  readonly kind = 'vae' as const;
  readonly range = 'unit' as const;
  readonly nets: VaeNets;
  readonly optimizers: { vae: OptimizerSlot };
  readonly latentDim: number;
  readonly classes: number;
  readonly imagesPerStep: number;

  /** `classes`: the dataset's class count, for a conditional config (src/datasets/classes.ts). */
  constructor(
    private readonly config: VaeConfig,
    shape: ImageShape,
    seed: number,
    classes = 0,
  ) {
    this.nets = buildVae(config, shape, seed, classes);
    this.classes = config.conditional ? classes : 0;
    this.latentDim = config.latentDim;
    this.imagesPerStep = config.batchSize;
    this.optimizers = {
      vae: {
        optimizer: tf.train.adam(config.lr, config.beta1, config.beta2, ADAM_EPSILON),
        variables: [
          ...trainableVariables(this.nets.encoder),
          ...trainableVariables(this.nets.decoder),
        ],
      },
    };
  }

  async trainStep(batcher: Batcher, rng: Rng, step: number): Promise<VaeLosses> {
    const { batchSize, latentDim, likelihood, klWeight, klWarmupSteps } = this.config;
    const beta = klWeightAt(step, klWeight, klWarmupSteps);
    // An unconditional model asks for the images only.
    const batch =
      this.classes === 0
        ? { images: batcher.next(batchSize), labels: null }
        : batcher.nextLabelled(batchSize);
    const x = batch.images; // [b, H, W, C] in [0, 1]
    const y = batch.labels === null ? null : oneHotClasses(batchSize, this.classes, batch.labels);
    const eps = tf.tensor2d(rng.normals(batchSize * latentDim), [batchSize, latentDim]);
    // Filled inside minimize's closure; kept so they survive its tidy scope.
    const terms: { recon: tf.Scalar | null; kl: tf.Scalar | null } = { recon: null, kl: null };
    const cost = this.optimizers.vae.optimizer.minimize(
      () => {
        const [mu, logVar] = this.nets.encoder.apply(networkInput(x, y), {
          training: true,
        }) as tf.Tensor2D[];
        const z = reparameterize(mu, logVar, eps); // [b, latent]
        const logits = this.nets.decoder.apply(networkInput(z, y), {
          training: true,
        }) as tf.Tensor4D;
        const r = tf.keep(reconstructionNll(likelihood, x, logits));
        const k = tf.keep(klDivergence(mu, logVar));
        terms.recon = r;
        terms.kl = k;
        return r.add(k.mul(beta)) as tf.Scalar;
      },
      true,
      this.optimizers.vae.variables as tf.Variable[],
    );
    const scalars = [cost, terms.recon, terms.kl] as tf.Scalar[];
    const packed = tf.stack(scalars);
    const [total, reconValue, klValue] = await packed.data();
    tf.dispose([packed, ...scalars, x, eps, ...(y === null ? [] : [y])]);
    return { kind: 'vae', total, recon: reconValue, kl: klValue, klWeight: beta };
  }

  generate(z: tf.Tensor2D, classes?: ClassChoice): tf.Tensor4D {
    return tf.tidy(() => {
      const y = classInput(z.shape[0], this.classes, classes);
      return tf.sigmoid(
        this.nets.decoder.apply(networkInput(z, y), { training: false }) as tf.Tensor4D,
      );
    });
  }

  /**
   * Decodes the posterior mean of each image. A conditional model encodes and decodes image i
   * as class `classes[i]` (its label), by default as generate() chooses.
   */
  reconstruct(images: tf.Tensor4D, classes?: Int32Array): tf.Tensor4D {
    return tf.tidy(() => this.generate(this.encodeMean(images, classes), classes));
  }

  /** Posterior means [n, latent] of images in [0, 1] (of class `classes[i]`, as reconstruct). */
  encodeMean(images: tf.Tensor4D, classes?: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      const y = classInput(images.shape[0], this.classes, classes);
      const input = networkInput(images, y);
      return (this.nets.encoder.apply(input, { training: false }) as tf.Tensor2D[])[0];
    });
  }

  setLearningRates(rates: LearningRates): void {
    if (rates.lr !== undefined) setAdamLearningRate(this.optimizers.vae.optimizer, rates.lr);
  }

  dispose(): void {
    this.nets.encoder.dispose();
    this.nets.decoder.dispose();
    this.optimizers.vae.optimizer.dispose();
  }
}
