// Bad custom datasets in the real page, made here with real encoders (zlib for PNGs and zips,
// the browser's own JPEG and WebP encoders): nothing to import, files that only look like images,
// a valid 10,000 x 10,000 PNG, zip bombs (an honest gigabyte of zeros and a header that lies),
// a mix of sizes and colour modes, and a few hundred images while the page is used.
// Long because each fault builds its own file with real encoders; they share one page and server.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmp } from '../../src/datasets/custom/testing/bmp';
import {
  encodePngMode,
  flatGreyPng,
  storedEntry,
  writeZip,
  zerosEntry,
  type PngColorType,
} from '../../src/datasets/custom/testing/fixtures';
import { startAppAndBrowser } from './app-and-browser';
import { screenshot, statusText, type OpenedPage } from './harness';
import { RUN_TIMEOUT } from './run-helpers';

const GIB = 2 ** 30;
const MANY = 400;

const app = startAppAndBrowser();
let root: string;
const dir = (name: string) => path.join(root, name);

/**
 * A w x h image whose centred square is `inside` and the rest black: after a correct centre
 * crop no black is left. `inside` holds the samples for the colour type.
 */
function framed(
  w: number,
  h: number,
  colorType: PngColorType,
  inside: number[],
  outside: number[],
  palette?: [number, number, number][],
): Uint8Array {
  const side = Math.min(w, h);
  const sx = (w - side) / 2;
  const sy = (h - side) / 2;
  return encodePngMode({
    width: w,
    height: h,
    colorType,
    palette,
    pixel: (x, y) => (x >= sx && x < sx + side && y >= sy && y < sy + side ? inside : outside),
  });
}

/** A smooth picture, different for each k (for the large import). */
function gradient(k: number, side: number): Uint8Array {
  return encodePngMode({
    width: side,
    height: side,
    colorType: 2,
    pixel: (x, y) => [(x + k) & 255, (y * 2 + k) & 255, (k * 37) & 255],
  });
}

const text = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'custom-faults-'));
  const ok = (k: number) => gradient(k, 40);
  // A good set, imported first: no later failure may lose it.
  await mkdir(dir('good'));
  for (let k = 0; k < 3; k++) await writeFile(path.join(dir('good'), `g-${k}.png`), ok(k));
  // An empty folder as macOS leaves it: nothing but a hidden .DS_Store. (A folder with no file
  // at all gives the folder picker nothing to hand over; dropped, it is reported by name.)
  await mkdir(dir('empty'));
  await writeFile(path.join(dir('empty'), '.DS_Store'), new Uint8Array(64));
  await writeFile(dir('only-text.zip'), writeZip([storedEntry('readme.txt', text('no images'))]));
  // Files named like images that are not (or no longer) images, beside three good ones.
  await mkdir(dir('broken'));
  const good = ok(9);
  await writeFile(path.join(dir('broken'), 'fake.png'), 'just some text, saved as .png\n');
  await writeFile(
    path.join(dir('broken'), 'cut.png'),
    good.subarray(0, Math.floor(good.length * 0.6)),
  );
  await writeFile(
    path.join(dir('broken'), 'header-only.jpg'),
    Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...text('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  );
  for (let k = 0; k < 3; k++) await writeFile(path.join(dir('broken'), `ok-${k}.png`), ok(k + 3));
  // 100 megapixels, one grey: a valid PNG of about 120 KB.
  await writeFile(dir('huge.png'), await flatGreyPng(10_000, 10_000, 128));
  await writeFile(dir('ok.png'), ok(20));
  // Zip bombs: an honest entry of 1 GB of zeros (about 1 MB deflated), and the same stream under
  // a header that says 1,000 bytes. Each zip holds one good image too.
  const zeros = await zerosEntry('zeros.png', GIB);
  const lie = { ...zeros, size: 1000 };
  await writeFile(dir('bomb.zip'), writeZip([zeros, storedEntry('fine.png', ok(21))]));
  await writeFile(dir('liar.zip'), writeZip([lie, storedEntry('fine.png', ok(22))]));
  // Sizes and colour modes (JPEG and WebP come from the browser's encoders, in the test).
  await mkdir(dir('mixed'));
  const mixed: Record<string, Uint8Array> = {
    'grey-landscape.png': framed(48, 32, 0, [220], [0]),
    'rgb-portrait.png': framed(32, 48, 2, [40, 220, 90], [0, 0, 0]),
    'rgba-half-transparent.png': framed(50, 40, 6, [230, 60, 60, 128], [0, 0, 0, 255]),
    'palette.png': framed(
      64,
      48,
      3,
      [1],
      [0],
      [
        [0, 0, 0],
        [250, 200, 40],
      ],
    ),
    'grey-alpha.png': framed(36, 44, 4, [200, 255], [0, 255]),
    'tiny-8x8.png': framed(8, 8, 2, [200, 200, 200], [0, 0, 0]),
    'speck-5x5.png': framed(5, 5, 2, [200, 200, 200], [0, 0, 0]),
  };
  const bmpRgb = new Uint8Array(60 * 44 * 3);
  for (let y = 0; y < 44; y++) {
    for (let x = 8; x < 52; x++) bmpRgb.set([90, 140, 250], (y * 60 + x) * 3);
  }
  mixed['bitmap.bmp'] = encodeBmp(bmpRgb, 60, 44);
  for (const [name, bytes] of Object.entries(mixed)) {
    await writeFile(path.join(dir('mixed'), name), bytes);
  }
  await mkdir(dir('many'));
  for (let k = 0; k < MANY; k++) {
    await writeFile(
      path.join(dir('many'), `m-${String(k).padStart(3, '0')}.png`),
      gradient(k, 256),
    );
  }
}, 600_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('custom dataset faults', () => {
  let opened: OpenedPage;
  let page: Page;
  let keepId = '';

  beforeAll(async () => {
    opened = await app.open('?backend=wasm&model=dcgan');
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  /** Starts an import (files or a folder), waits until it is over, returns the summary. */
  async function importAndWait(
    input: 'custom-files' | 'custom-folder',
    files: string | string[],
    name: string,
  ): Promise<string> {
    await page.getByTestId('custom-name').fill(name);
    const summary = page.getByTestId('custom-summary');
    const previous = (await summary.count()) === 0 ? null : await summary.textContent();
    await page.getByTestId(input).setInputFiles(files);
    // Over when the progress bar is gone and a new summary is there (each test's differs).
    await expect
      .poll(
        async () =>
          (await page.getByTestId('custom-progress').count()) === 0 &&
          (await summary.count()) === 1 &&
          (await summary.textContent()) !== previous,
        { timeout: RUN_TIMEOUT },
      )
      .toBe(true);
    const text = (await summary.textContent()) ?? '';
    console.log(`${name}:`, text);
    return text;
  }

  const skippedItems = () => page.getByTestId('custom-skipped').locator('li').allTextContents();
  const listed = () => page.getByTestId('custom-list').locator('li').count();

  /** Deletes every stored set except the good one. */
  async function deleteAllBut(id: string) {
    for (;;) {
      const items = page
        .getByTestId('custom-list')
        .locator(`li:not([data-testid="custom-item-${id}"])`);
      if ((await items.count()) === 0) return;
      const before = await listed();
      await items.first().getByTestId('custom-delete').click();
      await expect.poll(listed).toBe(before - 1);
    }
  }

  it('imports a good set first', async () => {
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('custom-dataset-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('custom-size').selectOption('32');
    await page.getByTestId('custom-channels').selectOption('3');
    const summary = await importAndWait('custom-folder', dir('good'), 'Keep');
    expect(summary).toBe('3 images imported.');
    keepId = await page.getByTestId('dataset-select').inputValue();
    expect(keepId).toMatch(/^custom-keep-/);
    expect(await listed()).toBe(1);
  });

  it('zero images: an empty folder, then a zip of one text file; nothing made, nothing lost', async () => {
    const empty = await importAndWait('custom-folder', dir('empty'), 'Empty');
    expect(empty).toBe('No dataset made: the files held no images.');
    const zip = await importAndWait('custom-files', dir('only-text.zip'), 'Text');
    expect(zip).toBe(
      'No dataset made: 0 images imported, 1 skipped: only-text.zip/readme.txt is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip.',
    );
    expect(await skippedItems()).toEqual([
      'only-text.zip/readme.txt is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip',
    ]);
    expect(await listed()).toBe(1);
    expect(await page.getByTestId(`custom-item-${keepId}`).count()).toBe(1);
    expect(await page.getByTestId('dataset-select').inputValue()).toBe(keepId);
  });

  it('files named like images that are not: each skipped with its reason, the rest imported', async () => {
    const summary = await importAndWait('custom-folder', dir('broken'), 'Broken');
    expect(summary).toMatch(/^3 images imported, 3 skipped: /);
    const items = await skippedItems();
    expect(items).toHaveLength(3);
    expect(items).toContain('broken/fake.png is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip');
    expect(items).toContain(
      'broken/cut.png could not be decoded (damaged, or not really an image)',
    );
    expect(items).toContain(
      'broken/header-only.jpg could not be decoded (damaged, or not really an image)',
    );
    expect(await listed()).toBe(2);
    await page.getByTestId('custom-skipped').scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-faults-1-broken-files');
    await deleteAllBut(keepId);
  });

  it('a 10,000 x 10,000 PNG is refused from its header with its size and the limit', async () => {
    const summary = await importAndWait('custom-files', [dir('huge.png'), dir('ok.png')], 'Huge');
    expect(summary).toBe(
      '1 image imported, 1 skipped: huge.png is 10000x10000 (100 megapixels), over the limit of 40 megapixels.',
    );
    await deleteAllBut(keepId);
  });

  it('zip bombs, honest and lying, are refused and the worker carries on', async () => {
    const summary = await importAndWait(
      'custom-files',
      [dir('bomb.zip'), dir('liar.zip')],
      'Bombs',
    );
    expect(summary).toMatch(/^2 images imported, 2 skipped: /);
    expect(await skippedItems()).toEqual([
      'bomb.zip/zeros.png is 1 GB, over the limit of 20 MB per image',
      'liar.zip/zeros.png expands past the size its zip header declares (damaged, or a zip bomb)',
    ]);
    // The worker is alive and answers: no crash banner, and the new set is listed.
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    expect(await listed()).toBe(2);
    await deleteAllBut(keepId);
  });

  it('mixed sizes and modes import centre-cropped; tiny ones are scaled up or skipped', async () => {
    // JPEG and WebP from the browser's encoders: black sides, a bright centre square.
    const encoded = await page.evaluate(async () => {
      const make = async (w: number, h: number, type: string) => {
        const canvas = new OffscreenCanvas(w, h);
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, w, h);
        const side = Math.min(w, h);
        ctx.fillStyle = 'rgb(250, 250, 120)';
        ctx.fillRect((w - side) / 2, (h - side) / 2, side, side);
        const blob = await canvas.convertToBlob({ type, quality: 0.95 });
        return { type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) };
      };
      return [await make(60, 40, 'image/jpeg'), await make(40, 56, 'image/webp')];
    });
    expect(encoded.map((e) => e.type)).toEqual(['image/jpeg', 'image/webp']);
    await writeFile(path.join(dir('mixed'), 'photo.jpg'), Uint8Array.from(encoded[0].bytes));
    await writeFile(path.join(dir('mixed'), 'picture.webp'), Uint8Array.from(encoded[1].bytes));

    const summary = await importAndWait('custom-folder', dir('mixed'), 'Mixed');
    expect(summary).toBe(
      '9 images imported, 1 skipped: mixed/speck-5x5.png is 5x5, too small: a 32x32 set takes images of at least 8 pixels a side. 1 was smaller than 32x32 and scaled up.',
    );
    const id = await page.getByTestId('dataset-select').inputValue();
    expect(id).toMatch(/^custom-mixed-/);
    // The preview shows the training images (8 of the 9, one is held out for testing): after a
    // right centre crop none has any of the black frame left, whatever its size, orientation or
    // colour mode.
    const preview = page.getByTestId('dataset-preview');
    await expect
      .poll(() => preview.getAttribute('width'), { timeout: RUN_TIMEOUT })
      .toBe(String(8 * 33 - 1));
    const darkFractions = await preview.evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const { data, width } = canvas
        .getContext('2d')!
        .getImageData(0, 0, canvas.width, canvas.height);
      const cells = (width + 1) / 33;
      const out: number[] = [];
      for (let c = 0; c < cells; c++) {
        let dark = 0;
        for (let y = 0; y < 32; y++) {
          for (let x = 0; x < 32; x++) {
            const i = (y * width + c * 33 + x) * 4;
            if (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2] < 50) dark++;
          }
        }
        out.push(dark / (32 * 32));
      }
      return out;
    });
    console.log(
      'dark fraction per preview cell:',
      darkFractions.map((f) => f.toFixed(3)).join(' '),
    );
    expect(darkFractions).toHaveLength(8);
    for (const f of darkFractions) expect(f).toBeLessThan(0.03);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-faults-2-mixed');
    await page.getByTestId('custom-dataset-panel').scrollIntoViewIfNeeded();
    await deleteAllBut(keepId);
  });

  it(`stays responsive while ${MANY} images import, with a progress bar that advances`, async () => {
    // Every frame the page paints, record the progress bar's value and the theme.
    await page.evaluate(() => {
      const w = window as unknown as { __frames: { progress: number | null; theme: string }[] };
      w.__frames = [];
      const tick = () => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid=custom-progress]');
        w.__frames.push({
          progress: bar === null ? null : bar.value,
          theme: document.documentElement.dataset.theme ?? '',
        });
        if (w.__frames.length < 100_000) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const themeBefore = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByTestId('custom-name').fill('Many');
    await page.getByTestId('custom-folder').setInputFiles(dir('many'));
    await page.getByTestId('custom-progress').waitFor({ timeout: RUN_TIMEOUT });
    // A person switches the theme while the import runs.
    await page.getByTestId('theme-toggle').click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .not.toBe(themeBefore);
    await screenshot(page, 'custom-faults-3-importing-dark');
    const summary = page.getByTestId('custom-summary');
    await summary.waitFor({ timeout: RUN_TIMEOUT });
    expect(await summary.textContent()).toBe(`${MANY} images imported.`);
    const frames = await page.evaluate(
      () =>
        (window as unknown as { __frames: { progress: number | null; theme: string }[] }).__frames,
    );
    const during = frames.filter((f) => f.progress !== null);
    const values = [...new Set(during.map((f) => f.progress!))];
    console.log(
      `${frames.length} frames, ${during.length} during the import, progress values: ${values.length}`,
    );
    // The bar advanced (several distinct values, never backwards) while frames kept coming...
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    // ...and the theme switched while the import was still running.
    const switched = during.findIndex((f) => f.theme !== themeBefore);
    expect(switched).toBeGreaterThan(0);
    expect(await listed()).toBe(2);
    await page.getByTestId('theme-toggle').click();
    await deleteAllBut(keepId);
  });

  it('logs no console errors', () => {
    expect(opened.errors).toEqual([]);
  });
});
