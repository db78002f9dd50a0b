// Hostile weights files on the real page: a 200 MB file (dropped, and chosen with the picker) is
// refused by its size before it is read, and JSON nested a million levels deep is refused with a
// message. Each time the banner says why, the run keeps its step and its sample grid, and the
// page still answers a click.

import { mkdir, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { canvasHash, screenshot, statusNumber, statusText, type OpenedPage } from './harness';
import { trainSteps } from './run-helpers';

const app = startAppAndBrowser();
let opened: OpenedPage;
let page: Page;
const bigFile = path.join(tmpdir(), `import-faults-${process.pid}`, 'huge-weights.json');

beforeAll(async () => {
  // 200 MB on disk without writing 200 MB: a sparse file of that length.
  await rm(path.dirname(bigFile), { recursive: true, force: true });
  await mkdir(path.dirname(bigFile));
  const handle = await open(bigFile, 'w');
  await handle.truncate(200 * 2 ** 20);
  await handle.close();
  opened = await app.open(
    '?backend=wasm&model=dcgan&batchSize=16&baseFilters=8&stepsPerEpoch=10&sampleEvery=2',
  );
  page = opened.page;
});

afterAll(async () => {
  await opened?.context.close();
  await rm(path.dirname(bigFile), { recursive: true, force: true });
});

type MadeFile = 'huge' | 'nested-arrays' | 'nested-objects';

/** Drops a file made inside the page (no 200 MB trip through the test driver). */
async function dropMadeFile(kind: MadeFile, name: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([what, fileName]) => {
      const depth = 1_000_000;
      const parts: BlobPart[] =
        what === 'huge'
          ? // 200 parts of 1 MB of spaces: a 200 MB file.
            Array.from({ length: 200 }, () => new Uint8Array(1 << 20).fill(32))
          : what === 'nested-arrays'
            ? ['['.repeat(depth) + ']'.repeat(depth)]
            : ['{"a":'.repeat(depth) + '1' + '}'.repeat(depth)];
      const dt = new DataTransfer();
      dt.items.add(new File(parts, fileName, { type: 'application/json' }));
      return dt;
    },
    [kind, name] as const,
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await transfer.dispose();
}

/** The banner's text once it appears, then dismissed. */
async function bannerMessage(): Promise<string> {
  const banner = page.getByTestId('error-banner');
  await banner.waitFor({ timeout: 60_000 });
  return (await banner.textContent()) ?? '';
}

async function dismissBanner(): Promise<void> {
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await expect.poll(() => page.getByTestId('error-banner').count()).toBe(0);
}

/** The run as the page shows it. */
async function runState(): Promise<[number, string, string]> {
  return [
    await statusNumber(page, 'status-step'),
    await statusText(page, 'status-state'),
    await canvasHash(page),
  ];
}

/** The page reacts to a click: the theme toggle flips the theme, and back. */
async function expectResponsive(): Promise<void> {
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? '');
  const before = await theme();
  await page.getByTestId('theme-toggle').click({ timeout: 10_000 });
  await expect.poll(theme, { timeout: 10_000 }).not.toBe(before);
  await page.getByTestId('theme-toggle').click({ timeout: 10_000 });
  await expect.poll(theme, { timeout: 10_000 }).toBe(before);
}

describe('hostile weights files on the page', () => {
  it('has a run to protect: a few wasm steps, paused', async () => {
    await trainSteps(page, 3);
  });

  it('refuses a dropped 200 MB file by its size, before reading it', async () => {
    const before = await runState();
    await dropMadeFile('huge', 'huge.json');
    const text = await bannerMessage();
    expect(text).toMatch(/huge\.json is 200\.0 MB, larger than the 190\.0 MB limit/);
    await screenshot(page, 'import-faults-too-large');
    await dismissBanner();
    expect(await runState()).toEqual(before);
    await expectResponsive();
  });

  it('refuses a 200 MB file chosen with the file picker the same way', async () => {
    const before = await runState();
    await page.getByTestId('import-weights').setInputFiles(bigFile);
    expect(await bannerMessage()).toMatch(/huge-weights\.json is 200\.0 MB.*not read/);
    await dismissBanner();
    expect(await runState()).toEqual(before);
    await expectResponsive();
  });

  it.each([
    ['nested-arrays', /holds an array rather than an object/],
    ['nested-objects', /not a weights file: it has no format field/],
  ] as const)('refuses %s a million levels deep with a message', async (kind, message) => {
    const before = await runState();
    await dropMadeFile(kind, 'nested.json');
    const text = await bannerMessage();
    expect(text).toMatch(message);
    expect(text).not.toMatch(/call stack|RangeError|undefined/);
    await dismissBanner();
    expect(await runState()).toEqual(before);
    await expectResponsive();
  });

  it('keeps training after all that, and logged no errors', async () => {
    const step = await statusNumber(page, 'status-step');
    await page.getByTestId('train-step').click();
    await expect.poll(() => statusNumber(page, 'status-step'), { timeout: 120_000 }).toBe(step + 1);
    expect(opened.errors).toEqual([]);
  });
});
