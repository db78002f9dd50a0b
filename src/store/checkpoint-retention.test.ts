import { describe, expect, it } from 'vitest';
import {
  checkpointKey,
  evictionOrder,
  expiredCheckpoints,
  protectedKeys,
  type CheckpointSummary,
} from './checkpoint-retention';

// Run 'old' saved two epochs long ago, run 'prev' three, run 'cur' is training now.
const at = (runId: string, step: number, savedAt: number): CheckpointSummary => ({
  runId,
  step,
  savedAt,
});
const history = [
  at('old', 10, 1),
  at('old', 20, 2),
  at('prev', 10, 3),
  at('prev', 20, 4),
  at('prev', 30, 5),
  at('cur', 10, 6),
  at('cur', 20, 7),
  at('cur', 30, 8),
  at('cur', 40, 9),
];
const names = (list: readonly CheckpointSummary[]) => list.map((c) => `${c.runId}@${c.step}`);

describe('normal retention', () => {
  it("keeps the current run's newest three and the previous run's last one", () => {
    const expired = expiredCheckpoints(history, at('cur', 40, 9));
    const kept = history.filter((c) => !expired.includes(c));
    expect(names(kept).sort()).toEqual(['cur@20', 'cur@30', 'cur@40', 'prev@30'].sort());
  });

  it('drops checkpoints of the run after the one just saved (an abandoned future)', () => {
    // The run was resumed from step 20 and has saved step 30 again.
    const list = [
      ...history.slice(0, 5),
      at('cur', 10, 6),
      at('cur', 20, 7),
      at('cur', 40, 8),
      at('cur', 30, 10),
    ];
    const expired = expiredCheckpoints(list, at('cur', 30, 10));
    expect(names(expired)).toContain('cur@40');
    expect(names(expired)).not.toContain('cur@30');
  });

  it('keeps everything of a young run and the run before it', () => {
    const list = [at('prev', 30, 5), at('cur', 10, 6)];
    expect(expiredCheckpoints(list, at('cur', 10, 6))).toEqual([]);
  });

  it('keeps at least the newest even when asked to keep none', () => {
    expect(names(expiredCheckpoints(history, at('cur', 40, 9), 0))).not.toContain('cur@40');
  });
});

describe('several tabs, each training its own run', () => {
  // Tabs A and B train runs 'a' and 'b' (each holds its run's lock); tab C starts run 'c'.
  const tabs = [
    at('old', 10, 1),
    at('a', 10, 2),
    at('a', 20, 5),
    at('b', 10, 3),
    at('b', 20, 4),
    at('c', 10, 6),
  ];

  it("keeps every checkpoint of runs live in other tabs, and the last idle run's newest", () => {
    const expired = expiredCheckpoints(tabs, at('c', 10, 6), 3, new Set(['a', 'b']));
    expect(names(expired)).toEqual([]);
    // Without the locks, the third tab would have deleted one live run's checkpoints.
    expect(names(expiredCheckpoints(tabs, at('c', 10, 6)))).toEqual(
      expect.arrayContaining(['b@20', 'b@10', 'old@10']),
    );
  });

  it('drops idle runs beyond the most recent one even while others are live', () => {
    const list = [...tabs, at('idle', 10, 5.5)];
    const expired = expiredCheckpoints(list, at('c', 10, 6), 3, new Set(['a', 'b']));
    expect(names(expired)).toEqual(['old@10']);
  });

  it("never makes room with a live run's newest checkpoint", () => {
    const keep = protectedKeys(tabs, at('c', 20, 7), new Set(['a', 'b']));
    expect(names(evictionOrder(tabs, keep))).toEqual(['old@10', 'a@10', 'b@10']);
  });
});

describe('making room when storage is full', () => {
  it("protects the checkpoint being written and the run's newest saved one", () => {
    const keep = protectedKeys(history, at('cur', 50, 10));
    expect([...keep].sort()).toEqual(
      [checkpointKey(at('cur', 50, 0)), checkpointKey(at('cur', 40, 0))].sort(),
    );
  });

  it('evicts the oldest first, never a protected one', () => {
    const keep = protectedKeys(history, at('cur', 50, 10));
    const order = evictionOrder(history, keep);
    expect(names(order)).toEqual([
      'old@10',
      'old@20',
      'prev@10',
      'prev@20',
      'prev@30',
      'cur@10',
      'cur@20',
      'cur@30',
    ]);
  });

  it("a new run's first checkpoint may push out every older run", () => {
    const keep = protectedKeys(history, at('new', 10, 11));
    expect(evictionOrder(history, keep)).toHaveLength(history.length);
  });

  it('keys sort one run by step', () => {
    const keys = [at('r', 100, 0), at('r', 9, 0), at('r', 20, 0)].map(checkpointKey).sort();
    expect(keys).toEqual(['r#000000000009', 'r#000000000020', 'r#000000000100']);
  });
});
