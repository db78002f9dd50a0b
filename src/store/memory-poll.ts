// The run's memory figures in the store, asked of the worker after each batch of steps (at most
// twice a second, one question at a time) and whenever the run stops or is replaced.

import type { TrainingApi } from '../worker/client';
import { hasRun } from './run-slice';
import type { AppStore } from './state';

const MIN_INTERVAL_MS = 500;

/** Returns `refresh`: asks for the figures unless one question is out or one was asked lately. */
export function createMemoryPoll(
  store: AppStore,
  api: () => TrainingApi,
): (force?: boolean) => void {
  let inFlight = false;
  let lastAt = 0;
  return (force = false) => {
    const now = performance.now();
    const state = store.getState();
    if (inFlight || !hasRun(state.runPhase) || (!force && now - lastAt < MIN_INTERVAL_MS)) return;
    inFlight = true;
    lastAt = now;
    api()
      .memory()
      .then((memory) => store.getState().setMemory(memory))
      .catch(() => {}) // a run disposed meanwhile has no memory to report
      .finally(() => (inFlight = false));
  };
}
