// Nothing lost: the run is checkpointed to IndexedDB at epoch ends, and comes back with its step,
// loss history and sample timeline after the training worker dies without a word (terminated
// from the page, or closing itself), after the tab is closed and another opened, and when the
// browser's storage is too small (the oldest checkpoints go, the newest stays resumable, and the
// page says autosave is limited). A tiny DCGAN on wasm, the real page, worker and IndexedDB.

import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import {
  DESKTOP,
  oneWasmThread,
  screenshot,
  statusNumber,
  statusText,
  type OpenedPage,
} from './harness';
import { storedCheckpoints, storedRecords } from './stored-runs';
import {
  gridStep,
  offeredCheckpoint,
  pauseTraining,
  RUN_TIMEOUT,
  waitForStep,
} from './run-helpers';

/** Steps per epoch: long enough that every epoch end is checkpointed (they are >= 3 s apart). */
const EPOCH = 40;
const TINY_GAN = `dataset=mnist&model=dcgan&batchSize=16&baseFilters=8&lrG=0.002&lrD=0.002&stepsPerEpoch=${EPOCH}&sampleEvery=10`;
const QUERY = oneWasmThread(`?backend=wasm&${TINY_GAN}`);

interface HistoryFile {
  readonly step: number;
  readonly history: readonly { step: number; losses: Record<string, number> }[];
}

/**
 * Test-only: keeps every Worker the page creates, so the test can end the training worker the
 * way the browser kills one (terminate() fires no event at all). The app has no such hook; this
 * script is injected by the test before the page's own code runs.
 */
async function recordWorkers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const made: { url: string; worker: Worker }[] = [];
    (window as unknown as { __workers: typeof made }).__workers = made;
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        made.push({ url: String(url), worker: this });
      }
    };
  });
}

async function terminateTrainingWorker(page: Page): Promise<void> {
  await page.evaluate(() => {
    const made = (window as unknown as { __workers: { url: string; worker: Worker }[] }).__workers;
    const training = made.filter((w) => w.url.includes('training.worker')).pop();
    if (training === undefined) throw new Error('no training worker was recorded');
    training.worker.terminate();
  });
}

/**
 * Test-only: a browser whose disk is nearly full. Chromium takes a quota override over CDP
 * (Storage.overrideQuotaForOrigin: getUsageAndQuota then reports it) but neither
 * navigator.storage.estimate() nor IndexedDB writes honour it, and the real quota is gigabytes.
 * So this wraps IndexedDB in the page: once a limit is set, a put into the app's weights store
 * that would take the stored weights past it fails the way a full browser fails it (a
 * QuotaExceededError, and the transaction aborted). Deleting weights frees their room.
 */
async function simulateStorageLimit(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __storageLimit: number | null };
    w.__storageLimit = null;
    const sizes = new Map<IDBValidKey, number>();
    const proto = IDBObjectStore.prototype;
    const put = proto.put;
    const del = proto.delete;
    const tracked = (store: IDBObjectStore) =>
      store.name === 'weights' && store.transaction.db.name === 'gan-playground-runs';
    proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (tracked(this) && key !== undefined && value instanceof ArrayBuffer) {
        let used = value.byteLength;
        for (const [k, size] of sizes) if (k !== key) used += size;
        if (w.__storageLimit !== null && used > w.__storageLimit) {
          this.transaction.abort();
          throw new DOMException('Simulated: the quota has been exceeded.', 'QuotaExceededError');
        }
        const request = put.call(this, value, key);
        const size = value.byteLength;
        this.transaction.addEventListener('complete', () => sizes.set(key, size));
        return request;
      }
      return put.call(this, value, key);
    };
    proto.delete = function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
      const request = del.call(this, query);
      if (tracked(this) && !(query instanceof IDBKeyRange))
        this.transaction.addEventListener('complete', () => sizes.delete(query));
      return request;
    };
  });
}

async function setStorageLimit(page: Page, bytes: number | null): Promise<void> {
  await page.evaluate((limit) => {
    (window as unknown as { __storageLimit: number | null }).__storageLimit = limit;
  }, bytes);
}

/** Steps of the quality reports stored for `runId`, oldest first. */
async function storedQualitySteps(page: Page, runId: string): Promise<number[]> {
  const records = await storedRecords<{ runId: string; step: number }>(page, 'quality');
  return records.filter((r) => r.runId === runId).map((r) => r.step);
}

/** Points on the loss chart: one per recorded step while the run is short (< 500 steps). */
async function chartPoints(page: Page): Promise<number> {
  return Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
}

/** The step of every grid on the sample timeline, walked with the keyboard, oldest first. */
async function timelineSteps(page: Page): Promise<number[]> {
  const scrubber = page.getByTestId('epoch-scrubber');
  const last = Number(await scrubber.getAttribute('max'));
  await scrubber.focus();
  await page.keyboard.press('Home');
  const steps = [await gridStep(page)];
  for (let i = 0; i < last; i++) {
    await page.keyboard.press('ArrowRight');
    steps.push(await gridStep(page));
  }
  await page.keyboard.press('End');
  return steps;
}

const epochEnds = (upTo: number) =>
  Array.from({ length: Math.floor(upTo / EPOCH) }, (_, i) => (i + 1) * EPOCH);

async function exportHistory(page: Page): Promise<HistoryFile> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
    page.getByTestId('export-weights').click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as HistoryFile;
}

/**
 * Waits until training is in the middle of an epoch whose start is already checkpointed in
 * IndexedDB (checkpoints are at least 3 s apart, so a short epoch's end may be skipped).
 * Returns the step then.
 */
async function waitForMidEpoch(page: Page, fromStep: number): Promise<number> {
  let step = 0;
  await expect
    .poll(
      async () => {
        step = await statusNumber(page, 'status-step');
        const start = Math.floor(step / EPOCH) * EPOCH;
        const into = step - start;
        if (start < fromStep || into < EPOCH / 8 || into > (3 * EPOCH) / 4) return false;
        return (await storedCheckpoints(page))[0]?.step === start;
      },
      { timeout: RUN_TIMEOUT, interval: 100 },
    )
    .toBe(true);
  return step;
}

/** Every step from 1 to `last`, once, in order. */
const everyStep = (last: number) => Array.from({ length: last }, (_, i) => i + 1);

const app = startAppAndBrowser();

describe('a worker that dies without a word', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // Like openApp, with the worker recorder in place before the page's code first runs.
    context = await app.browser.newContext({ acceptDownloads: true, viewport: DESKTOP });
    await recordWorkers(context);
    page = await context.newPage();
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    await page.goto(new URL(QUERY, app.server.url).href);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('terminated mid-epoch: the page says so, resumes at the last epoch end with its history and grids, and trains on', async () => {
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    // A file with the history so far, to compare the resumed run's history against.
    await waitForStep(page, 2 * EPOCH + 5);
    await pauseTraining(page);
    const before = await exportHistory(page);
    expect(before.history.map((p) => p.step)).toEqual(everyStep(before.step));

    await page.getByTestId('train-start').click();
    const killedAt = await waitForMidEpoch(page, 3 * EPOCH);
    await terminateTrainingWorker(page);

    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('data-kind')).toBe('crashed');
    expect(await banner.textContent()).toMatch(/worker stopped/i);
    await screenshot(page, 'autosave-worker-stopped-light-1280x800');
    const offered = await offeredCheckpoint(page);
    // At most one epoch lost: the checkpoint is the start of the epoch the worker died in.
    expect(offered.step).toBe(Math.floor(killedAt / EPOCH) * EPOCH);

    await page.getByTestId('restart-resume').click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(offered.step);
    expect(await banner.count()).toBe(0);
    expect(await statusText(page, 'status-backend')).toBe('wasm');
    // The chart has every step up to the checkpoint (once each), the timeline every epoch grid.
    await expect.poll(() => chartPoints(page)).toBe(offered.step);
    const grids = await timelineSteps(page);
    expect(grids).toEqual(expect.arrayContaining([0, ...epochEnds(offered.step)]));
    expect(Math.max(...grids)).toBe(offered.step);

    // Training goes on past the checkpoint: the lost steps are trained again, once.
    await page.getByTestId('train-start').click();
    await waitForStep(page, offered.step + EPOCH + 5);
    await pauseTraining(page);
    const step = await statusNumber(page, 'status-step');
    await expect.poll(() => chartPoints(page)).toBe(step);
    const after = await exportHistory(page);
    expect(after.history.map((p) => p.step)).toEqual(everyStep(step));
    // The steps before the crash are the very same ones, not retrained lookalikes.
    expect(after.history.slice(0, before.step)).toEqual(before.history);
    expect(await timelineSteps(page)).toEqual(expect.arrayContaining([0, ...epochEnds(step)]));
  });

  it('closing itself (self.close()): the page notices and resumes', async () => {
    const step = await statusNumber(page, 'status-step');
    await page.getByTestId('train-start').click();
    await waitForStep(page, step + 3);
    // Ends the worker from inside, as a bug calling close() would: no error event fires.
    const worker = page
      .workers()
      .filter((w) => w.url().includes('training.worker'))
      .pop();
    expect(worker).toBeDefined();
    await worker!
      .evaluate(() => {
        setTimeout(() => self.close());
      })
      .catch(() => {}); // the worker may be gone before the answer
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('data-kind')).toBe('crashed');
    const offered = await offeredCheckpoint(page);
    await page.getByTestId('restart-resume').click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(offered.step);
    await expect.poll(() => chartPoints(page)).toBe(offered.step);
    await page.getByTestId('train-step').click();
    await waitForStep(page, offered.step + 1);
  });

  it('logs no console errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('closing the tab and opening another', () => {
  let opened: OpenedPage;

  afterAll(async () => {
    await opened?.context.close();
  });

  it('offers the run in the new tab, and resuming brings back step, history and grids', async () => {
    opened = await app.open(QUERY);
    const first = opened.page;
    await expect.poll(() => statusText(first, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await first.getByTestId('train-start').click();
    await waitForStep(first, 2 * EPOCH + EPOCH / 2);
    // Closed while training, once the second epoch's checkpoint is in IndexedDB.
    await expect
      .poll(async () => (await storedCheckpoints(first))[0]?.step ?? 0, { timeout: RUN_TIMEOUT })
      .toBeGreaterThanOrEqual(2 * EPOCH);
    // ... and a quality report (a tiny model trains so fast that the worker measures only some
    // epoch ends, to keep scoring under a tenth of the time: the first one always).
    const { runId } = (await storedCheckpoints(first))[0];
    await expect
      .poll(async () => (await storedQualitySteps(first, runId)).length, { timeout: RUN_TIMEOUT })
      .toBeGreaterThanOrEqual(1);
    await first.close();

    const page = await opened.context.newPage();
    await page.goto(new URL(QUERY, app.server.url).href);
    const saved = (await storedCheckpoints(page))[0];
    const offer = page.getByTestId('resume-saved');
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.textContent()).toContain(`step ${saved.step}`);
    await offer.click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(saved.step);
    await expect.poll(() => chartPoints(page)).toBe(saved.step);
    expect(await timelineSteps(page)).toEqual([0, ...epochEnds(saved.step)]);
    // The quality panel shows the measured epochs again, before training goes on.
    const qualitySaved = await storedQualitySteps(page, saved.runId);
    expect(qualitySaved.length).toBeGreaterThanOrEqual(1);
    expect(qualitySaved.every((step) => step % EPOCH === 0 && step <= saved.step)).toBe(true);
    const fid = page.getByTestId('quality-fid');
    await expect.poll(() => fid.getAttribute('data-empty')).toBe('false');
    expect(await fid.getAttribute('data-epochs')).toBe(String(qualitySaved.length));

    await page.getByTestId('train-start').click();
    await waitForStep(page, saved.step + EPOCH + 5);
    await pauseTraining(page);
    const step = await statusNumber(page, 'status-step');
    await expect.poll(() => chartPoints(page)).toBe(step);
    const file = await exportHistory(page);
    expect(file.history.map((p) => p.step)).toEqual(everyStep(step));
    // The resumed run saves on under the same run: its older checkpoints are kept beside (the
    // newest three of a run are; which ones depends on how far it got before the pause).
    await expect
      .poll(async () => (await storedCheckpoints(page))[0]?.step ?? 0, { timeout: RUN_TIMEOUT })
      .toBeGreaterThan(saved.step);
    const after = await storedCheckpoints(page);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((c) => c.runId === saved.runId)).toBe(true);
    expect(after.every((c) => c.step % EPOCH === 0 && c.step <= step)).toBe(true);
  });
});

describe('a reload in the middle of an epoch far longer than the test', () => {
  let opened: OpenedPage;

  afterAll(async () => {
    await opened?.context.close();
  });

  it('asks before leaving, then resumes from the checkpoint made on the clock mid-epoch', async () => {
    // One epoch would take hours; checkpoints come every 3 s of training (a minute by default).
    const query = `?backend=wasm&checkpointEvery=3&${TINY_GAN.replace(`stepsPerEpoch=${EPOCH}`, 'stepsPerEpoch=100000')}`;
    opened = await app.open(query);
    const { page } = opened;
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    await waitForStep(page, 5);
    await expect
      .poll(async () => (await storedCheckpoints(page))[0]?.step ?? 0, { timeout: RUN_TIMEOUT })
      .toBeGreaterThan(0);
    const saved = (await storedCheckpoints(page))[0];
    expect(saved.epoch).toBe(0); // in the middle of the first epoch
    await waitForStep(page, saved.step + 5);

    await page.reload();
    expect(asked).toContain('beforeunload');
    const offer = page.getByTestId('resume-saved');
    await offer.waitFor({ timeout: 60_000 });
    const newest = (await storedCheckpoints(page))[0];
    expect(newest.step).toBeGreaterThanOrEqual(saved.step);
    expect(await offer.textContent()).toContain(`step ${newest.step}`);
    await offer.click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(newest.step);
    // The timeline has the run's start and the grid of the moment it was saved.
    const grids = await timelineSteps(page);
    expect(grids[0]).toBe(0);
    expect(Math.max(...grids)).toBeLessThanOrEqual(newest.step);
    expect(Math.max(...grids)).toBeGreaterThan(newest.step - 10); // sampleEvery=10
    await page.getByTestId('train-start').click();
    await waitForStep(page, newest.step + 3);
    await pauseTraining(page);
  });
});

describe('a browser with little storage', () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it('prunes the oldest checkpoints, says so, and the newest stays resumable', async () => {
    context = await app.browser.newContext({ acceptDownloads: true, viewport: DESKTOP });
    await simulateStorageLimit(context);
    const page = await context.newPage();
    const errors: string[] = [];
    const saveWarnings: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (/could not save the run/i.test(msg.text())) saveWarnings.push(msg.text());
    });
    await page.goto(new URL(QUERY, app.server.url).href);
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    await waitForStep(page, EPOCH + 2);
    await pauseTraining(page);
    await expect
      .poll(async () => (await storedCheckpoints(page)).length, { timeout: RUN_TIMEOUT })
      .toBe(1);

    // Room for two checkpoints: the second fits, the third only once the first is deleted.
    const first = (await storedCheckpoints(page))[0];
    await setStorageLimit(page, 2.5 * first.weightsBytes);
    await page.getByTestId('train-start').click();
    const note = page.getByTestId('autosave-note');
    await note.waitFor({ timeout: RUN_TIMEOUT });
    expect(await note.getAttribute('data-state')).toBe('pruned');
    expect(await note.textContent()).toMatch(/storage is full/i);
    await screenshot(page, 'autosave-storage-full-light-1280x800');
    await pauseTraining(page);
    const kept = await storedCheckpoints(page);
    // Two, not the three a roomy browser keeps: the first epoch's went.
    expect(kept).toHaveLength(2);
    expect(kept.map((c) => c.step)).not.toContain(first.step);

    // Then no room for another: autosave pauses at the newest checkpoint that fitted, and the
    // run's newest saved checkpoint is never deleted to make room.
    await setStorageLimit(page, 1.5 * first.weightsBytes);
    await page.getByTestId('train-start').click();
    await expect
      .poll(() => note.getAttribute('data-state'), { timeout: RUN_TIMEOUT })
      .toBe('paused');
    expect(await note.textContent()).toMatch(/autosave paused at epoch \d+/i);
    // The note says how to make room: the saved-runs list's Delete.
    expect(await note.textContent()).toMatch(/delete runs you no longer need under saved runs/i);
    await screenshot(page, 'autosave-paused-light-1280x800');
    // Further epoch ends fail to save too (checkpoints are at least 3 s apart): logged once.
    const pausedAt = await statusNumber(page, 'status-step');
    await waitForStep(page, pausedAt + 3 * EPOCH);
    await page.waitForTimeout(7000);
    await pauseTraining(page);
    expect(saveWarnings).toHaveLength(1);
    const still = await storedCheckpoints(page);
    expect(still[0].step).toBeGreaterThanOrEqual(kept[0].step);
    expect(still[0].step).toBeLessThan(await statusNumber(page, 'status-step'));

    // The newest saved checkpoint is what a reload offers, and it resumes.
    await page.reload();
    const offer = page.getByTestId('resume-saved');
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.textContent()).toContain(`step ${still[0].step}`);
    await offer.click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(still[0].step);
    await expect.poll(() => chartPoints(page)).toBe(still[0].step);
    expect(errors).toEqual([]);
  });
});
