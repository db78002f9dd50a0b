// Which stored runs a tab is training right now. Each tab holds a Web Lock named after its run
// for as long as the run is its own (the browser releases it when the tab closes or crashes), so
// another tab can ask the browser which runs are live: retention keeps them
// (checkpoint-retention.ts) and the saved-runs list offers no Resume or Delete for them.
// Where there are no Web Locks, no run counts as live.

import { lockManager, whenLockReleased } from '../lib/web-locks';

const PREFIX = 'gan-playground-run:';

/** Holds the lock of `runId` until the returned function is called. */
export function holdRunLock(runId: string): () => void {
  const locks = lockManager();
  if (locks === null) return () => {};
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const stop = new AbortController();
  locks.request(`${PREFIX}${runId}`, { signal: stop.signal }, () => held).catch(() => {}); // aborted while another holder had it: nothing held
  return () => {
    stop.abort();
    release();
  };
}

/** Ids of the runs whose lock some tab of this origin holds (this one included). */
export async function liveRunIds(): Promise<Set<string>> {
  const locks = lockManager();
  if (locks === null) return new Set();
  try {
    const { held = [] } = await locks.query();
    return new Set(
      held.flatMap((l) => (l.name?.startsWith(PREFIX) ? [l.name.slice(PREFIX.length)] : [])),
    );
  } catch {
    return new Set();
  }
}

/**
 * Calls `onReleased` once no tab holds the lock of `runId` any more (its tab closed or moved on),
 * letting go of the lock at once. Returns a function that stops waiting.
 */
export function whenRunReleased(runId: string, onReleased: () => void): () => void {
  return whenLockReleased(`${PREFIX}${runId}`, onReleased);
}
