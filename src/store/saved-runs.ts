// The saved-runs list: every run stored in this browser with which tab, if any, trains it. Other
// tabs change the storage too, so the list is read again when a tab says it saved or deleted a
// run (a BroadcastChannel message) and when a run another tab was training is released (its
// tab closed: the run's Web Lock is granted to this tab, which lets go at once).

import { weightsFileName } from './downloads';
import { liveRunIds, whenRunReleased } from './run-locks';
import type { RunStorage } from './run-storage';
import type { AppStore } from './state';

const CHANNEL = 'gan-playground-runs';

export interface SavedRuns {
  /** Reads the list now, and again whenever another tab changes it. */
  watch(): void;
  /** Reads the list again and tells the other tabs to (after this tab saved a checkpoint). */
  changed(): Promise<void>;
  /** The run's newest checkpoint as a weights JSON download. */
  exportRun(runId: string): Promise<{ bytes: ArrayBuffer; fileName: string }>;
  /** Deletes a run no tab is training. */
  deleteRun(runId: string): Promise<void>;
}

export function createSavedRuns(
  store: AppStore,
  storage: RunStorage,
  ownRunId: () => string | null,
): SavedRuns {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  // Runs whose release this tab waits for, each with the function that stops waiting.
  const waiting = new Map<string, () => void>();

  const refresh = async (): Promise<void> => {
    const [runs, live] = await Promise.all([storage.runs().catch(() => []), liveRunIds()]);
    const own = ownRunId();
    const entries = runs.map((run) => ({
      ...run,
      inUse:
        run.runId === own
          ? ('this-tab' as const)
          : live.has(run.runId)
            ? ('other-tab' as const)
            : null,
    }));
    store.getState().setStoredRuns(entries);
    for (const { runId, inUse } of entries) {
      if (inUse !== 'other-tab' || waiting.has(runId)) continue;
      waiting.set(
        runId,
        whenRunReleased(runId, () => {
          waiting.delete(runId);
          void refresh();
        }),
      );
    }
  };

  const changed = async (): Promise<void> => {
    await refresh();
    channel?.postMessage('changed');
  };

  return {
    watch() {
      if (channel !== null) channel.onmessage = () => void refresh();
      void refresh();
    },
    changed,
    async exportRun(runId) {
      const newest = (await storage.list()).find((m) => m.runId === runId);
      const bytes = newest === undefined ? null : await storage.loadWeights(newest);
      if (newest === undefined || bytes === null)
        throw new Error('That run is no longer stored in this browser.');
      return { bytes, fileName: weightsFileName(newest.datasetId, newest.modelKind, newest.step) };
    },
    async deleteRun(runId) {
      if (runId === ownRunId() || (await liveRunIds()).has(runId))
        throw new Error('That run is training in a tab: it cannot be deleted while it is open.');
      await storage.deleteRun(runId);
      await changed();
    },
  };
}
