// The latent explorer in the real page: train a tiny model a few steps, then a latent slider,
// the interpolation slider and picked samples change the generated images (compared by canvas
// pixels); a 2-D VAE draws its manifold and the scatter of 2,000 encoded test digits, and an
// attribute direction ("3 towards 8") moves its image.

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { canvasPixels, pixelDifference } from './canvas-pixels';
import { screenshot } from './harness';
import { trainSteps } from './run-helpers';

const TIMEOUT = 240_000;
// Few sample grids: a tiny VAE takes over 100 steps a second, and a grid every few steps would
// flood the page with events.
const TINY = 'backend=wasm&batchSize=16&baseFilters=8&stepsPerEpoch=200&sampleEvery=100';

const app = startAppAndBrowser();

/** The canvas's pixels once it shows the image for `tag` (e.g. "0-1@0.5": ends 0 and 1, t 0.5). */
async function imageFor(page: Page, testId: string, tag: string): Promise<number[]> {
  await page.locator(`[data-testid="${testId}"][data-tag="${tag}"]`).waitFor({ timeout: 60_000 });
  return canvasPixels(page, testId);
}

/** Polls until the canvas differs from `before` by more than `min` per byte; returns it. */
// A tiny GAN after a few steps depends only weakly on z (mean byte differences of 0.2 to 2 were
// seen), so the bar is "clearly not identical" rather than a large change.
async function changedPixels(page: Page, testId: string, before: number[], min = 0.05) {
  let after: number[] = before;
  await expect
    .poll(
      async () => {
        after = await canvasPixels(page, testId);
        return pixelDifference(before, after);
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBeGreaterThan(min);
  return after;
}

describe('latent explorer on a DCGAN', () => {
  const tab = app.openForBlock(`?${TINY}&dataset=mnist&model=dcgan&lrG=0.002&lrD=0.002`);

  beforeAll(async () => {
    await tab.page.getByTestId('tab-explore').click();
  });

  it('says what it needs before a run exists', async () => {
    await expect
      .poll(() => tab.page.getByTestId('latent-empty').isVisible(), { timeout: 60_000 })
      .toBe(true);
  });

  it('redraws the output while a latent slider moves', async () => {
    await trainSteps(tab.page, 6);
    const output = tab.page.getByTestId('latent-output');
    await output.scrollIntoViewIfNeeded();
    const before = await canvasPixels(tab.page, 'latent-output');
    expect(before.length).toBe(28 * 28 * 4);
    await screenshot(tab.page, 'latent-1-dcgan-before-drag');

    // Drag the first slider across its track with the mouse, as a person would.
    const slider = tab.page.getByTestId('latent-slider-0');
    const box = (await slider.boundingBox())!;
    await tab.page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await tab.page.mouse.down();
    for (let k = 1; k <= 10; k++) {
      await tab.page.mouse.move(box.x + box.width * (0.5 - 0.05 * k), box.y + box.height / 2);
    }
    await tab.page.mouse.up();
    expect(Number(await slider.inputValue())).toBeLessThan(-2);
    const afterFirst = await changedPixels(tab.page, 'latent-output', before);

    // Every other dimension too: set the second slider from the keyboard.
    await tab.page.getByTestId('latent-slider-1').fill('3');
    await changedPixels(tab.page, 'latent-output', afterFirst);
    // Reset puts every slider at 0.
    await tab.page.getByTestId('latent-reset').click();
    expect(await tab.page.getByTestId('latent-slider-0').inputValue()).toBe('0');
    await screenshot(tab.page, 'latent-2-dcgan-after-drag');
  });

  it('interpolates between two picked samples', async () => {
    const slider = tab.page.getByTestId('interp-slider');
    await slider.scrollIntoViewIfNeeded();
    await slider.fill('0');
    const atA = await imageFor(tab.page, 'interp-output', '0-1@0');
    await slider.fill('1');
    const atB = await imageFor(tab.page, 'interp-output', '0-1@1');
    await slider.fill('0.5');
    const middle = await imageFor(tab.page, 'interp-output', '0-1@0.5');
    console.log(
      'interpolation differences: A-B %d, A-mid %d, mid-B %d',
      ...[
        pixelDifference(atA, atB),
        pixelDifference(atA, middle),
        pixelDifference(middle, atB),
      ].map((d) => d.toFixed(2)),
    );
    expect(pixelDifference(atA, atB)).toBeGreaterThan(0.1);
    expect(pixelDifference(atA, middle)).toBeGreaterThan(0.05);
    expect(pixelDifference(middle, atB)).toBeGreaterThan(0.05);
    // The strip holds ten images along the path, its ends the same images as A and B.
    const strip = tab.page.getByTestId('interp-strip');
    await expect.poll(() => strip.getAttribute('width')).toBe(String(10 * 28 + 9));

    // Picking other samples changes the path's ends: 5 becomes A, 9 becomes B.
    await tab.page.getByTestId('interp-pick-5').click();
    await tab.page.getByTestId('interp-pick-9').click();
    expect(await tab.page.getByTestId('interp-pick-9').getAttribute('aria-pressed')).toBe('true');
    const newMiddle = await imageFor(tab.page, 'interp-output', '5-9@0.5');
    expect(pixelDifference(newMiddle, middle)).toBeGreaterThan(0.5);
    await screenshot(tab.page, 'latent-3-dcgan-interpolation');
  });

  it('explains that attribute directions need a VAE', async () => {
    await expect(tab.page.getByTestId('direction-unavailable').textContent()).resolves.toMatch(
      /GAN has no encoder/,
    );
  });

  it('logs no console errors', () => {
    expect(tab.opened.errors).toEqual([]);
  });
});

describe('latent explorer on a 2-D VAE', () => {
  const tab = app.openForBlock(`?${TINY}&dataset=mnist&model=vae&latentDim=2&lr=0.005`);

  beforeAll(async () => {
    await tab.page.getByTestId('tab-explore').click();
  });

  it('draws the manifold grid and the scatter of 2,000 encoded test images', async () => {
    await trainSteps(tab.page, 150);
    const manifold = tab.page.getByTestId('latent-manifold');
    await manifold.scrollIntoViewIfNeeded();
    const pixels = await canvasPixels(tab.page, 'latent-manifold');
    expect(pixels.length).toBe((15 * 28 + 14) ** 2 * 4);
    await expect
      .poll(() => tab.page.getByTestId('latent-scatter').getAttribute('data-points'), {
        timeout: TIMEOUT,
      })
      .toBe('2000');
    expect(await tab.page.getByTestId('latent-legend').locator('li').count()).toBe(10);
    await screenshot(tab.page, 'latent-4-vae-manifold');
  });

  it('interpolates between two encoded test images', async () => {
    await tab.page.getByTestId('interp-source-test').check();
    await tab.page.getByTestId('interp-slider').fill('0');
    const atA = await imageFor(tab.page, 'interp-output', '0-1@0');
    await tab.page.getByTestId('interp-slider').fill('1');
    const atB = await imageFor(tab.page, 'interp-output', '0-1@1');
    expect(pixelDifference(atA, atB)).toBeGreaterThan(0.2);
  });

  it('turns "3 towards 8" into a slider that moves the image', async () => {
    const compute = tab.page.getByTestId('direction-compute');
    await compute.scrollIntoViewIfNeeded();
    await expect(compute.textContent()).resolves.toBe('Compute "3 towards 8"');
    await compute.click();
    const slider = tab.page.getByTestId('direction-slider');
    await slider.waitFor({ timeout: TIMEOUT });
    await slider.fill('-2');
    const minus = await imageFor(tab.page, 'direction-output', '-2');
    await slider.fill('2');
    const plus = await imageFor(tab.page, 'direction-output', '2');
    expect(pixelDifference(minus, plus)).toBeGreaterThan(0.2);
    await screenshot(tab.page, 'latent-5-vae-direction');
  });

  it('logs no console errors', () => {
    expect(tab.opened.errors).toEqual([]);
  });
});
