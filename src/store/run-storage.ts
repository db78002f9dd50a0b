// Runs kept in this browser's IndexedDB so a reload, a closed tab or a crashed worker can resume
// them: epoch-end checkpoints (weights JSON with Adam's state; the newest few of the current run
// the last one of the run before, and those of runs other tabs are training), a small summary of each to offer "Resume last run (step
// N)" without reading the weights, and each run's epoch sample grids and quality reports.
// Its schema, and the upgrade from earlier ones: run-storage-schema.ts.

import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { ModelKind } from '../ml/config';
import { checkpointKey, newestFirst } from './checkpoint-retention';
import { withoutPictures, type QualityEntry } from './quality-history';
import { saveMakingRoom, type SaveOutcome } from './save-making-room';
import { liveRunIds } from './run-locks';
import {
  SCHEMA_VERSION,
  STORES,
  upgrade,
  type RunsDb,
  type SavedRunMeta,
  type StoreName,
} from './run-storage-schema';
import { frameBytes, frameOf, thinSteps, type Frame } from './timeline';

/** One run as the saved-runs list shows it: its newest checkpoint and what the run takes. */
export interface StoredRun {
  readonly runId: string;
  readonly datasetId: string;
  readonly modelKind: ModelKind;
  readonly step: number;
  readonly epoch: number;
  /** When its newest checkpoint was saved, milliseconds since the epoch. */
  readonly savedAt: number;
  /** Its checkpoints' weights and its grids, in bytes. */
  readonly bytes: number;
  readonly checkpoints: number;
}

export type { SavedRunMeta };

export const RUNS_DB_NAME = 'gan-playground-runs';

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
  /** Every stored run, the most recently saved first. */
  runs(): Promise<StoredRun[]>;
  /** Deletes a run: its checkpoints, grids and quality reports. */
  deleteRun(runId: string): Promise<void>;
  clear(): Promise<void>;
}

export interface RunStorageOptions {
  /** Another database name (tests). */
  readonly name?: string;
  /** Runs some tab is training now, which retention keeps (default: their Web Locks). */
  readonly liveRuns?: () => Promise<ReadonlySet<string>>;
}

const gridRange = (runId: string, from = -Infinity, to = Infinity) =>
  IDBKeyRange.bound([runId, from], [runId, to]);

/** IndexedDB storage; every call rejects if the browser has no IndexedDB (private modes). */
export function openRunStorage(options: RunStorageOptions = {}): RunStorage {
  const name = options.name ?? RUNS_DB_NAME;
  const liveRuns = options.liveRuns ?? liveRunIds;
  let db: Promise<IDBPDatabase<RunsDb>> | null = null;
  const open = async (): Promise<IDBPDatabase<RunsDb>> => {
    db ??= openDB<RunsDb>(name, SCHEMA_VERSION, {
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
      return grids.map((g) => frameOf(g.frame)); // keys sort by step: oldest first
    },
    async loadQuality(runId, step) {
      const stored = await (await open()).getAll('quality', gridRange(runId, -Infinity, step));
      return stored.map((q) => q.entry);
    },
    async save(meta, weights, frames, quality = []) {
      const live = await liveRuns().catch(() => new Set<string>());
      const payload = { weights, frames, quality };
      return saveMakingRoom({ list, write, remove }, meta, payload, undefined, live);
    },
    async saveQuality(runId, quality) {
      const tx = (await open()).transaction(STORES, 'readwrite');
      const saved = (await tx.objectStore('meta').getAll()).filter((m) => m.runId === runId);
      const newest = newestFirst(saved)[0];
      if (newest !== undefined) await putQuality(tx, newest, quality);
      await tx.done;
    },
    async runs() {
      const tx = (await open()).transaction(['meta', 'grids'], 'readonly');
      const metas = newestFirst(await tx.objectStore('meta').getAll());
      const out: StoredRun[] = [];
      for (const newest of metas) {
        if (out.some((r) => r.runId === newest.runId)) continue;
        const own = metas.filter((m) => m.runId === newest.runId);
        let bytes = own.reduce((n, m) => n + m.weightsBytes, 0);
        for (const g of await tx.objectStore('grids').getAll(gridRange(newest.runId)))
          bytes += frameBytes(g.frame);
        const { runId, datasetId, modelKind, step, epoch, savedAt } = newest;
        out.push({
          runId,
          datasetId,
          modelKind,
          step,
          epoch,
          savedAt,
          bytes,
          checkpoints: own.length,
        });
      }
      await tx.done;
      return out;
    },
    async deleteRun(runId) {
      const tx = (await open()).transaction(STORES, 'readwrite');
      const own = (await tx.objectStore('meta').getAll()).filter((m) => m.runId === runId);
      for (const m of own) {
        await tx.objectStore('meta').delete(checkpointKey(m));
        await tx.objectStore('weights').delete(checkpointKey(m));
      }
      await tx.objectStore('grids').delete(gridRange(runId));
      await tx.objectStore('quality').delete(gridRange(runId));
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
  const kept = quality.filter((entry) => entry.step <= meta.step);
  const newest = kept.at(-1);
  for (const entry of kept) {
    // The charts need every report's numbers; only the newest report's pictures (a few small
    // sample / nearest-image pairs) are shown, so only they come back with a resumed run.
    const stored = entry === newest ? entry : withoutPictures(entry);
    await store.put({ runId: meta.runId, step: entry.step, entry: stored });
  }
}
