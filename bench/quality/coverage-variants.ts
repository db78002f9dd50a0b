// Class coverage of variants of the default DCGAN on MNIST: which change to the discriminator or
// the loss makes the generator spread its samples over all ten digits sooner? docs/quality.md
// tables the results. A research harness, not a product path: it builds the default networks from
// src/ml/models, then changes only what the variant names, in its own training loop.
//
//   npx tsx bench/quality/coverage-variants.ts --variant mbd --steps 2000 [--seed 1] [--kernels 16]
//   variants: base, smooth (one-sided label smoothing 0.1), pack (PacGAN, 2 samples per input),
//             mbstd (minibatch standard deviation feature), mbd (minibatch discrimination)
//
// Every --every steps it scores --eval samples (fixed noise) with the bundled MNIST classifier
// and prints one RESULT line: effective classes, FID, mean confidence and the class histogram.

import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createNodeSource } from '../../src/datasets/node-source';
import { getDataset } from '../../src/datasets/registry';
import type { ImageShape } from '../../src/datasets/types';
import { Rng } from '../../src/lib/rng';
import { initBackend } from '../../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../../src/ml/backends/wasm-paths-node';
import { loadClassifier } from '../../src/ml/classifiers/load';
import { classifierNodeSource } from '../../src/ml/classifiers/node-source';
import { DEFAULT_DCGAN, type DcganConfig } from '../../src/ml/config';
import { discriminatorLoss, generatorLoss } from '../../src/ml/losses';
import { QualityReference } from '../../src/ml/metrics/quality';
import { buildDiscriminator, buildGenerator } from '../../src/ml/models/dcgan';
import { InitSeeds } from '../../src/ml/models/init';
import { MINIBATCH_DIMS, minibatchFeatures } from '../../src/ml/models/minibatch-discrimination';
import { Batcher } from '../../src/ml/train/batcher';
import { ADAM_EPSILON } from '../../src/ml/train/runtime';

const VARIANTS = ['base', 'smooth', 'pack', 'mbstd', 'mbd'] as const;
type Variant = (typeof VARIANTS)[number];

const SHAPE: ImageShape = { height: 28, width: 28, channels: 1 };
/** Samples packed into one discriminator input (PacGAN). */
const PACK = 2;

/** [b, H, W, C] -> [b / PACK, H, W, PACK * C]: neighbouring samples side by side in channels. */
function pack(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return x
    .reshape([b / PACK, PACK, h, w, c])
    .transpose([0, 2, 3, 1, 4])
    .reshape([b / PACK, h, w, PACK * c]);
}

/** Appends the mean over features of the batch standard deviation as one more channel. */
function minibatchStd(h: tf.Tensor4D): tf.Tensor4D {
  const [b, hh, ww] = h.shape;
  const sd = tf.sqrt(tf.moments(h, 0).variance.add(1e-8));
  return tf.concat([h, tf.fill([b, hh, ww, 1], 0).add(tf.mean(sd))], 3);
}

interface Discriminator {
  apply(x: tf.Tensor4D): tf.Tensor2D;
  readonly variables: tf.Variable[];
}

/** The default discriminator's convolutions, then the variant's batch feature, then one logit. */
function buildVariantDiscriminator(
  config: DcganConfig,
  variant: Variant,
  seed: number,
  kernels: number,
): Discriminator {
  const channels = variant === 'pack' ? SHAPE.channels * PACK : SHAPE.channels;
  const full = buildDiscriminator(config, { ...SHAPE, channels: channels as 1 | 3 }, seed);
  const convs = full.layers.slice(0, -2); // without flatten and the logit
  const init = new InitSeeds(seed, 9);
  const logit = tf.layers.dense({ units: 1, kernelInitializer: init.normal() });
  const featureCount = 7 * 7 * 2 * config.baseFilters;
  const projection =
    variant === 'mbd'
      ? tf.variable<tf.Rank.R2>(
          tf.randomNormal([featureCount, kernels * MINIBATCH_DIMS], 0, 0.02, 'float32', seed + 2),
        )
      : null;
  const apply = (x: tf.Tensor4D): tf.Tensor2D => {
    let h = (variant === 'pack' ? pack(x) : x) as tf.Tensor4D;
    for (const layer of convs) h = layer.apply(h, { training: true }) as tf.Tensor4D;
    if (variant === 'mbstd') h = minibatchStd(h);
    let flat = h.reshape([h.shape[0], -1]) as tf.Tensor2D;
    if (projection !== null) flat = minibatchFeatures(flat, projection, kernels, MINIBATCH_DIMS);
    return logit.apply(flat) as tf.Tensor2D;
  };
  tf.tidy(() => apply(tf.zeros([config.batchSize, 28, 28, 1]))); // builds the logit layer
  const variables = [...convs.flatMap((l) => l.trainableWeights), ...logit.trainableWeights].map(
    (w) => w.read() as tf.Variable,
  );
  if (projection !== null) variables.push(projection);
  return { apply, variables };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variant: { type: 'string', default: 'base' },
      steps: { type: 'string', default: '2000' },
      every: { type: 'string', default: '500' },
      eval: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      kernels: { type: 'string', default: '16' },
    },
  });
  const variant = values.variant as Variant;
  if (!VARIANTS.includes(variant)) throw new Error(`--variant: one of ${VARIANTS.join(', ')}`);
  const [steps, every, evalCount, seed, kernels] = [
    values.steps,
    values.every,
    values.eval,
    values.seed,
    values.kernels,
  ].map(Number);
  const config: DcganConfig = {
    ...DEFAULT_DCGAN,
    ...(variant === 'smooth' ? { labelSmoothing: 0.1 } : {}),
  };

  tf.env().set('PROD', true);
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  const mnist = await getDataset('mnist').load({ source: createNodeSource() });
  const reference = await QualityReference.create(
    mnist,
    await loadClassifier('mnist', classifierNodeSource()),
  );
  const G = buildGenerator(config, SHAPE, seed);
  const D = buildVariantDiscriminator(config, variant, seed, kernels);
  const gVars = G.trainableWeights.map((w) => w.read() as tf.Variable);
  const adam = (lr: number) => tf.train.adam(lr, config.beta1, config.beta2, ADAM_EPSILON);
  const [optG, optD] = [adam(config.lrG), adam(config.lrD)];
  const batcher = new Batcher(mnist.train, SHAPE, 'tanh', seed);
  const rng = new Rng(seed).fork(5);
  const { batchSize: b, latentDim } = config;
  const evalNoise = Float32Array.from(new Rng(7).normals(evalCount * latentDim));
  const started = Date.now();

  for (let step = 1; step <= steps; step++) {
    const z = tf.tensor2d(rng.normals(b * latentDim), [b, latentDim]);
    const real = batcher.next(b);
    const fake = tf.tidy(() => G.apply(z, { training: true }) as tf.Tensor4D);
    const dCost = optD.minimize(
      () => discriminatorLoss(config.loss, D.apply(real), D.apply(fake), config.labelSmoothing),
      true,
      D.variables,
    );
    const gCost = optG.minimize(
      () => generatorLoss(config.loss, D.apply(G.apply(z, { training: true }) as tf.Tensor4D)),
      true,
      gVars,
    );
    const [dLoss, gLoss] = [(await dCost!.data())[0], (await gCost!.data())[0]];
    tf.dispose([z, real, fake, dCost!, gCost!]);
    if (step % 100 === 0) {
      const ms = (Date.now() - started) / step;
      console.log(
        `${variant} step ${step} D ${dLoss.toFixed(3)} G ${gLoss.toFixed(3)} ${ms.toFixed(0)} ms/step tensors ${tf.memory().numTensors}`,
      );
    }
    if (step % every === 0) {
      const images = tf.tidy(
        () =>
          G.apply(tf.tensor2d(evalNoise, [evalCount, latentDim]), { training: false }) as tf.Tensor,
      );
      const pixels = tf.tidy(() => images.add(1).div(2)); // [-1, 1] -> [0, 1]
      const q = await reference.score((await pixels.data()) as Float32Array, evalCount);
      tf.dispose([images, pixels]);
      const c = q.coverage!;
      console.log(
        `RESULT ${variant} step ${step} effective ${c.effectiveClasses.toFixed(2)} ` +
          `fid ${q.fid!.value.toFixed(1)} confidence ${c.meanConfidence.toFixed(3)} ` +
          `histogram ${c.counts.join(',')}`,
      );
    }
  }
}

void main();
