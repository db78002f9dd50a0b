// Training in the real page, worker and engine, on the wasm and webgl backends: Train makes the
// step counter advance and draws a non-blank sample grid, Pause stops the counter, and the
// exported weights download as a JSON file that imports again.

import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canvasStats,
  type CanvasStats,
  launchBrowser,
  openApp,
  screenshot,
  serveApp,
  statusNumber,
  statusText,
  type AppServer,
  type OpenedPage,
} from './harness';

// A small DCGAN keeps steps quick on software WebGL; still the real worker and engine. A 10x
// learning rate moves the generator away from its flat grey start within tens of steps.
const TINY_RUN = 'batchSize=16&baseFilters=8&lrG=0.002&lrD=0.002&stepsPerEpoch=10&sampleEvery=5';

/** A grid with structure inside the cells and differences between them: not blank or flat. */
function looksLikeSamples(s: CanvasStats): boolean {
  return s.distinctLevels > 32 && s.withinCellStd > 8 && s.betweenCellDiff > 4;
}

const TIMEOUT = 240_000;

async function gridStep(page: Page): Promise<number> {
  return Number(await page.getByTestId('sample-grid').getAttribute('data-step'));
}

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(['wasm', 'webgl'] as const)('training on %s', (backend) => {
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    opened = await openApp(browser, server, `?backend=${backend}&${TINY_RUN}`);
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  it('starts the worker on the backend the URL asks for', async () => {
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe(backend);
  });

  it('trains MNIST with a DCGAN: the step counter advances and samples appear', async () => {
    await page.getByTestId('dataset-select').selectOption('mnist');
    await page.getByTestId('model-select').selectOption('dcgan');
    await screenshot(page, `${backend}-1-ready`);
    await page.getByTestId('train-start').click();

    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT, interval: 250 })
      .toBeGreaterThanOrEqual(3);
    // The untrained generator draws flat grey; wait for grids drawn after training steps to
    // show structure (a stuck or broken run never gets there and the poll times out).
    let stats: CanvasStats | null = null;
    await expect
      .poll(
        async () => {
          if (!(await page.getByTestId('sample-grid').getAttribute('data-cell'))) return false;
          stats = await canvasStats(page);
          return looksLikeSamples(stats);
        },
        { timeout: TIMEOUT, interval: 1000 },
      )
      .toBe(true);
    console.log(`${backend} sample grid at step ${await gridStep(page)}:`, stats);
    expect(stats!.cells).toBe(64);
    expect(stats!.opaqueFraction).toBe(1);
    expect(await gridStep(page)).toBeGreaterThan(0);
    expect(await statusNumber(page, 'status-throughput')).toBeGreaterThan(0);
    expect(await page.getByTestId('losses').textContent()).toMatch(/D loss \d/);
    await screenshot(page, `${backend}-2-training`);
  });

  it('pauses: the step counter stops', async () => {
    await page.getByTestId('train-pause').click();
    await expect.poll(() => statusText(page, 'status-state'), { timeout: TIMEOUT }).toBe('paused');
    const stepAtPause = await statusNumber(page, 'status-step');
    await page.waitForTimeout(1500);
    expect(await statusNumber(page, 'status-step')).toBe(stepAtPause);
    await screenshot(page, `${backend}-3-paused`);
  });

  it('exports the weights as a downloadable JSON file', async () => {
    const step = await statusNumber(page, 'status-step');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.getByTestId('export-weights').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`mnist-dcgan-step${step}.json`);
    const file = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      format: string;
      step: number;
      dataset: { id: string };
      model: { kind: string };
    };
    expect(file.format).toBe('gan-playground-weights');
    expect([file.step, file.dataset.id, file.model.kind]).toEqual([step, 'mnist', 'dcgan']);

    if (backend !== 'wasm') return;
    // Round trip: reset, import the file, and the run continues from the exported step.
    await page.getByTestId('train-reset').click();
    await expect.poll(() => statusNumber(page, 'status-step')).toBe(0);
    await page.getByTestId('import-weights').setInputFiles(await download.path());
    await expect.poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT }).toBe(step);
    // The imported generator draws a grid at once, with the structure it had learned.
    await expect.poll(() => gridStep(page), { timeout: TIMEOUT }).toBe(step);
    expect(looksLikeSamples(await canvasStats(page))).toBe(true);
    await page.getByTestId('train-step').click();
    await expect.poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT }).toBe(step + 1);
    await screenshot(page, `${backend}-4-imported`);
  });

  it('logs no console errors', () => {
    expect(opened.errors).toEqual([]);
  });
});
