// Runs kept in this browser's IndexedDB so a reload, a closed tab or a crashed worker can resume
// them: epoch-end checkpoints (weights JSON with Adam's state; the newest few of the current run
// and the last one of the run before), a small summary of each to offer "Resume last run (step
// N)" without reading the weights, and each run's epoch sample grids and quality reports.
//
// The database is at schema 3: checkpoints, their summaries, grids and quality reports, each under
// its run. Opening a database of an earlier schema creates the stores it lacks and moves schema
// 1's one checkpoint (under the key 'last') and its grids (keyed by step alone) under their run.

import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { ModelKind } from '../ml/config';
import { checkpointKey, newestFirst } from './checkpoint-retention';
import { withoutPictures, type QualityEntry } from './quality-history';
import { saveMakingRoom, type SaveOutcome } from './save-making-room';
import { thinSteps, type Frame } from './timeline';

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
interface StoredGrid {
  readonly runId: string;
  readonly step: number;
  readonly frame: Frame;
}

/** One epoch's quality report (without its pictures), stored under [runId, step]. */
interface StoredQuality {
  readonly runId: string;
  readonly step: number;
  readonly entry: QualityEntry;
}

interface RunsDb extends DBSchema {
  /** Key: checkpointKey(meta). */
  meta: { key: string; value: SavedRunMeta };
  weights: { key: string; value: ArrayBuffer };
  grids: { key: [string, number]; value: StoredGrid };
  quality: { key: [string, number]; value: StoredQuality };
}

type StoreName = 'meta' | 'weights' | 'grids' | 'quality';
const STORES: StoreName[] = ['meta', 'weights', 'grids', 'quality'];

export const RUNS_DB_NAME = 'gan-playground-runs';
const VERSION = 3;
/** Schema 1's key of its one checkpoint. */
const V1_KEY = 'last';

export interface RunStorage {
  /** Every saved checkpoint, newest first. */
  list(): Promise<SavedRunMeta[]>;
  /** The newest checkpoint of any run, for the "Resume last run" offer. */
  loadMeta(): Promise<SavedRunMeta | null>;
  loadWeights(meta: SavedRunMeta): Promise<ArrayBuffer | null>;
  /** The run's saved grids up to `step`, oldest first. */
  loadFrames(runId: string, step: number): Promise<Frame[]>;
  /** The run's saved quality reports up to `step`, oldest first. */
  loadQuality(runId: string, step: number): Promise<QualityEntry[]>;
  /**
   * Saves a checkpoint and its run's grids and quality reports up to its step, deleting the
   * oldest checkpoints (never the run's newest saved one) when the browser is out of room; then
   * keeps only what the retention policy keeps. Rejects with StorageFullError if it still does
   * not fit.
   */
  save(
    meta: SavedRunMeta,
    weights: ArrayBuffer,
    frames: readonly Frame[],
    quality?: readonly QualityEntry[],
  ): Promise<SaveOutcome<SavedRunMeta>>;
  /**
   * Adds quality reports that arrived after their checkpoint was saved: those up to the run's
   * newest saved checkpoint are stored, later ones wait for the next checkpoint. Never prunes.
   */
  saveQuality(runId: string, quality: readonly QualityEntry[]): Promise<void>;
  clear(): Promise<void>;
}

export interface RunStorageOptions {
  /** Another database name (tests). */
  readonly name?: string;
}

const gridRange = (runId: string, from = -Infinity, to = Infinity) =>
  IDBKeyRange.bound([runId, from], [runId, to]);

/** IndexedDB storage; every call rejects if the browser has no IndexedDB (private modes). */
export function openRunStorage(options: RunStorageOptions = {}): RunStorage {
  const name = options.name ?? RUNS_DB_NAME;
  let db: Promise<IDBPDatabase<RunsDb>> | null = null;
  const open = async (): Promise<IDBPDatabase<RunsDb>> => {
    db ??= openDB<RunsDb>(name, VERSION, {
      upgrade: (database, _oldVersion, _newVersion, tx) => void upgrade(database, tx),
      // Another tab with a newer page wants to upgrade: let it, and reopen when needed.
      blocking() {
        void db?.then((d) => d.close());
        db = null;
      },
      terminated() {
        db = null;
      },
    });
    try {
      return await db;
    } catch (err) {
      db = null; // try again next time (a transient failure, or IndexedDB refused for now)
      throw err;
    }
  };

  const list = async (): Promise<SavedRunMeta[]> =>
    newestFirst(await (await open()).getAll('meta'));

  const write = async (meta: SavedRunMeta, payload: Payload): Promise<void> => {
    const tx = (await open()).transaction(STORES, 'readwrite');
    try {
      await fill(tx, meta, payload);
    } catch (err) {
      // All or nothing: no grids without their checkpoint (a browser aborts on its own on a
      // quota error; other failures may leave the transaction open).
      try {
        tx.abort();
      } catch {
        // already aborted
      }
      await tx.done.catch(() => {});
      throw err;
    }
    await tx.done;
  };

  const fill = async (
    tx: IDBPTransaction<RunsDb, StoreName[], 'readwrite'>,
    meta: SavedRunMeta,
    payload: Payload,
  ): Promise<void> => {
    const grids = tx.objectStore('grids');
    // Grids after the checkpoint belong to steps a resume would redo.
    await grids.delete(gridRange(meta.runId, meta.step + 0.5));
    const stored = new Set(
      (await grids.getAllKeys(gridRange(meta.runId, -Infinity, meta.step))).map((k) => k[1]),
    );
    for (const frame of payload.frames) {
      if (frame.step <= meta.step && !stored.has(frame.step)) {
        await grids.put({ runId: meta.runId, step: frame.step, frame });
        stored.add(frame.step);
      }
    }
    // The same bound as the page's timeline: the first grid, the recent ones, older log-spaced.
    const all = [...stored].sort((a, b) => a - b);
    const kept = new Set(thinSteps(all));
    for (const step of all) if (!kept.has(step)) await grids.delete([meta.runId, step]);
    await putQuality(tx, meta, payload.quality);
    const key = checkpointKey(meta);
    await tx.objectStore('weights').put(payload.weights, key);
    await tx.objectStore('meta').put(meta, key);
  };

  const remove = async (meta: SavedRunMeta): Promise<void> => {
    const tx = (await open()).transaction(STORES, 'readwrite');
    const key = checkpointKey(meta);
    await tx.objectStore('meta').delete(key);
    await tx.objectStore('weights').delete(key);
    // A run's grids go with its last checkpoint.
    const others = await tx.objectStore('meta').getAll();
    if (!others.some((m) => m.runId === meta.runId)) {
      await tx.objectStore('grids').delete(gridRange(meta.runId));
      await tx.objectStore('quality').delete(gridRange(meta.runId));
    }
    await tx.done;
  };

  return {
    list,
    async loadMeta() {
      return (await list())[0] ?? null;
    },
    async loadWeights(meta) {
      return (await (await open()).get('weights', checkpointKey(meta))) ?? null;
    },
    async loadFrames(runId, step) {
      const grids = await (await open()).getAll('grids', gridRange(runId, -Infinity, step));
      return grids.map((g) => g.frame); // keys sort by step: oldest first
    },
    async loadQuality(runId, step) {
      const stored = await (await open()).getAll('quality', gridRange(runId, -Infinity, step));
      return stored.map((q) => q.entry);
    },
    save(meta, weights, frames, quality = []) {
      return saveMakingRoom({ list, write, remove }, meta, { weights, frames, quality });
    },
    async saveQuality(runId, quality) {
      const tx = (await open()).transaction(STORES, 'readwrite');
      const saved = (await tx.objectStore('meta').getAll()).filter((m) => m.runId === runId);
      const newest = newestFirst(saved)[0];
      if (newest !== undefined) await putQuality(tx, newest, quality);
      await tx.done;
    },
    async clear() {
      const tx = (await open()).transaction(STORES, 'readwrite');
      await Promise.all([...STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
    },
  };
}

interface Payload {
  readonly weights: ArrayBuffer;
  readonly frames: readonly Frame[];
  readonly quality: readonly QualityEntry[];
}

/**
 * Stores the run's reports up to the checkpoint `meta` (replacing any at the same step) and drops
 * those after it: a resume from `meta` measures those epochs again.
 */
async function putQuality(
  tx: IDBPTransaction<RunsDb, StoreName[], 'readwrite'>,
  meta: SavedRunMeta,
  quality: readonly QualityEntry[],
): Promise<void> {
  const store = tx.objectStore('quality');
  await store.delete(gridRange(meta.runId, meta.step + 0.5));
  for (const entry of quality) {
    if (entry.step > meta.step) continue;
    // The pictures are for the live page only; the numbers are what the charts need.
    await store.put({ runId: meta.runId, step: entry.step, entry: withoutPictures(entry) });
  }
}

type UpgradeTx = IDBPTransaction<RunsDb, StoreName[], 'versionchange'>;

/**
 * Creates what is missing, and moves schema 1's one checkpoint and its grids under their run.
 * Looks at the stores rather than trusting `oldVersion`: a database someone opened without a
 * version (devtools, a test reading it) exists at version 1 with no stores at all.
 */
async function upgrade(database: IDBPDatabase<RunsDb>, tx: UpgradeTx): Promise<void> {
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
  const frames = (await old.objectStore('frames').getAll()) as Frame[];
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
