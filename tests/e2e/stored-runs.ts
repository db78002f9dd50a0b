// Reading the app's IndexedDB directly from a page (not through the app), for the browser tests
// about stored runs.

import type { Page } from 'playwright-core';

export interface StoredCheckpoint {
  readonly runId: string;
  readonly step: number;
  readonly epoch: number;
  readonly weightsBytes: number;
}

/** Every record of one of the app's IndexedDB stores (none before the database exists). */
export async function storedRecords<T>(
  page: Page,
  store: 'meta' | 'quality' | 'grids',
): Promise<T[]> {
  return page.evaluate(async (name) => {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === 'gan-playground-runs')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('gan-playground-runs');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains(name)) return [];
      return await new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

/** The checkpoints in the page's IndexedDB, newest first. */
export async function storedCheckpoints(page: Page): Promise<StoredCheckpoint[]> {
  return (await storedRecords<StoredCheckpoint>(page, 'meta'))
    .map(({ runId, step, epoch, weightsBytes }) => ({ runId, step, epoch, weightsBytes }))
    .sort((a, b) => b.step - a.step);
}
