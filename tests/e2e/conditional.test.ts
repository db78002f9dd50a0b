// A class-conditional VAE from a link, as a person meets it: the form shows the option ticked,
// and Train draws the sample grid with one row per digit.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { screenshot, type OpenedPage } from './harness';
import { trainSteps } from './run-helpers';

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
