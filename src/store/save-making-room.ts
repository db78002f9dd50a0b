// Saving a checkpoint when the browser may be out of room: write; if the write fails (a
// QuotaExceededError, or any other refusal), delete the oldest checkpoint that may go and try
// again, until it fits or only the protected ones are left. Then apply the normal retention.
// Kept apart from IndexedDB so the loop is tested against a store with a byte limit.

import {
  checkpointKey,
  evictionOrder,
  expiredCheckpoints,
  protectedKeys,
  type CheckpointSummary,
} from './checkpoint-retention';
import { namedMessageOf } from '../lib/error-message';

/** The three operations the loop needs from a checkpoint store. */
export interface CheckpointShelf<M extends CheckpointSummary, W> {
  list(): Promise<M[]>;
  /** Writes one checkpoint atomically (all of it or nothing). */
  write(meta: M, payload: W): Promise<void>;
  remove(meta: M): Promise<void>;
}

export interface SaveOutcome<M> {
  /** Checkpoints deleted to make room (not counting the normal retention). */
  readonly pruned: readonly M[];
}

/** The checkpoint could not be saved even with every checkpoint that may go deleted. */
export class StorageFullError<M = unknown> extends Error {
  override readonly name = 'StorageFullError';
  constructor(
    /** What the browser said on the last attempt. */
    readonly reason: unknown,
    readonly pruned: readonly M[],
  ) {
    super(`The checkpoint did not fit in this browser's storage: ${namedMessageOf(reason)}`);
  }

  /** True when the browser said it was out of room (not some other refusal). */
  get quota(): boolean {
    return isQuotaError(this.reason);
  }
}

export function isQuotaError(err: unknown): boolean {
  if (err instanceof StorageFullError) return err.quota;
  const name = (err as { name?: unknown } | null)?.name;
  // Some engines report the quota as code 22 under another name.
  return name === 'QuotaExceededError' || (err as { code?: unknown } | null)?.code === 22;
}

export async function saveMakingRoom<M extends CheckpointSummary, W>(
  shelf: CheckpointShelf<M, W>,
  meta: M,
  payload: W,
  perRun?: number,
  /** Runs other tabs are training: see checkpoint-retention.ts. */
  live: ReadonlySet<string> = new Set(),
): Promise<SaveOutcome<M>> {
  const keep = protectedKeys(await shelf.list(), meta, live);
  const pruned: M[] = [];
  for (;;) {
    try {
      await shelf.write(meta, payload);
      break;
    } catch (err) {
      const victim = evictionOrder(await shelf.list(), keep)[0];
      if (victim === undefined) throw new StorageFullError(err, pruned);
      try {
        await shelf.remove(victim);
      } catch {
        throw new StorageFullError(err, pruned); // cannot even delete: give up
      }
      pruned.push(victim);
    }
  }
  const written = checkpointKey(meta);
  for (const old of expiredCheckpoints(await shelf.list(), meta, perRun, live)) {
    if (checkpointKey(old) !== written) await shelf.remove(old);
  }
  return { pruned };
}
