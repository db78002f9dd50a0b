// Keeps the run's newest epoch-end checkpoint on the page (for a rollback or a crashed worker) and
// in IndexedDB with the epoch grids (for "Resume last run" after a reload). Checkpoints are taken
// in the worker at the epoch's end (src/worker/checkpoints.ts); this fetches and stores them, one
// at a time, and never lets a storage failure disturb training.

import type { AppStore } from './app-store';
import type { RunStorage, SavedRunMeta } from './run-storage';
import type { Frame } from './timeline';
import type { CheckpointBytes } from '../worker/protocol';

export interface Restorable {
  readonly step: number;
  readonly epoch: number;
  readonly bytes: ArrayBuffer;
  /** Grids up to the checkpoint, to show again. */
  readonly frames: readonly Frame[];
}

export interface CheckpointKeeper {
  /** A new run (created or imported): forget the old checkpoint, save under a new id. */
  startRun(runId: string, initial?: { step: number; epoch: number; bytes: ArrayBuffer }): void;
  /** No run any more (Reset): nothing to roll back to. */
  endRun(): void;
  /**
   * After an epoch event: fetch the worker's checkpoint newer than `after` and keep it (queued,
   * never concurrent).
   */
  keep(fetch: (after: number) => Promise<CheckpointBytes | null>): Promise<void>;
  /** The newest checkpoint this page holds, else the one saved in IndexedDB. */
  restorable(): Promise<Restorable | null>;
  /** Reads what an earlier visit saved (for the "Resume last run" offer). */
  loadSaved(): Promise<{ meta: SavedRunMeta; bytes: ArrayBuffer; frames: Frame[] } | null>;
  refreshSavedOffer(): Promise<void>;
  readonly runId: string | null;
}

/** Grids worth keeping across a reload: the run's start and its epoch ends. */
const isSaved = (f: Frame) => f.reason === 'epoch' || f.reason === 'initial';

export function createCheckpointKeeper(store: AppStore, storage: RunStorage): CheckpointKeeper {
  let runId: string | null = null;
  let held: { step: number; epoch: number; bytes: ArrayBuffer } | null = null;
  let chain: Promise<void> = Promise.resolve();

  const save = async (checkpoint: { step: number; epoch: number; bytes: ArrayBuffer }) => {
    const { runSpec, frames } = store.getState();
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
      await storage.save(meta, checkpoint.bytes, frames.filter(isSaved));
    } catch (err) {
      // Private windows and full disks refuse storage; the run goes on without it.
      console.warn(`Could not save the run in this browser: ${String(err)}`);
    }
  };

  return {
    get runId() {
      return runId;
    },

    startRun(id, initial) {
      runId = id;
      held = initial ?? null;
      store.getState().setLastGood(initial ? { step: initial.step, epoch: initial.epoch } : null);
      store.getState().setSavedRun(null);
    },

    endRun() {
      runId = null;
      held = null;
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

    async restorable() {
      await chain;
      const frames = store.getState().frames;
      if (held !== null) {
        const step = held.step;
        return { ...held, frames: frames.filter((f) => f.step <= step) };
      }
      const saved = await this.loadSaved();
      if (saved === null) return null;
      return { ...saved.meta, bytes: saved.bytes, frames: saved.frames };
    },

    async loadSaved() {
      try {
        const meta = await storage.loadMeta();
        if (meta === null) return null;
        const bytes = await storage.loadWeights();
        if (bytes === null) return null;
        return { meta, bytes, frames: await storage.loadFrames() };
      } catch {
        return null;
      }
    },

    async refreshSavedOffer() {
      const meta = await storage.loadMeta().catch(() => null);
      store.getState().setSavedRun(meta);
    },
  };
}
