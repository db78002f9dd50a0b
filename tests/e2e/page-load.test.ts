// The page loads cleanly: worker up, a backend chosen, datasets listed, no console errors, and
// a worker-side failure reaches the error banner.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openApp,
  screenshot,
  serveApp,
  statusText,
  type AppServer,
  type OpenedPage,
} from './harness';

describe('page load', () => {
  let server: AppServer;
  let browser: Browser;
  let opened: OpenedPage;

  beforeAll(async () => {
    server = await serveApp();
    browser = await launchBrowser();
    opened = await openApp(browser, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts the worker on the first backend that works and lists the datasets', async () => {
    const { page } = opened;
    // No ?backend=: webgl is tried first, and SwiftShader provides WebGL2 in the test browser.
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('webgl');
    const options = await page.getByTestId('dataset-select').locator('option').allTextContents();
    expect(options.length).toBeGreaterThanOrEqual(2);
    const ids = await page
      .getByTestId('dataset-select')
      .locator('option')
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
    expect(ids).toContain('mnist');
    expect(await page.getByTestId('train-start').isEnabled()).toBe(true);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await screenshot(page, 'page-loaded');
  });

  it('logs no console errors while loading', () => {
    expect(opened.errors).toEqual([]);
  });

  it('shows an error from the worker in the banner', async () => {
    const { page } = opened;
    await page.getByTestId('import-weights').setInputFiles({
      name: 'not-weights.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": "world"}'),
    });
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/not a weights file/);
    await screenshot(page, 'page-error-banner');
  });
});
