// The prune-and-retry loop against a shelf with a byte limit that refuses a write it cannot hold
// the way a browser does (a DOMException named QuotaExceededError), so the loop's real decisions
// are checked: what it deletes, in which order, and when it gives up.

import { describe, expect, it } from 'vitest';
import type { CheckpointSummary } from './checkpoint-retention';
import {
  isQuotaError,
  saveMakingRoom,
  StorageFullError,
  type CheckpointShelf,
} from './save-making-room';

interface Meta extends CheckpointSummary {
  readonly bytes: number;
}

function limitedShelf(limit: number, initial: Meta[] = []) {
  const items = new Map<string, Meta>(initial.map((m) => [`${m.runId}@${m.step}`, m]));
  const used = () => [...items.values()].reduce((n, m) => n + m.bytes, 0);
  const removed: string[] = [];
  const shelf: CheckpointShelf<Meta, null> & { removed: string[]; names(): string[] } = {
    removed,
    names: () => [...items.keys()].sort(),
    async list() {
      return [...items.values()];
    },
    async write(meta) {
      const key = `${meta.runId}@${meta.step}`;
      const replaced = items.get(key)?.bytes ?? 0;
      if (used() - replaced + meta.bytes > limit)
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, meta);
    },
    async remove(meta) {
      const key = `${meta.runId}@${meta.step}`;
      items.delete(key);
      removed.push(key);
    },
  };
  return shelf;
}

const meta = (runId: string, step: number, savedAt: number, bytes = 100): Meta => ({
  runId,
  step,
  savedAt,
  bytes,
});

describe('saveMakingRoom', () => {
  it('saves without deleting anything while there is room, then applies the retention', async () => {
    const shelf = limitedShelf(10_000);
    for (let i = 1; i <= 5; i++) {
      const outcome = await saveMakingRoom(shelf, meta('run', i * 10, i), null);
      expect(outcome.pruned).toEqual([]);
    }
    expect(shelf.names()).toEqual(['run@30', 'run@40', 'run@50']);
  });

  it('deletes the oldest checkpoints until the new one fits', async () => {
    // Room for three: the previous run's last, then this run's two.
    const shelf = limitedShelf(300, [meta('prev', 90, 1)]);
    await saveMakingRoom(shelf, meta('run', 10, 2), null);
    await saveMakingRoom(shelf, meta('run', 20, 3), null);
    const third = await saveMakingRoom(shelf, meta('run', 30, 4), null);
    expect(third.pruned.map((m) => `${m.runId}@${m.step}`)).toEqual(['prev@90']);
    const fourth = await saveMakingRoom(shelf, meta('run', 40, 5), null);
    expect(fourth.pruned.map((m) => `${m.runId}@${m.step}`)).toEqual(['run@10']);
    expect(shelf.names()).toEqual(['run@20', 'run@30', 'run@40']);
  });

  it("never deletes the run's newest saved checkpoint: gives up and keeps it", async () => {
    const shelf = limitedShelf(250);
    await saveMakingRoom(shelf, meta('run', 10, 1), null);
    await saveMakingRoom(shelf, meta('run', 20, 2), null);
    // Only one fits beside the newest saved (step 20); step 10 goes, then it still does not fit.
    const failure = await saveMakingRoom(shelf, meta('run', 30, 3, 200), null).catch((e) => e);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect((failure as StorageFullError).quota).toBe(true);
    expect(isQuotaError(failure)).toBe(true);
    expect((failure as StorageFullError<Meta>).pruned.map((m) => m.step)).toEqual([10]);
    expect(shelf.names()).toEqual(['run@20']);
  });

  it('passes on failures that are not about room after trying what it could', async () => {
    const shelf = limitedShelf(10_000);
    shelf.write = async () => {
      throw new DOMException('The database connection is closing.', 'InvalidStateError');
    };
    const failure = await saveMakingRoom(shelf, meta('run', 10, 1), null).catch((e) => e);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect((failure as StorageFullError).quota).toBe(false);
  });

  it("leaves a run live in another tab alone, even when its own run's older ones go", async () => {
    const shelf = limitedShelf(400, [meta('other', 10, 1), meta('other', 20, 2)]);
    await saveMakingRoom(shelf, meta('run', 10, 3), null, 3, new Set(['other']));
    await saveMakingRoom(shelf, meta('run', 20, 4), null, 3, new Set(['other']));
    // Full: the other tab's older spare goes, never its newest; then this run's oldest.
    const third = await saveMakingRoom(shelf, meta('run', 30, 5), null, 3, new Set(['other']));
    expect(third.pruned.map((m) => `${m.runId}@${m.step}`)).toEqual(['other@10']);
    const fourth = await saveMakingRoom(shelf, meta('run', 40, 6), null, 3, new Set(['other']));
    expect(fourth.pruned.map((m) => `${m.runId}@${m.step}`)).toEqual(['run@10']);
    expect(shelf.names()).toEqual(['other@20', 'run@20', 'run@30', 'run@40']);
  });
});
