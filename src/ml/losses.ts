// Loss functions, written from logits for numerical stability. Each returns a scalar tensor.
// Shapes: logits [batch, 1] for the discriminator; images [batch, H, W, C] for the VAE.

import * as tf from '@tensorflow/tfjs';
import type { GanLoss } from './config';
// Side effect: gradients the gradient penalty needs (comparisons) or needs fast (Tile).
import './extra-gradients';

/**
 * Binary cross-entropy of sigmoid(logits) against a constant target, averaged:
 * max(l, 0) - l * y + log(1 + exp(-|l|)), which never overflows.
 */
export function bceWithLogits(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => {
    const perItem = tf
      .relu(logits)
      .sub(logits.mul(target))
      .add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(perItem) as tf.Scalar;
  });
}

/** The discriminator's loss on real and generated logits. */
export function discriminatorLoss(
  kind: GanLoss,
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  labelSmoothing: number,
): tf.Scalar {
  return tf.tidy(() => {
    switch (kind) {
      case 'bce':
      case 'minimax':
      case 'feature-matching':
        // These differ in the generator's loss only. One-sided smoothing: real targets are
        // 1 - s, fake targets stay 0.
        return bceWithLogits(realLogits, 1 - labelSmoothing).add(bceWithLogits(fakeLogits, 0));
      case 'lsgan':
        // Least squares (Mao et al.): push real scores to 1 and fake scores to 0.
        return tf
          .mean(tf.square(realLogits.sub(1)))
          .add(tf.mean(tf.square(fakeLogits)))
          .mul(0.5) as tf.Scalar;
      case 'hinge':
        return tf
          .mean(tf.relu(tf.sub(1, realLogits)))
          .add(tf.mean(tf.relu(tf.add(1, fakeLogits)))) as tf.Scalar;
      case 'wgan-gp':
        // The critic's estimate of -W(real, fake); the runtime adds the gradient penalty,
        // which needs the critic itself (gradientPenalty below).
        return tf.mean(fakeLogits).sub(tf.mean(realLogits)) as tf.Scalar;
    }
  });
}

/** The discriminator's features [b, k] on a real and a generated batch (feature matching). */
export interface FeaturePair {
  readonly real: tf.Tensor2D;
  readonly fake: tf.Tensor2D;
}

/**
 * The generator's loss on the discriminator's logits for generated images; feature matching
 * reads the discriminator's features instead (its logits are then unused).
 */
export function generatorLoss(
  kind: GanLoss,
  fakeLogits: tf.Tensor | null,
  features?: FeaturePair,
): tf.Scalar {
  if (kind === 'feature-matching') {
    if (features === undefined) throw new Error('Feature matching needs the features of D.');
    return featureMatchingLoss(features.real, features.fake);
  }
  if (fakeLogits === null) throw new Error(`The ${kind} loss needs D's logits.`);
  return tf.tidy(() => {
    switch (kind) {
      case 'bce':
        // Non-saturating: maximise log D(G(z)) rather than minimise log(1 - D(G(z))).
        return bceWithLogits(fakeLogits, 1);
      case 'minimax':
        // mean(log(1 - sigmoid(l))) = -mean(softplus(l)), and bce(l, target 0) = mean(softplus(l)).
        // Flat where D is sure the images are fake (l very negative): the saturation to watch.
        return tf.neg(bceWithLogits(fakeLogits, 0)) as tf.Scalar;
      case 'lsgan':
        return tf.mean(tf.square(fakeLogits.sub(1))).mul(0.5) as tf.Scalar;
      case 'hinge':
      case 'wgan-gp':
        return tf.neg(tf.mean(fakeLogits)) as tf.Scalar;
    }
  });
}

/**
 * Feature matching (Salimans et al. 2016): sum_k (mean_batch f_k(real) - mean_batch f_k(fake))^2
 * over the discriminator's features [b, k].
 */
export function featureMatchingLoss(
  realFeatures: tf.Tensor2D,
  fakeFeatures: tf.Tensor2D,
): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.square(tf.mean(realFeatures, 0).sub(tf.mean(fakeFeatures, 0)))));
}

/**
 * WGAN-GP's gradient penalty, unweighted: mean_i (||grad_x critic(xhat)_i||_2 - 1)^2 with
 * xhat = eps * real + (1 - eps) * fake, one eps per image [b], the norm over H, W and C. Built
 * from tf.grad inside the caller's gradient scope, so its own gradient with respect to the
 * critic's weights (a gradient of a gradient) reaches the critic's update.
 */
export function gradientPenalty(
  critic: (x: tf.Tensor4D) => tf.Tensor,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
  eps: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const e = eps.reshape([-1, 1, 1, 1]); // [b, 1, 1, 1]
    const mixed = real.mul(e).add(fake.mul(tf.sub(1, e))) as tf.Tensor4D; // [b, H, W, C]
    // Summing over the batch gives each image's own gradient: images do not mix in the critic.
    const grads = tf.grad((x) => tf.sum(critic(x as tf.Tensor4D)))(mixed); // [b, H, W, C]
    const norms = tf.sqrt(tf.sum(tf.square(grads), [1, 2, 3])); // [b]
    return tf.mean(tf.square(norms.sub(1))) as tf.Scalar;
  });
}

/** The global L2 norm of a set of gradients: sqrt of the sum of every squared element. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Fixed standard deviation of the Gaussian likelihood on [0, 1] pixels. */
export const GAUSSIAN_SIGMA = 0.1;

/**
 * Reconstruction negative log-likelihood per image, summed over pixels, averaged over the batch.
 * Bernoulli: binary cross-entropy of sigmoid(logits) against pixels in [0, 1].
 * Gaussian: squared error of sigmoid(logits) scaled by 1 / (2 sigma^2), plus the normaliser
 * log(sigma * sqrt(2 pi)) per pixel, so both are true negative log-likelihoods in nats.
 */
export function reconstructionNll(
  likelihood: 'bernoulli' | 'gaussian',
  pixels: tf.Tensor4D,
  logits: tf.Tensor4D,
): tf.Scalar {
  return tf.tidy(() => {
    let perPixel: tf.Tensor;
    if (likelihood === 'bernoulli') {
      perPixel = tf
        .relu(logits)
        .sub(logits.mul(pixels))
        .add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    } else {
      const sigma = GAUSSIAN_SIGMA;
      const normaliser = Math.log(sigma * Math.sqrt(2 * Math.PI));
      perPixel = tf
        .square(tf.sigmoid(logits).sub(pixels))
        .div(2 * sigma * sigma)
        .add(normaliser);
    }
    return tf.mean(tf.sum(perPixel, [1, 2, 3])) as tf.Scalar;
  });
}

/** KL(q(z|x) || N(0, I)) per image, summed over latent dimensions, averaged over the batch. */
export function klDivergence(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    // -0.5 * sum(1 + log sigma^2 - mu^2 - sigma^2)
    const perDim = tf.add(1, logVar).sub(tf.square(mu)).sub(tf.exp(logVar));
    return tf.mean(tf.sum(perDim, 1)).mul(-0.5) as tf.Scalar;
  });
}

/** Reparameterisation: z = mu + sigma * eps with sigma = exp(logVar / 2). [b, latent] */
export function reparameterize(
  mu: tf.Tensor2D,
  logVar: tf.Tensor2D,
  eps: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => mu.add(tf.exp(logVar.mul(0.5)).mul(eps)));
}

/** The KL weight in force at a step: linear warm-up from 0 to the configured weight. */
export function klWeightAt(step: number, weight: number, warmupSteps: number): number {
  if (warmupSteps <= 0) return weight;
  return weight * Math.min(1, step / warmupSteps);
}
