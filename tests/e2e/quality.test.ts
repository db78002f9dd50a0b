// The sample-quality panel in the real page, worker and engine on wasm: before the first epoch
// end it says what will appear; a tiny DCGAN on MNIST past two epoch ends shows a finite FID, an
// Inception Score between 1 and 10 with help on what it misses, the effective number of classes, a 10-bar class histogram and the mode-collapse meter; a tiny VAE
// adds its test NELBO; a flags run shows samples beside their nearest training images. Screenshots
// of the panel in both themes; no console errors anywhere.

import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { ARTIFACTS, screenshot, statusText } from './harness';
import { pauseTraining, RUN_TIMEOUT, waitForStep } from './run-helpers';

const TINY = 'batchSize=16&baseFilters=8&stepsPerEpoch=10&sampleEvery=5';
const TINY_GAN = `dataset=mnist&model=dcgan&lrG=0.002&lrD=0.002&${TINY}`;
const TINY_VAE = `dataset=mnist&model=vae&latentDim=8&lr=0.003&${TINY}`;
const TINY_FLAGS = `dataset=flags&model=dcgan&${TINY}`;

const app = startAppAndBrowser();

/** Starts training once the worker runs on wasm. */
async function train(page: Page): Promise<void> {
  await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
  await page.getByTestId('train-start').click();
}

/** Waits until a tile shows its first measurement. */
async function waitForTile(page: Page, testId: string): Promise<void> {
  await expect
    .poll(() => page.getByTestId(testId).getAttribute('data-empty'), { timeout: RUN_TIMEOUT })
    .toBe('false');
}

async function panelShot(page: Page, name: string): Promise<void> {
  const panel = page.getByTestId('quality-panel');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), animations: 'disabled' });
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'light');
  if ((await current()) !== theme) await page.getByTestId('theme-toggle').click();
  await expect.poll(current, { timeout: 10_000 }).toBe(theme);
}

describe('quality panel, DCGAN on MNIST', () => {
  const tab = app.openForBlock(`?backend=wasm&${TINY_GAN}`);

  it('says what will appear before the first epoch end, without charts', async () => {
    const fid = tab.page.getByTestId('quality-fid');
    await expect.poll(() => fid.getAttribute('data-empty'), { timeout: 60_000 }).toBe('true');
    expect(await fid.textContent()).toMatch(/after about a minute of training/);
    const inception = tab.page.getByTestId('quality-inception');
    expect(await inception.getAttribute('data-empty')).toBe('true');
    expect(await inception.textContent()).toMatch(/Inception Score as training goes on/);
    expect(
      await tab.page.getByTestId('quality-panel').locator('svg.recharts-surface').count(),
    ).toBe(0);
    expect(await tab.page.getByTestId('quality-collapse-meter').count()).toBe(0);
    await panelShot(tab.page, 'quality-before-light');
  });

  it('shows FID, effective classes, a 10-bar histogram and the collapse meter after two epochs', async () => {
    const panel = tab.page.getByTestId('quality-panel');
    const box = await panel.boundingBox();
    await train(tab.page);
    await waitForStep(tab.page, 21);
    await waitForTile(tab.page, 'quality-fid');
    await pauseTraining(tab.page);

    const fid = Number(await tab.page.getByTestId('quality-fid').getAttribute('data-value'));
    expect(Number.isFinite(fid)).toBe(true);
    expect(fid).toBeGreaterThan(0);
    expect(await tab.page.getByTestId('quality-fid').locator('svg.recharts-surface').count()).toBe(
      1,
    );

    // The Inception Score of the same samples, charted beside FID.
    const inception = tab.page.getByTestId('quality-inception');
    const score = Number(await inception.getAttribute('data-value'));
    expect(score).toBeGreaterThanOrEqual(1);
    expect(score).toBeLessThanOrEqual(10);
    expect(await inception.getAttribute('data-epochs')).toBe(
      await tab.page.getByTestId('quality-fid').getAttribute('data-epochs'),
    );
    expect(await inception.locator('svg.recharts-surface').count()).toBe(1);
    expect(await inception.textContent()).toMatch(/real test images: \d\.\d\d/);

    const effective = tab.page.getByTestId('quality-effective-classes');
    const text = (await effective.textContent()) ?? '';
    const shown = Number(/([\d.]+) of 10/.exec(text)?.[1]);
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThanOrEqual(10);

    const bars = tab.page.getByTestId('quality-coverage').locator('.quality-bar');
    expect(await bars.count()).toBe(10);
    const titles = await bars.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    const counted = titles.reduce((sum, t) => sum + Number(/: (\d+) of/.exec(t)?.[1]), 0);
    expect(counted).toBe(1000);

    const meter = tab.page.getByTestId('quality-collapse-meter');
    expect(['ok', 'warning']).toContain(await meter.getAttribute('data-state'));
    expect(await tab.page.getByTestId('quality-collapse').textContent()).toMatch(/classes/);

    // The panel kept its size while its tiles filled in.
    const after = await panel.boundingBox();
    expect(after?.height).toBe(box?.height);
    expect(after?.width).toBe(box?.width);

    await setTheme(tab.page, 'light');
    await panelShot(tab.page, 'quality-gan-light');
    await screenshot(tab.page, 'quality-page-light', true);

    // The meter explains mode collapse on hover.
    const tooltip = tab.page.locator('#quality-collapse-help');
    expect(await tooltip.isVisible()).toBe(false);
    await tab.page.getByTestId('quality-collapse').locator('.quality-info').hover();
    await expect.poll(() => tooltip.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await tooltip.textContent()).toMatch(/generator/);
    await panelShot(tab.page, 'quality-tooltip-light');
    await tab.page.mouse.move(0, 0);

    // The score says what it rewards and what it misses.
    const isHelp = tab.page.locator('#quality-inception-help');
    await inception.locator('.quality-info').hover();
    await expect.poll(() => isHelp.isVisible(), { timeout: 10_000 }).toBe(true);
    const help = (await isHelp.textContent()) ?? '';
    expect(help).toMatch(/sure about, spread over all the classes/);
    expect(help).toMatch(/never looks at the real data/);
    expect(help).toMatch(/prototype/);
    await panelShot(tab.page, 'quality-inception-help-light');
    await tab.page.mouse.move(0, 0);

    await setTheme(tab.page, 'dark');
    await panelShot(tab.page, 'quality-gan-dark');
    expect(tab.opened.errors).toEqual([]);
  });
});

describe('quality panel, VAE on MNIST', () => {
  it('shows the test NELBO and the reconstruction error', async () => {
    const opened = await app.open(`?backend=wasm&${TINY_VAE}`);
    const { page } = opened;
    try {
      await train(page);
      await waitForStep(page, 11);
      await waitForTile(page, 'quality-nelbo');
      await pauseTraining(page);
      const nelbo = Number(await page.getByTestId('quality-nelbo').getAttribute('data-value'));
      expect(Number.isFinite(nelbo)).toBe(true);
      expect(nelbo).toBeGreaterThan(0);
      expect(await page.getByTestId('quality-recon').textContent()).toMatch(/per pixel/);
      await waitForTile(page, 'quality-fid');
      // An unconditional model is asked for no class: no class-agreement tile.
      expect(await page.getByTestId('quality-agreement').count()).toBe(0);
      await panelShot(page, 'quality-vae-light');
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });
});

describe('quality panel, DCGAN on flags', () => {
  it('shows samples beside their nearest training images', async () => {
    const opened = await app.open(`?backend=wasm&${TINY_FLAGS}`, {
      colorScheme: 'dark',
    });
    const { page } = opened;
    try {
      expect(await page.getByTestId('quality-fid').count()).toBe(0);
      await train(page);
      await waitForStep(page, 11);
      await waitForTile(page, 'quality-nearest');
      await pauseTraining(page);
      const nearest = page.getByTestId('quality-nearest');
      expect(['ok', 'memorized']).toContain(await nearest.getAttribute('data-state'));
      const pairs = nearest.getByTestId('quality-pair');
      expect(await pairs.count()).toBe(6);
      const distances = await pairs.evaluateAll((els) =>
        els.map((e) => Number(e.querySelector('figcaption')?.textContent?.replace(/[^\d.]/g, ''))),
      );
      expect(distances.every((d) => Number.isFinite(d) && d >= 0)).toBe(true);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      // Both pictures of a pair are drawn: not the empty placeholder.
      expect(await nearest.locator('.pixel-box.is-empty').count()).toBe(0);
      await waitForTile(page, 'quality-pixels');
      await setTheme(page, 'dark');
      await panelShot(page, 'quality-flags-dark');
      await setTheme(page, 'light');
      await panelShot(page, 'quality-flags-light');
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });
});
