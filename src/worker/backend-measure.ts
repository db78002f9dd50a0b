// Times a few training steps of the run's own model on the active backend, for the 'auto'
// choice (backend-selection.ts). The data are random pixels of the right shape: throughput does
// not depend on pixel values, and the real dataset is not loaded yet when the page starts.
//
// A software GPU can take minutes for one step of the default DCGAN; a step still running at
// the deadline is abandoned and, where the backend allows it, its queued GPU work is dropped
// (abortBackend), so it does not keep a core busy behind the backend that wins.

import type { ImageShape } from '../datasets/types';
import { Rng } from '../lib/rng';
import { abortBackend } from '../ml/backends/backend-health';
import type { BackendName } from '../ml/backends/init-backend';
import { isConditional, type ModelConfig } from '../ml/config';
import { Batcher } from '../ml/train/batcher';
import { createRuntime } from '../ml/train/create-runtime';
import type { MeasureOutcome } from './backend-selection';

/** The model whose speed decides: the run the page is about to train. */
export interface MeasureSpec {
  readonly model: ModelConfig;
  readonly shape: ImageShape;
}

export interface MeasureOptions {
  /** Untimed steps first (kernel setup, shader compilation, wasm warm-up). Default 2. */
  readonly warmupSteps?: number;
  /** Timed steps at most. Default 3. */
  readonly timedSteps?: number;
  readonly now?: () => number;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Trains `spec` on the already-started `backend` until `deadline` (a `now()` value) or the step
 * counts are done. Throws if a step throws; the runtime is disposed either way (unless the
 * backend had to be aborted, which frees everything it held).
 */
export async function measureTrainingSpeed(
  backend: BackendName,
  spec: MeasureSpec,
  deadline: number,
  options: MeasureOptions = {},
): Promise<MeasureOutcome> {
  const now = options.now ?? (() => performance.now());
  const warmup = options.warmupSteps ?? 2;
  const timed = options.timedSteps ?? 3;
  // A conditional model is timed with two classes (the random images all of class 0): the
  // class count barely changes a step's work.
  const runtime = createRuntime(spec.model, spec.shape, 1, isConditional(spec.model) ? 2 : 0);
  const batcher = new Batcher(
    randomSplit(spec.shape, runtime.imagesPerStep),
    spec.shape,
    runtime.range,
    1,
  );
  const rng = new Rng(1);
  let aborted = false;
  try {
    const stepTimes: number[] = [];
    let timedMs = 0;
    let timedCount = 0;
    for (let step = 0; step < warmup + timed; step++) {
      const t0 = now();
      const work = runtime.trainStep(batcher, rng.fork(step), step);
      // cpu and wasm compute on this thread: nothing to race, nothing to abort.
      const onGpu = backend === 'webgl' || backend === 'webgpu';
      const result = onGpu ? await beforeDeadline(work, deadline, now) : await work;
      const ms = now() - t0;
      if (result === TIMED_OUT) {
        work.catch(() => {}); // settles (or not) after we have moved on
        // Free the networks first, while their backend still exists (the step in flight keeps
        // only its own few tensors), then drop the queued GPU work with the backend.
        try {
          runtime.dispose();
        } catch {
          // A backend in trouble may fail to free; it is about to go anyway.
        }
        aborted = abortBackend(backend);
        return {
          kind: 'too-slow',
          belowImagesPerSec: (runtime.imagesPerStep * 1000) / ms,
          reason: `one training step did not finish within ${(ms / 1000).toFixed(1)} s`,
        };
      }
      stepTimes.push(ms);
      if (step >= warmup) {
        timedMs += ms;
        timedCount++;
      }
      // Stop before a step that would end past the deadline (the last one is the best guess).
      if (now() + ms > deadline) break;
      // A slow first step: one warm-up is all the budget allows.
      if (step === 0 && warmup > 1 && now() + 2 * ms > deadline) step = warmup - 1;
    }
    const imagesPerSec =
      timedCount > 0
        ? (runtime.imagesPerStep * timedCount * 1000) / timedMs
        : (runtime.imagesPerStep * 1000) / Math.min(...stepTimes);
    return { kind: 'measured', imagesPerSec, timedSteps: timedCount };
  } finally {
    if (!aborted) runtime.dispose();
  }
}

/** Random pixels for a few steps: [count, H, W, C] uint8, seeded. */
function randomSplit(shape: ImageShape, imagesPerStep: number) {
  const count = Math.max(imagesPerStep * 2, 8);
  const images = new Uint8Array(count * shape.height * shape.width * shape.channels);
  const rng = new Rng(7);
  for (let i = 0; i < images.length; i++) images[i] = rng.int(256);
  return { images, labels: new Uint16Array(count), count };
}

/** Resolves with the work's result, or TIMED_OUT at the deadline (the work is not stopped). */
async function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  now: () => number,
): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - now()));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
