// A run pushed into divergence by a huge learning rate, in the real page: a tiny DCGAN on wasm
// trains past a few epoch ends (so a good checkpoint exists), then gets a learning rate of 1e20.
// The form refuses such a value (its range is 1e-6..0.1, and 0.1 does not make this model
// diverge: src/ml/train/divergence.test.ts), so the test types it first to check the refusal,
// then sends it through the worker's API the way a developer could from the console. The run
// must pause by itself, say at which step and whether the loss or the weights broke, and offer
// a rollback and a lower rate; after both, training goes on with finite losses.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { screenshot, statusNumber, statusText } from './harness';
import { pauseTraining, RUN_TIMEOUT, waitForStep } from './run-helpers';
import { callTrainingWorker } from './worker-rpc';

const STEPS_PER_EPOCH = 10;
const TINY_GAN = `model=dcgan&batchSize=16&baseFilters=8&lrG=2e-4&lrD=2e-4&stepsPerEpoch=${STEPS_PER_EPOCH}&sampleEvery=5`;

const app = startAppAndBrowser();
const tab = app.openForBlock(`?backend=wasm&${TINY_GAN}`);

interface ExportedRun {
  step: number;
  history: { step: number; losses: Record<string, number | string | null> }[];
  optimizers: Record<string, { config: { learningRate: number } }>;
}

/** Downloads the run's weights JSON (with Adam's state) as a person would. */
async function exportRun(): Promise<ExportedRun> {
  const [download] = await Promise.all([
    tab.page.waitForEvent('download', { timeout: RUN_TIMEOUT }),
    tab.page.getByTestId('export-weights').click(),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as ExportedRun;
}

const finiteLosses = (point: ExportedRun['history'][number]) =>
  Object.values(point.losses).every((v) => typeof v !== 'number' || Number.isFinite(v)) &&
  Object.values(point.losses).every((v) => v !== null);

describe('a DCGAN given a huge learning rate mid-run', () => {
  let divergedAt = 0;
  let goodStep = 0;

  it('trains past a few epoch ends', async () => {
    await expect
      .poll(() => statusText(tab.page, 'status-backend'), { timeout: 60_000 })
      .toBe('wasm');
    await tab.page.getByTestId('train-start').click();
    await waitForStep(tab.page, 2 * STEPS_PER_EPOCH + 5);
  });

  it('refuses 1e20 typed into the learning-rate field, and the run goes on', async () => {
    const field = tab.page.getByTestId('field-lrG');
    await field.fill('1e20');
    await expect
      .poll(() => tab.page.getByTestId('field-error-lrG').textContent())
      .toMatch(/must be between/);
    const step = await statusNumber(tab.page, 'status-step');
    await waitForStep(tab.page, step + 3);
    expect(await tab.page.getByTestId('error-banner').count()).toBe(0);
    await field.fill('2e-4');
    await expect.poll(() => tab.page.getByTestId('field-error-lrG').count()).toBe(0);
    // The field applies a valid value after a short pause in typing: let it land first.
    await tab.page.waitForTimeout(1500);
  });

  it('pauses by itself once the worker is given 1e20, and says where it broke', async () => {
    const before = await statusNumber(tab.page, 'status-step');
    await callTrainingWorker(tab.page, 'setLearningRates', { lrG: 1e20, lrD: 1e20 });
    const banner = tab.page.getByTestId('error-banner');
    await banner.waitFor({ timeout: RUN_TIMEOUT });
    expect(await banner.getAttribute('data-kind')).toBe('diverged');
    await expect
      .poll(() => statusText(tab.page, 'status-state'), { timeout: RUN_TIMEOUT })
      .toBe('paused');
    const text = (await banner.textContent()) ?? '';
    console.log('banner:', text);
    const match = /Training diverged at step (\d+), in the (loss|weights)/.exec(text);
    expect(match).not.toBeNull();
    divergedAt = Number(match![1]);
    expect(divergedAt).toBeGreaterThan(before);
    // Where: the loss that broke and the weights' state, named.
    expect(text).toMatch(
      /in the (loss and in the weights: the \w[\w ()]* became|loss \(the weights are still finite\)|weights \(the losses were still finite\))/,
    );
    expect(await statusNumber(tab.page, 'status-step')).toBe(divergedAt);
    // It stays paused: no step is taken after the divergence.
    await tab.page.waitForTimeout(1000);
    expect(await statusNumber(tab.page, 'status-step')).toBe(divergedAt);
    await banner.scrollIntoViewIfNeeded();
    await screenshot(tab.page, 'diverged-huge-lr-light-1280x800');
  });

  it('offers a rollback to the last epoch-end checkpoint and a lower rate', async () => {
    const rollback = tab.page.getByTestId('rollback');
    expect(await rollback.isEnabled()).toBe(true);
    const label = (await rollback.textContent()) ?? '';
    const where = /Roll back to the last good epoch \(epoch (\d+), step (\d+)\)/.exec(label);
    expect(where).not.toBeNull();
    goodStep = Number(where![2]);
    expect(goodStep % STEPS_PER_EPOCH).toBe(0);
    expect(goodStep).toBeGreaterThanOrEqual(STEPS_PER_EPOCH);
    expect(goodStep).toBeLessThan(divergedAt);
    expect(Number(where![1])).toBe(goodStep / STEPS_PER_EPOCH);
    const lower = tab.page.getByTestId('halve-learning-rates');
    expect(await lower.textContent()).toMatch(/Halve the learning rates/);
  });

  it('typing a lower rate keeps the banner (and its rollback)', async () => {
    await tab.page.getByTestId('field-lrG').fill('1e-4');
    await tab.page.waitForTimeout(1500); // past the field's typing pause: the rate is applied
    expect(await tab.page.getByTestId('error-banner').getAttribute('data-kind')).toBe('diverged');
    expect(await tab.page.getByTestId('rollback').isEnabled()).toBe(true);
  });

  it('halving and rolling back restore the good step with the lower rates in force', async () => {
    await tab.page.getByTestId('halve-learning-rates').click();
    expect(await tab.page.getByTestId('field-lrG').inputValue()).toBe('5e-5');
    expect(await tab.page.getByTestId('field-lrD').inputValue()).toBe('1e-4');
    await tab.page.getByTestId('rollback').click();
    await expect
      .poll(() => statusNumber(tab.page, 'status-step'), { timeout: RUN_TIMEOUT })
      .toBe(goodStep);
    expect(await tab.page.getByTestId('error-banner').count()).toBe(0);
    expect(await tab.page.getByTestId('field-lrG').inputValue()).toBe('5e-5');
    const run = await exportRun();
    expect(run.step).toBe(goodStep);
    expect(run.optimizers.generator.config.learningRate).toBeCloseTo(5e-5, 12);
    expect(run.optimizers.discriminator.config.learningRate).toBeCloseTo(1e-4, 12);
    expect(run.history.every(finiteLosses)).toBe(true);
  });

  it('trains on past the next epoch end with finite losses', async () => {
    await tab.page.getByTestId('train-start').click();
    await waitForStep(tab.page, goodStep + STEPS_PER_EPOCH + 2);
    await pauseTraining(tab.page);
    expect(await tab.page.getByTestId('error-banner').count()).toBe(0);
    const run = await exportRun();
    const after = run.history.filter((p) => p.step > goodStep);
    expect(after.length).toBeGreaterThanOrEqual(STEPS_PER_EPOCH + 2);
    expect(after.every(finiteLosses)).toBe(true);
    expect(run.optimizers.generator.config.learningRate).toBeCloseTo(5e-5, 12);
    expect(run.optimizers.discriminator.config.learningRate).toBeCloseTo(1e-4, 12);
  });

  it('logs no console errors', () => {
    expect(tab.opened.errors).toEqual([]);
  });
});
