// What the custom-dataset panel does, apart from drawing: import through the worker, refresh
// the dataset lists in the store, delete stored sets. Errors go to the page's banner.

import type { AppStore } from '../../store/state';
import type { TrainingController } from '../../store/training-controller';
import { progressProxy } from '../../worker/client';
import type { CustomImportOptions, SkippedFile } from '../../worker/protocol';
import type { CollectedFiles } from './collect-drop';
import { messageOf } from '../../lib/error-message';

export interface CustomDatasetActions {
  refresh(): Promise<void>;
  /** Imports; resolves with the files it skipped and why (empty when it failed outright). */
  importFiles(files: CollectedFiles, options: CustomImportOptions): Promise<readonly SkippedFile[]>;
  remove(id: string): Promise<void>;
  use(id: string): void;
}

export function customDatasetActions(
  store: AppStore,
  controller: TrainingController,
): CustomDatasetActions {
  const api = () => controller.workerApi();
  const hasRun = () => store.getState().runPhase !== 'none';

  const refresh = async () => {
    const [stored, datasets] = await Promise.all([
      api().listCustomDatasets(),
      api().listDatasets(),
    ]);
    store.getState().setCustomDatasets(stored);
    // The dataset picker lists what the worker can load, custom sets included.
    store.getState().setDatasets(datasets);
  };

  return {
    refresh: () => refresh().catch((err) => store.getState().showError(messageOf(err))),

    async importFiles(files, options) {
      const state = store.getState();
      if (files.sources.length === 0 && files.emptyFolders.length === 0) {
        state.setCustomSummary(
          'No dataset made: nothing to import (the folder or drop held no files).',
        );
        return [];
      }
      state.setCustomSummary(null);
      state.setCustomImport({ fraction: 0, message: 'Starting…' });
      try {
        const result = await api().importCustomDataset(
          files.sources,
          options,
          files.emptyFolders,
          progressProxy((fraction, message) =>
            store.getState().setCustomImport({ fraction, message }),
          ),
        );
        store.getState().setCustomSummary(result.summary);
        await refresh();
        // Select the new set for the next run unless a run holds the current one.
        if (result.info !== null && !hasRun()) store.getState().setDatasetId(result.info.id);
        return result.skipped;
      } catch (err) {
        store.getState().setCustomSummary(`Import failed: ${messageOf(err)}`);
        return [];
      } finally {
        store.getState().setCustomImport(null);
      }
    },

    async remove(id) {
      try {
        await api().deleteCustomDataset(id);
        const state = store.getState();
        if (state.datasetId === id && !hasRun()) state.setDatasetId('mnist');
        await refresh();
      } catch (err) {
        store.getState().showError(messageOf(err));
      }
    },

    use(id) {
      if (!hasRun()) store.getState().setDatasetId(id);
    },
  };
}
