// Custom datasets in the real page: a folder of PNG images made here (plus a text file and a
// text file named like an image) imports with a message about each skipped file; the new set
// appears in the dataset picker, trains, survives a reload (IndexedDB) and can be deleted.

import { zipSync } from 'fflate';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../../src/lib/png';
import { startAppAndBrowser } from './app-and-browser';
import { screenshot, statusText, type OpenedPage } from './harness';
import { pauseTraining, waitForStep } from './run-helpers';

const TIMEOUT = 240_000;
const IMAGES = 12;

/** A w x h picture: a coloured disc on a gradient, different for each k. */
function picture(k: number, w: number, h: number): Uint8Array {
  const rgba = new Uint8Array(w * h * 4);
  const cx = w / 2 + ((k % 4) - 1.5) * (w / 8);
  const cy = h / 2 + ((k % 3) - 1) * (h / 8);
  const r = Math.min(w, h) * (0.2 + 0.02 * k);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
      rgba[i] = inside ? 230 : Math.round((255 * x) / w);
      rgba[i + 1] = inside ? 40 + k * 15 : Math.round((255 * y) / h);
      rgba[i + 2] = inside ? 60 : 120;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

const app = startAppAndBrowser();
let folder: string;
let zipFile: string;

beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'custom-set-'));
  folder = path.join(root, 'my-pictures');
  await mkdir(path.join(folder, 'more'), { recursive: true });
  for (let k = 0; k < IMAGES; k++) {
    const [w, h] = k % 2 === 0 ? [48, 36] : [30, 40]; // landscape and portrait: both cropped
    const png = await encodePng(picture(k, w, h), w, h);
    await writeFile(path.join(folder, k < 6 ? '' : 'more', `pic-${k}.png`), png);
  }
  await writeFile(path.join(folder, 'notes.txt'), 'these are my pictures\n');
  await writeFile(path.join(folder, 'more', 'broken.png'), 'not really a png');
  // A zip of three pictures and a text file, opened in the worker.
  const entries: Record<string, Uint8Array> = {
    'zipped/readme.txt': new TextEncoder().encode('hi'),
  };
  for (let k = 0; k < 3; k++)
    entries[`zipped/z-${k}.png`] = await encodePng(picture(k + 3, 64, 64), 64, 64);
  zipFile = path.join(root, 'pictures.zip');
  await writeFile(zipFile, zipSync(entries));
});

afterAll(async () => {
  if (folder) await rm(path.dirname(folder), { recursive: true, force: true });
});

describe('custom dataset from a folder', () => {
  let opened: OpenedPage;
  let page: Page;
  let id = '';

  beforeAll(async () => {
    opened = await app.open(
      '?backend=wasm&model=dcgan&batchSize=8&baseFilters=8&stepsPerEpoch=5&sampleEvery=2',
    );
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  it('imports the images and names each skipped file', async () => {
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    const panel = page.getByTestId('custom-dataset-panel');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('custom-name').fill('Discs');
    await page.getByTestId('custom-size').selectOption('32');
    await page.getByTestId('custom-channels').selectOption('3');
    await page.getByTestId('custom-folder').setInputFiles(folder);
    const summary = page.getByTestId('custom-summary');
    await summary.waitFor({ timeout: TIMEOUT });
    const text = (await summary.textContent()) ?? '';
    console.log('import summary:', text);
    expect(text).toMatch(new RegExp(`^${IMAGES} images imported, 2 skipped: `));
    expect(text).toContain('my-pictures/more/broken.png is not an image');
    expect(text).toContain('my-pictures/notes.txt is not an image');
    await expect(page.getByTestId('custom-list').locator('li').count()).resolves.toBe(1);
    await screenshot(page, 'custom-1-imported');
  });

  it('lists the set in the dataset picker, selected for the next run', async () => {
    const select = page.getByTestId('dataset-select');
    await expect.poll(() => select.inputValue()).toMatch(/^custom-discs-/);
    id = await select.inputValue();
    expect(await select.locator(`option[value="${id}"]`).textContent()).toBe('Discs');
  });

  it('trains on it: the step counter advances and samples appear', async () => {
    await page.getByTestId('train-start').click();
    await waitForStep(page, 4, TIMEOUT);
    await pauseTraining(page, TIMEOUT);
    const grid = page.getByTestId('sample-grid');
    await expect.poll(() => grid.getAttribute('width')).toBe(String(8 * 32 + 7));
    await grid.scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-2-trained');
  });

  it('is still stored after a reload, and can be deleted', async () => {
    await page.reload();
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    const item = page.getByTestId(`custom-item-${id}`);
    await item.waitFor({ timeout: 60_000 });
    expect(await item.textContent()).toMatch(/Discs.*12 images · 32x32 RGB/);
    await expect
      .poll(() => page.getByTestId('dataset-select').locator(`option[value="${id}"]`).count())
      .toBe(1);
    await item.scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-3-after-reload');
    await item.getByTestId('custom-delete').click();
    await page.getByTestId('custom-list-empty').waitFor();
    await expect
      .poll(() => page.getByTestId('dataset-select').locator(`option[value="${id}"]`).count())
      .toBe(0);
  });

  it('imports a zip of images as a grey 28x28 set', async () => {
    await page.getByTestId('custom-name').fill('Zipped');
    await page.getByTestId('custom-size').selectOption('28');
    await page.getByTestId('custom-channels').selectOption('1');
    const summary = page.getByTestId('custom-summary');
    await page.getByTestId('custom-files').setInputFiles(zipFile);
    await expect
      .poll(() => summary.textContent(), { timeout: TIMEOUT })
      .toBe(
        '3 images imported, 1 skipped: pictures.zip/zipped/readme.txt is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip.',
      );
    const item = page.getByTestId('custom-list').locator('li');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toMatch(/Zipped.*3 images · 28x28 grey/);
    await item.getByTestId('custom-delete').click();
    await page.getByTestId('custom-list-empty').waitFor();
  });

  it('logs no console errors', () => {
    expect(opened.errors).toEqual([]);
  });
});
