// Which saved checkpoints stay in the browser. Pure functions over checkpoint summaries, so the
// policy is tested without a browser (run-storage.ts and save-making-room.ts apply it).
//
// Normally: the current run keeps its newest few epoch checkpoints (a resume needs only the
// newest, the older ones are spares should it be unreadable), and the run saved before it keeps
// its last one. When the browser refuses a write for lack of room, the oldest go first, but
// never the current run's newest saved checkpoint nor the one being written: losing them would
// lose the run.
//
// Several tabs share the storage, each training its own run. A run live in another tab (its
// tab holds the run's Web Lock: run-locks.ts) is that tab's current run: this tab's retention
// keeps all of its checkpoints, and making room never takes its newest.

export interface CheckpointSummary {
  readonly runId: string;
  readonly step: number;
  /** Milliseconds since the epoch. */
  readonly savedAt: number;
}

/** Epoch checkpoints the current run keeps, its newest included. */
export const CHECKPOINTS_PER_RUN = 3;

/** The key a checkpoint is stored under: one run's checkpoints sort by step. */
export function checkpointKey(c: Pick<CheckpointSummary, 'runId' | 'step'>): string {
  return `${c.runId}#${String(c.step).padStart(12, '0')}`;
}

const sameCheckpoint = (a: CheckpointSummary, b: CheckpointSummary) =>
  a.runId === b.runId && a.step === b.step;

/** Newest first: by save time, then by step (two saves within one millisecond). */
export function newestFirst<T extends CheckpointSummary>(all: readonly T[]): T[] {
  return [...all].sort((a, b) => b.savedAt - a.savedAt || b.step - a.step);
}

/**
 * What the normal policy deletes once `current` is saved: checkpoints of its run beyond the
 * newest `perRun` (and any after its step: a future that a resume or rollback abandoned), every
 * checkpoint but the newest of the most recent other run, and everything of older runs.
 */
export function expiredCheckpoints<T extends CheckpointSummary>(
  all: readonly T[],
  current: CheckpointSummary,
  perRun = CHECKPOINTS_PER_RUN,
  live: ReadonlySet<string> = new Set(),
): T[] {
  const ordered = newestFirst(all);
  const own = ordered
    .filter((c) => c.runId === current.runId && c.step <= current.step)
    .sort((a, b) => b.step - a.step);
  const keep = new Set<T>(own.slice(0, Math.max(1, perRun)));
  for (const c of own) if (sameCheckpoint(c, current)) keep.add(c);
  const others = ordered.filter((c) => c.runId !== current.runId);
  for (const c of others) if (live.has(c.runId)) keep.add(c);
  // The most recent run that no tab trains now keeps its newest checkpoint.
  const previous = others.find((c) => !live.has(c.runId));
  if (previous !== undefined) keep.add(previous);
  return ordered.filter((c) => !keep.has(c));
}

/**
 * Before writing `incoming`: the checkpoints never to delete to make room for it, as keys —
 * itself (a rewrite of the same step), the newest saved checkpoint of its run before it, and the
 * newest of every run `live` in another tab.
 */
export function protectedKeys(
  all: readonly CheckpointSummary[],
  incoming: CheckpointSummary,
  live: ReadonlySet<string> = new Set(),
): Set<string> {
  const keys = new Set([checkpointKey(incoming)]);
  const own = all
    .filter((c) => c.runId === incoming.runId && c.step < incoming.step)
    .sort((a, b) => b.step - a.step);
  if (own.length > 0) keys.add(checkpointKey(own[0]));
  for (const runId of live) {
    if (runId === incoming.runId) continue;
    const newest = all.filter((c) => c.runId === runId).sort((a, b) => b.step - a.step)[0];
    if (newest !== undefined) keys.add(checkpointKey(newest));
  }
  return keys;
}

/** When storage is full: what may go to make room, the oldest first, never a protected one. */
export function evictionOrder<T extends CheckpointSummary>(
  all: readonly T[],
  keep: ReadonlySet<string>,
): T[] {
  return newestFirst(all)
    .reverse()
    .filter((c) => !keep.has(checkpointKey(c)));
}
