// Driving a training run in the page the way a person does (Train, wait, Pause), shared by the
// browser tests. Waits poll the status bar; none of them asserts how long anything took.

import type { Page, Worker } from 'playwright-core';
import { expect } from 'vitest';
import { statusNumber, statusText } from './harness';

/** Generous: two cores shared with a browser's software compositor make steps slow at times. */
export const RUN_TIMEOUT = 240_000;

/** The page's training worker (wasm's thread workers are blobs; this one has the bundle URL). */
export function trainingWorker(page: Page): Worker {
  const worker = page.workers().find((w) => w.url().includes('training.worker'));
  if (worker === undefined) throw new Error('the training worker is not running');
  return worker;
}

/** The backend tfjs trains on inside the worker, read from its engine. */
export function workerBackend(page: Page): Promise<string> {
  return trainingWorker(page).evaluate(
    () => (globalThis as unknown as { _tfengine: { backendName: string } })._tfengine.backendName,
  );
}

/** Waits until the status bar's step counter reaches `atLeast`. */
export async function waitForStep(page: Page, atLeast: number, timeout = RUN_TIMEOUT) {
  await expect
    .poll(() => statusNumber(page, 'status-step'), { timeout, interval: 200 })
    .toBeGreaterThanOrEqual(atLeast);
}

/** Presses Pause and waits until the loop has stopped. */
export async function pauseTraining(page: Page, timeout = RUN_TIMEOUT): Promise<void> {
  await page.getByTestId('train-pause').click();
  await expect.poll(() => statusText(page, 'status-state'), { timeout }).toMatch(/paused/i);
}

/** Waits for the worker's backend, trains until `steps` steps are done, then pauses. */
export async function trainSteps(page: Page, steps: number, backend = 'wasm'): Promise<void> {
  await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe(backend);
  await page.getByTestId('train-start').click();
  await waitForStep(page, steps);
  await pauseTraining(page);
}

/** The step of the sample grid on screen. */
export async function gridStep(page: Page): Promise<number> {
  return Number(await page.getByTestId('sample-grid').getAttribute('data-step'));
}

/** The checkpoint the crash/stall banner offers to resume from ("... (epoch 3, step 30)"). */
export async function offeredCheckpoint(page: Page): Promise<{ epoch: number; step: number }> {
  const text = (await page.getByTestId('restart-resume').textContent()) ?? '';
  const match = /epoch (\d+), step ([\d,]+)/.exec(text);
  if (match === null) throw new Error(`the banner offers no checkpoint: ${text}`);
  return { epoch: Number(match[1]), step: Number(match[2].replace(/,/g, '')) };
}
