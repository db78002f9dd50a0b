// Step and samples events can come tens of times a second (a small model on a fast backend).
// They are queued here and handed to the store in batches, at most STEP_FLUSHES_PER_SEC times a
// second: every loss goes into the loss log and every grid into the timeline, only the newest
// step updates the counters, and components re-render once per batch.

import type { SamplesEvent, StepEvent } from '../ml/train/types';
import type { AppStore } from './state';
import { frameOf, type Frame } from './timeline';

export const STEP_FLUSHES_PER_SEC = 4;

export interface StepStream {
  push(event: StepEvent | SamplesEvent): void;
  /** Hands over whatever is queued now (before reading counters, after the loop stops). */
  flush(): void;
  /** Drops whatever is queued (the run went away). */
  discard(): void;
}

export function createStepStream(store: AppStore, afterFlush: () => void): StepStream {
  let steps: StepEvent[] = [];
  let frames: Frame[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const stepBatch = steps;
    const frameBatch = frames;
    steps = [];
    frames = [];
    const state = store.getState();
    if (frameBatch.length > 0) state.addFrames(frameBatch);
    if (stepBatch.length === 0) return;
    state.appendLosses(stepBatch);
    state.applyStep(stepBatch[stepBatch.length - 1]);
    afterFlush();
  };

  return {
    push(event) {
      if (event.type === 'step') steps.push(event);
      else frames.push(frameOf(event));
      timer ??= setTimeout(flush, 1000 / STEP_FLUSHES_PER_SEC);
    },
    flush,
    discard() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      steps = [];
      frames = [];
    },
  };
}
