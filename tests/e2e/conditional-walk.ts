// The page steps of a class-conditional run on MNIST, written once for either model kind:
// the per-class grid with its row names, the sliders' class picker, class-to-class
// interpolation, export and import, autosave and resume. Images are compared by canvas pixels;
// nothing here asserts how long anything takes.

import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { canvasPixels } from './canvas-pixels';
import { ARTIFACTS, statusNumber } from './harness';
import { RUN_TIMEOUT } from './run-helpers';

export type ModelKind = 'vae' | 'dcgan';

export const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Images along the interpolation strip (Interpolation.tsx STRIP_STEPS). */
const STRIP_STEPS = 10;

/**
 * A tiny conditional (or, with `conditional` false, plain) model on MNIST: short epochs, a grid
 * every 10 steps and a checkpoint every 3 s of training, so a test sees them after a few steps.
 */
export function mnistQuery(kind: ModelKind, conditional = true): string {
  const rates = kind === 'dcgan' ? '&lrG=0.002&lrD=0.002' : '';
  return `?backend=wasm&dataset=mnist&model=${kind}&conditional=${conditional}&batchSize=16&baseFilters=8&stepsPerEpoch=20&sampleEvery=10&checkpointEvery=3${rates}`;
}

/** The class names beside the sample grid's rows, top to bottom. */
export async function gridRowNames(page: Page): Promise<string[]> {
  return page.getByTestId('grid-row-names').locator('li').allTextContents();
}

/**
 * Checks the grid shows one row per digit with the digit's name level with its row: each name's
 * middle is within the band its row covers on screen.
 */
export async function expectNamedRows(page: Page): Promise<void> {
  await expect.poll(() => gridRowNames(page), { timeout: 60_000 }).toEqual(DIGITS);
  const { cellHeight, gap } = await shownGrid(page);
  const box = (await page.getByTestId('sample-grid').boundingBox())!;
  const rows = DIGITS.length;
  // On-screen pixels per grid pixel (the canvas shows the whole grid, rows and gaps).
  const scale = box.height / (rows * cellHeight + (rows - 1) * gap);
  const names = page.getByTestId('grid-row-names').locator('li');
  for (let r = 0; r < rows; r++) {
    const name = (await names.nth(r).boundingBox())!;
    const middle = name.y + name.height / 2 - box.y;
    const top = r * (cellHeight + gap) * scale;
    expect(middle).toBeGreaterThan(top);
    expect(middle).toBeLessThan(top + cellHeight * scale);
  }
}

/**
 * Shows the samples tab and waits until the grid canvas is laid out for a grid of one row per
 * digit (a tab just shown, or a grid that just changed shape, resizes on the next frame);
 * returns the grid's cell layout.
 */
export async function shownGrid(page: Page) {
  await page.getByTestId('tab-samples').click();
  const grid = page.getByTestId('sample-grid');
  const layout = async () => {
    const [cellWidth, cellHeight, gap] = ((await grid.getAttribute('data-cell')) ?? '')
      .split(/[x+]/)
      .map(Number);
    return { cellWidth, cellHeight, gap };
  };
  await expect
    .poll(
      async () => {
        const { cellWidth, cellHeight, gap } = await layout();
        const rows = DIGITS.length;
        const want = (rows * cellHeight + (rows - 1) * gap) / (8 * cellWidth + 7 * gap);
        const [w, h] = await grid.evaluate((c: HTMLCanvasElement) => [
          c.clientWidth,
          c.clientHeight,
        ]);
        return w > 100 && Math.abs(h / w - want) < 0.02;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return layout();
}

/**
 * Downloads the shown grid as a PNG (kept as `artifact`.png under tests/artifacts/) and returns
 * its size and the grid's: the conditional grid's PNG is wider by the column of class names.
 */
export async function pngBesideGrid(page: Page, artifact: string) {
  const { cellWidth, cellHeight, gap } = await shownGrid(page);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
    page.getByTestId('download-png').click(),
  ]);
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${artifact}.png`);
  await download.saveAs(file); // kept beside the screenshots, to look at
  const png = await readFile(file);
  const rows = DIGITS.length;
  return {
    // The IHDR chunk: width and height as big-endian 32-bit numbers at bytes 16 and 20.
    png: { width: png.readUInt32BE(16), height: png.readUInt32BE(20) },
    grid: { width: 8 * cellWidth + 7 * gap, height: rows * cellHeight + (rows - 1) * gap },
  };
}

/** The sliders' image once it shows class `c` (picked by name, as a person does). */
export async function sliderImageOf(page: Page, c: number): Promise<number[]> {
  await page.getByTestId('tab-explore').click();
  await page.getByTestId('latent-class').selectOption({ label: DIGITS[c] });
  await page
    .locator(`[data-testid="latent-output"][data-tag="class-${c}"]`)
    .waitFor({ timeout: 60_000 });
  return canvasPixels(page, 'latent-output');
}

/** Cell `i` of a one-row strip of `count` square-ish cells, as RGBA bytes. */
export function stripCell(rgba: readonly number[], width: number, count: number, i: number) {
  const height = rgba.length / 4 / width;
  const gap = (width - count * height) / (count - 1);
  const x0 = i * (height + gap);
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    const from = (y * width + x0) * 4;
    out.push(...rgba.slice(from, from + height * 4));
  }
  return out;
}

/** The interpolation strip once it shows the path `tag` ("0-1:2-5:class"), with its width. */
export async function stripFor(
  page: Page,
  tag: string,
): Promise<{ rgba: number[]; width: number }> {
  const strip = page.getByTestId('interp-strip');
  await page
    .locator(`[data-testid="interp-strip"][data-tag="${tag}"]`)
    .waitFor({ timeout: 60_000 });
  const rgba = await canvasPixels(page, 'interp-strip');
  const width = await strip.evaluate((c: HTMLCanvasElement) => c.width);
  return { rgba, width };
}

/** The strip's first and last image for the path `tag`. */
export async function stripEnds(page: Page, tag: string) {
  const { rgba, width } = await stripFor(page, tag);
  return {
    first: stripCell(rgba, width, STRIP_STEPS, 0),
    last: stripCell(rgba, width, STRIP_STEPS, STRIP_STEPS - 1),
  };
}

/** Chooses the classes of interpolation ends A and B, and what changes between them. */
export async function setInterpolation(page: Page, a: number, b: number, walk: 'noise' | 'class') {
  await page.getByTestId('tab-explore').click();
  await page.getByTestId('interp-class-a').selectOption({ label: DIGITS[a] });
  await page.getByTestId('interp-class-b').selectOption({ label: DIGITS[b] });
  await page.getByTestId(`interp-walk-${walk}`).check();
}

/** Exports the weights JSON into `dir`; returns its path and step. */
export async function exportWeights(page: Page, dir: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
    page.getByTestId('export-weights').click(),
  ]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const json = JSON.parse(await readFile(file, 'utf8')) as {
    step: number;
    dataset: { classes?: string[] };
  };
  return { file, step: json.step, classes: json.dataset.classes };
}

/**
 * Imports a weights file as a person does (confirming the replacement if the page asks) and
 * returns the note the page shows.
 */
export async function importWeights(page: Page, file: string): Promise<string> {
  const dismiss = page.getByTestId('import-notice-dismiss');
  if ((await dismiss.count()) > 0) await dismiss.click();
  await page.getByTestId('import-weights').setInputFiles(file);
  const notice = page.getByTestId('import-notice');
  const dialog = page.getByTestId('replace-dialog');
  await notice.or(dialog).first().waitFor({ timeout: RUN_TIMEOUT });
  if ((await dialog.count()) > 0) await page.getByTestId('replace-confirm').click();
  await notice.waitFor({ timeout: RUN_TIMEOUT });
  return (await notice.textContent()) ?? '';
}

/** The options of the sliders' class picker (none without a conditional model). */
export async function sliderClassNames(page: Page): Promise<string[]> {
  await page.getByTestId('tab-explore').click();
  const picker = page.getByTestId('latent-class');
  if ((await picker.count()) === 0) return [];
  return picker.locator('option').allTextContents();
}

/** Waits until the status bar shows step `step` exactly. */
export async function expectStep(page: Page, step: number): Promise<void> {
  await expect.poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT }).toBe(step);
}
