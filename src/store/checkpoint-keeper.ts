// Keeps the run's newest epoch-end checkpoint on the page (for a rollback or a crashed worker) and
// in IndexedDB with the epoch grids and quality reports (for "Resume last run" after a reload or
// a closed tab).
// Checkpoints are taken in the worker at the epoch's end (src/worker/checkpoints.ts); this fetches
// and stores them, one at a time, and never lets a storage failure disturb training: when the
// browser is out of room, run-storage deletes older checkpoints, and what still does not fit is
// reported in the store (`autosave`) for the page to say (and logged once, not every epoch).
// While a run is this page's, the page holds the run's Web Lock (run-locks.ts), so that other
// tabs keep its checkpoints and do not resume or delete it.

import type { AppStore } from './state';
import type { AutosaveTrouble, CheckpointInfo } from './checkpoint-slice';
import type { QualityEntry } from './quality-history';
import { holdRunLock, liveRunIds } from './run-locks';
import type { RunStorage, SavedRunMeta } from './run-storage';
import { isQuotaError, StorageFullError } from './save-making-room';
import type { Frame } from './timeline';
import type { CheckpointBytes } from '../worker/protocol';
import { namedMessageOf } from '../lib/error-message';

export interface Restorable {
  readonly step: number;
  readonly epoch: number;
  readonly bytes: ArrayBuffer;
  /** Grids up to the checkpoint, to show again. */
  readonly frames: readonly Frame[];
}

export interface SavedRun {
  readonly meta: SavedRunMeta;
  readonly bytes: ArrayBuffer;
  readonly frames: Frame[];
  /** Quality reports measured up to the checkpoint. */
  readonly quality: QualityEntry[];
}

export interface CheckpointKeeper {
  /**
   * The page's run is now `runId` (created, imported, resumed or restored). `initial` is where
   * it starts from; `stored` says that point is already saved in this browser (a resume).
   */
  startRun(
    runId: string,
    initial?: { step: number; epoch: number; bytes: ArrayBuffer },
    stored?: boolean,
  ): void;
  /** No run any more (Reset): nothing to roll back to. */
  endRun(): void;
  /**
   * After an epoch event: fetch the worker's checkpoint newer than `after` and keep it (queued,
   * never concurrent).
   */
  keep(fetch: (after: number) => Promise<CheckpointBytes | null>): Promise<void>;
  /**
   * After a quality report: store it with the run's saved checkpoints if it arrived after the
   * checkpoint of its epoch was saved (queued like checkpoints; failures only skip it).
   */
  keepQuality(): Promise<void>;
  /** The newest checkpoint this page holds, else the newest saved in IndexedDB. */
  restorable(): Promise<Restorable | null>;
  /**
   * Reads the newest readable checkpoint of `runId`, or of any run no other tab is training (for
   * the "Resume last run" offer). Throws if `runId` is training in another tab.
   */
  loadSaved(runId?: string): Promise<SavedRun | null>;
  refreshSavedOffer(): Promise<void>;
  readonly runId: string | null;
}

/** Grids worth keeping across a reload: the run's start and its epoch ends... */
const isSaved = (f: Frame) => f.reason === 'epoch' || f.reason === 'initial';

/**
 * ...and the newest grid at each checkpoint, so a run resumed in the middle of a long epoch
 * shows where it got to (one grid a minute at most: checkpoints between epoch ends are that far
 * apart).
 */
export function framesToSave(frames: readonly Frame[], step: number): Frame[] {
  const upTo = frames.filter((f) => f.step <= step);
  const newest = upTo[upTo.length - 1];
  return upTo.filter((f) => isSaved(f) || f === newest);
}

/**
 * `onStored`: after each checkpoint this page saved (the saved-runs list shows the new step).
 */
export function createCheckpointKeeper(
  store: AppStore,
  storage: RunStorage,
  onStored: () => void = () => {},
): CheckpointKeeper {
  let runId: string | null = null;
  let releaseLock = () => {};
  // A failed save is logged once until one succeeds again: autosave stays paused meanwhile.
  let warned = false;
  let held: { step: number; epoch: number; bytes: ArrayBuffer } | null = null;
  let chain: Promise<void> = Promise.resolve();
  // This run's newest checkpoint in IndexedDB, and how many older ones had to go for room.
  let saved: CheckpointInfo | null = null;
  let prunedCount = 0;

  const report = (trouble: Omit<AutosaveTrouble, 'saved' | 'prunedCount'> | null): void => {
    store.getState().setAutosave(trouble === null ? null : { ...trouble, saved, prunedCount });
  };

  const save = async (checkpoint: { step: number; epoch: number; bytes: ArrayBuffer }) => {
    const { runSpec, frames, qualityReports } = store.getState();
    if (runSpec === null || runId === null) return;
    const meta: SavedRunMeta = {
      runId,
      savedAt: Date.now(),
      step: checkpoint.step,
      epoch: checkpoint.epoch,
      datasetId: runSpec.datasetId,
      modelKind: runSpec.model.kind,
      weightsBytes: checkpoint.bytes.byteLength,
    };
    try {
      const outcome = await storage.save(
        meta,
        checkpoint.bytes,
        framesToSave(frames, checkpoint.step),
        qualityReports,
      );
      if (meta.runId !== runId) return; // a new run started meanwhile: its own report counts
      saved = { step: meta.step, epoch: meta.epoch };
      prunedCount += outcome.pruned.length;
      warned = false;
      // Once room ran out, say so for the rest of the run: only the newest checkpoints are kept.
      report(prunedCount > 0 ? { state: 'pruned', quota: true, detail: '' } : null);
      onStored();
    } catch (err) {
      if (meta.runId !== runId) return;
      if (!warned) console.warn(`Could not save the run in this browser: ${namedMessageOf(err)}`);
      warned = true;
      if (err instanceof StorageFullError) {
        prunedCount += err.pruned.length;
        report({ state: 'paused', quota: err.quota, detail: namedMessageOf(err.reason) });
      } else {
        // IndexedDB itself refused (private windows): nothing was or will be saved.
        report({ state: 'unavailable', quota: isQuotaError(err), detail: namedMessageOf(err) });
      }
    }
  };

  /** Runs another tab is training now. */
  const elsewhere = async (): Promise<Set<string>> => {
    const live = await liveRunIds();
    if (runId !== null) live.delete(runId);
    return live;
  };

  const loadSaved = async (wanted?: string): Promise<SavedRun | null> => {
    const busy = await elsewhere();
    if (wanted !== undefined && busy.has(wanted))
      throw new Error('That run is training in another tab: continue it there.');
    try {
      const all = await storage.list();
      const candidates = all.filter((m) =>
        wanted === undefined ? !busy.has(m.runId) : m.runId === wanted,
      );
      // Newest first; an unreadable checkpoint falls back to the one before it.
      for (const meta of candidates) {
        const bytes = await storage.loadWeights(meta);
        if (bytes === null) continue;
        return {
          meta,
          bytes,
          frames: await storage.loadFrames(meta.runId, meta.step),
          quality: await storage.loadQuality(meta.runId, meta.step),
        };
      }
    } catch {
      // No IndexedDB here: nothing saved.
    }
    return null;
  };

  return {
    get runId() {
      return runId;
    },

    startRun(id, initial, stored = false) {
      if (id !== runId) {
        saved = null;
        prunedCount = 0;
        warned = false;
        report(null);
        releaseLock();
        releaseLock = holdRunLock(id);
      }
      runId = id;
      held = initial ?? null;
      if (stored && initial) saved = { step: initial.step, epoch: initial.epoch };
      store.getState().setLastGood(initial ? { step: initial.step, epoch: initial.epoch } : null);
      store.getState().setSavedRun(null);
    },

    endRun() {
      releaseLock();
      releaseLock = () => {};
      runId = null;
      held = null;
      saved = null;
      prunedCount = 0;
      report(null);
      store.getState().setLastGood(null);
    },

    keep(fetch) {
      const id = runId;
      chain = chain.then(async () => {
        const checkpoint = await fetch(held?.step ?? -1).catch(() => null);
        if (checkpoint === null || id !== runId) return;
        if (held !== null && checkpoint.step <= held.step) return;
        held = checkpoint;
        store.getState().setLastGood({ step: checkpoint.step, epoch: checkpoint.epoch });
        await save(checkpoint);
      });
      return chain;
    },

    keepQuality() {
      const id = runId;
      chain = chain.then(async () => {
        // Only reports of the run whose checkpoints are saved, and only once one is.
        if (id === null || id !== runId || saved === null) return;
        const { qualityReports } = store.getState();
        if (!qualityReports.some((e) => e.step <= (saved?.step ?? -1))) return;
        await storage.saveQuality(id, qualityReports).catch((err: unknown) => {
          console.warn(`Could not save the quality report in this browser: ${namedMessageOf(err)}`);
        });
      });
      return chain;
    },

    async restorable() {
      await chain;
      const frames = store.getState().frames;
      if (held !== null) {
        const step = held.step;
        return { ...held, frames: frames.filter((f) => f.step <= step) };
      }
      const last = await loadSaved();
      if (last === null) return null;
      return { ...last.meta, bytes: last.bytes, frames: last.frames };
    },

    loadSaved,

    async refreshSavedOffer() {
      const busy = await elsewhere();
      const all = await storage.list().catch(() => []);
      store.getState().setSavedRun(all.find((m) => !busy.has(m.runId)) ?? null);
    },
  };
}
