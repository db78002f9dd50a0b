// `npm run quality`: does the TensorFlow.js training reach the quality of the same models trained
// in PyTorch? Trains the default VAE and DCGAN (src/ml/config.ts) on MNIST headless on wasm, while
// bench/quality/reference.py trains identical PyTorch models with the same hyperparameters, batch
// size, step count and image order. Both are then scored by the same TypeScript code (the bundled
// MNIST classifier for FID, the Inception Score and class coverage, vaeTestQuality for the test
// NELBO), and a side-by-side table is written to bench/results/quality.md and quality.json.
//
//   npm run quality                      the default budget (printed at the start)
//   npm run quality -- --gan-steps 100 --vae-steps 100 --eval 2000   a quick look
//
// The PyTorch run goes in parallel with the TypeScript one (tfjs-wasm uses one thread in Node;
// PyTorch gets one thread too), so the two throughput figures share the machine.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
import { QualityReference, type SampleQuality } from '../../src/ml/metrics/quality';
import type { VaeQuality } from '../../src/ml/metrics/vae-elbo';
import { log } from './log';
import { renderQualityMarkdown, type QualityResults, type RunScores } from './report';
import {
  PIXELS,
  trainAndScoreTfjs,
  type EvalNoise,
  type QualityBudget,
  type RunTiming,
} from './tfjs-side';
import { runPython, scoreTorch, writeTorchInputs } from './torch-side';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = path.join(ROOT, 'bench', 'results');

interface QualityOptions {
  readonly budget: QualityBudget;
  readonly python: string;
  readonly torchThreads: string;
  readonly out: string;
  readonly keep: boolean;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const { budget } = options;
  const started = Date.now();
  tf.env().set('PROD', true);
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  const mnist = await getDataset('mnist').load({ source: createNodeSource() });
  logBudget(options, mnist);
  const noise: EvalNoise = {
    gan: new Rng(4242).fork(1).normals(budget.evalCount * budget.gan.latentDim),
    vae: new Rng(4242).fork(2).normals(budget.evalCount * budget.vae.latentDim),
  };

  // PyTorch trains in parallel with the TypeScript side, from the same inputs.
  const work = await mkdtemp(path.join(os.tmpdir(), 'gan-quality-'));
  await writeTorchInputs(work, mnist, budget, noise);
  const script = path.join(ROOT, 'bench', 'quality', 'reference.py');
  const python = runPython(options.python, script, work, options.torchThreads);
  // Surface a failed PyTorch run without waiting for the TypeScript training to end.
  python.catch(() => undefined);

  const classifier = await loadClassifier('mnist', classifierNodeSource());
  const reference = await QualityReference.create(mnist, classifier);
  log('real-test reference ready (classifier features of the 10,000 test images)');
  const tfjs = await trainAndScoreTfjs(mnist, budget, noise, reference);

  log('waiting for PyTorch...');
  await python;
  const torch = await scoreTorch(work, mnist, budget, noise, reference);
  const floor = await realFloor(mnist, budget, reference);
  classifier.dispose();

  const results: QualityResults = {
    date: new Date().toISOString(),
    budget: {
      ganSteps: budget.ganSteps,
      vaeSteps: budget.vaeSteps,
      batchSize: budget.gan.batchSize,
      evalCount: budget.evalCount,
      epsSamples: budget.epsSamples,
      seed: budget.seed,
    },
    ganConfig: budget.gan,
    versions: {
      tfjs: tf.version.tfjs,
      backend: tf.getBackend(),
      torch: torch.info.torch,
      torchThreads: torch.info.threads,
    },
    classifier: { id: classifier.info.id, testAccuracy: classifier.info.testAccuracy },
    realFloor: floor,
    vae: {
      tfjs: runScores(tfjs.vae.scores, tfjs.vae.timing, tfjs.vae.quality),
      pytorch: runScores(torch.vae.scores, torchTiming(torch.info.vae), torch.vae.quality),
      pytorchOwnNelbo: torch.info.vae.ownNelbo,
      maxAbsDiffSameWeights: torch.vae.agreement,
    },
    gan: {
      tfjs: runScores(tfjs.gan.scores, tfjs.gan.timing),
      pytorch: runScores(torch.gan.scores, torchTiming(torch.info.gan)),
      maxAbsDiffSameWeights: torch.gan.agreement,
      coverage: tfjs.gan.coverage,
    },
    totalSeconds: (Date.now() - started) / 1000,
  };
  await writeReport(results, options.out);
  if (!options.keep) await rm(work, { recursive: true, force: true });
  else log(`kept the work directory ${work}`);
}

function parseOptions(): QualityOptions {
  const { values } = parseArgs({
    options: {
      // In the side-by-side part PyTorch on one thread is the long pole; the coverage phase
      // below trains the tfjs DCGAN alone for many times longer.
      'gan-steps': { type: 'string', default: '300' },
      'vae-steps': { type: 'string', default: '300' },
      // Class coverage needs far more steps than the side-by-side FID (too many for PyTorch on
      // one thread): the tfjs DCGAN alone trains on to this step, scored every
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
  return {
    budget: {
      seed: DEFAULT_TRAIN.seed,
      gan: DEFAULT_DCGAN,
      vae: DEFAULT_VAE,
      ganSteps: Number(values['gan-steps']),
      vaeSteps: Number(values['vae-steps']),
      coverageSteps: Number(values['coverage-steps']),
      coverageEvery: Number(values['coverage-every']),
      evalCount: Number(values.eval),
      epsSamples: Number(values.eps),
    },
    python: values.python,
    torchThreads: values['torch-threads'],
    out: values.out,
    keep: values.keep,
  };
}

function logBudget({ budget, torchThreads }: QualityOptions, mnist: LoadedDataset): void {
  const { gan, vae, ganSteps, vaeSteps, coverageSteps, coverageEvery, evalCount } = budget;
  log(
    `budget: DCGAN trained on to ${coverageSteps} steps for class coverage, scored every ` +
      `${coverageEvery}; VAE ${vaeSteps} steps x ${vae.batchSize} = ${vaeSteps * vae.batchSize} images ` +
      `(${((vaeSteps * vae.batchSize) / mnist.train.count).toFixed(2)} epoch), DCGAN ${ganSteps} ` +
      `steps x ${gan.batchSize} = ${ganSteps * gan.batchSize} images; scoring ${evalCount} ` +
      `samples each, VAE NELBO on all ${mnist.test.count} test images x ${budget.epsSamples} z draws; ` +
      `seed ${budget.seed}; tfjs ${tf.getBackend()} (1 thread) in parallel with PyTorch ` +
      `(${torchThreads} thread)`,
  );
}

/** The floor: real training images scored as if they were samples. */
async function realFloor(
  mnist: LoadedDataset,
  { evalCount, seed }: QualityBudget,
  reference: QualityReference,
): Promise<SampleQuality> {
  const realCount = Math.min(evalCount, mnist.train.count);
  const realPick = permutation(mnist.train.count, new Rng(seed).fork(31337)).subarray(0, realCount);
  const realImages = new Float32Array(realCount * PIXELS);
  realPick.forEach((src, i) => {
    for (let k = 0; k < PIXELS; k++)
      realImages[i * PIXELS + k] = mnist.train.images[src * PIXELS + k] / 255;
  });
  return reference.score(realImages, realCount);
}

function torchTiming(run: {
  seconds: number;
  imagesPerSec: number;
  last: Record<string, number>;
}): RunTiming {
  return { seconds: run.seconds, imagesPerSec: run.imagesPerSec, lastLosses: run.last };
}

/** One column of the report: a GAN's sample scores, or a VAE's with its test NELBO. */
function runScores(s: SampleQuality, timing: RunTiming, vae?: VaeQuality): RunScores {
  const samples = {
    fid: s.fid?.value ?? NaN,
    inceptionScore: s.inception?.value ?? NaN,
    effectiveClasses: s.coverage?.effectiveClasses ?? NaN,
    counts: s.coverage?.counts ?? [],
  };
  const { seconds, imagesPerSec, lastLosses } = timing;
  if (vae === undefined) {
    const meanConfidence = s.coverage?.meanConfidence ?? NaN;
    return { ...samples, meanConfidence, seconds, imagesPerSec, lastLosses };
  }
  const { nelbo, reconNll, kl, reconMse } = vae;
  return { nelbo, reconNll, kl, reconMse, ...samples, seconds, imagesPerSec, lastLosses };
}

async function writeReport(results: QualityResults, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'quality.json'), JSON.stringify(results, null, 2) + '\n');
  const md = renderQualityMarkdown(results);
  await writeFile(path.join(out, 'quality.md'), md);
  process.stdout.write(md);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
