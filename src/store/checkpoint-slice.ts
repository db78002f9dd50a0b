// Where the run can be brought back from: the newest epoch-end checkpoint of this page (the last
// good epoch, for a rollback or a crashed worker) and the run saved in IndexedDB by an earlier
// visit (offered as "Resume last run"), every run stored in this browser (the saved-runs list);
// and whether autosaving in this browser works.

import type { StateCreator } from 'zustand';
import type { SavedRunMeta, StoredRun } from './run-storage';

export interface CheckpointInfo {
  readonly step: number;
  readonly epoch: number;
}

/**
 * Autosave trouble, for a note on the page (null: every checkpoint saved). 'pruned': the browser
 * ran out of room and older checkpoints were deleted, the newest is saved; 'paused': the newest
 * checkpoint did not fit, `saved` is the last one that did (null: none of this run);
 * 'unavailable': the browser refuses storage altogether (private windows).
 */
export interface AutosaveTrouble {
  readonly state: 'pruned' | 'paused' | 'unavailable';
  readonly saved: CheckpointInfo | null;
  /** Checkpoints deleted to make room so far in this run. */
  readonly prunedCount: number;
  /** The browser said it was out of room (else it refused for another reason). */
  readonly quota: boolean;
  /** What the browser said, for the curious. */
  readonly detail: string;
}

/** A stored run in the saved-runs list, and which tab trains it now (null: none). */
export interface StoredRunEntry extends StoredRun {
  readonly inUse: 'this-tab' | 'other-tab' | null;
}

export interface CheckpointSlice {
  /** The newest checkpoint this page holds (its bytes live in the checkpoint keeper). */
  lastGood: CheckpointInfo | null;
  /** The run saved in this browser, when no run is going. */
  savedRun: SavedRunMeta | null;
  autosave: AutosaveTrouble | null;
  /** Every run stored in this browser, the most recently saved first. */
  storedRuns: readonly StoredRunEntry[];
  setLastGood: (checkpoint: CheckpointInfo | null) => void;
  setSavedRun: (meta: SavedRunMeta | null) => void;
  setAutosave: (trouble: AutosaveTrouble | null) => void;
  setStoredRuns: (runs: readonly StoredRunEntry[]) => void;
}

/**
 * The step of the newest checkpoint in the browser's storage (null: none): the page's newest
 * checkpoint, unless autosave reports that saving stopped ('paused', 'unavailable'), when only
 * what reached storage counts. After pruning the newest checkpoint is still saved.
 */
export function storedStep(state: Pick<CheckpointSlice, 'lastGood' | 'autosave'>): number | null {
  const { lastGood, autosave } = state;
  const stored = autosave === null || autosave.state === 'pruned' ? lastGood : autosave.saved;
  return stored?.step ?? null;
}

export const createCheckpointSlice: StateCreator<CheckpointSlice> = (set) => ({
  lastGood: null,
  savedRun: null,
  autosave: null,
  storedRuns: [],
  setLastGood: (lastGood) => set({ lastGood }),
  setSavedRun: (savedRun) => set({ savedRun }),
  setAutosave: (autosave) => set({ autosave }),
  setStoredRuns: (storedRuns) => set({ storedRuns }),
});
