// Keeps the URL hash in step with the setup on screen, so a copied link reproduces it. Only a
// valid setup is written (a half-typed field leaves the last good hash), with replaceState so the
// back button is not flooded with every keystroke.

import type { AppState, AppStore } from './state';
import { configFromDrafts, runSettingsFromDrafts } from './drafts';
import { queryWithoutSetup, setupHash } from './url-params';

export function hashForState(state: AppState): string | null {
  const model = configFromDrafts(state.modelKind, state.drafts);
  const run = runSettingsFromDrafts(state.runDrafts);
  if (model === null || run === null) return null;
  return setupHash({
    datasetId: state.datasetId,
    model,
    seed: run.seed,
    stepsPerEpoch: run.stepsPerEpoch,
    sampleEverySteps: run.sampleEverySteps,
    backend: state.backendChoice,
    wasmThreads: state.wasmThreads,
    wasmThreadCount: state.options.wasmThreadCount,
  });
}

export function syncUrlHash(store: AppStore): () => void {
  let last = '';
  const write = (state: AppState) => {
    const hash = hashForState(state);
    if (hash === null || hash === last) return;
    last = hash;
    const { pathname, search } = window.location;
    history.replaceState(history.state, '', `${pathname}${queryWithoutSetup(search)}${hash}`);
  };
  write(store.getState());
  return store.subscribe((state, prev) => {
    if (
      state.drafts !== prev.drafts ||
      state.runDrafts !== prev.runDrafts ||
      state.datasetId !== prev.datasetId ||
      state.modelKind !== prev.modelKind ||
      state.backendChoice !== prev.backendChoice
    ) {
      write(state);
    }
  });
}
