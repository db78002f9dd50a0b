// The quality panel of a class-conditional model: a tiny conditional VAE on MNIST shows how often
// its samples look like the class they were drawn for, overall and per class, with help on what
// the number misses. (An unconditional run shows no such tile: tests/e2e/quality.test.ts.)

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { ARTIFACTS, statusText, type OpenedPage } from './harness';
import { pauseTraining, RUN_TIMEOUT, waitForStep } from './run-helpers';

const TINY_CVAE =
  'dataset=mnist&model=vae&conditional=true&latentDim=8&lr=0.003&batchSize=16&baseFilters=8' +
  '&stepsPerEpoch=10&sampleEvery=5';

const app = startAppAndBrowser();

describe('quality panel, conditional VAE on MNIST', () => {
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await app.open(`?backend=wasm&${TINY_CVAE}`);
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  it('shows the share of samples drawn as their asked-for class, per class too', async () => {
    const { page } = opened;
    const tile = page.getByTestId('quality-agreement');
    // There before the first measurement, saying what will appear.
    expect(await tile.getAttribute('data-empty')).toBe('true');
    expect(await tile.textContent()).toMatch(/class they were asked for/);

    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    await waitForStep(page, 11);
    await expect
      .poll(() => tile.getAttribute('data-empty'), { timeout: RUN_TIMEOUT })
      .toBe('false');
    await pauseTraining(page);

    const value = Number(await tile.getAttribute('data-value'));
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
    expect(await tile.locator('.quality-tile-value').textContent()).toMatch(/^\d+(\.\d)?%$/);
    expect(await tile.locator('svg.recharts-surface').count()).toBe(1);

    // One bar per digit, each titled with its own share (every digit was asked for).
    const bars = page.getByTestId('quality-agreement-classes').locator('.quality-bar');
    expect(await bars.count()).toBe(10);
    const titles = await bars.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    titles.forEach((t, digit) => expect(t).toMatch(new RegExp(`^${digit}: \\d+(\\.\\d)?% of`)));

    // The help says what it rewards and what it misses.
    const help = page.locator('#quality-agreement-help');
    await tile.locator('.quality-info').hover();
    await expect.poll(() => help.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await help.textContent()).toMatch(/does not look at realism or variety/);
    await tile.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await page
      .getByTestId('quality-panel')
      .screenshot({ path: path.join(ARTIFACTS, 'quality-conditional-vae-light.png') });
    expect(opened.errors).toEqual([]);
  });
});
