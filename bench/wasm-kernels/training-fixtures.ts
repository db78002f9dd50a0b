// DCGAN- and VAE-shaped models and one training step of each, with which bench/wasm-kernels
// lists the kernels a training step calls and times the wasm kernels in isolation. They follow
// the playground's architectures but are self-contained, so a kernel benchmark keeps its
// meaning while the product's models change. Every random draw is seeded, so two builds give
// the same weights. Longer than 300 lines: the two models and their steps share the builders
// and the seeded batch, and the kernel scripts take them as one set.

import * as tf from '@tensorflow/tfjs';

import { Rng } from '../../src/lib/rng';

export interface ConvNetSize {
  /** Output image side; the generator starts at side / 4. */
  readonly imageSize: number;
  readonly channels: number;
  readonly latentDim: number;
  /** Filters of the widest-resolution layer; the next one has twice as many. */
  readonly baseFilters: number;
  readonly kernelSize: number;
}

/** The benchmark's DCGAN: 28x28x1, dense 100 -> 7*7*128, convT 128->64->1, conv 1->64->128. */
export const DCGAN_28: ConvNetSize = {
  imageSize: 28,
  channels: 1,
  latentDim: 100,
  baseFilters: 64,
  kernelSize: 4,
};

/** Small enough for a unit test step to take milliseconds. */
export const TINY: ConvNetSize = {
  imageSize: 8,
  channels: 1,
  latentDim: 6,
  baseFilters: 4,
  kernelSize: 4,
};

/** DCGAN weights are drawn from N(0, 0.02); a per-layer seed keeps builds reproducible. */
function init(seed: number): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed });
}

/**
 * The generator's and decoder's upper half: [B, s4*s4*wide] reshaped to [B, s4, s4, wide], then
 * two stride-2 transposed convolutions to [B, S, S, C]; `seed` and `seed + 1` seed their
 * kernels. The last layer gets `lastActivation` (tanh for images, none for logits).
 */
function upsamplingLayers(
  size: ConvNetSize,
  seed: number,
  lastActivation?: 'tanh',
): tf.layers.Layer[] {
  const s4 = size.imageSize / 4;
  const wide = size.baseFilters * 2;
  const k = size.kernelSize;
  return [
    tf.layers.reshape({ targetShape: [s4, s4, wide] }), // [B, s4, s4, wide]
    tf.layers.conv2dTranspose({
      filters: size.baseFilters,
      kernelSize: k,
      strides: 2,
      padding: 'same',
      kernelInitializer: init(seed),
    }), // [B, s2, s2, base]
    tf.layers.batchNormalization(),
    tf.layers.reLU(),
    tf.layers.conv2dTranspose({
      filters: size.channels,
      kernelSize: k,
      strides: 2,
      padding: 'same',
      activation: lastActivation,
      kernelInitializer: init(seed + 1),
    }), // [B, S, S, C]
  ];
}

/**
 * The discriminator's and encoder's lower half: two stride-2 convolutions from [B, S, S, C] to
 * [B, S/4, S/4, 2*base], flattened; `seed` and `seed + 1` seed their kernels. After the first:
 * a ReLU in the layer (encoder) or a leaky ReLU layer (discriminator); after the second, batch
 * norm and a leaky ReLU in both.
 */
function downsamplingLayers(
  size: ConvNetSize,
  seed: number,
  firstActivation: 'relu' | 'leakyReLU',
): tf.layers.Layer[] {
  const k = size.kernelSize;
  const first = tf.layers.conv2d({
    inputShape: [size.imageSize, size.imageSize, size.channels],
    filters: size.baseFilters,
    kernelSize: k,
    strides: 2,
    padding: 'same',
    activation: firstActivation === 'relu' ? 'relu' : undefined,
    kernelInitializer: init(seed),
  }); // [B, S/2, S/2, base]
  return [
    first,
    ...(firstActivation === 'leakyReLU' ? [tf.layers.leakyReLU({ alpha: 0.2 })] : []),
    tf.layers.conv2d({
      filters: size.baseFilters * 2,
      kernelSize: k,
      strides: 2,
      padding: 'same',
      kernelInitializer: init(seed + 1),
    }), // [B, S/4, S/4, 2*base]
    tf.layers.batchNormalization(),
    tf.layers.leakyReLU({ alpha: 0.2 }),
    tf.layers.flatten(),
  ];
}

/** Generator: z [B, latent] -> image [B, S, S, C] in [-1, 1]. */
export function buildGenerator(size: ConvNetSize, seed = 1): tf.Sequential {
  const s4 = size.imageSize / 4;
  const wide = size.baseFilters * 2;
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [size.latentDim],
        units: s4 * s4 * wide,
        kernelInitializer: init(seed),
      }), // [B, s4*s4*wide]
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      ...upsamplingLayers(size, seed + 1, 'tanh'),
    ],
  });
}

/** Discriminator: image [B, S, S, C] -> logit [B, 1]. */
export function buildDiscriminator(size: ConvNetSize, seed = 11): tf.Sequential {
  return tf.sequential({
    layers: [
      ...downsamplingLayers(size, seed, 'leakyReLU'),
      tf.layers.dense({ units: 1, kernelInitializer: init(seed + 2) }), // [B, 1]
    ],
  });
}

/** VAE encoder: image [B, S, S, C] -> [mu, logvar] concatenated, [B, 2*latent]. */
export function buildEncoder(size: ConvNetSize, seed = 21): tf.Sequential {
  return tf.sequential({
    layers: [
      ...downsamplingLayers(size, seed, 'relu'),
      tf.layers.dense({ units: 2 * size.latentDim, kernelInitializer: init(seed + 2) }),
    ],
  });
}

/** VAE decoder: z [B, latent] -> pixel logits [B, S, S, C] (sigmoid gives [0, 1]). */
export function buildDecoder(size: ConvNetSize, seed = 31): tf.Sequential {
  const s4 = size.imageSize / 4;
  const wide = size.baseFilters * 2;
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [size.latentDim],
        units: s4 * s4 * wide,
        activation: 'relu',
        kernelInitializer: init(seed),
      }),
      ...upsamplingLayers(size, seed + 1),
    ],
  });
}

function variablesOf(model: tf.LayersModel): tf.Variable[] {
  // LayerVariable keeps its tf.Variable in `val`, which the public typings do not expose.
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

export type GanLossKind = 'bce' | 'lsgan' | 'hinge';

export interface Dcgan {
  readonly generator: tf.Sequential;
  readonly discriminator: tf.Sequential;
  readonly optG: tf.Optimizer;
  readonly optD: tf.Optimizer;
  dispose(): void;
}

export function buildDcgan(size: ConvNetSize, seed = 1): Dcgan {
  const generator = buildGenerator(size, seed);
  const discriminator = buildDiscriminator(size, seed + 10);
  // One Adam per network (Adam keeps its slots by position); epsilon given explicitly.
  const optG = tf.train.adam(2e-4, 0.5, 0.999, 1e-7);
  const optD = tf.train.adam(2e-4, 0.5, 0.999, 1e-7);
  return {
    generator,
    discriminator,
    optG,
    optD,
    dispose() {
      generator.dispose();
      discriminator.dispose();
      optG.dispose();
      optD.dispose();
    },
  };
}

/** D's loss on real and fake logits, and G's loss on fake logits, for each GAN loss. */
function ganLosses(kind: GanLossKind, real: tf.Tensor, fake: tf.Tensor): [tf.Scalar, tf.Scalar] {
  switch (kind) {
    case 'bce': {
      const d = tf.add(
        tf.losses.sigmoidCrossEntropy(tf.onesLike(real), real),
        tf.losses.sigmoidCrossEntropy(tf.zerosLike(fake), fake),
      );
      const g = tf.losses.sigmoidCrossEntropy(tf.onesLike(fake), fake);
      return [d as tf.Scalar, g as tf.Scalar];
    }
    case 'lsgan': {
      const d = tf.add(
        tf.losses.meanSquaredError(tf.onesLike(real), real),
        tf.losses.meanSquaredError(tf.zerosLike(fake), fake),
      );
      return [d as tf.Scalar, tf.losses.meanSquaredError(tf.onesLike(fake), fake)];
    }
    case 'hinge': {
      const d = tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
      return [d as tf.Scalar, tf.neg(tf.mean(fake))];
    }
  }
}

/** One D step then one G step, both in training mode; returns the two losses. */
export function dcganStep(
  gan: Dcgan,
  real: tf.Tensor4D,
  noise: tf.Tensor2D,
  loss: GanLossKind = 'bce',
): { dLoss: number; gLoss: number } {
  const { generator: G, discriminator: D } = gan;
  const dCost = gan.optD.minimize(
    () => {
      const fake = G.apply(noise, { training: true }) as tf.Tensor4D; // [B, S, S, C]
      const realLogits = D.apply(real, { training: true }) as tf.Tensor; // [B, 1]
      const fakeLogits = D.apply(fake, { training: true }) as tf.Tensor; // [B, 1]
      return ganLosses(loss, realLogits, fakeLogits)[0];
    },
    true,
    variablesOf(D),
  );
  const gCost = gan.optG.minimize(
    () => {
      const fake = G.apply(noise, { training: true }) as tf.Tensor4D;
      const fakeLogits = D.apply(fake, { training: true }) as tf.Tensor;
      const realLogits = tf.zerosLike(fakeLogits); // unused by the G losses
      return ganLosses(loss, realLogits, fakeLogits)[1];
    },
    true,
    variablesOf(G),
  );
  const out = { dLoss: dCost!.dataSync()[0], gLoss: gCost!.dataSync()[0] };
  dCost!.dispose();
  gCost!.dispose();
  return out;
}

export interface Vae {
  readonly encoder: tf.Sequential;
  readonly decoder: tf.Sequential;
  readonly opt: tf.Optimizer;
  readonly latentDim: number;
  dispose(): void;
}

export function buildVae(size: ConvNetSize, seed = 21): Vae {
  const encoder = buildEncoder(size, seed);
  const decoder = buildDecoder(size, seed + 10);
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
  return {
    encoder,
    decoder,
    opt,
    latentDim: size.latentDim,
    dispose() {
      encoder.dispose();
      decoder.dispose();
      opt.dispose();
    },
  };
}

/**
 * One VAE step: reconstruction summed per image plus KL(q(z|x) || N(0, I)), averaged over the
 * batch. Bernoulli: sigmoid cross-entropy with the decoder's logits; gaussian: squared error of
 * sigmoid(logits). `eps` is the reparameterization noise.
 */
export function vaeStep(
  vae: Vae,
  images01: tf.Tensor4D,
  eps: tf.Tensor2D,
  likelihood: 'bernoulli' | 'gaussian' = 'bernoulli',
): { loss: number; recon: number; kl: number } {
  let recon = 0;
  let kl = 0;
  const cost = vae.opt.minimize(
    () => {
      const stats = vae.encoder.apply(images01, { training: true }) as tf.Tensor2D; // [B, 2L]
      const [mu, logvar] = tf.split(stats, 2, 1) as [tf.Tensor2D, tf.Tensor2D]; // [B, L] each
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), eps)); // [B, L]
      const logits = vae.decoder.apply(z, { training: true }) as tf.Tensor4D; // [B, S, S, C]
      const batch = images01.shape[0];
      const reconSum =
        likelihood === 'bernoulli'
          ? tf.losses.sigmoidCrossEntropy(images01, logits, undefined, 0, tf.Reduction.SUM)
          : tf.losses.meanSquaredError(images01, tf.sigmoid(logits), undefined, tf.Reduction.SUM);
      const reconLoss = tf.div(reconSum, batch);
      const klLoss = tf.div(
        tf.mul(-0.5, tf.sum(tf.sub(tf.add(1, logvar), tf.add(tf.square(mu), tf.exp(logvar))))),
        batch,
      );
      recon = reconLoss.dataSync()[0];
      kl = klLoss.dataSync()[0];
      return tf.add(reconLoss, klLoss) as tf.Scalar;
    },
    true,
    variablesOf(vae.encoder).concat(variablesOf(vae.decoder)),
  );
  const loss = cost!.dataSync()[0];
  cost!.dispose();
  return { loss, recon, kl };
}

/** Seeded inputs for a step: images in [-1, 1] (GAN) or [0, 1] (VAE) and normal noise. */
export function seededBatch(
  size: ConvNetSize,
  batch: number,
  seed: number,
): { images: Float32Array; noise: Float32Array } {
  const rng = new Rng(seed);
  const images = new Float32Array(batch * size.imageSize * size.imageSize * size.channels);
  for (let i = 0; i < images.length; i++) images[i] = rng.next();
  return { images, noise: rng.normals(batch * size.latentDim) };
}
