// VAE training: one Adam over encoder and decoder, minimising the negative ELBO
// reconstruction NLL + beta * KL with the reparameterisation trick.

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
  setAdamLearningRate,
  trainableVariables,
  type ModelRuntime,
  type OptimizerSlot,
} from './runtime';

export class VaeRuntime implements ModelRuntime {
  readonly kind = 'vae' as const;
  readonly range = 'unit' as const;
  readonly nets: VaeNets;
  readonly optimizers: { vae: OptimizerSlot };
  readonly latentDim: number;
  readonly imagesPerStep: number;

  constructor(
    private readonly config: VaeConfig,
    shape: ImageShape,
    seed: number,
  ) {
    this.nets = buildVae(config, shape, seed);
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
    const x = batcher.next(batchSize); // [b, H, W, C] in [0, 1]
    const eps = tf.tensor2d(rng.normals(batchSize * latentDim), [batchSize, latentDim]);
    // Filled inside minimize's closure; kept so they survive its tidy scope.
    const terms: { recon: tf.Scalar | null; kl: tf.Scalar | null } = { recon: null, kl: null };
    const cost = this.optimizers.vae.optimizer.minimize(
      () => {
        const [mu, logVar] = this.nets.encoder.apply(x, { training: true }) as tf.Tensor2D[];
        const z = reparameterize(mu, logVar, eps); // [b, latent]
        const logits = this.nets.decoder.apply(z, { training: true }) as tf.Tensor4D;
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
    tf.dispose([packed, ...scalars, x, eps]);
    return { kind: 'vae', total, recon: reconValue, kl: klValue, klWeight: beta };
  }

  generate(z: tf.Tensor2D): tf.Tensor4D {
    return tf.tidy(() =>
      tf.sigmoid(this.nets.decoder.apply(z, { training: false }) as tf.Tensor4D),
    );
  }

  /** Decodes the posterior mean of each image. */
  reconstruct(images: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const [mu] = this.nets.encoder.apply(images, { training: false }) as tf.Tensor2D[];
      return this.generate(mu);
    });
  }

  /** Posterior means [n, latent] of images in [0, 1]. */
  encodeMean(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(
      () => (this.nets.encoder.apply(images, { training: false }) as tf.Tensor2D[])[0],
    );
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
