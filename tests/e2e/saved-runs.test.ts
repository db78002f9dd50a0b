// Every stored run within reach, none lost to another tab, and a bounded timeline. Tabs of one
// browser context share IndexedDB and Web Locks as a person's tabs do: three tabs train at once
// (a third tab's retention must not delete the others' live runs), all close, and a new tab's
// Saved runs list offers each run to resume, export or delete. Then a run with one step per
// epoch (a grid every step) keeps at most the timeline's bound, in the page and in storage.

import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TIMELINE_FRAMES } from '../../src/store/timeline';
import { startAppAndBrowser } from './app-and-browser';
import { DESKTOP, oneWasmThread, screenshot, statusNumber, statusText } from './harness';
import { pauseTraining, RUN_TIMEOUT, waitForStep } from './run-helpers';
import { storedRecords, type StoredCheckpoint } from './stored-runs';

const EPOCH = 30;
const TINY = `backend=wasm&dataset=mnist&batchSize=16&lrG=0.002&lrD=0.002&stepsPerEpoch=${EPOCH}`;
const GAN = oneWasmThread(`?${TINY}&model=dcgan&baseFilters=8`);
/** A second, narrower DCGAN, told apart in the list by its run id and size. */
const GAN4 = oneWasmThread(`?${TINY}&model=dcgan&baseFilters=4`);

const app = startAppAndBrowser();

/** Ids of the runs with a checkpoint in IndexedDB. */
async function storedRunIds(page: Page): Promise<Set<string>> {
  return new Set((await storedRecords<StoredCheckpoint>(page, 'meta')).map((c) => c.runId));
}

/** Opens a tab of `context` at `query` and waits for its backend. */
async function openTab(context: BrowserContext, query: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(new URL(query, app.server.url).href);
  await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
  return page;
}

/**
 * Trains until this tab's run has a checkpoint stored, then pauses (the run stays the tab's, so
 * it stays live: two cores cannot train three tabs at once in reasonable time). Returns its id.
 */
async function trainUntilStored(page: Page, known: ReadonlySet<string>): Promise<string> {
  await page.getByTestId('train-start').click({ timeout: 60_000 });
  let runId = '';
  await expect
    .poll(
      async () => {
        runId = [...(await storedRunIds(page))].find((id) => !known.has(id)) ?? '';
        return runId;
      },
      { timeout: RUN_TIMEOUT, interval: 250 },
    )
    .not.toBe('');
  await pauseTraining(page);
  return runId;
}

const row = (page: Page, runId: string) =>
  page.locator(`[data-testid=saved-run][data-run="${runId}"]`);

describe('runs of several tabs', () => {
  let context: BrowserContext;
  const errors: string[] = [];

  afterAll(async () => {
    await context?.close();
  });

  it("keeps a live tab's run when another tab saves, and lists every run once the tabs close", async () => {
    context = await app.browser.newContext({ acceptDownloads: true, viewport: DESKTOP });
    context.on('page', (page) => {
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
      });
    });
    const a = await openTab(context, GAN);
    const runA = await trainUntilStored(a, new Set());
    const b = await openTab(context, GAN4);
    // Tab B lists tab A's run as busy: no Resume, no Delete.
    await row(b, runA).waitFor({ timeout: 30_000 });
    expect(await row(b, runA).getByTestId('saved-run-in-use').textContent()).toMatch(/another tab/);
    expect(await row(b, runA).getByTestId('saved-run-resume').isDisabled()).toBe(true);
    expect(await row(b, runA).getByTestId('saved-run-delete').isDisabled()).toBe(true);
    const runB = await trainUntilStored(b, new Set([runA]));

    // A third tab's saves run the retention: the two live runs stay stored.
    const c = await openTab(context, GAN);
    const runC = await trainUntilStored(c, new Set([runA, runB]));
    await c.getByTestId('train-start').click();
    await waitForStep(c, (await statusNumber(c, 'status-step')) + 2 * EPOCH);
    await pauseTraining(c);
    expect(await storedRunIds(c)).toEqual(new Set([runA, runB, runC]));
    await c.getByTestId('saved-runs').scrollIntoViewIfNeeded();
    await screenshot(c, 'saved-runs-three-tabs-light-1280x800');
    for (const page of [a, b, c]) await page.close({ runBeforeUnload: false });

    // A new tab reaches every run, not only the newest.
    const d = await openTab(context, GAN);
    await expect.poll(() => d.getByTestId('saved-run').count(), { timeout: 30_000 }).toBe(3);
    const stored = await storedRecords<StoredCheckpoint>(d, 'meta');
    const newestOf = (id: string) =>
      Math.max(...stored.filter((m) => m.runId === id).map((m) => m.step));
    const facts = await row(d, runA).getByTestId('saved-run-facts').textContent();
    expect(facts).toContain(`step ${newestOf(runA).toLocaleString('en')}`);
    expect(facts).toMatch(/\d+\.\d MB/);
    expect(await row(d, runB).textContent()).toMatch(/DCGAN on MNIST/);
    expect(await row(d, runA).textContent()).toMatch(/DCGAN on MNIST/);
    await d.getByTestId('saved-runs').scrollIntoViewIfNeeded();
    await screenshot(d, 'saved-runs-list-light-1280x800');

    // Export gives the run's newest checkpoint as weights JSON.
    const [download] = await Promise.all([
      d.waitForEvent('download', { timeout: RUN_TIMEOUT }),
      row(d, runB).getByTestId('saved-run-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`mnist-dcgan-step${newestOf(runB)}.json`);
    const file = JSON.parse(await readFile(await download.path(), 'utf8')) as { step: number };
    expect(file.step).toBe(newestOf(runB));

    // Resume the oldest run (not the one "Resume last run" offers).
    await row(d, runA).getByTestId('saved-run-resume').click();
    await expect
      .poll(() => statusNumber(d, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(newestOf(runA));
    await expect
      .poll(() => row(d, runA).getByTestId('saved-run-in-use').textContent())
      .toMatch(/open here/);

    // Delete another: gone from the list and from storage.
    await row(d, runB).getByTestId('saved-run-delete').click();
    await row(d, runB).getByTestId('saved-run-confirm-delete').click();
    await expect.poll(() => d.getByTestId('saved-run').count()).toBe(2);
    expect(await storedRunIds(d)).toEqual(new Set([runA, runC]));
    expect((await storedRecords<{ runId: string }>(d, 'grids')).some((g) => g.runId === runB)).toBe(
      false,
    );
    await d.emulateMedia({ colorScheme: 'dark' });
    await d.getByTestId('saved-runs').scrollIntoViewIfNeeded();
    await screenshot(d, 'saved-runs-list-dark-1280x800');
    expect(errors).toEqual([]);
  });
});

describe('a run with a grid every step', () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it('keeps at most the bound of grids, in the timeline and in storage, from the first on', async () => {
    context = await app.browser.newContext({ viewport: DESKTOP });
    const page = await openTab(
      context,
      oneWasmThread(
        `?${TINY.replace(`stepsPerEpoch=${EPOCH}`, 'stepsPerEpoch=1')}&model=dcgan&baseFilters=4`,
      ),
    );
    await page.getByTestId('train-start').click();
    // Four times the bound of epoch grids.
    await waitForStep(page, 4 * MAX_TIMELINE_FRAMES);
    await pauseTraining(page);
    const scrubber = page.getByTestId('epoch-scrubber');
    const frames = Number(await scrubber.getAttribute('max')) + 1;
    expect(frames).toBeLessThanOrEqual(MAX_TIMELINE_FRAMES);
    expect(frames).toBeGreaterThan(MAX_TIMELINE_FRAMES / 2);
    // Scrubbable from the start of the run.
    await scrubber.focus();
    await page.keyboard.press('Home');
    expect(Number(await page.getByTestId('sample-grid').getAttribute('data-step'))).toBe(0);
    await expect
      .poll(async () => (await storedRecords<StoredCheckpoint>(page, 'meta')).length, {
        timeout: RUN_TIMEOUT,
      })
      .toBeGreaterThan(0);
    const grids = await storedRecords<{ step: number }>(page, 'grids');
    expect(grids.length).toBeGreaterThan(1);
    expect(grids.length).toBeLessThanOrEqual(MAX_TIMELINE_FRAMES);
    expect(Math.min(...grids.map((g) => g.step))).toBe(0);
  });
});
