// After a reload and a resume, the quality panel's "nearest training images" tiles are drawn for
// the epoch it says was scored (they were once blank: only the report's numbers came back). A tiny
// DCGAN on the colour flags, on wasm, the real page, worker and IndexedDB.

import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { oneWasmThread, statusNumber, statusText, type OpenedPage } from './harness';
import { pauseTraining, RUN_TIMEOUT } from './run-helpers';
import { storedCheckpoints, storedRecords } from './stored-runs';

const QUERY = oneWasmThread(
  '?backend=wasm&dataset=flags&model=dcgan&batchSize=16&baseFilters=8&stepsPerEpoch=20&sampleEvery=5',
);

const app = startAppAndBrowser();

interface StoredQuality {
  readonly runId: string;
  readonly step: number;
  readonly entry: { readonly nearestPairs?: readonly unknown[] };
}

/** The steps of the run's stored quality reports that keep their nearest-image pictures. */
async function storedPictureSteps(page: Page, runId: string): Promise<number[]> {
  const records = await storedRecords<StoredQuality>(page, 'quality');
  return records
    .filter((r) => r.runId === runId && (r.entry.nearestPairs?.length ?? 0) > 0)
    .map((r) => r.step);
}

/** How many of the nearest tile's pictures hold drawn pixels (a canvas never drawn is all clear). */
async function drawnPictures(page: Page): Promise<{ drawn: number; total: number }> {
  const canvases = page.getByTestId('quality-nearest').locator('canvas');
  const drawn = await canvases.evaluateAll((nodes) =>
    nodes.map((node) => {
      const c = node as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      return data.some((v, i) => i % 4 === 3 && v > 0);
    }),
  );
  return { drawn: drawn.filter(Boolean).length, total: drawn.length };
}

describe('nearest training images after a resume', () => {
  let opened: OpenedPage;

  afterAll(async () => {
    await opened?.context.close();
  });

  it('draws the tiles of the scored epoch again', async () => {
    opened = await app.open(QUERY);
    const { page } = opened;
    page.on('dialog', (dialog) => void dialog.accept());
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    // A scored epoch whose pictures are stored with a checkpoint.
    let runId = '';
    await expect
      .poll(
        async () => {
          runId = (await storedCheckpoints(page))[0]?.runId ?? '';
          return runId === '' ? 0 : (await storedPictureSteps(page, runId)).length;
        },
        { timeout: RUN_TIMEOUT, interval: 500 },
      )
      .toBeGreaterThan(0);
    await pauseTraining(page);
    const before = await drawnPictures(page);
    expect(before.total).toBeGreaterThan(0);
    expect(before.drawn).toBe(before.total);

    await page.reload();
    const offer = page.getByTestId('resume-saved');
    await offer.waitFor({ timeout: 60_000 });
    const saved = (await storedCheckpoints(page))[0];
    await offer.click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(saved.step);

    const nearest = page.getByTestId('quality-nearest');
    await expect.poll(() => nearest.getAttribute('data-empty'), { timeout: 30_000 }).toBe('false');
    expect(await nearest.getByTestId('quality-pair').count()).toBeGreaterThan(0);
    // Every picture has its grid (none is the empty placeholder), and they show images.
    expect(await nearest.locator('.pixel-box.is-empty').count()).toBe(0);
    await expect.poll(async () => await drawnPictures(page)).toEqual(before);
    expect(opened.errors).toEqual([]);
  });
});
