// The schema of the runs database (run-storage.ts) and its upgrade from earlier versions.
//
// Schema 3: checkpoints, their summaries, grids and quality reports, each under its run. Opening
// a database of an earlier schema creates the stores it lacks and moves schema 1's one
// checkpoint (under the key 'last') and its grids (keyed by step alone) under their run.

import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { ModelKind } from '../ml/config';
import { checkpointKey } from './checkpoint-retention';
import type { QualityEntry } from './quality-history';
import type { StoredFrame } from './timeline';

export const SCHEMA_VERSION = 3;

export interface SavedRunMeta {
  /** Which run saved it: a run keeps several checkpoints and its grids. */
  readonly runId: string;
  /** Milliseconds since the epoch. */
  readonly savedAt: number;
  readonly step: number;
  readonly epoch: number;
  readonly datasetId: string;
  readonly modelKind: ModelKind;
  readonly weightsBytes: number;
}

/** One grid of a run's timeline, stored under [runId, step]. */
export interface StoredGrid {
  readonly runId: string;
  readonly step: number;
  readonly frame: StoredFrame;
}

/** One epoch's quality report (without its pictures), stored under [runId, step]. */
export interface StoredQuality {
  readonly runId: string;
  readonly step: number;
  readonly entry: QualityEntry;
}

export interface RunsDb extends DBSchema {
  /** Key: checkpointKey(meta). */
  meta: { key: string; value: SavedRunMeta };
  weights: { key: string; value: ArrayBuffer };
  grids: { key: [string, number]; value: StoredGrid };
  quality: { key: [string, number]; value: StoredQuality };
}

export type StoreName = 'meta' | 'weights' | 'grids' | 'quality';
export const STORES: StoreName[] = ['meta', 'weights', 'grids', 'quality'];

/** Schema 1's key of its one checkpoint. */
const V1_KEY = 'last';

type UpgradeTx = IDBPTransaction<RunsDb, StoreName[], 'versionchange'>;

/**
 * Creates what is missing, and moves schema 1's one checkpoint and its grids under their run.
 * Looks at the stores rather than trusting `oldVersion`: a database someone opened without a
 * version (devtools, a test reading it) exists at version 1 with no stores at all.
 */
export async function upgrade(database: IDBPDatabase<RunsDb>, tx: UpgradeTx): Promise<void> {
  const has = (store: string) => database.objectStoreNames.contains(store as 'meta');
  if (!has('meta')) database.createObjectStore('meta');
  if (!has('weights')) database.createObjectStore('weights');
  if (!has('grids')) database.createObjectStore('grids', { keyPath: ['runId', 'step'] });
  if (!has('quality')) database.createObjectStore('quality', { keyPath: ['runId', 'step'] });
  if (!has('frames')) return;
  // RunsDb's types describe the current schema only: reach schema 1's stores untyped.
  const old = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  const meta = (await old.objectStore('meta').get(V1_KEY)) as SavedRunMeta | undefined;
  const weights = (await old.objectStore('weights').get(V1_KEY)) as ArrayBuffer | undefined;
  const frames = (await old.objectStore('frames').getAll()) as StoredFrame[];
  await old.objectStore('meta').delete(V1_KEY);
  await old.objectStore('weights').delete(V1_KEY);
  if (meta !== undefined && weights !== undefined) {
    const key = checkpointKey(meta);
    await tx.objectStore('meta').put(meta, key);
    await tx.objectStore('weights').put(weights, key);
    for (const frame of frames) {
      if (frame.step <= meta.step)
        await tx.objectStore('grids').put({ runId: meta.runId, step: frame.step, frame });
    }
  }
  (database as unknown as IDBPDatabase).deleteObjectStore('frames');
}
