// The two uses of the Web Locks API the playground shares between page and worker: finding the
// lock manager where the scope has one, and waiting for a lock another context holds to be let go.

/** The Web Locks API where the scope has it (workers and pages of current browsers). */
export function lockManager(): LockManager | null {
  const nav = (globalThis as { navigator?: { locks?: LockManager } }).navigator;
  return nav?.locks ?? null;
}

/**
 * Calls `onReleased` once nobody holds the lock `name` any more (its holder ended or let go),
 * letting go of it at once. Returns a function that stops waiting. No Web Locks: never calls.
 */
export function whenLockReleased(name: string, onReleased: () => void): () => void {
  const locks = lockManager();
  if (locks === null) return () => {};
  const stop = new AbortController();
  locks
    .request(name, { signal: stop.signal }, () => {
      if (!stop.signal.aborted) onReleased();
    })
    .catch(() => {}); // aborted: nobody waits any more
  return () => stop.abort();
}
