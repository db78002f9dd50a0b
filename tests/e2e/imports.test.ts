// Importing weights and switching backends in the real page, as a person does it. An import says
// what it loaded, brings the loss history back and leaves a timeline and a GIF to download; an
// import over a run that is training asks first (Cancel keeps it training), and a confirmed one
// saves the replaced run, says what replaced what, and a reload offers the replaced run. A
// backend switch in the middle of training shows its progress, keeps training on the new
// backend, and the menu warns, from Auto's own measurement, that the new backend is far slower.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { chartPath, screenshot, statusNumber, statusText, type OpenedPage } from './harness';
import { RUN_TIMEOUT, trainSteps, waitForStep, workerBackend } from './run-helpers';

// A tiny DCGAN: quick steps on wasm and on the cpu backend. Epochs of 1,000 steps keep epoch-end
// checkpoints out of the way, so a training run always has steps no save holds.
const TINY = 'dataset=mnist&model=dcgan&batchSize=16&baseFilters=8&sampleEvery=2';

const app = startAppAndBrowser();

/** Shots of the page in both themes (the toggle flips the theme, and back). */
async function bothThemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, `${name}-dark`);
  await page.getByTestId('theme-toggle').click();
}

describe('importing weights', () => {
  let dir: string;
  let file: string;
  let fileStep: number;
  let target: OpenedPage;
  let page: Page;
  /** The step the run had reached when the file replaced it. */
  let replacedStep: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imports-e2e-'));
  });

  afterAll(async () => {
    await target?.context.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports a few steps of a run, to import in another tab', async () => {
    const source = await app.open(`?backend=wasm&${TINY}&stepsPerEpoch=1000`);
    try {
      await trainSteps(source.page, 3);
      const [download] = await Promise.all([
        source.page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
        source.page.getByTestId('export-weights').click(),
      ]);
      file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      fileStep = (JSON.parse(await readFile(file, 'utf8')) as { step: number }).step;
      expect(fileStep).toBeGreaterThanOrEqual(3);
      expect(source.errors).toEqual([]);
    } finally {
      await source.context.close();
    }
  });

  it('says what it loaded, and brings back the loss chart, a timeline and the GIF', async () => {
    target = await app.open(`?backend=wasm&${TINY}&stepsPerEpoch=1000`);
    page = target.page;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('import-weights').setInputFiles(file);
    const notice = page.getByTestId('import-notice');
    await notice.waitFor({ timeout: RUN_TIMEOUT });
    expect(await notice.textContent()).toBe(
      `Loaded DCGAN on MNIST digits at step ${fileStep} from ${path.basename(file)}.`,
    );
    expect(await statusNumber(page, 'status-step')).toBe(fileStep);
    await expect.poll(() => chartPath(page)).not.toBe('');
    expect(await page.locator('.timeline-meta').textContent()).toContain(
      `step ${fileStep} · loaded weights`,
    );
    const gif = page.getByTestId('download-gif');
    expect(await gif.isEnabled()).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
      gif.click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.gif$/);
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    await bothThemes(page, 'imports-1-loaded');
    await page.getByTestId('import-notice-dismiss').click();
    expect(await notice.count()).toBe(0);
  });

  it('asks before replacing a training run; Cancel keeps it training', async () => {
    await page.getByTestId('train-start').click();
    await waitForStep(page, fileStep + 3);
    await page.getByTestId('import-weights').setInputFiles(file);
    const dialog = page.getByTestId('replace-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.textContent()).toMatch(
      /Replace the MNIST digits DCGAN at step [\d,]+ with the weights file\?/,
    );
    // The run trains on while the question is open, and the question follows it.
    const askedStep = async () =>
      Number(/at step ([\d,]+)/.exec((await dialog.textContent()) ?? '')?.[1].replace(/,/g, ''));
    const asked = await askedStep();
    await waitForStep(page, asked + 2);
    await expect.poll(askedStep, { timeout: 10_000 }).toBeGreaterThanOrEqual(asked + 2);
    // The dialog is modal: the theme toggle behind it cannot be clicked (the next test shows it dark).
    await screenshot(page, 'imports-2-asked-light');
    await page.getByTestId('replace-cancel').click();
    expect(await dialog.count()).toBe(0);
    const cancelled = await statusNumber(page, 'status-step');
    await waitForStep(page, cancelled + 2);
    expect(await statusText(page, 'status-state')).toBe('training');
    expect(await page.getByTestId('import-notice').count()).toBe(0);
  });

  it('Confirm saves the run, replaces it and says what replaced what', async () => {
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('import-weights').setInputFiles(file);
    await page.getByTestId('replace-dialog').waitFor({ timeout: 30_000 });
    await screenshot(page, 'imports-2-asked-dark');
    await page.getByTestId('replace-confirm').click();
    const notice = page.getByTestId('import-notice');
    await notice.waitFor({ timeout: RUN_TIMEOUT });
    const text = (await notice.textContent()) ?? '';
    const match =
      /^Replaced the MNIST digits DCGAN at step ([\d,]+) with DCGAN on MNIST digits at step ([\d,]+) from (.+)\. The replaced run is saved in this browser at step ([\d,]+)\.$/.exec(
        text,
      );
    expect(match, text).not.toBeNull();
    const [, was, loaded, name, saved] = match!;
    replacedStep = Number(was.replace(/,/g, ''));
    expect(replacedStep).toBeGreaterThan(fileStep + 3);
    expect([Number(loaded), name, saved]).toEqual([fileStep, path.basename(file), was]);
    expect(await statusNumber(page, 'status-step')).toBe(fileStep);
    expect(await statusText(page, 'status-state')).not.toBe('training');
    await page.getByTestId('theme-toggle').click();
    await bothThemes(page, 'imports-3-replaced');
  });

  it('keeps the replaced run reachable: after a reload the page offers it', async () => {
    await page.reload();
    const offer = page.getByTestId('resume-saved');
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.textContent()).toContain(`step ${replacedStep.toLocaleString('en')}`);
    expect(target.errors).toEqual([]);
  });
});

describe('switching the backend in the middle of training', () => {
  it('shows the switch, keeps training on the new backend and warns it is far slower', async () => {
    const { page, context, errors } = await app.open(`?${TINY}&stepsPerEpoch=10`);
    try {
      // Auto measures the backends worth trying and picks WebAssembly here.
      await expect.poll(() => statusText(page, 'status-backend'), { timeout: 90_000 }).toBe('wasm');
      const select = page.getByTestId('backend-select');
      // WebGL renders in software in this browser: Auto said so, and the option repeats it.
      expect(await select.locator('option[value=webgl]').textContent()).toBe(
        'WebGL · far slower here',
      );
      await select.selectOption('webgl');
      const note = page.getByTestId('backend-slow-note');
      await note.waitFor({ timeout: 60_000 });
      expect(await note.textContent()).toMatch(
        /^WebGL renders in software here \(.+\), far slower than WebAssembly\.$/,
      );
      await bothThemes(page, 'imports-4-webgl-warned');
      await select.selectOption('auto');
      await expect.poll(() => statusText(page, 'status-backend'), { timeout: 90_000 }).toBe('wasm');
      await page.getByTestId('train-start').click();
      await waitForStep(page, 3);

      await select.selectOption('cpu');
      const switching = page.getByTestId('backend-switching');
      await switching.waitFor({ timeout: 10_000 });
      expect(await switching.textContent()).toBe('Switching to Plain JS (slow)…');
      expect(await page.getByTestId('train-start').isDisabled()).toBe(true);
      expect(await select.isDisabled()).toBe(true);
      await screenshot(page, 'imports-5-switching');

      await switching.waitFor({ state: 'detached', timeout: RUN_TIMEOUT });
      expect(await workerBackend(page)).toBe('cpu');
      await expect
        .poll(() => statusText(page, 'status-state'), { timeout: 30_000 })
        .toBe('training');
      const after = await statusNumber(page, 'status-step');
      await waitForStep(page, after + 3);
      // Auto's reason for skipping Plain JS, or this run's own speeds before and after.
      expect(await page.getByTestId('backend-slow-note').textContent()).toMatch(
        /^Plain JS(: WebAssembly works and is far faster|: [\d.]+ images\/s on this run, \d+x slower than WebAssembly)/,
      );
      await bothThemes(page, 'imports-6-switched');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
