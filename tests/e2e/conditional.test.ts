// A class-conditional model on MNIST, as a person meets it: the form shows the option ticked
// from a link, and Train draws the sample grid with one row per digit, each row named. Then the
// class tools, walked for each model kind (conditional-walk.ts): the sliders draw the picked
// class, the interpolation walks from class A to class B at fixed noise, exported weights bring
// their classes into a fresh page (and a swap between conditional and plain runs is named), and
// an autosaved run comes back after a reload as the conditional run it was.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { canvasPixels, pixelDifference } from './canvas-pixels';
import {
  DIGITS,
  expectNamedRows,
  expectStep,
  exportWeights,
  gridRowNames,
  importWeights,
  mnistQuery,
  pngBesideGrid,
  setInterpolation,
  shownGrid,
  sliderClassNames,
  sliderImageOf,
  stripEnds,
  type ModelKind,
} from './conditional-walk';
import { canvasHash, screenshot, statusText, type OpenedPage } from './harness';
import { gridStep, pauseTraining, RUN_TIMEOUT, trainSteps, waitForStep } from './run-helpers';
import { storedCheckpoints } from './stored-runs';

const app = startAppAndBrowser();

describe('a conditional VAE on MNIST', () => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await app.open(
      '?backend=wasm#dataset=mnist&model=vae&conditional=true&batchSize=16&baseFilters=8',
    );
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  it('is ticked from the link and draws one row per class', async () => {
    const { page } = opened;
    const toggle = page.getByTestId('field-conditional');
    expect(await toggle.isChecked()).toBe(true);
    await trainSteps(page, 2);
    const grid = page.getByTestId('sample-grid');
    const [width, height] = await grid.evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    // 28-pixel cells: 8 columns and 10 rows (digits 0-9), whatever the zoom (an 8 x 8 grid is square).
    const gap = Number((await grid.getAttribute('data-cell'))?.split('+')[1]);
    const want = (8 * 28 + 7 * gap) / (10 * 28 + 9 * gap);
    expect(Math.abs(width / height - want)).toBeLessThan(0.02);
    await screenshot(page, 'conditional-vae-grid-1280x800');
    expect(opened.errors).toEqual([]);
  });
});

/**
 * Mean byte difference above which two images count as drawn differently: a tiny model after
 * a few dozen steps depends only weakly on its inputs (a GAN's images differed by 0.2 to 2 per
 * byte between noise vectors in latent.test.ts), so the bar is "clearly not identical".
 */
const DRAWN_DIFFERENTLY = 0.05;

/** Polls until the canvas `testId` shows (within rounding) the image `want`. */
async function expectImage(page: Page, testId: string, want: readonly number[]): Promise<void> {
  await expect
    .poll(async () => pixelDifference(await canvasPixels(page, testId), want), {
      timeout: 60_000,
    })
    .toBeLessThan(1);
}

/** Screenshots of both tabs, light and dark, named after the model kind. */
async function screenshots(page: Page, kind: ModelKind): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.getByTestId('tab-samples').click();
    await screenshot(page, `conditional-${kind}-samples-${theme}`);
    await page.getByTestId('tab-explore').click();
    await screenshot(page, `conditional-${kind}-explore-${theme}`, true);
    await page.getByTestId('theme-toggle').click();
  }
}

function classTools(kind: ModelKind, name: string) {
  describe(`the class tools of a conditional ${name} on MNIST`, () => {
    let opened: OpenedPage;
    let page: Page;
    let dir: string;
    let conditionalFile: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), `conditional-${kind}-`));
      opened = await app.open(mnistQuery(kind));
      page = opened.page;
    });

    afterAll(async () => {
      await opened?.context.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('names each row of the sample grid by its class', async () => {
      await trainSteps(page, 40);
      await expectNamedRows(page);
      // The PNG download names its rows too: the grid's height, wider by the names.
      const { png, grid } = await pngBesideGrid(page, `conditional-${kind}-download`);
      expect(png.height).toBe(grid.height);
      expect(png.width).toBeGreaterThan(grid.width);
    });

    it('draws the sliders as the picked class: the same noise, another class', async () => {
      const three = await sliderImageOf(page, 3);
      const seven = await sliderImageOf(page, 7);
      expect(pixelDifference(three, seven)).toBeGreaterThan(DRAWN_DIFFERENTLY);
      // Back to 3: the very image of 3 again (only the class changed in between).
      expect(pixelDifference(await sliderImageOf(page, 3), three)).toBe(0);
    });

    it("walks from class A to class B at A's noise, and hands the point to the sliders", async () => {
      await setInterpolation(page, 2, 5, 'class');
      const { first, last } = await stripEnds(page, '0-1:2-5:class');
      // The picker draws its samples as class A: its sample A is the strip's first image.
      await expectImage(page, 'interp-pick-0-image', first);
      expect(pixelDifference(first, last)).toBeGreaterThan(DRAWN_DIFFERENTLY);
      // Halfway, the sliders take A's noise and the nearer class, B's: the strip's last image.
      await page.getByTestId('interp-to-sliders').click();
      expect(await page.getByTestId('latent-class').inputValue()).toBe('5');
      await expectImage(page, 'latent-output', last);
      await screenshots(page, kind);
    });

    it('keeps the noise interpolation for one chosen class', async () => {
      await setInterpolation(page, 4, 4, 'noise');
      const { first, last } = await stripEnds(page, '0-1:4-4:noise');
      expect(pixelDifference(first, last)).toBeGreaterThan(DRAWN_DIFFERENTLY);
      // Both ends are the picker's samples A and B, drawn as class 4.
      await expectImage(page, 'interp-pick-0-image', first);
      await expectImage(page, 'interp-pick-1-image', last);
      expect(opened.errors).toEqual([]);
    });

    it('exports weights that a fresh page imports with their classes', async () => {
      await shownGrid(page);
      const grid = await canvasHash(page);
      const exported = await exportWeights(page, dir);
      conditionalFile = exported.file;
      expect(exported.classes).toEqual(DIGITS);
      expect(await gridStep(page)).toBe(exported.step);
      const fresh = await app.open('?backend=wasm');
      try {
        await expect
          .poll(() => statusText(fresh.page, 'status-backend'), { timeout: 60_000 })
          .toBe('wasm');
        expect(await importWeights(fresh.page, exported.file)).toBe(
          `Loaded class-conditional ${name} on MNIST digits at step ${exported.step} from ${path.basename(exported.file)}.`,
        );
        await expectNamedRows(fresh.page);
        // The same weights and fixed noise: the same grid, row for row.
        expect(await canvasHash(fresh.page)).toBe(grid);
        expect(await sliderClassNames(fresh.page)).toEqual(DIGITS);
        expect(fresh.errors).toEqual([]);
      } finally {
        await fresh.context.close();
      }
    });

    it('says so when a plain model replaces the conditional one, and back', async () => {
      const plain = await app.open(mnistQuery(kind, false));
      let plainFile: string;
      try {
        await trainSteps(plain.page, 2);
        plainFile = (await exportWeights(plain.page, dir)).file;
      } finally {
        await plain.context.close();
      }
      const toPlain = await importWeights(page, plainFile);
      expect(toPlain).toMatch(
        new RegExp(
          `^Replaced the MNIST digits class-conditional ${name} at step [\\d,]+ with ${name} on MNIST digits at step \\d+ from `,
        ),
      );
      await page.getByTestId('tab-samples').click();
      expect(await gridRowNames(page)).toEqual([]);
      expect(await sliderClassNames(page)).toEqual([]);
      const back = await importWeights(page, conditionalFile);
      expect(back).toMatch(
        new RegExp(
          `^Replaced the MNIST digits ${name} at step \\d+ with class-conditional ${name} on MNIST digits at step \\d+ from `,
        ),
      );
      await expectNamedRows(page);
      expect(await sliderClassNames(page)).toEqual(DIGITS);
      // The explorer starts over with the classes: a class walk draws, with no error.
      await setInterpolation(page, 1, 2, 'class');
      await stripEnds(page, '0-1:1-2:class');
      expect(await page.locator('.latent-error').count()).toBe(0);
    });

    it('autosaves: after a reload the run resumes as the conditional run it was', async () => {
      page.on('dialog', (dialog) => void dialog.accept());
      const from = (await storedCheckpoints(page))[0]?.step ?? 0;
      await page.getByTestId('train-start').click();
      await expect
        .poll(async () => (await storedCheckpoints(page))[0]?.step ?? 0, { timeout: RUN_TIMEOUT })
        .toBeGreaterThan(from);
      await page.reload();
      const offer = page.getByTestId('resume-saved');
      await offer.waitFor({ timeout: 60_000 });
      const saved = (await storedCheckpoints(page))[0];
      await offer.click();
      await expectStep(page, saved.step);
      await expectNamedRows(page);
      expect(await sliderClassNames(page)).toEqual(DIGITS);
      await page.getByTestId('train-start').click();
      await waitForStep(page, saved.step + 3);
      await pauseTraining(page);
      expect(opened.errors).toEqual([]);
    });
  });
}

classTools('vae', 'VAE');
classTools('dcgan', 'DCGAN');
