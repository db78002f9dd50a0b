// The last run, kept in this browser's IndexedDB so a reload (or a crashed worker) can resume it:
// the newest epoch-end checkpoint (weights JSON with Adam's state), a small summary to offer
// "Resume last run (step N)" without reading the weights, and the epoch sample grids.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelKind } from '../ml/config';
import type { Frame } from './timeline';

export interface SavedRunMeta {
  /** Which run saved it: frames of another run are dropped when a new one saves. */
  readonly runId: string;
  /** Milliseconds since the epoch. */
  readonly savedAt: number;
  readonly step: number;
  readonly epoch: number;
  readonly datasetId: string;
  readonly modelKind: ModelKind;
  readonly weightsBytes: number;
}

interface RunsDb extends DBSchema {
  meta: { key: string; value: SavedRunMeta };
  weights: { key: string; value: ArrayBuffer };
  frames: { key: number; value: Frame };
}

const DB_NAME = 'gan-playground-runs';
const LAST = 'last';

export interface RunStorage {
  loadMeta(): Promise<SavedRunMeta | null>;
  loadWeights(): Promise<ArrayBuffer | null>;
  /** The saved grids, oldest first. */
  loadFrames(): Promise<Frame[]>;
  /** Saves a checkpoint and the grids not saved yet, in one transaction. */
  save(meta: SavedRunMeta, weights: ArrayBuffer, frames: readonly Frame[]): Promise<void>;
  clear(): Promise<void>;
}

/** IndexedDB storage; every call rejects if the browser has no IndexedDB (private modes). */
export function openRunStorage(): RunStorage {
  let db: Promise<IDBPDatabase<RunsDb>> | null = null;
  const open = () =>
    (db ??= openDB<RunsDb>(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore('meta');
        database.createObjectStore('weights');
        database.createObjectStore('frames', { keyPath: 'step' });
      },
    }));

  return {
    async loadMeta() {
      return (await (await open()).get('meta', LAST)) ?? null;
    },
    async loadWeights() {
      return (await (await open()).get('weights', LAST)) ?? null;
    },
    async loadFrames() {
      return (await open()).getAll('frames'); // keys are steps: oldest first
    },
    async save(meta, weights, frames) {
      const tx = (await open()).transaction(['meta', 'weights', 'frames'], 'readwrite');
      const previous = await tx.objectStore('meta').get(LAST);
      const framesStore = tx.objectStore('frames');
      if (previous?.runId !== meta.runId) await framesStore.clear();
      // Grids after the checkpoint belong to steps a resume would redo.
      else await framesStore.delete(IDBKeyRange.lowerBound(meta.step, true));
      for (const frame of frames) if (frame.step <= meta.step) await framesStore.put(frame);
      await tx.objectStore('weights').put(weights, LAST);
      await tx.objectStore('meta').put(meta, LAST);
      await tx.done;
    },
    async clear() {
      const tx = (await open()).transaction(['meta', 'weights', 'frames'], 'readwrite');
      await Promise.all([
        tx.objectStore('meta').clear(),
        tx.objectStore('weights').clear(),
        tx.objectStore('frames').clear(),
      ]);
      await tx.done;
    },
  };
}
