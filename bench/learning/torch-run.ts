// The PyTorch side: the playground's own PyTorch export of the config (generatePytorchScript),
// trained on the real training split by bench/learning/torch_learning.py for the same training
// times, at the thread count that trains it fastest here. The script dumps samples from the same
// evaluation noise at each point; they are scored after it exits (so scoring never shares the
// cores with its training).

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LoadedDataset } from '../../src/datasets/types';
import { DEFAULT_TRAIN } from '../../src/ml/config';
import { generatePytorchScript } from '../../src/ml/export-python';
import { scriptDataset, torchThroughput } from '../lib/torch';
import { readNpy, writeNpy } from '../quality/npy';
import { evaluationClasses, evaluationNoise, type LearningConfig } from './plan';
import { roundLikeGrid } from './samples';
import type { PointResult, RawPoint } from './scoring';

const DRIVER = path.join(import.meta.dirname, 'torch_learning.py');

export interface ThreadChoice {
  readonly threads: number;
  /** 'given' (--torch-threads) or 'timed' (the faster of 1 and 2). */
  readonly how: 'given' | 'timed';
  /** Images per second at each thread count timed. */
  readonly timings: readonly { readonly threads: number; readonly imagesPerSec: number }[];
}

export interface TorchRunResult {
  readonly points: PointResult[];
  readonly threads: ThreadChoice | null;
  readonly torch: string | null;
  readonly error?: string;
}

interface DriverPoint {
  readonly type: 'point';
  readonly target: number;
  readonly seconds: number;
  readonly steps: number;
  readonly samples: string;
  readonly sampleSeconds: number;
  readonly diverged: boolean;
}

interface DriverDone {
  readonly type: 'done';
  readonly torch: string;
  readonly threads: number;
}

let workDir: string | null = null;
const trainFiles = new Map<string, string>();

export async function trainInTorch(
  config: LearningConfig,
  data: LoadedDataset,
  points: readonly number[],
  python: string,
  requestedThreads: number,
  scorePoint: (point: RawPoint, pixels: Float32Array) => Promise<PointResult>,
): Promise<TorchRunResult> {
  let threads: ThreadChoice | null = null;
  try {
    threads = await chooseThreads(config, python, requestedThreads);
    const inputs = await writeInputs(config, data);
    const lines = await runDriver(python, inputs, points, threads.threads);
    const results: PointResult[] = [];
    for (const p of lines.filter((l): l is DriverPoint => l.type === 'point')) {
      const pixels = roundLikeGrid((await readNpy(p.samples)).data as Float32Array, config.shape);
      const raw = { target: p.target, seconds: p.seconds, steps: p.steps };
      results.push(await scorePoint({ ...raw, sampleSeconds: p.sampleSeconds }, pixels));
    }
    const done = lines.find((l): l is DriverDone => l.type === 'done');
    const diverged = lines.find((l) => l.type === 'point' && l.diverged);
    return {
      points: results,
      threads,
      torch: done?.torch ?? null,
      ...(diverged ? { error: `diverged by ${(diverged as DriverPoint).target} s` } : {}),
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { points: [], threads, torch: null, error: reason };
  }
}

/** --torch-threads N, or a few timed steps at 1 and at 2 threads (bench/lib/torch.ts). */
async function chooseThreads(
  config: LearningConfig,
  python: string,
  requested: number,
): Promise<ThreadChoice> {
  if (requested > 0) return { threads: requested, how: 'given', timings: [] };
  const timings = [];
  for (const threads of [1, 2]) {
    const plan = { python, warmup: 2, windows: 3, windowSeconds: 1.5, budgetSeconds: 8, threads };
    const r = await torchThroughput(config.model, config.shape, config.datasetId, plan);
    timings.push({ threads, imagesPerSec: r.imagesPerSec });
  }
  const best = timings.reduce((a, b) => (b.imagesPerSec > a.imagesPerSec ? b : a));
  return { threads: best.threads, how: 'timed', timings };
}

interface DriverInputs {
  readonly script: string;
  readonly data: string;
  readonly noise: string;
  readonly out: string;
  /** A conditional config: the training split's labels and each noise vector's class. */
  readonly labels?: string;
  readonly classes?: string;
}

/** The exported script, the training split (once per dataset) and the evaluation noise. */
async function writeInputs(config: LearningConfig, data: LoadedDataset): Promise<DriverInputs> {
  workDir ??= await mkdtemp(path.join(os.tmpdir(), 'bench-learning-'));
  const dir = workDir;
  const file = (name: string) => path.join(dir, name);
  let train = trainFiles.get(config.datasetId);
  if (train === undefined) {
    train = file(`${config.datasetId}-train-u8.npy`);
    const { height, width, channels } = config.shape;
    await writeNpy(train, data.train.images, [data.train.count, height, width, channels]);
    trainFiles.set(config.datasetId, train);
  }
  const script = file(`${config.name}.py`);
  const meta = {
    ...scriptDataset(config.model, config.datasetId),
    train: { ...DEFAULT_TRAIN, seed: config.seed },
  };
  await writeFile(script, generatePytorchScript(config.model, config.shape, meta));
  const noise = file(`${config.name}-noise.npy`);
  await writeNpy(noise, evaluationNoise(config), [config.sampleCount, config.model.latentDim]);
  const out = file(`${config.name}-samples`);
  await mkdir(out, { recursive: true });
  const asked = evaluationClasses(config);
  if (asked === undefined) return { script, data: train, noise, out };
  const labels = file(`${config.datasetId}-train-labels.npy`);
  await writeNpy(labels, Uint32Array.from(data.train.labels), [data.train.count]);
  const classes = file(`${config.name}-classes.npy`);
  await writeNpy(classes, Uint32Array.from(asked), [asked.length]);
  return { script, data: train, noise, out, labels, classes };
}

async function runDriver(
  python: string,
  inputs: DriverInputs,
  points: readonly number[],
  threads: number,
): Promise<(DriverPoint | DriverDone)[]> {
  const args = [DRIVER, '--script', inputs.script, '--data', inputs.data, '--noise', inputs.noise];
  args.push('--points', points.join(','), '--out', inputs.out, '--threads', String(threads));
  if (inputs.labels !== undefined && inputs.classes !== undefined) {
    args.push('--labels', inputs.labels, '--classes', inputs.classes);
  }
  const timeout = (points[points.length - 1] * 3 + 300) * 1000;
  const { stdout } = await promisify(execFile)(python, args, { maxBuffer: 2 ** 24, timeout });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as DriverPoint | DriverDone);
}
