// Calls the page's training worker's API directly (src/lib/worker-rpc.ts tells how): for what
// the page's controls cannot do, such as a learning rate beyond the form's range.

import type { Page } from 'playwright-core';
import { callWorker } from '../../src/lib/worker-rpc';
import { trainingWorker } from './run-helpers';

/** Calls `method(...args)` on the page's training worker; rejects with the worker's error. */
export function callTrainingWorker(
  page: Page,
  method: string,
  ...args: unknown[]
): Promise<unknown> {
  return callWorker(trainingWorker(page), method, ...args);
}
