// Step events can come tens of times a second. They are queued here and handed to the store in
// batches, at most STEP_FLUSHES_PER_SEC times a second: every loss goes into the loss log, only
// the newest step updates the counters, and components re-render once per batch.

import type { StepEvent } from '../ml/engine/types';
import type { AppStore } from './app-store';

export const STEP_FLUSHES_PER_SEC = 8;

export interface StepStream {
  push(event: StepEvent): void;
  /** Hands over whatever is queued now (before reading counters, after the loop stops). */
  flush(): void;
  /** Drops whatever is queued (the run went away). */
  discard(): void;
}

export function createStepStream(store: AppStore, afterFlush: () => void): StepStream {
  let queue: StepEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const state = store.getState();
    for (const e of batch) state.lossLog.push(e.step, e.losses);
    state.applyStep(batch[batch.length - 1]);
    state.bumpLosses();
    afterFlush();
  };

  return {
    push(event) {
      queue.push(event);
      timer ??= setTimeout(flush, 1000 / STEP_FLUSHES_PER_SEC);
    },
    flush,
    discard() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      queue = [];
    },
  };
}
