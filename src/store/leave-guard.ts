// Asks before the tab closes or reloads while training progress is not yet saved: a run that
// is training, or one that has gone past its newest checkpoint. Checkpoints come at least every
// minute and when training pauses, so after a pause a close is usually silent.

import type { AppState, AppStore } from './state';
import { storedStep } from './checkpoint-slice';
import { hasRun } from './run-slice';

/** Steps of the run that a reload would lose (0: nothing to lose). */
export function unsavedSteps(state: AppState): number {
  if (!hasRun(state.runPhase) || state.step === 0) return 0;
  return Math.max(0, state.step - (storedStep(state) ?? 0));
}

export function needsLeaveWarning(state: AppState): boolean {
  return state.runPhase === 'running' || state.runPhase === 'pausing' || unsavedSteps(state) > 0;
}

/** Installs the beforeunload question; returns the uninstaller. */
export function guardUnsavedProgress(store: AppStore, target: Window = window): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!needsLeaveWarning(store.getState())) return;
    // The browser shows its own wording; both calls are needed across browsers.
    event.preventDefault();
    event.returnValue = '';
  };
  target.addEventListener('beforeunload', onBeforeUnload);
  return () => target.removeEventListener('beforeunload', onBeforeUnload);
}
