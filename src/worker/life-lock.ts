// Knowing that the worker is gone when it leaves without a word. A worker that calls
// `self.close()`, or is killed by the browser (out of memory, a crashed process), fires no error
// event: calls to it would simply never be answered. So the worker holds a Web Lock for as long
// as it lives, and the page asks for the same lock: the browser grants it to the page only when
// the worker's context has ended. No polling, no timeout a slow training step could trip.

import { lockManager, whenLockReleased } from '../lib/web-locks';

/**
 * Worker side: takes the lock `name` for the rest of this worker's life. Resolves true once it is
 * held, false where there are no Web Locks (the page then cannot tell a silent exit).
 */
export function holdLifeLock(name: string): Promise<boolean> {
  const locks = lockManager();
  if (locks === null) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    locks
      .request(name, () => {
        resolve(true);
        return new Promise<never>(() => {}); // released when the worker ends
      })
      .catch(() => resolve(false));
  });
}

/**
 * Page side: calls `onGone` once the lock `name` (held by the worker) is released, i.e. the
 * worker has ended. Returns a function that stops watching (for a worker ended on purpose).
 */
export function watchLifeLock(name: string, onGone: () => void): () => void {
  return whenLockReleased(name, onGone);
}

/** A lock name no other worker of any tab uses. */
export function newLifeLockName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `gan-playground-training-worker-${id}`;
}
