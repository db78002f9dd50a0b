// Keeps the URL hash in step with the setup on screen, so a copied link reproduces it. Only a
// valid setup is written (a half-typed field leaves the last good hash), with replaceState so the
// back button is not flooded with every keystroke. A dataset the link names but the worker does
// not list (a typo, or custom images stored in another browser) falls back to the first bundled
// set once the list arrives, so the page never sits on a set it cannot load.

import { CUSTOM_ID_PREFIX } from '../datasets/custom/build';
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
  let datasetChecked = false;
  return store.subscribe((state, prev) => {
    if (!datasetChecked && state.datasets.length > 0) {
      datasetChecked = true;
      if (!state.datasets.some((d) => d.id === state.datasetId)) {
        state.rejectLinkDataset(state.datasets[0].id, unknownDatasetReason(state));
        return; // the store changed again: its own notification writes the hash
      }
    }
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

function unknownDatasetReason(state: AppState): string {
  const known = state.datasets.filter((d) => !d.id.startsWith(CUSTOM_ID_PREFIX)).map((d) => d.id);
  const mine = state.datasetId.startsWith(CUSTOM_ID_PREFIX)
    ? 'those images are stored in the browser that added them; '
    : '';
  return `${mine}must be one of ${known.join(', ')} or a set added on this page`;
}
