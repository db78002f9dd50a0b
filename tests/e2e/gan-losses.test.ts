// The GAN losses and their gradient view in the real page (tiny DCGAN on wasm): picking minimax
// shows its hint, training draws the generator's gradient norm, and no main-thread task works
// over 50 ms while the gradient charts stream; picking WGAN-GP brings the paper's settings (the
// page lists them) and, once trained, the critic's distance estimate in place of D's outputs.

import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import { PHONE, screenshot, statusNumber, statusText } from './harness';
import { tasksOver, traceWhile } from './main-thread';
import { pauseTraining, waitForStep } from './run-helpers';

const TINY_GAN = 'model=dcgan&batchSize=16&baseFilters=8&stepsPerEpoch=50&sampleEvery=25';
/** What the issue asks of the page while its charts stream: no task working over 50 ms. */
const STREAMING_TASK_CPU_MS = 50;

const app = startAppAndBrowser();
const tab = app.openForBlock(`?backend=wasm&${TINY_GAN}`);

/** A chart's figure, by its id in src/features/charts/series.ts. */
const chart = (id: string): Locator => tab.page.getByTestId(`chart-${id}`);
const points = async (id: string) => Number(await chart(id).getAttribute('data-points'));
/** The smoothed line of one series (empty when nothing is drawn). */
const line = async (id: string, key: string) => {
  const path = chart(id).locator(`.series-${key} path`);
  return (await path.count()) === 0 ? '' : ((await path.getAttribute('d')) ?? '');
};

describe('choosing a loss and watching its gradients', () => {
  it('shows minimax’s hint, and draws the generator’s gradient norm while it trains', async () => {
    await expect
      .poll(() => statusText(tab.page, 'status-backend'), { timeout: 60_000 })
      .toBe('wasm');
    await tab.page.getByTestId('field-loss').selectOption('minimax');
    expect(await tab.page.getByTestId('field-hint-loss').textContent()).toMatch(
      /gradient norm fall towards zero/,
    );
    // Minimax shares the preset's settings: nothing else changed, so no note.
    expect(await tab.page.getByTestId('loss-choice-note').count()).toBe(0);
    expect(await chart('gradients').getAttribute('data-content')).toBe('empty');
    expect(await chart('outputs').count()).toBe(1);

    await tab.page.getByTestId('train-start').click();
    await waitForStep(tab.page, 3);
    const from = await statusNumber(tab.page, 'status-step');
    const before = await line('gradients', 'gGradNorm');
    const trace = await traceWhile(app.browser, app.server.url, async () => {
      await waitForStep(tab.page, from + 12);
      // The chart redrew with the new steps inside the traced stretch.
      await expect.poll(() => line('gradients', 'gGradNorm')).not.toBe(before);
    });
    expect(tasksOver(trace, STREAMING_TASK_CPU_MS), JSON.stringify(trace.longTasks)).toBe(0);
    await pauseTraining(tab.page);
    expect(await points('gradients')).toBeGreaterThan(3);
    expect(await line('gradients', 'dGradNorm')).not.toBe('');
    // Log scale by default; a person can switch it to linear.
    const scale = tab.page.getByTestId('chart-gradients-log-scale');
    expect(await scale.isChecked()).toBe(true);
    const logLine = await line('gradients', 'gGradNorm');
    await scale.uncheck();
    await expect.poll(() => line('gradients', 'gGradNorm')).not.toBe(logLine);
    await scale.check();
    await chart('gradients').scrollIntoViewIfNeeded();
    await screenshot(tab.page, 'losses-minimax-gradients-light-1280x800');
  });

  it('brings WGAN-GP’s settings, says which, and then shows the critic’s distance', async () => {
    await tab.page.getByTestId('train-reset').click();
    await expect.poll(() => tab.page.getByTestId('field-loss').isEnabled()).toBe(true);
    await tab.page.getByTestId('field-loss').selectOption('wgan-gp');
    const note = tab.page.getByTestId('loss-choice-note');
    expect(await note.textContent()).toMatch(/Generator learning rate: 2e-3 → 1e-4/);
    expect(await tab.page.getByTestId('field-lrG').inputValue()).toBe('1e-4');
    expect(await tab.page.getByTestId('field-dStepsPerG').inputValue()).toBe('5');
    expect(await tab.page.getByTestId('field-discriminatorNorm').inputValue()).toBe('layer');
    expect(await tab.page.locator('[data-field=lrG]').getAttribute('data-changed')).toBe('true');
    // Before training, the charts already say what a critic shows, and D's probabilities go.
    expect(await chart('outputs').count()).toBe(0);
    expect(await chart('distance').getAttribute('data-content')).toBe('empty');
    await tab.page.locator('.params-card [data-field=loss]').scrollIntoViewIfNeeded();
    await screenshot(tab.page, 'losses-wgan-choice-light-1280x800');

    // Five critic updates with the penalty's second-order gradient make a step about ten times
    // slower than a BCE step on one wasm thread; one per step keeps this test short.
    await tab.page.getByTestId('field-dStepsPerG').fill('1');
    await tab.page.getByTestId('train-start').click();
    await waitForStep(tab.page, 3);
    await pauseTraining(tab.page);
    await expect.poll(() => points('distance')).toBeGreaterThan(0);
    expect(await line('distance', 'wDistance')).not.toBe('');
    expect(await chart('gradients').textContent()).toMatch(/Critic gradient/);
    await note.getByRole('button', { name: 'Dismiss note' }).click();
    expect(await note.count()).toBe(0);
  });

  it('looks right in both themes, wide and narrow', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await tab.page.emulateMedia({ colorScheme: scheme });
      for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
        await tab.page.setViewportSize(viewport);
        await chart('distance').scrollIntoViewIfNeeded();
        await screenshot(
          tab.page,
          `losses-wgan-charts-${scheme}-${viewport.width}x${viewport.height}`,
        );
      }
    }
    await tab.page.setViewportSize({ width: 1280, height: 800 });
    await tab.page.emulateMedia({ colorScheme: 'light' });
  });

  it('logs no console errors', () => {
    expect(tab.opened.errors).toEqual([]);
  });
});
