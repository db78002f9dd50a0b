// What the page's store keeps over a long run stays bounded: a synthetic stream of step and
// samples events (the memory benchmark's shape: MNIST grids every 20 steps, an epoch grid every
// 600) goes through the same step stream the page uses, and the JS heap plus ArrayBuffer memory
// is read after a full garbage collection (over the inspector protocol) at two points.

import { Session } from 'node:inspector/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageGrid, SamplesEvent, StepEvent } from '../ml/train/types';
import { createAppStore } from './app-store';
import { createStepStream } from './step-stream';
import { MAX_TIMELINE_FRAMES } from './timeline';
import { parsePageOptions } from './url-params';

const SAMPLE_EVERY = 20;
const STEPS_PER_EPOCH = 600;
/** The page hands batches to the store a few times a second; this many steps a batch. */
const BATCH = 25;
/** An 8x8 grid of 28x28 cells with 1-pixel gaps, as the worker draws MNIST samples. */
const SIDE = 8 * 28 + 7;
const MB = 2 ** 20;

let session: Session;

beforeAll(() => {
  session = new Session();
  session.connect();
});

afterAll(() => session.disconnect());

/** Live JS heap plus ArrayBuffer backing stores, after a full collection. */
async function retainedBytes(): Promise<number> {
  await session.post('HeapProfiler.collectGarbage');
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** A greyscale RGBA grid with pixels that vary from step to step (nothing to share). */
function mnistGrid(step: number): ImageGrid {
  const rgba = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let p = 0; p < SIDE * SIDE; p++) {
    const v = (p * 31 + step * 7) & 0xff;
    rgba.set([v, v, v, 255], p * 4);
  }
  return {
    rows: 8,
    cols: 8,
    cellHeight: 28,
    cellWidth: 28,
    gap: 1,
    width: SIDE,
    height: SIDE,
    rgba,
  };
}

function stepEvent(step: number): StepEvent {
  const inEpoch = step % STEPS_PER_EPOCH;
  return {
    type: 'step',
    step,
    epoch: Math.floor(step / STEPS_PER_EPOCH),
    stepInEpoch: inEpoch === 0 ? STEPS_PER_EPOCH : inEpoch,
    stepsPerEpoch: STEPS_PER_EPOCH,
    losses: {
      kind: 'dcgan',
      dLoss: 1 / step,
      gLoss: 2 + 1 / step,
      dReal: 0.5,
      dFake: 0.25,
      gGradNorm: 0.1 + 1 / step,
      dGradNorm: 0.5,
      wDistance: 1 / step,
    },
    imagesPerSec: 100 + (step % 7),
  };
}

function samplesEvent(step: number): SamplesEvent {
  return {
    type: 'samples',
    step,
    epoch: Math.floor(step / STEPS_PER_EPOCH),
    reason: step % STEPS_PER_EPOCH === 0 ? 'epoch' : 'interval',
    grid: mnistGrid(step),
  };
}

describe("the store's retained size over a long run", () => {
  it('stays bounded once the timeline is full, and the grids take a byte a pixel', async () => {
    const store = createAppStore(parsePageOptions(''));
    const stream = createStepStream(store, () => {});
    const before = await retainedBytes();
    const run = (from: number, to: number) => {
      for (let step = from; step <= to; step++) {
        stream.push(stepEvent(step));
        if (step % SAMPLE_EVERY === 0) stream.push(samplesEvent(step));
        if (step % BATCH === 0) stream.flush();
      }
      stream.flush();
    };

    const full = SAMPLE_EVERY * MAX_TIMELINE_FRAMES * 1.5; // well past the timeline's bound
    run(1, full);
    const atFull = await retainedBytes();
    run(full + 1, 2 * full);
    const atTwice = await retainedBytes();

    expect(store.getState().frames).toHaveLength(MAX_TIMELINE_FRAMES);
    expect(store.getState().lossLog.length).toBe(2 * full);
    // 60 grids at a byte a pixel are 3.2 MB (at RGBA's four bytes they would be 12.8 MB).
    const gridBytes = MAX_TIMELINE_FRAMES * SIDE * SIDE;
    expect(atTwice - before).toBeLessThan(gridBytes + 2 * MB);
    // The second stretch adds only its losses (five numbers a step): well under a megabyte.
    expect(atTwice - atFull).toBeLessThan(MB);
    stream.discard();
  });
});
