// What the training loop costs besides the training step itself, for bench/profile-step.ts: the
// trainer's weight check (every WEIGHT_CHECK_EVERY steps) and sample grid (every
// DEFAULT_SAMPLE_EVERY steps, the page's default), the worker's checkpoint (once a minute), and
// the fixed cost of a kernel call (a step of a narrow network is hundreds of small kernels).
// Each part is timed with the product's own calls, then spread over the steps between two calls.

import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../../src/datasets/types';
import { DEFAULT_TRAIN, type ModelConfig } from '../../src/ml/config';
import { countNonFiniteWeights, WEIGHT_CHECK_EVERY } from '../../src/ml/train/divergence';
import { Trainer } from '../../src/ml/train/trainer';
import { DEFAULT_SAMPLE_EVERY } from '../../src/store/url-params';
import { CHECKPOINT_EVERY_MS } from '../../src/worker/checkpoints';

export interface LoopExtras {
  /** Each part's own time (ms) and its share of a step once spread over the steps it covers. */
  readonly weightCheckMs: number;
  readonly gridMs: number;
  readonly checkpointMs: number;
  /** The three together, per step, as a share of the step time given. */
  readonly shareOfStep: number;
  /** Fixed cost of one kernel call on a one-element tensor (µs). */
  readonly kernelCallUs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeMs(f: () => Promise<unknown>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Times the loop's extras on a fresh trainer of `model` whose step takes `stepMs`. */
export async function measureLoopExtras(
  model: ModelConfig,
  dataset: LoadedDataset,
  stepMs: number,
): Promise<LoopExtras> {
  const trainer = new Trainer({
    spec: {
      model,
      train: { ...DEFAULT_TRAIN, sampleEverySteps: DEFAULT_SAMPLE_EVERY },
      datasetId: dataset.info.id,
    },
    dataset,
    listener: () => {},
  });
  await trainer.trainStep(); // Adam's slots exist from the first step: checkpoints hold them
  const weightCheckMs = await timeMs(() => countNonFiniteWeights(trainer.runtime.nets), 5);
  const gridMs = await timeMs(() => trainer.fixedNoiseGrid(), 5);
  const checkpointMs = await timeMs(() => trainer.exportWeights({ includeOptimizer: true }), 3);
  trainer.dispose();

  const calls = 2000;
  const one = tf.scalar(1);
  const kernelCallUs =
    (1000 / calls) *
    (await timeMs(async () => {
      tf.tidy(() => {
        for (let i = 0; i < calls; i++) tf.add(one, one);
      });
    }, 3));
  one.dispose();

  const stepsPerCheckpoint = CHECKPOINT_EVERY_MS / stepMs;
  const perStep =
    weightCheckMs / WEIGHT_CHECK_EVERY +
    gridMs / DEFAULT_SAMPLE_EVERY +
    checkpointMs / stepsPerCheckpoint;
  return { weightCheckMs, gridMs, checkpointMs, shareOfStep: perStep / stepMs, kernelCallUs };
}
