// Test fixture: a tiny two-network GAN built like the real ones (explicitly named layers, conv +
// dense + batch norm, one Adam per network stepped with a fixed variable list) so the weights
// module is tested against real tfjs objects without waiting for the full models.

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../lib/rng';
import { DEFAULT_DCGAN, DEFAULT_TRAIN } from '../config';
import type { WeightsMeta } from './format';
import type { NetworkSet, OptimizerSet } from './targets';

export const LATENT = 4;
export const IMAGE = { height: 4, width: 4, channels: 1 } as const;

export interface TinyGan {
  readonly nets: {
    readonly generator: tf.LayersModel;
    readonly discriminator: tf.LayersModel;
  } & NetworkSet;
  readonly optimizers: OptimizerSet;
  dispose(): void;
}

export function buildTinyGan(seed: number): TinyGan {
  const rng = new Rng(seed);
  const init = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: rng.int(1e9) });
  // z [batch, 4] -> [batch, 12] -> [batch, 2, 2, 3] -> image [batch, 4, 4, 1]
  const generator = tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({
        name: 'g_dense',
        inputShape: [LATENT],
        units: 12,
        kernelInitializer: init(),
      }),
      tf.layers.batchNormalization({ name: 'g_bn' }),
      tf.layers.reLU({ name: 'g_relu' }),
      tf.layers.reshape({ name: 'g_reshape', targetShape: [2, 2, 3] }),
      tf.layers.conv2dTranspose({
        name: 'g_deconv1',
        filters: 1,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
        kernelInitializer: init(),
      }),
    ],
  });
  // image [batch, 4, 4, 1] -> [batch, 2, 2, 3] -> logit [batch, 1]
  const discriminator = tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.conv2d({
        name: 'd_conv1',
        inputShape: [IMAGE.height, IMAGE.width, IMAGE.channels],
        filters: 3,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(),
      }),
      tf.layers.batchNormalization({ name: 'd_bn' }),
      tf.layers.leakyReLU({ name: 'd_lrelu', alpha: 0.2 }),
      tf.layers.flatten({ name: 'd_flatten' }),
      tf.layers.dense({ name: 'd_dense', units: 1, kernelInitializer: init() }),
    ],
  });
  const adam = () => tf.train.adam(0.01, 0.5, 0.999, 1e-8);
  const optimizers: OptimizerSet = {
    generator: { optimizer: adam(), variables: trainableVariables(generator) },
    discriminator: { optimizer: adam(), variables: trainableVariables(discriminator) },
  };
  return {
    nets: { generator, discriminator },
    optimizers,
    dispose() {
      generator.dispose();
      discriminator.dispose();
      for (const slot of Object.values(optimizers)) slot.optimizer.dispose();
    },
  };
}

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** One batch of fake "real" images and noise, drawn from the rng. */
export function batch(rng: Rng, n = 3): { real: Float32Array; z: Float32Array; n: number } {
  return { real: rng.normals(n * IMAGE.height * IMAGE.width), z: rng.normals(n * LATENT), n };
}

/** One D step then one G step (non-saturating BCE), batch norm in training mode. */
export function trainStep(gan: TinyGan, data: ReturnType<typeof batch>): void {
  const { generator: g, discriminator: d } = gan.nets;
  tf.tidy(() => {
    const real = tf.tensor4d(data.real, [data.n, IMAGE.height, IMAGE.width, IMAGE.channels]);
    const z = tf.tensor2d(data.z, [data.n, LATENT]);
    const bce = (label: number, logits: tf.Tensor) =>
      tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, label), logits);
    gan.optimizers.discriminator.optimizer.minimize(
      () => {
        const fake = g.apply(z, { training: true }) as tf.Tensor;
        const onReal = d.apply(real, { training: true }) as tf.Tensor;
        const onFake = d.apply(fake, { training: true }) as tf.Tensor;
        return tf.add(bce(1, onReal), bce(0, onFake)) as tf.Scalar;
      },
      false,
      [...gan.optimizers.discriminator.variables],
    );
    gan.optimizers.generator.optimizer.minimize(
      () =>
        bce(
          1,
          d.apply(g.apply(z, { training: true }), { training: true }) as tf.Tensor,
        ) as tf.Scalar,
      false,
      [...gan.optimizers.generator.variables],
    );
  });
}

/** Every weight of every network, keyed by network/originalName. */
export function snapshot(nets: NetworkSet): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [network, model] of Object.entries(nets)) {
    for (const w of model.weights) {
      out.set(`${network}/${w.originalName}`, (w.read().dataSync() as Float32Array).slice());
    }
  }
  return out;
}

/** Largest absolute difference between two snapshots with the same keys. */
export function maxDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let worst = 0;
  for (const [key, va] of a) {
    const vb = b.get(key);
    if (vb === undefined || vb.length !== va.length) return Infinity;
    for (let i = 0; i < va.length; i++) worst = Math.max(worst, Math.abs(va[i] - vb[i]));
  }
  return a.size === b.size ? worst : Infinity;
}

/** Adam state as plain arrays: [iterations, m_0.., v_0..]. */
export async function adamSnapshot(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await optimizer.getWeights();
  const out = weights.map((w) => Float32Array.from(w.tensor.dataSync()));
  weights[0].tensor.dispose(); // the iterations scalar is created for the call
  return out;
}

export function tinyMeta(overrides: Partial<WeightsMeta> = {}): WeightsMeta {
  return {
    model: DEFAULT_DCGAN,
    train: DEFAULT_TRAIN,
    dataset: { id: 'tiny', shape: IMAGE },
    step: 3,
    epoch: 1,
    history: [
      {
        step: 1,
        epoch: 0,
        losses: {
          kind: 'dcgan',
          dLoss: 1.4,
          gLoss: 0.7,
          dReal: 0.5,
          dFake: 0.5,
          gGradNorm: 0.9,
          dGradNorm: 2.5,
          wDistance: 0.1,
        },
      },
      {
        step: 2,
        epoch: 0,
        losses: {
          kind: 'dcgan',
          dLoss: NaN,
          gLoss: 0.8,
          dReal: 0.6,
          dFake: 0.4,
          gGradNorm: 0.7,
          dGradNorm: 3,
          wDistance: 0.2,
        },
      },
    ],
    ...overrides,
  };
}
