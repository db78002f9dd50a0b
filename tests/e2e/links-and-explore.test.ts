// Bad links and the latent explorer's reach, as a person meets them: a link with an unknown
// dataset or out-of-range settings opens a usable page that says what it ignored (and a reload
// is clean); the 2-D latent plane is found and set up from the latent panel itself; and the
// explorer is one click away, above the fold at 1280x800, while a run trains. Screenshots of the
// explorer in both themes at three widths go to tests/artifacts/.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { canvasPixels, pixelDifference } from './canvas-pixels';
import { DESKTOP, PHONE, screenshot, statusNumber, statusText } from './harness';
import { pauseTraining, trainSteps, waitForStep } from './run-helpers';

const app = startAppAndBrowser();

/** The note's lines, by key. */
async function ignoredLines(page: Page): Promise<Record<string, string>> {
  const items = page.getByTestId('link-note').locator('li');
  const lines: Record<string, string> = {};
  for (const item of await items.all()) {
    const key = (await item.getAttribute('data-testid'))!.replace('link-ignored-', '');
    lines[key] = (await item.textContent()) ?? '';
  }
  return lines;
}

/** Reloads (accepting the leave question a running or unsaved run asks) and waits for the worker. */
async function reload(page: Page): Promise<void> {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
}

async function selected(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).inputValue();
}

describe('a link naming a dataset that does not exist', () => {
  const tab = app.openForBlock('#dataset=bogus&model=vae');

  it('falls back to MNIST, says so, trains, and reloads clean', async () => {
    const { page } = tab.opened;
    await page.getByTestId('link-note').waitFor({ timeout: 60_000 });
    const lines = await ignoredLines(page);
    expect(Object.keys(lines)).toEqual(['dataset']);
    expect(lines.dataset).toMatch(/^dataset bogus ignored: must be one of mnist, fashion/);
    expect(await selected(page, 'dataset-select')).toBe('mnist');
    expect(await selected(page, 'model-select')).toBe('vae');
    await screenshot(page, 'link-bad-dataset-light-1280x800');
    expect(await page.getByTestId('error-banner').count()).toBe(0);

    await trainSteps(page, 2);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    expect(new URL(page.url()).hash).toContain('dataset=mnist');

    await reload(page);
    expect(await page.getByTestId('link-note').count()).toBe(0);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    expect(await selected(page, 'dataset-select')).toBe('mnist');
    expect(await selected(page, 'model-select')).toBe('vae');
    expect(await page.getByTestId('train-start').isEnabled()).toBe(true);
    expect(tab.opened.errors).toEqual([]);
  });
});

describe('a link with out-of-range settings in the query', () => {
  const tab = app.openForBlock('?batchSize=1e9&latentDim=-1&baseFilters=100000&lr=NaN');

  it('lists each ignored value with the reason, trains on the preset, and reloads clean', async () => {
    const { page } = tab.opened;
    await page.getByTestId('link-note').waitFor({ timeout: 60_000 });
    expect(await ignoredLines(page)).toEqual({
      batchSize: 'batchSize 1e9 ignored: must be between 2 and 512',
      latentDim: 'latentDim -1 ignored: must be between 2 and 512',
      baseFilters: 'baseFilters 100000 ignored: must be between 4 and 256',
      lr: 'lr NaN ignored: not a setting of the DCGAN',
    });
    // The form shows what the page uses instead: the MNIST DCGAN preset.
    expect(await page.getByTestId('field-batchSize').inputValue()).toBe('64');
    expect(await page.getByTestId('field-latentDim').inputValue()).toBe('100');
    expect(await page.getByTestId('field-baseFilters').inputValue()).toBe('16');
    await screenshot(page, 'link-bad-settings-light-1280x800');

    await trainSteps(page, 1);
    expect(await page.getByTestId('error-banner').count()).toBe(0);

    // The note can go away by hand, and a reload (the link now carries the setup in its hash) has
    // nothing left to ignore.
    await page.getByTestId('link-note-dismiss').click();
    expect(await page.getByTestId('link-note').count()).toBe(0);
    await reload(page);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('link-note').count()).toBe(0);
    expect(await page.getByTestId('field-batchSize').inputValue()).toBe('64');
    expect(tab.opened.errors).toEqual([]);
  });

  it('reads the hash form the same way', async () => {
    const hashed = await app.open('#model=vae&batchSize=1e9&seed=-4&backend=quantum');
    const { page } = hashed;
    await page.getByTestId('link-note').waitFor({ timeout: 60_000 });
    expect(Object.keys(await ignoredLines(page)).sort()).toEqual(['backend', 'batchSize', 'seed']);
    expect(await selected(page, 'model-select')).toBe('vae');
    expect(await page.getByTestId('field-batchSize').inputValue()).toBe('64');
    await hashed.context.close();
  });
});

describe('the 2-D latent plane, found from the latent panel', () => {
  const tab = app.openForBlock('?stepsPerEpoch=200&sampleEvery=100');

  it('is offered with what it needs, set up in one click, and drawn after Train', async () => {
    const { page } = tab.opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('tab-explore').click();
    const offer = page.getByTestId('plane-offer');
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.textContent()).toContain('latent size 2');
    await page.getByTestId('plane-setup').click();
    expect(await selected(page, 'model-select')).toBe('vae');
    expect(await page.getByTestId('field-latentDim').inputValue()).toBe('2');
    expect(await offer.textContent()).toContain('press Train');
    await screenshot(page, 'plane-offer-light-1280x800');

    await trainSteps(page, 3);
    await page.getByTestId('latent-manifold').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plane-offer').count()).toBe(0);
    expect(tab.opened.errors).toEqual([]);
  });
});

describe('the latent explorer while training', () => {
  const tab = app.openForBlock(
    '?backend=wasm&model=vae&batchSize=16&baseFilters=8&stepsPerEpoch=200&sampleEvery=100',
  );

  it('is one click away and above the fold at 1280x800, and its slider redraws', async () => {
    const { page } = tab.opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    await waitForStep(page, 3);

    const inView = async (testId: string) => {
      const box = await page.getByTestId(testId).boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= DESKTOP.height;
    };
    expect(await inView('tab-explore')).toBe(true);
    await page.getByTestId('tab-explore').click();
    await page.getByTestId('latent-slider-0').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await inView('latent-slider-0')).toBe(true);
    expect(await inView('latent-output')).toBe(true);
    // The tab switch leaves the run alone: steps go on.
    await waitForStep(page, (await statusNumber(page, 'status-step')) + 2);

    const before = await canvasPixels(page, 'latent-output');
    await page.getByTestId('latent-slider-0').fill('3');
    await expect
      .poll(async () => pixelDifference(before, await canvasPixels(page, 'latent-output')), {
        timeout: 60_000,
        interval: 250,
      })
      .toBeGreaterThan(0.05);
    await pauseTraining(page);

    // A 16-dimensional latent: the test images projected on their principal components.
    const projection = page.getByTestId('latent-projection');
    await expect
      .poll(() => projection.getAttribute('data-points'), { timeout: 60_000 })
      .toBe('2000');
    expect(await page.getByTestId('latent-projection-legend').locator('li').count()).toBe(10);
    expect(await page.getByTestId('plane-offer').textContent()).toContain('latent size 16');
    await projection.scrollIntoViewIfNeeded();
    await screenshot(page, 'explore-projection-light-1280x800');
    await page.evaluate(() => window.scrollTo(0, 0));

    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const size of [PHONE, DESKTOP, { width: 1600, height: 900 }]) {
        await page.setViewportSize(size);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        await screenshot(page, `explore-${theme}-${size.width}x${size.height}`, size === PHONE);
      }
    }
    expect(tab.opened.errors).toEqual([]);
  });
});

describe('the sidebar for a newcomer', () => {
  it('keeps the explanations one click away', async () => {
    const opened = await app.open('');
    const { page } = opened;
    const help = page.locator('[data-field=batchSize] .field-help');
    await help.waitFor({ state: 'attached', timeout: 60_000 });
    expect(await help.isVisible()).toBe(false);
    expect(await page.getByText('60,000 train · 10,000 test').isVisible()).toBe(false);
    await page.getByTestId('params-explain').click();
    expect(await help.isVisible()).toBe(true);
    expect(await help.textContent()).toMatch(/Images per training step/);
    await page.getByTestId('dataset-facts').locator('summary').click();
    expect(await page.getByText('60,000 train · 10,000 test').isVisible()).toBe(true);
    expect(opened.errors).toEqual([]);
    await opened.context.close();
  });
});
