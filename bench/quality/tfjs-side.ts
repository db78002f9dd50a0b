// The TypeScript side of `npm run quality`: the default VAE and DCGAN trained by the product's
// own Trainer on wasm, their samples from fixed noise, and their scores; the DCGAN then trains on
// for the class-coverage curve.

import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../../src/datasets/types';
import { DEFAULT_DCGAN, DEFAULT_TRAIN, DEFAULT_VAE } from '../../src/ml/config';
import { Trainer } from '../../src/ml/train/trainer';
import type { EngineEvent } from '../../src/ml/train/types';
import type { QualityReference, SampleQuality } from '../../src/ml/metrics/quality';
import { vaeTestQuality, type VaeQuality } from '../../src/ml/metrics/vae-elbo';
import type { ModelRuntime } from '../../src/ml/train/runtime';
import { log } from './log';
import { coveragePoint, type CoveragePoint } from './report';

export const SHAPE = { height: 28, width: 28, channels: 1 } as const;
export const PIXELS = 28 * 28;

/** What the quality bench asks of both sides. */
export interface QualityBudget {
  readonly seed: number;
  readonly gan: typeof DEFAULT_DCGAN;
  readonly vae: typeof DEFAULT_VAE;
  readonly ganSteps: number;
  readonly vaeSteps: number;
  readonly coverageSteps: number;
  readonly coverageEvery: number;
  readonly evalCount: number;
  readonly epsSamples: number;
}

/** Latents every model is sampled from, the same on both sides. */
export interface EvalNoise {
  readonly gan: Float32Array;
  readonly vae: Float32Array;
}

/** Timing and last losses of one training run. */
export interface RunTiming {
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly lastLosses: Record<string, number>;
}

/** Trains and scores the tfjs VAE, then the tfjs DCGAN and its longer coverage run. */
export async function trainAndScoreTfjs(
  mnist: LoadedDataset,
  budget: QualityBudget,
  noise: EvalNoise,
  reference: QualityReference,
) {
  const { seed, gan, vae, evalCount, epsSamples } = budget;
  const tsVae = await train(mnist, vae, budget.vaeSteps, seed);
  const vaeQuality: VaeQuality = await vaeTestQuality(
    tsVae.trainer.runtime.nets as never,
    'bernoulli',
    mnist.test,
    SHAPE,
    { epsSamples, seed: 7 },
  );
  const vaeScores = await reference.score(
    await generate(tsVae.trainer.runtime, noise.vae, evalCount),
    evalCount,
  );
  log(
    `tfjs VAE: test NELBO ${vaeQuality.nelbo.toFixed(2)} nats, FID ${vaeScores.fid?.value.toFixed(2)}`,
  );
  tsVae.trainer.dispose();

  const tsGan = await train(mnist, gan, budget.ganSteps, seed);
  const ganScores = await reference.score(
    await generate(tsGan.trainer.runtime, noise.gan, evalCount),
    evalCount,
  );
  log(
    `tfjs DCGAN: FID ${ganScores.fid?.value.toFixed(2)}, ` +
      `Inception Score ${ganScores.inception?.value.toFixed(2)}, ` +
      `effective classes ${ganScores.coverage?.effectiveClasses.toFixed(2)}`,
  );
  const coverage = await coverageCurve(tsGan, budget, noise.gan, reference);
  tsGan.trainer.dispose();
  return {
    vae: { quality: vaeQuality, scores: vaeScores, timing: timing(tsVae) },
    gan: { scores: ganScores, timing: timing(tsGan), coverage },
  };
}

function timing(run: RunTiming): RunTiming {
  return { seconds: run.seconds, imagesPerSec: run.imagesPerSec, lastLosses: run.lastLosses };
}

/** The same DCGAN trained on to --coverage-steps, scored every --coverage-every steps. */
async function coverageCurve(
  run: TrainedRun,
  budget: QualityBudget,
  ganNoise: Float32Array,
  reference: QualityReference,
): Promise<CoveragePoint[]> {
  const { ganSteps, coverageSteps, coverageEvery, evalCount } = budget;
  const coverage: CoveragePoint[] = [];
  const firstCheck = (Math.floor(ganSteps / coverageEvery) + 1) * coverageEvery;
  for (let to = firstCheck; to <= coverageSteps; to += coverageEvery) {
    await run.trainTo(to);
    const samples = await generate(run.trainer.runtime, ganNoise, evalCount);
    const scores: SampleQuality = await reference.score(samples, evalCount);
    coverage.push(coveragePoint(to, scores, run.trainingSeconds()));
    log(
      `tfjs DCGAN step ${to}: FID ${scores.fid?.value.toFixed(2)}, ` +
        `effective classes ${scores.coverage?.effectiveClasses.toFixed(2)}`,
    );
  }
  return coverage;
}

type TrainedRun = Awaited<ReturnType<typeof train>>;

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
