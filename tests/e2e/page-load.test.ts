// The page before any training: it loads cleanly ('auto' picks wasm on this software-WebGL
// machine), previews the dataset, refuses an invalid hyperparameter beside the field, keeps its
// setup in the URL hash across a reload, switches to the dark theme and remembers it, reports a
// bad weights file in the banner, and lays out at desktop and phone sizes in both themes.

import { describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { DESKTOP, PHONE, screenshot, statusText, type OpenedPage } from './harness';
import { tasksOver, traceWhile } from './main-thread';

const app = startAppAndBrowser();

/** Thread CPU time past which a main-thread task counts as blocking the page while it loads. */
const LOAD_TASK_CPU_MS = 250;

describe('page load', () => {
  const tab = app.openForBlock();

  it("starts the worker: 'auto' chooses wasm over software WebGL, and lists the datasets", async () => {
    const { page } = tab.opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    const auto = page.getByTestId('backend-select');
    expect(await auto.inputValue()).toBe('auto');
    expect(await auto.locator('option:checked').textContent()).toBe('Auto · wasm');
    const ids = await page
      .getByTestId('dataset-select')
      .locator('option')
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value));
    expect(ids).toEqual(expect.arrayContaining(['mnist', 'fashion', 'flags', 'faces']));
    expect(await page.getByTestId('train-start').isEnabled()).toBe(true);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  });

  it('previews real images of the chosen dataset with its facts', async () => {
    const { page } = tab.opened;
    const preview = page.getByTestId('dataset-preview');
    const levels = () =>
      preview.evaluate((node) => {
        const c = node as HTMLCanvasElement;
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 4) seen.add(data[i]);
        return seen.size;
      });
    // Real digits: many grey levels, not an empty box.
    await expect.poll(levels, { timeout: 60_000 }).toBeGreaterThan(50);
    expect(await preview.evaluate((c) => (c as HTMLCanvasElement).width)).toBe(8 * 28 + 7);
    expect(await page.getByText('60,000 train · 10,000 test').count()).toBe(1);
    expect(await page.getByText(/CC BY-SA 3\.0/).count()).toBe(1);
    await screenshot(page, 'page-loaded-light-1280x800');
  });

  it('refuses an invalid hyperparameter with a message beside the field', async () => {
    const { page } = tab.opened;
    const batch = page.getByTestId('field-batchSize');
    await batch.fill('1');
    const message = page.getByTestId('field-error-batchSize');
    expect(await message.textContent()).toBe('Batch size must be between 2 and 512');
    expect(await batch.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('train-start').isDisabled()).toBe(true);
    // The link keeps the last valid setup.
    expect(await page.evaluate(() => location.hash)).not.toContain('batchSize=1');
    await page.getByTestId('field-lrG').fill('fast');
    expect(await page.getByTestId('field-error-lrG').textContent()).toBe(
      'Generator learning rate must be a number',
    );
    await page.getByTestId('field-lrG').scrollIntoViewIfNeeded();
    await screenshot(page, 'hyperparameters-invalid-light-1280x800');
    await page.getByTestId('field-lrG').fill('3e-4');
    await batch.fill('32');
    expect(await message.count()).toBe(0);
    expect(await page.getByTestId('train-start').isEnabled()).toBe(true);
  });

  it('keeps the setup in the URL hash, and a reload reproduces it', async () => {
    const { page } = tab.opened;
    await page.getByTestId('model-select').selectOption('vae');
    await page.getByTestId('field-latentDim').fill('8');
    await page.getByTestId('field-seed').fill('42');
    const currentHash = () => page.evaluate(() => location.hash);
    await expect.poll(currentHash).toContain('seed=42');
    const hash = await currentHash();
    expect(hash).toContain('latentDim=8');
    expect(hash).toContain('model=vae');
    expect(hash).toContain('seed=42');
    await page.reload();
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    expect(await page.getByTestId('model-select').inputValue()).toBe('vae');
    expect(await page.getByTestId('field-latentDim').inputValue()).toBe('8');
    expect(await page.getByTestId('field-seed').inputValue()).toBe('42');
    expect(await currentHash()).toBe(hash);
  });

  it('switches to the dark theme and remembers it', async () => {
    const { page } = tab.opened;
    const background = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const dark = await background();
    expect(dark).not.toBe(light);
    // Dark means dark: every channel of the page background is low.
    const channels = dark.match(/\d+/g)!.slice(0, 3).map(Number);
    expect(Math.max(...channels)).toBeLessThan(40);
    await screenshot(page, 'theme-toggled-dark-1280x800');
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it('shows a bad weights file in the error banner, with the reason', async () => {
    const { page } = tab.opened;
    await page.getByTestId('import-weights').setInputFiles({
      name: 'not-weights.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": "world"}'),
    });
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/not a weights file/);
    await screenshot(page, 'error-banner-light-1280x800');
    await page.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await banner.count()).toBe(0);
  });

  it('logs no console errors, and no main-thread task of a fresh load works long', async () => {
    expect(tab.opened.errors).toEqual([]);
    // A query of its own, so the trace tells this page's renderer from the one tab.opened above.
    const query = '?backend=wasm';
    let fresh: OpenedPage | null = null;
    const trace = await traceWhile(app.browser, new URL(query, app.server.url).href, async () => {
      fresh = await app.open(query);
      const { page } = fresh;
      await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    });
    expect(trace.mainTasks).toBeGreaterThan(0);
    // Parsing and evaluating the bundle are the longest tasks of a load; the models, the data
    // and tfjs itself load in the worker, so no task on the page's own thread works for long.
    expect(tasksOver(trace, LOAD_TASK_CPU_MS), JSON.stringify(trace.longTasks)).toBe(0);
    await fresh!.context.close();
  });
});

describe('wasm threads', () => {
  it("trains on tfjs's thread count by default (half the logical cores), and says so", async () => {
    // The default, not the harness's one thread for tests.
    const opened = await app.open('?backend=wasm&threads=');
    const { page } = opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = Math.min(4, Math.max(1, Math.floor(cores / 2)));
    await expect
      .poll(() => page.getByTestId('backend-report').locator('summary').textContent())
      .toContain(`WebAssembly on ${threads} CPU thread${threads === 1 ? '' : 's'}`);
    await opened.context.close();
  });

  it('takes a thread count from the link, past the half tfjs would take', async () => {
    const cores = 2; // what this page may ask for on any machine the tests run on
    const opened = await app.open(`?backend=wasm&threads=${cores}`);
    const { page } = opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await expect
      .poll(() => page.getByTestId('backend-report').locator('summary').textContent())
      .toContain(`WebAssembly on ${cores} CPU threads,`);
    await opened.context.close();
  });
});

describe.each([
  ['light', PHONE],
  ['dark', PHONE],
  ['dark', DESKTOP],
] as const)('layout in %s at %o', (scheme, viewport) => {
  it('lays out without horizontal scrolling', async () => {
    const opened = await app.open('', { viewport, colorScheme: scheme });
    const { page } = opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('dataset-preview').evaluate(
      (c) =>
        new Promise<void>((resolve) => {
          const check = () =>
            (c as HTMLCanvasElement).width > 8 ? resolve() : setTimeout(check, 100);
          check();
        }),
    );
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const name = `page-loaded-${scheme}-${viewport.width}x${viewport.height}`;
    if (viewport.width === PHONE.width) await screenshot(page, name, true);
    else await screenshot(page, name);
    expect(opened.errors).toEqual([]);
    await opened.context.close();
  });
});
