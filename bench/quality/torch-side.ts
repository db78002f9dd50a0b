// The PyTorch side of `npm run quality`: the inputs bench/quality/reference.py trains from (the
// same images in the same order, the same evaluation noise), the run itself, and its models
// scored by the same TypeScript code. The PyTorch weights are also loaded into the tfjs models to
// show that both sides compute the same function (largest difference on the same inputs).

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../../src/datasets/types';
import type { QualityReference, SampleQuality } from '../../src/ml/metrics/quality';
import { vaeTestQuality, type VaeQuality } from '../../src/ml/metrics/vae-elbo';
import { buildDiscriminator, buildGenerator } from '../../src/ml/models/dcgan';
import { buildVae } from '../../src/ml/models/vae';
import { imageOrder } from '../../src/ml/train/batcher';
import { log } from './log';
import { readNpy, writeNpy } from './npy';
import { PIXELS, SHAPE, type EvalNoise, type QualityBudget } from './tfjs-side';
import { loadTorchWeights } from './torch-weights';

interface TorchRun {
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly last: Record<string, number>;
}
/** What reference.py writes to reference.json. */
export interface TorchInfo {
  readonly torch: string;
  readonly threads: number;
  readonly vae: TorchRun & { readonly ownNelbo: number };
  readonly gan: TorchRun;
}

/** Writes reference.py's inputs into `work`: the data, the Batcher's image order, the noise. */
export async function writeTorchInputs(
  work: string,
  mnist: LoadedDataset,
  budget: QualityBudget,
  noise: EvalNoise,
): Promise<void> {
  const w = (name: string) => path.join(work, name);
  const { seed, gan, vae, ganSteps, vaeSteps, evalCount, epsSamples } = budget;
  await writeNpy(w('mnist-train-u8.npy'), mnist.train.images, [mnist.train.count, 28, 28, 1]);
  await writeNpy(w('mnist-test-u8.npy'), mnist.test.images, [mnist.test.count, 28, 28, 1]);
  for (const [name, images] of [
    ['gan-order.npy', ganSteps * gan.batchSize],
    ['vae-order.npy', vaeSteps * vae.batchSize],
  ] as const) {
    await writeNpy(w(name), imageOrder(mnist.train.count, seed, images), [images]);
  }
  await writeNpy(w('gan-eval-noise.npy'), noise.gan, [evalCount, gan.latentDim]);
  await writeNpy(w('vae-eval-noise.npy'), noise.vae, [evalCount, vae.latentDim]);
  const config = { seed, gan, vae, ganSteps, vaeSteps, epsSamples };
  await writeFile(w('config.json'), JSON.stringify(config));
}

/** Starts reference.py on `work`; the promise settles when it exits. */
export function runPython(python: string, script: string, work: string, threads: string) {
  return new Promise<void>((resolve, reject) => {
    const args = [script, work, '--threads', threads];
    const child = spawn(python, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err) =>
      reject(
        new Error(`Could not start ${python} (${err.message}). Install Debian's python3-torch.`),
      ),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`reference.py exited with code ${code}`)),
    );
  });
}

/** reference.py's models and samples, read from `work` and scored like the tfjs ones. */
export async function scoreTorch(
  work: string,
  mnist: LoadedDataset,
  budget: QualityBudget,
  noise: EvalNoise,
  reference: QualityReference,
) {
  const w = (name: string) => path.join(work, name);
  const info = JSON.parse(await readFile(w('reference.json'), 'utf8')) as TorchInfo;
  log('PyTorch done; scoring its models');
  const { gan, vae, evalCount, epsSamples } = budget;
  const testUnit = Float32Array.from(mnist.test.images.subarray(0, 500 * PIXELS), (v) => v / 255);

  const vaeNets = buildVae(vae, SHAPE, 99);
  await loadTorchWeights(w('vae-weights'), [vaeNets.encoder, vaeNets.decoder]);
  const vaeQuality: VaeQuality = await vaeTestQuality(vaeNets, 'bernoulli', mnist.test, SHAPE, {
    epsSamples,
    seed: 7,
  });
  const vaeSamples = await readSamples(w('vae-samples.npy'), 'unit');
  const vaeScores: SampleQuality = await reference.score(vaeSamples, evalCount);
  // The same function? Decode the same noise in tfjs with PyTorch's weights.
  const vaeAgreement = {
    decoder: await maxAbsDiff(
      (z) => tf.sigmoid(vaeNets.decoder.predict(z) as tf.Tensor),
      noise.vae,
      [vae.latentDim],
      vaeSamples,
    ),
    encoderMean: await maxAbsDiff(
      (x) => (vaeNets.encoder.predict(x) as tf.Tensor[])[0],
      testUnit,
      [28, 28, 1],
      (await readNpy(w('vae-test-mu.npy'))).data as Float32Array,
    ),
  };
  vaeNets.encoder.dispose();
  vaeNets.decoder.dispose();

  const generator = buildGenerator(gan, SHAPE, 99);
  await loadTorchWeights(w('gan-weights'), [generator]);
  const ganSamples = await readSamples(w('gan-samples.npy'), 'tanh');
  const ganScores: SampleQuality = await reference.score(ganSamples, evalCount);
  const discriminator = buildDiscriminator(gan, SHAPE, 99);
  await loadTorchWeights(w('gan-disc-weights'), [discriminator]);
  const ganAgreement = {
    generator: await maxAbsDiff(
      (z) => (generator.apply(z, { training: false }) as tf.Tensor).add(1).div(2),
      noise.gan,
      [gan.latentDim],
      ganSamples,
    ),
    discriminator: await maxAbsDiff(
      (x) => discriminator.apply(x.mul(2).sub(1), { training: false }) as tf.Tensor,
      testUnit,
      [28, 28, 1],
      (await readNpy(w('gan-test-logits.npy'))).data as Float32Array,
    ),
  };
  generator.dispose();
  discriminator.dispose();
  return {
    info,
    vae: { quality: vaeQuality, scores: vaeScores, agreement: vaeAgreement },
    gan: { scores: ganScores, agreement: ganAgreement },
  };
}

/** Samples reference.py wrote, as pixels in [0, 1]. */
async function readSamples(file: string, range: 'tanh' | 'unit'): Promise<Float32Array> {
  const pixels = (await readNpy(file)).data as Float32Array;
  return range === 'unit' ? pixels : pixels.map((v) => (v + 1) / 2);
}

/** Largest |tfjs(x) - pytorch(x)| over the first 500 inputs: 0 up to float32 rounding. */
async function maxAbsDiff(
  net: (x: tf.Tensor) => tf.Tensor,
  inputs: Float32Array,
  rowShape: readonly number[],
  expected: Float32Array,
): Promise<number> {
  const n = 500;
  const size = rowShape.reduce((a, b) => a * b, 1);
  const out = tf.tidy(() => net(tf.tensor(inputs.subarray(0, n * size), [n, ...rowShape])));
  const ours = (await out.data()) as Float32Array;
  out.dispose();
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - expected[i]));
  return worst;
}
