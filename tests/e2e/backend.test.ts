// A WebGL context loss in the middle of a run, in the real page and worker: training must go on
// on another backend from the run's saved state, not stop and not start over.
//
// The loss is real: the test reaches the worker's tfjs engine (tfjs keeps it on the worker's
// global scope as `_tfengine`) through Playwright and calls WEBGL_lose_context.loseContext() on
// the context the webgl backend trains with. No debug code ships in the app for this.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { screenshot, statusNumber, statusText, type OpenedPage } from './harness';
import { trainingWorker, waitForStep, workerBackend } from './run-helpers';

// A tiny DCGAN keeps software-WebGL steps short; epochs of 10 steps give epoch checkpoints too.
const TINY_RUN = 'batchSize=16&baseFilters=8&stepsPerEpoch=10&sampleEvery=5';
const TIMEOUT = 240_000;

const app = startAppAndBrowser();

/** Loses the webgl backend's context, as a GPU reset or driver crash would. */
function loseWebglContext(page: Page): Promise<void> {
  return trainingWorker(page).evaluate(() => {
    type Engine = { registry: { webgl?: { gpgpu: { gl: WebGL2RenderingContext } } } };
    const gl = (globalThis as unknown as { _tfengine: Engine })._tfengine.registry.webgl?.gpgpu.gl;
    if (gl === undefined) throw new Error('webgl is not running in the worker');
    const ext = gl.getExtension('WEBGL_lose_context');
    if (ext === null) throw new Error('WEBGL_lose_context is not offered');
    ext.loseContext();
  });
}

async function openOnWebgl(): Promise<OpenedPage> {
  const opened = await app.open(`?backend=webgl&${TINY_RUN}`);
  await expect
    .poll(() => statusText(opened.page, 'status-backend'), { timeout: 60_000 })
    .toBe('webgl');
  expect(await workerBackend(opened.page)).toBe('webgl');
  // Sample scoring off, as the panel's switch lets a person: scoring the first epoch end loads
  // the classifier and compiles its shaders on software WebGL, minutes on a busy machine, and
  // these tests are about the context, not the scores (quality.test.ts scores on wasm).
  await opened.page.getByTestId('quality-toggle').uncheck();
  return opened;
}

describe('a lost WebGL context', () => {
  it('while training: the run continues on wasm from its last saved state', async () => {
    const { page, context } = await openOnWebgl();
    try {
      await page.getByTestId('train-start').click();
      await waitForStep(page, 12, TIMEOUT); // past the first epoch end: a checkpoint exists
      const before = await statusNumber(page, 'status-step');
      await loseWebglContext(page);

      // The worker moves to wasm and keeps training: the counter passes where it was, and it
      // never falls back to the start (the run was resumed, not recreated).
      const seen: number[] = [];
      await expect
        .poll(
          async () => {
            seen.push(await statusNumber(page, 'status-step'));
            return seen[seen.length - 1];
          },
          { timeout: TIMEOUT, interval: 200 },
        )
        .toBeGreaterThan(before + 5);
      expect(Math.min(...seen)).toBeGreaterThan(0);
      expect(await workerBackend(page)).toBe('wasm');
      const banner = await page.getByTestId('error-banner').textContent();
      const resumed = Number(/continues on wasm from step (\d+)/.exec(banner ?? '')?.[1]);
      expect(resumed).toBeGreaterThan(0);
      expect(resumed).toBeLessThanOrEqual(before + 1);
      expect(await statusText(page, 'status-state')).toBe('training');
      // The header's choice says the run left it.
      const select = page.getByTestId('backend-select');
      expect(await select.locator('option:checked').textContent()).toBe('WebGL → wasm');
      expect(await page.locator('.backend-select').getAttribute('title')).toMatch(/WebGL stopped/);
      await screenshot(page, 'backend-1-lost-while-training');
    } finally {
      await context.close();
    }
  });

  it('while paused: the run continues on wasm from exactly the step it paused at', async () => {
    const { page, context } = await openOnWebgl();
    try {
      await page.getByTestId('train-start').click();
      await waitForStep(page, 4, TIMEOUT);
      await page.getByTestId('train-pause').click();
      await expect
        .poll(() => statusText(page, 'status-state'), { timeout: TIMEOUT })
        .toBe('paused');
      const paused = await statusNumber(page, 'status-step');
      // The worker saves the paused state on a GPU backend; give the read-back a moment.
      await page.waitForTimeout(3000);
      await loseWebglContext(page);

      await expect.poll(() => workerBackend(page), { timeout: 60_000 }).toBe('wasm');
      await expect
        .poll(async () => (await page.getByTestId('error-banner').textContent()) ?? '', {
          timeout: 60_000,
        })
        .toContain(`continues on wasm from step ${paused}, nothing lost`);
      expect(await statusNumber(page, 'status-step')).toBe(paused);

      await page.getByTestId('train-step').click();
      await expect
        .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
        .toBe(paused + 1);
      await screenshot(page, 'backend-2-lost-while-paused');
    } finally {
      await context.close();
    }
  });
});
