// `npm run quality`: does the TensorFlow.js training reach the quality of the same models trained
// in PyTorch? Trains the default VAE and DCGAN (src/ml/config.ts) on MNIST headless on wasm, while
// bench/quality/reference.py trains identical PyTorch models with the same hyperparameters, batch
// size, step count and image order. Both are then scored by the same TypeScript code (the bundled
// MNIST classifier for FID and class coverage, vaeTestQuality for the test NELBO), and a
// side-by-side table is written to bench/results/quality.md and quality.json.
//
//   npm run quality                      the default budget (printed at the start)
//   npm run quality -- --gan-steps 100 --vae-steps 100 --eval 2000   a quick look
//
// The PyTorch run goes in parallel with the TypeScript one (tfjs-wasm uses one thread in Node;
// PyTorch gets one thread too), so the two throughput figures share the machine.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { createNodeSource } from '../../src/datasets/node-source';
import { getDataset } from '../../src/datasets/registry';
import type { LoadedDataset } from '../../src/datasets/types';
import { permutation, Rng } from '../../src/lib/rng';
import { initBackend } from '../../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../../src/ml/backends/wasm-paths-node';
import { loadClassifier } from '../../src/ml/classifiers/load';
import { classifierNodeSource } from '../../src/ml/classifiers/node-source';
import { DEFAULT_DCGAN, DEFAULT_TRAIN, DEFAULT_VAE } from '../../src/ml/config';
import { Trainer } from '../../src/ml/engine/trainer';
import type { EngineEvent } from '../../src/ml/engine/types';
import { QualityReference, type SampleQuality } from '../../src/ml/metrics/quality';
import { vaeTestQuality, type VaeQuality } from '../../src/ml/metrics/vae-elbo';
import { buildDiscriminator, buildGenerator } from '../../src/ml/models/dcgan';
import { buildVae } from '../../src/ml/models/vae';
import { Batcher } from '../../src/ml/engine/batcher';
import type { ModelRuntime } from '../../src/ml/engine/runtime';
import { readNpy, writeNpy } from './npy';
import {
  coveragePoint,
  renderQualityMarkdown,
  type CoveragePoint,
  type QualityResults,
  type RunScores,
} from './report';
import { loadTorchWeights } from './torch-weights';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = path.join(ROOT, 'bench', 'results');
const SHAPE = { height: 28, width: 28, channels: 1 } as const;
const PIXELS = 28 * 28;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // The side-by-side part takes ~16 min here (2 cores); PyTorch on one thread is its long
      // pole (VAE ~100, DCGAN ~33 images/s). The coverage phase below adds ~60 min of tfjs.
      'gan-steps': { type: 'string', default: '300' },
      'vae-steps': { type: 'string', default: '300' },
      // Class coverage needs far more steps than the side-by-side FID (PyTorch on one thread
      // would take ~1.5 h for them): the tfjs DCGAN alone trains on to this step, scored every
      // --coverage-every steps on the same samples. 0 skips it.
      'coverage-steps': { type: 'string', default: '4000' },
      'coverage-every': { type: 'string', default: '500' },
      eval: { type: 'string', default: '10000' },
      eps: { type: 'string', default: '4' },
      python: { type: 'string', default: '/usr/bin/python3' },
      'torch-threads': { type: 'string', default: '1' },
      out: { type: 'string', default: RESULTS },
      keep: { type: 'boolean', default: false },
    },
  });
  const ganSteps = Number(values['gan-steps']);
  const coverageSteps = Number(values['coverage-steps']);
  const coverageEvery = Number(values['coverage-every']);
  const vaeSteps = Number(values['vae-steps']);
  const evalCount = Number(values.eval);
  const epsSamples = Number(values.eps);
  const seed = DEFAULT_TRAIN.seed;
  const started = Date.now();

  tf.env().set('PROD', true);
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  const mnist = await getDataset('mnist').load({ source: createNodeSource() });
  const gan = DEFAULT_DCGAN;
  const vae = DEFAULT_VAE;
  log(
    `budget: DCGAN trained on to ${coverageSteps} steps for class coverage, scored every ` +
      `${coverageEvery}; VAE ${vaeSteps} steps x ${vae.batchSize} = ${vaeSteps * vae.batchSize} images ` +
      `(${((vaeSteps * vae.batchSize) / mnist.train.count).toFixed(2)} epoch), DCGAN ${ganSteps} ` +
      `steps x ${gan.batchSize} = ${ganSteps * gan.batchSize} images; scoring ${evalCount} ` +
      `samples each, VAE NELBO on all ${mnist.test.count} test images x ${epsSamples} z draws; ` +
      `seed ${seed}; tfjs ${tf.getBackend()} (1 thread) in parallel with PyTorch ` +
      `(${values['torch-threads']} thread)`,
  );

  // ---- shared inputs for the PyTorch run ----------------------------------------------------
  const work = await mkdtemp(path.join(os.tmpdir(), 'gan-quality-'));
  const w = (name: string) => path.join(work, name);
  await writeNpy(w('mnist-train-u8.npy'), mnist.train.images, [mnist.train.count, 28, 28, 1]);
  await writeNpy(w('mnist-test-u8.npy'), mnist.test.images, [mnist.test.count, 28, 28, 1]);
  await writeNpy(w('gan-order.npy'), trainerImageOrder(mnist, seed, ganSteps * gan.batchSize), [
    ganSteps * gan.batchSize,
  ]);
  await writeNpy(w('vae-order.npy'), trainerImageOrder(mnist, seed, vaeSteps * vae.batchSize), [
    vaeSteps * vae.batchSize,
  ]);
  const ganNoise = new Rng(4242).fork(1).normals(evalCount * gan.latentDim);
  const vaeNoise = new Rng(4242).fork(2).normals(evalCount * vae.latentDim);
  await writeNpy(w('gan-eval-noise.npy'), ganNoise, [evalCount, gan.latentDim]);
  await writeNpy(w('vae-eval-noise.npy'), vaeNoise, [evalCount, vae.latentDim]);
  const config = { seed, gan, vae, ganSteps, vaeSteps, epsSamples };
  await writeFile(w('config.json'), JSON.stringify(config));

  const python = runPython(values.python as string, [
    path.join(ROOT, 'bench', 'quality', 'reference.py'),
    work,
    '--threads',
    values['torch-threads'] as string,
  ]);
  // Surface a failed PyTorch run without waiting for the TypeScript training to end.
  python.catch(() => undefined);

  // ---- TypeScript training ------------------------------------------------------------------
  const classifier = await loadClassifier('mnist', classifierNodeSource());
  const reference = await QualityReference.create(mnist, classifier);
  log('real-test reference ready (classifier features of the 10,000 test images)');

  const tsVae = await train(mnist, vae, vaeSteps, seed);
  const tsVaeQuality = await vaeTestQuality(
    tsVae.trainer.runtime.nets as never,
    'bernoulli',
    mnist.test,
    SHAPE,
    {
      epsSamples,
      seed: 7,
    },
  );
  const tsVaeSamples = await generate(tsVae.trainer.runtime, vaeNoise, evalCount);
  const tsVaeScores = await reference.score(tsVaeSamples, evalCount);
  log(
    `tfjs VAE: test NELBO ${tsVaeQuality.nelbo.toFixed(2)} nats, FID ${tsVaeScores.fid?.value.toFixed(2)}`,
  );
  tsVae.trainer.dispose();

  log('tfjs VAE scored');
  const tsGan = await train(mnist, gan, ganSteps, seed);
  const tsGanSamples = await generate(tsGan.trainer.runtime, ganNoise, evalCount);
  const tsGanScores = await reference.score(tsGanSamples, evalCount);
  log(
    `tfjs DCGAN: FID ${tsGanScores.fid?.value.toFixed(2)}, ` +
      `effective classes ${tsGanScores.coverage?.effectiveClasses.toFixed(2)}`,
  );
  // The same run trained on: class coverage over a longer budget.
  const coverage: CoveragePoint[] = [];
  const firstCheck = (Math.floor(ganSteps / coverageEvery) + 1) * coverageEvery;
  for (let to = firstCheck; to <= coverageSteps; to += coverageEvery) {
    await tsGan.trainTo(to);
    const scores = await reference.score(
      await generate(tsGan.trainer.runtime, ganNoise, evalCount),
      evalCount,
    );
    coverage.push(coveragePoint(to, scores, tsGan.trainingSeconds()));
    log(
      `tfjs DCGAN step ${to}: FID ${scores.fid?.value.toFixed(2)}, ` +
        `effective classes ${scores.coverage?.effectiveClasses.toFixed(2)}`,
    );
  }
  tsGan.trainer.dispose();

  // ---- the PyTorch run, scored by the same code ----------------------------------------------
  log('waiting for PyTorch...');
  await python;
  const torchInfo = JSON.parse(await readFile(w('reference.json'), 'utf8')) as TorchInfo;
  log('PyTorch done; scoring its models');

  const torchVaeNets = buildVae(vae, SHAPE, 99);
  await loadTorchWeights(w('vae-weights'), [torchVaeNets.encoder, torchVaeNets.decoder]);
  const torchVaeQuality = await vaeTestQuality(torchVaeNets, 'bernoulli', mnist.test, SHAPE, {
    epsSamples,
    seed: 7,
  });
  const torchVaeSamples = unit((await readNpy(w('vae-samples.npy'))).data as Float32Array, 'unit');
  const torchVaeScores = await reference.score(torchVaeSamples, evalCount);
  // The same function? Decode the same noise in tfjs with PyTorch's weights.
  const testUnit = Float32Array.from(mnist.test.images.subarray(0, 500 * PIXELS), (v) => v / 255);
  const vaeAgreement = {
    decoder: await maxAbsDiff(
      (z) => tf.sigmoid(torchVaeNets.decoder.predict(z) as tf.Tensor),
      vaeNoise,
      [vae.latentDim],
      torchVaeSamples,
    ),
    encoderMean: await maxAbsDiff(
      (x) => (torchVaeNets.encoder.predict(x) as tf.Tensor[])[0],
      testUnit,
      [28, 28, 1],
      (await readNpy(w('vae-test-mu.npy'))).data as Float32Array,
    ),
  };
  torchVaeNets.encoder.dispose();
  torchVaeNets.decoder.dispose();

  const torchGenerator = buildGenerator(gan, SHAPE, 99);
  await loadTorchWeights(w('gan-weights'), [torchGenerator]);
  const torchGanSamples = unit((await readNpy(w('gan-samples.npy'))).data as Float32Array, 'tanh');
  const torchGanScores = await reference.score(torchGanSamples, evalCount);
  const torchDiscriminator = buildDiscriminator(gan, SHAPE, 99);
  await loadTorchWeights(w('gan-disc-weights'), [torchDiscriminator]);
  const ganAgreement = {
    generator: await maxAbsDiff(
      (z) => (torchGenerator.apply(z, { training: false }) as tf.Tensor).add(1).div(2),
      ganNoise,
      [gan.latentDim],
      torchGanSamples,
    ),
    discriminator: await maxAbsDiff(
      (x) => torchDiscriminator.apply(x.mul(2).sub(1), { training: false }) as tf.Tensor,
      testUnit,
      [28, 28, 1],
      (await readNpy(w('gan-test-logits.npy'))).data as Float32Array,
    ),
  };
  torchGenerator.dispose();
  torchDiscriminator.dispose();

  // ---- the floor: real training images scored as if they were samples ------------------------
  const realCount = Math.min(evalCount, mnist.train.count);
  const realPick = permutation(mnist.train.count, new Rng(seed).fork(31337)).subarray(0, realCount);
  const realImages = new Float32Array(realCount * PIXELS);
  realPick.forEach((src, i) => {
    for (let k = 0; k < PIXELS; k++)
      realImages[i * PIXELS + k] = mnist.train.images[src * PIXELS + k] / 255;
  });
  const floor = await reference.score(realImages, realCount);
  classifier.dispose();

  const results: QualityResults = {
    date: new Date().toISOString(),
    budget: { ganSteps, vaeSteps, batchSize: gan.batchSize, evalCount, epsSamples, seed },
    ganConfig: gan,
    versions: {
      tfjs: tf.version.tfjs,
      backend: tf.getBackend(),
      torch: torchInfo.torch,
      torchThreads: torchInfo.threads,
    },
    classifier: { id: classifier.info.id, testAccuracy: classifier.info.testAccuracy },
    realFloor: floor,
    vae: {
      tfjs: vaeScores(
        tsVaeQuality,
        tsVaeScores,
        tsVae.seconds,
        tsVae.imagesPerSec,
        tsVae.lastLosses,
      ),
      pytorch: vaeScores(
        torchVaeQuality,
        torchVaeScores,
        torchInfo.vae.seconds,
        torchInfo.vae.imagesPerSec,
        torchInfo.vae.last,
      ),
      pytorchOwnNelbo: torchInfo.vae.ownNelbo,
      maxAbsDiffSameWeights: vaeAgreement,
    },
    gan: {
      tfjs: ganScores(tsGanScores, tsGan.seconds, tsGan.imagesPerSec, tsGan.lastLosses),
      pytorch: ganScores(
        torchGanScores,
        torchInfo.gan.seconds,
        torchInfo.gan.imagesPerSec,
        torchInfo.gan.last,
      ),
      maxAbsDiffSameWeights: ganAgreement,
      coverage,
    },
    totalSeconds: (Date.now() - started) / 1000,
  };
  await mkdir(values.out as string, { recursive: true });
  await writeFile(
    path.join(values.out as string, 'quality.json'),
    JSON.stringify(results, null, 2) + '\n',
  );
  const md = renderQualityMarkdown(results);
  await writeFile(path.join(values.out as string, 'quality.md'), md);
  process.stdout.write(md);
  if (!values.keep) await rm(work, { recursive: true, force: true });
  else log(`kept the work directory ${work}`);
}

interface TorchRun {
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly last: Record<string, number>;
}
interface TorchInfo {
  readonly torch: string;
  readonly threads: number;
  readonly vae: TorchRun & { readonly ownNelbo: number };
  readonly gan: TorchRun;
}

/** The image indices the Trainer's Batcher hands out for the first `count` images of a run. */
function trainerImageOrder(data: LoadedDataset, seed: number, count: number): Uint32Array {
  const n = data.train.count;
  const out = new Uint32Array(count);
  // Same rule as src/ml/engine/batcher.ts: pass p is permutation(n, Rng(seed).fork(1000 + p)).
  for (let pass = 0; pass * n < count; pass++) {
    const order = permutation(n, new Rng(seed).fork(1000 + pass));
    out.set(order.subarray(0, Math.min(n, count - pass * n)), pass * n);
  }
  // Proof that the rule still holds: the Batcher's first batch must be exactly these images.
  const batcher = new Batcher(data.train, data.info.shape, 'unit', seed);
  const first = batcher.next(8);
  const got = first.dataSync();
  first.dispose();
  for (let b = 0; b < 8; b++) {
    for (let k = 0; k < PIXELS; k++) {
      if (Math.abs(got[b * PIXELS + k] - data.train.images[out[b] * PIXELS + k] / 255) > 1e-6) {
        throw new Error('The Batcher no longer draws images in the order this bench assumes');
      }
    }
  }
  return out;
}

/** A Trainer for the default model; `trainTo(step)` trains it on to that step. */
async function train(
  data: LoadedDataset,
  model: typeof DEFAULT_VAE | typeof DEFAULT_DCGAN,
  steps: number,
  seed: number,
) {
  let lastLosses: Record<string, number> = {};
  let errorMessage: string | null = null;
  let target = steps;
  const listener = (e: EngineEvent) => {
    if (e.type === 'step') {
      lastLosses = Object.fromEntries(
        Object.entries(e.losses).filter((kv): kv is [string, number] => typeof kv[1] === 'number'),
      );
      if (e.step % 100 === 0 || e.step === target) {
        log(
          `tfjs ${model.kind} step ${e.step}/${target} ${(e.imagesPerSec ?? 0).toFixed(0)} images/s`,
        );
      }
    } else if (e.type === 'error') errorMessage = e.message;
  };
  const trainer = new Trainer({
    spec: { model, datasetId: data.info.id, train: { ...DEFAULT_TRAIN, seed } },
    dataset: data,
    listener,
  });
  let trainingMs = 0;
  const trainTo = async (to: number): Promise<void> => {
    target = to;
    const t0 = Date.now();
    while (trainer.step < to && errorMessage === null) await trainer.trainStep();
    trainingMs += Date.now() - t0;
    if (errorMessage !== null) throw new Error(`tfjs ${model.kind}: ${errorMessage}`);
  };
  await trainTo(steps);
  const seconds = trainingMs / 1000;
  return {
    trainer,
    seconds,
    imagesPerSec: (steps * model.batchSize) / seconds,
    lastLosses,
    trainTo,
    /** Training time so far, scoring excluded. */
    trainingSeconds: () => trainingMs / 1000,
  };
}

/** Samples [n, 28, 28, 1] in [0, 1] from the given latents. */
async function generate(
  runtime: ModelRuntime,
  noise: Float32Array,
  count: number,
): Promise<Float32Array> {
  const dim = runtime.latentDim;
  const out = new Float32Array(count * PIXELS);
  for (let s = 0; s < count; s += 500) {
    const b = Math.min(500, count - s);
    const images = tf.tidy(() => {
      const g = runtime.generate(tf.tensor2d(noise.subarray(s * dim, (s + b) * dim), [b, dim]));
      return runtime.range === 'tanh' ? g.add(1).div(2) : g;
    });
    out.set((await images.data()) as Float32Array, s * PIXELS);
    images.dispose();
  }
  return out;
}

function unit(pixels: Float32Array, range: 'tanh' | 'unit'): Float32Array {
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

function vaeScores(
  q: VaeQuality,
  s: SampleQuality,
  seconds: number,
  imagesPerSec: number,
  last: Record<string, number>,
): RunScores {
  return {
    nelbo: q.nelbo,
    reconNll: q.reconNll,
    kl: q.kl,
    reconMse: q.reconMse,
    fid: s.fid?.value ?? NaN,
    effectiveClasses: s.coverage?.effectiveClasses ?? NaN,
    counts: s.coverage?.counts ?? [],
    seconds,
    imagesPerSec,
    lastLosses: last,
  };
}

function ganScores(
  s: SampleQuality,
  seconds: number,
  imagesPerSec: number,
  last: Record<string, number>,
): RunScores {
  return {
    fid: s.fid?.value ?? NaN,
    effectiveClasses: s.coverage?.effectiveClasses ?? NaN,
    counts: s.coverage?.counts ?? [],
    meanConfidence: s.coverage?.meanConfidence ?? NaN,
    seconds,
    imagesPerSec,
    lastLosses: last,
  };
}

function runPython(python: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
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

const T0 = Date.now();
function log(message: string): void {
  const at = ((Date.now() - T0) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[quality ${at} s] ${message}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
