// Test-set quality of a VAE: the negative ELBO in nats per image and the reconstruction error.
//
// Estimator (no importance weighting): NELBO(x) = E_q(z|x)[-log p(x|z)] + KL(q(z|x) || N(0, I)),
// with the KL term in closed form and the expectation a Monte Carlo mean over `epsSamples` draws
// of z = mu + sigma * eps per image (seeded). It is an upper bound on -log p(x), the same quantity
// the training loss minimises, computed with the same likelihood code (src/ml/losses.ts): for
// Bernoulli, binary cross-entropy against the continuous [0, 1] pixels (not binarised MNIST, so
// the numbers are not comparable with papers that binarise).

import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import { Rng } from '../../lib/rng';
import type { VaeLikelihood } from '../config';
import { klDivergence, reconstructionNll, reparameterize } from '../losses';
import type { ByteImages } from './nearest';

export interface VaeQuality {
  /** Mean negative ELBO per image, nats. */
  readonly nelbo: number;
  /** Mean E_q[-log p(x|z)] per image, nats. */
  readonly reconNll: number;
  /** Mean KL(q(z|x) || p(z)) per image, nats. */
  readonly kl: number;
  /** Mean squared error per pixel (in [0, 1] units) of the reconstruction from the posterior mean. */
  readonly reconMse: number;
  readonly count: number;
  readonly epsSamples: number;
  readonly likelihood: VaeLikelihood;
}

export interface VaeNetsLike {
  /** image [b, H, W, C] in [0, 1] -> [mu, logVar], each [b, latent] */
  readonly encoder: tf.LayersModel;
  /** z [b, latent] -> logits [b, H, W, C] */
  readonly decoder: tf.LayersModel;
}

export interface VaeQualityOptions {
  /** Images from the start of the split to score (default: all). */
  readonly count?: number;
  /** z draws per image (default 4). */
  readonly epsSamples?: number;
  readonly seed?: number;
  readonly batchSize?: number;
  /**
   * A class-conditional model: the one-hot classes [count, classes] of test images `start` to
   * `start + count` (their labels), the networks' second input.
   */
  readonly classesOf?: (start: number, count: number) => tf.Tensor2D;
}

export async function vaeTestQuality(
  nets: VaeNetsLike,
  likelihood: VaeLikelihood,
  split: ByteImages,
  shape: ImageShape,
  options: VaeQualityOptions = {},
): Promise<VaeQuality> {
  const count = Math.min(options.count ?? split.count, split.count);
  const samples = options.epsSamples ?? 4;
  const batchSize = options.batchSize ?? 250;
  const rng = new Rng(options.seed ?? 0).fork(0xe1b0);
  const latent = (nets.encoder.outputs[0].shape[1] ?? 0) as number;
  const p = shape.height * shape.width * shape.channels;
  let nll = 0;
  let kl = 0;
  let mse = 0;
  for (let start = 0; start < count; start += batchSize) {
    const b = Math.min(batchSize, count - start);
    const eps = Array.from({ length: samples }, () => rng.normals(b * latent));
    const sums = tf.tidy(() => {
      const bytes = split.images.subarray(start * p, (start + b) * p);
      const x = tf
        .tensor4d(bytes, [b, shape.height, shape.width, shape.channels], 'int32')
        .toFloat()
        .div(255) as tf.Tensor4D; // [b, H, W, C] in [0, 1]
      const y = options.classesOf?.(start, b); // [b, classes] one-hot, conditional models only
      const input = <T extends tf.Tensor>(t: T): T | tf.Tensor[] => (y === undefined ? t : [t, y]);
      const [mu, logVar] = nets.encoder.apply(input(x), { training: false }) as tf.Tensor2D[];
      let recon: tf.Scalar = tf.scalar(0);
      for (const e of eps) {
        const z = reparameterize(mu, logVar, tf.tensor2d(e, [b, latent]));
        const logits = nets.decoder.apply(input(z), { training: false }) as tf.Tensor4D;
        recon = recon.add(reconstructionNll(likelihood, x, logits));
      }
      const meanImage = tf.sigmoid(
        nets.decoder.apply(input(mu), { training: false }) as tf.Tensor4D,
      );
      // Batch means scaled back to batch sums: [reconNll, kl, squared error]
      return tf.stack([
        recon.div(samples).mul(b),
        klDivergence(mu, logVar).mul(b),
        tf.sum(tf.square(meanImage.sub(x))).div(p),
      ]);
    });
    const [r, k, m] = await sums.data();
    sums.dispose();
    nll += r;
    kl += k;
    mse += m;
  }
  return {
    nelbo: (nll + kl) / count,
    reconNll: nll / count,
    kl: kl / count,
    reconMse: mse / count,
    count,
    epsSamples: samples,
    likelihood,
  };
}
