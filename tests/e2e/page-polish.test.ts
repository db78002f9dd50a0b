// The page's rough edges, as a person sees them: the sample grid is magnified by whole device
// pixels at any width and pixel ratio; one spike in a loss series does not flatten the chart (it
// is marked at the top edge instead), and the axes say what they count; a history saved before
// gradient norms were recorded says so in the gradient chart; a run of one step says
// "1 step"; and the error banner appears without moving anything on the page.

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { oneWasmThread, screenshot, statusText, type OpenedPage } from './harness';
import { RUN_TIMEOUT, trainSteps } from './run-helpers';

const app = startAppAndBrowser();

/** The grid's shown width in device pixels over its backing width: whole when crisp. */
async function gridZoom(page: Page, testId = 'sample-grid'): Promise<number> {
  return page.getByTestId(testId).evaluate((node) => {
    const canvas = node as HTMLCanvasElement;
    const shown = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio;
    // Equal horizontally and vertically, or cells would be stretched.
    const x = (shown.width * dpr) / canvas.width;
    const y = (shown.height * dpr) / canvas.height;
    return Math.abs(x - y) < 1e-6 ? x : Number.NaN;
  });
}

describe('the sample grid', () => {
  for (const dataset of ['mnist', 'faces']) {
    for (const deviceScaleFactor of [1, 2]) {
      it(`is a whole multiple of its pixels for ${dataset} at DPR ${deviceScaleFactor}`, async () => {
        for (const width of [390, 900, 1280]) {
          const context = await app.browser.newContext({
            viewport: { width, height: 900 },
            deviceScaleFactor,
          });
          const page = await context.newPage();
          await page.goto(new URL(oneWasmThread(`?dataset=${dataset}`), app.server.url).href);
          await page.getByTestId('sample-grid').waitFor();
          const zoom = await gridZoom(page);
          expect(zoom, `${width} px wide`).toBeGreaterThanOrEqual(1);
          expect(Math.abs(zoom - Math.round(zoom)), `${width} px wide: ${zoom}x`).toBeLessThan(
            1e-6,
          );
          // The grid never spills out of its card.
          const [grid, card] = await Promise.all([
            page.getByTestId('sample-grid').boundingBox(),
            page.locator('.samples-card').boundingBox(),
          ]);
          expect(grid!.x + grid!.width).toBeLessThanOrEqual(card!.x + card!.width);
          await page.getByTestId('sample-grid').scrollIntoViewIfNeeded();
          await screenshot(page, `polish-grid-${dataset}-dpr${deviceScaleFactor}-${width}`);
          await context.close();
        }
      });
    }
  }
});

interface WeightsFile {
  step: number;
  epoch: number;
  history: { step: number; epoch: number; losses: Record<string, number | string> }[];
}

describe('a trained run, imported with a spiky loss history', () => {
  let opened: OpenedPage;
  let page: Page;
  let exported: WeightsFile;

  beforeAll(async () => {
    opened = await app.open(
      '?backend=wasm&model=dcgan&batchSize=16&baseFilters=8&stepsPerEpoch=10&sampleEvery=2',
    );
    page = opened.page;
  });

  it('trains two steps and exports the weights to import again', async () => {
    await trainSteps(page, 2);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
      page.getByTestId('export-weights').click(),
    ]);
    exported = JSON.parse(await readFile(await download.path(), 'utf8')) as WeightsFile;
    expect(exported.history.length).toBeGreaterThanOrEqual(2);
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  /** Imports the exported weights with `history` in place of the recorded one. */
  async function importWith(history: WeightsFile['history']): Promise<void> {
    const last = history[history.length - 1];
    const file = { ...exported, history, step: last.step, epoch: last.epoch };
    await page.getByTestId('import-weights').setInputFiles({
      name: 'spiky.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await expect
      .poll(() => page.locator('.charts-card .card-subtitle').textContent(), {
        timeout: RUN_TIMEOUT,
      })
      .toMatch(new RegExp(`^${history.length} steps?\\b`));
  }

  const point = (step: number, gLoss: number) => ({
    step,
    epoch: Math.floor((step - 1) / 10),
    losses: {
      kind: 'dcgan',
      dLoss: 1.2 + 0.3 * Math.cos(step * 0.21),
      gLoss,
      dReal: 0.6,
      dFake: 0.4,
    },
  });

  it('keeps the rest of the chart readable when G loss spikes to 15, and marks the spike', async () => {
    const history = Array.from({ length: 300 }, (_, i) =>
      point(i + 1, i + 1 === 135 ? 15 : 1.5 + 0.9 * Math.sin((i + 1) * 0.37)),
    );
    await importWith(history);
    const losses = page.locator('[data-testid=loss-chart] figure').first();
    // The y axis's labels (right-aligned beside it): their top is set by the bulk (up to 2.4),
    // not by the spike (15).
    const yTicks = await losses.locator('.loss-plot-ticks text[text-anchor=end]').allTextContents();
    const yTop = Math.max(...yTicks.map(Number));
    expect(yTop).toBeGreaterThanOrEqual(2.4);
    expect(yTop).toBeLessThan(8);
    const marks = losses.getByTestId('clip-marker');
    expect(await marks.count()).toBeGreaterThan(0);
    const steps = (
      await marks.evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))
    ).map(Number);
    expect(Math.min(...steps)).toBe(135);
    expect(await marks.first().getAttribute('data-edge')).toBe('top');

    expect(await losses.getByTestId('chart-x-title').textContent()).toBe('training step');
    expect(await losses.getByTestId('chart-y-title').textContent()).toBe('loss');
    const outputs = page.locator('[data-testid=loss-chart] figure').nth(1);
    expect(await outputs.getByTestId('chart-y-title').textContent()).toBe('probability');
    // The history was written the way files were before gradient norms were recorded: the
    // gradient chart says so instead of drawing an empty plot.
    const gradients = page.getByTestId('chart-gradients');
    expect(await gradients.getAttribute('data-content')).toBe('missing');
    expect(await gradients.getByTestId('chart-empty').textContent()).toMatch(
      /saved before gradient norms were recorded/,
    );

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [w, h] of [
        [390, 844],
        [900, 900],
        [1280, 800],
      ]) {
        await page.setViewportSize({ width: w, height: h });
        await page.locator('.charts-card').scrollIntoViewIfNeeded();
        await screenshot(page, `polish-spiky-chart-${scheme}-${w}x${h}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says "1 step", not "1 steps"', async () => {
    await importWith([point(1, 0.9)]);
    expect(await page.locator('.charts-card .card-subtitle').textContent()).toBe('1 step');
  });

  it('shows the error banner without moving the page, with a title that says what happened', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const watched = ['[aria-label="Run status"]', '[data-testid=sample-grid]', '.charts-card'];
    const before = await Promise.all(watched.map((s) => page.locator(s).boundingBox()));
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['not weights'], 'holiday.png', { type: 'image/png' }));
      return dt;
    });
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    await transfer.dispose();
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    const after = await Promise.all(watched.map((s) => page.locator(s).boundingBox()));
    expect(after).toEqual(before);
    const title = (await banner.locator('.error-title').textContent()) ?? '';
    expect(title).not.toMatch(/something went wrong/i);
    expect(title).toBe('The weights file could not be loaded');
    await screenshot(page, 'polish-error-banner-light-1280x800');
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await statusText(page, 'status-state')).toMatch(/ready|paused/);
  });
});
