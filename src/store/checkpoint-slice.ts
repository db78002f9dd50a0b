// Where the run can be brought back from: the newest epoch-end checkpoint of this page (the last
// good epoch, for a rollback or a crashed worker) and the run saved in IndexedDB by an earlier
// visit (offered as "Resume last run").

import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';
import type { SavedRunMeta } from './run-storage';

export interface CheckpointInfo {
  readonly step: number;
  readonly epoch: number;
}

export interface CheckpointSlice {
  /** The newest checkpoint this page holds (its bytes live in the controller). */
  lastGood: CheckpointInfo | null;
  /** The run saved in this browser, when no run is going. */
  savedRun: SavedRunMeta | null;
  setLastGood: (checkpoint: CheckpointInfo | null) => void;
  setSavedRun: (meta: SavedRunMeta | null) => void;
}

export const createCheckpointSlice: StateCreator<AppState, [], [], CheckpointSlice> = (set) => ({
  lastGood: null,
  savedRun: null,
  setLastGood: (lastGood) => set({ lastGood }),
  setSavedRun: (savedRun) => set({ savedRun }),
});
