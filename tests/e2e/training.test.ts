// Training in the real page, worker and engine. On wasm, a tiny DCGAN on MNIST: the step counter
// and the loss chart advance, samples appear and change between epochs, the scrubber walks back
// through them, the exports download, a reload offers to resume the saved run, importing the
// exported file draws exactly the same samples, a corrupt file leaves the run alone, and a
// crashed worker resumes from the last saved epoch. A tiny VAE on wasm shows reconstructions.
// On webgl, both train a few steps.
//
// Longer than 300 lines: the DCGAN block's tests follow one run in order (trained, scrubbed,
// exported, reloaded, imported, crashed), and splitting them would start that run again.

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppAndBrowser } from './app-and-browser';
import {
  canvasHash,
  canvasStats,
  chartPath,
  type CanvasStats,
  PHONE,
  screenshot,
  statusNumber,
  statusText,
  type OpenedPage,
} from './harness';
import { tasksOver, threadCpu, traceWhile } from './main-thread';
import {
  gridStep,
  offeredCheckpoint,
  pauseTraining as pause,
  waitForStep as waitForStepWithin,
} from './run-helpers';

// Small models keep steps quick on software WebGL; still the real worker and engine. A 10x
// learning rate moves the generator away from its flat grey start within tens of steps.
const TINY_GAN =
  'dataset=mnist&model=dcgan&batchSize=16&baseFilters=8&lrG=0.002&lrD=0.002&stepsPerEpoch=10&sampleEvery=5';
const TINY_VAE =
  'dataset=mnist&model=vae&batchSize=16&baseFilters=8&latentDim=8&lr=0.003&stepsPerEpoch=10&sampleEvery=5';

const TIMEOUT = 120_000;
/** Thread CPU time past which a main-thread task counts as blocking the page while it trains. */
const TRAINING_TASK_CPU_MS = 100;

/** A grid with structure inside the cells and differences between them: not blank or flat. */
function looksLikeSamples(s: CanvasStats): boolean {
  return s.distinctLevels > 32 && s.withinCellStd > 8 && s.betweenCellDiff > 4;
}

const waitForStep = (page: Page, atLeast: number) => waitForStepWithin(page, atLeast, TIMEOUT);

async function scrubberValue(page: Page): Promise<number> {
  return Number(await page.getByTestId('epoch-scrubber').inputValue());
}

const app = startAppAndBrowser();

describe('DCGAN on wasm', () => {
  let opened: OpenedPage;
  let page: Page;
  let exportedFile = '';
  let exportedStep = 0;
  let exportedGrid = '';

  beforeAll(async () => {
    opened = await app.open(`?backend=wasm&${TINY_GAN}`);
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.context.close();
  });

  it('trains off the main thread: the step counter and the loss chart advance, and samples appear', async () => {
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    await waitForStep(page, 3);
    await expect.poll(() => chartPath(page), { timeout: TIMEOUT }).not.toBe('');
    const early = await chartPath(page);
    await waitForStep(page, 20);
    await expect.poll(() => chartPath(page), { timeout: TIMEOUT }).not.toBe(early);

    // The untrained generator draws flat grey; wait for grids drawn after training steps to
    // show structure (a stuck or broken run never gets there and the poll times out).
    let stats: CanvasStats | null = null;
    await expect
      .poll(
        async () => {
          stats = await canvasStats(page);
          return looksLikeSamples(stats);
        },
        { timeout: TIMEOUT, interval: 500 },
      )
      .toBe(true);
    expect(stats!.cells).toBe(64);
    expect(await statusNumber(page, 'status-throughput')).toBeGreaterThan(0);
    expect(await statusNumber(page, 'status-epoch')).toBeGreaterThanOrEqual(1);
    expect(await statusText(page, 'status-tensors')).toMatch(/^\d+$/);
    await screenshot(page, 'training-dcgan-light-1280x800');
    const from = Math.max(30, await statusNumber(page, 'status-step'));
    const trace = await traceWhile(app.browser, app.server.url, () => waitForStep(page, from + 30));
    // The steps run in the worker: it did more work than the page's main thread, and no
    // main-thread task worked long (each step's event, chart and grid updates stay small).
    expect(threadCpu(trace, 'page workers')).toBeGreaterThan(threadCpu(trace, 'page main thread'));
    expect(tasksOver(trace, TRAINING_TASK_CPU_MS), JSON.stringify(trace.longTasks)).toBe(0);
    await pause(page);
  });

  it('keeps a grid per epoch: the scrubber walks back and the shown grid changes', async () => {
    const scrubber = page.getByTestId('epoch-scrubber');
    const last = Number(await scrubber.getAttribute('max'));
    expect(last).toBeGreaterThanOrEqual(4); // initial, intervals and at least three epoch ends
    const live = await canvasHash(page);
    const liveStep = await gridStep(page);
    await scrubber.focus();
    await page.keyboard.press('Home');
    expect(await scrubberValue(page)).toBe(0);
    expect(await gridStep(page)).toBe(0);
    expect(await canvasHash(page)).not.toBe(live);

    // Step through with the keyboard and collect the epoch-end grids.
    const epochGrids = new Map<number, string>();
    for (let i = 0; i < last; i++) {
      await page.keyboard.press('ArrowRight');
      const step = await gridStep(page);
      if (step > 0 && step % 10 === 0) epochGrids.set(step, await canvasHash(page));
    }
    expect([...epochGrids.keys()].slice(0, 3)).toEqual([10, 20, 30]);
    expect(new Set(epochGrids.values()).size).toBe(epochGrids.size); // every epoch differs
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await screenshot(page, 'scrubbed-back-light-1280x800');
    await page.keyboard.press('End');
    expect(await gridStep(page)).toBe(liveStep);
    expect(await canvasHash(page)).toBe(live);
  });

  it('downloads the grid as PNG and the progression as an animated GIF', async () => {
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-png').click(),
    ]);
    const pngBytes = await readFile(await png.path());
    expect([...pngBytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const [gif] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.getByTestId('download-gif').click(),
    ]);
    expect(gif.suggestedFilename()).toMatch(/^mnist-dcgan-step\d+-progress\.gif$/);
    const gifBytes = await readFile(await gif.path());
    expect(gifBytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  });

  it('exports the weights JSON, the tfjs Layers zip and the PyTorch script', async () => {
    exportedStep = await statusNumber(page, 'status-step');
    exportedGrid = await canvasHash(page);
    expect(await gridStep(page)).toBe(exportedStep); // pausing drew the grid of this step
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.getByTestId('export-weights').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`mnist-dcgan-step${exportedStep}.json`);
    exportedFile = await download.path();
    const file = JSON.parse(await readFile(exportedFile, 'utf8')) as {
      format: string;
      step: number;
      dataset: { id: string };
      model: { kind: string };
    };
    expect(file.format).toBe('gan-playground-weights');
    expect([file.step, file.dataset.id, file.model.kind]).toEqual([exportedStep, 'mnist', 'dcgan']);

    const [layers] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.getByTestId('export-layers').click(),
    ]);
    const zip = unzipSync(new Uint8Array(await readFile(await layers.path())));
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['generator/model.json']));

    const [pytorch] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.getByTestId('export-pytorch').click(),
    ]);
    const scripts = unzipSync(new Uint8Array(await readFile(await pytorch.path())));
    expect(Object.keys(scripts).sort()).toEqual(['README.md', 'mnist_dcgan.py']);
    expect(new TextDecoder().decode(scripts['mnist_dcgan.py'])).toContain('import torch');
  });

  it('offers to resume the saved run after a reload, and resumes it', async () => {
    await page.reload();
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    const offer = page.getByTestId('resume-saved');
    await offer.waitFor({ timeout: 30_000 });
    const saved = Number(
      /step ([\d,]+)/.exec((await offer.textContent()) ?? '')![1].replace(/,/g, ''),
    );
    // Checkpoints are epoch ends (10 steps each here).
    expect(saved % 10).toBe(0);
    expect(saved).toBeGreaterThanOrEqual(10);
    await screenshot(page, 'resume-offer-light-1280x800');
    await offer.click();
    await expect.poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT }).toBe(saved);
    expect(await statusText(page, 'status-state')).toBe('ready');
    // The epoch grids came back with it, and the charts show the run's history.
    expect(Number(await page.getByTestId('epoch-scrubber').getAttribute('max'))).toBeGreaterThan(0);
    await expect.poll(() => chartPath(page)).not.toBe('');
    expect(await offer.count()).toBe(0);
  });

  it('imports the exported file (file picker) and draws the very same samples', async () => {
    await page.getByTestId('import-weights').setInputFiles(exportedFile);
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
      .toBe(exportedStep);
    await expect.poll(() => gridStep(page), { timeout: TIMEOUT }).toBe(exportedStep);
    expect(await canvasHash(page)).toBe(exportedGrid);
  });

  it('refuses a corrupt file with its reason in the banner and keeps the run', async () => {
    const before = await canvasHash(page);
    const state = await statusText(page, 'status-state');
    const text = await readFile(exportedFile, 'utf8');
    // Cut the file in the middle of a tensor: valid start, broken JSON.
    await page.getByTestId('import-weights').setInputFiles({
      name: 'corrupt.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text.slice(0, Math.floor(text.length / 2))),
    });
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/not valid JSON/);
    await screenshot(page, 'import-refused-light-1280x800');
    expect(await statusNumber(page, 'status-step')).toBe(exportedStep);
    expect(await canvasHash(page)).toBe(before);
    expect(await statusText(page, 'status-state')).toBe(state);
    await page.getByTestId('train-step').click();
    await waitForStep(page, exportedStep + 1);
  });

  it('imports by drag and drop onto the page', async () => {
    const bytes = await readFile(exportedFile);
    const transfer = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([raw], 'weights.json', { type: 'application/json' }));
      return dt;
    }, bytes.toString('base64'));
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    // The run took a step since its last save: the page asks before the file replaces it.
    await page.getByTestId('replace-confirm').click({ timeout: 30_000 });
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
      .toBe(exportedStep);
    expect(await canvasHash(page)).toBe(exportedGrid);
  });

  it('offers to restart a crashed worker and resume from the last saved epoch', async () => {
    const worker = page.workers().find((w) => w.url().includes('training.worker'));
    expect(worker).toBeDefined();
    // An uncaught error thrown inside the worker, as a real bug would.
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('data-kind')).toBe('crashed');
    await screenshot(page, 'worker-crashed-light-1280x800');
    await page.getByTestId('restart-resume').click();
    // The newest checkpoint on the page is the imported file's state.
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
      .toBe(exportedStep);
    expect(await banner.count()).toBe(0);
    expect(await statusText(page, 'status-backend')).toBe('wasm');
    await page.getByTestId('train-step').click();
    await waitForStep(page, exportedStep + 1);
  });

  it('notices a stuck worker: warns, takes it back when the worker recovers, restarts it', async () => {
    const banner = page.getByTestId('error-banner');
    const trainingWorker = () => page.workers().find((w) => w.url().includes('training.worker'))!;
    // Busy for 36 s, as a very long synchronous computation would be: no heartbeats meanwhile.
    await trainingWorker().evaluate(() => {
      setTimeout(() => {
        const until = Date.now() + 36_000;
        while (Date.now() < until);
      });
    });
    await banner.waitFor({ timeout: 40_000 });
    expect(await banner.getAttribute('data-kind')).toBe('stalled');
    expect(await banner.textContent()).toMatch(/No word from the training worker for \d+ s/);
    // The status bar does not claim training goes on while the banner says the worker is silent.
    expect(await statusText(page, 'status-state')).toBe('not responding');
    await screenshot(page, 'worker-stalled-light-1280x800');
    await banner.waitFor({ state: 'detached', timeout: 30_000 }); // it beats again
    expect(await statusText(page, 'status-state')).not.toBe('not responding');
    const step = await statusNumber(page, 'status-step');

    // Now stuck for good: restart from the last saved epoch.
    await trainingWorker().evaluate(() => {
      setTimeout(() => {
        for (;;);
      });
    });
    await banner.waitFor({ timeout: 45_000 });
    expect(await banner.getAttribute('data-kind')).toBe('stalled');
    // The newest saved state: the imported file's, or the epoch end after it if it was saved.
    const offered = await offeredCheckpoint(page);
    expect(offered.step).toBeGreaterThanOrEqual(exportedStep);
    expect(offered.step).toBeLessThanOrEqual(step);
    await page.getByTestId('restart-resume').click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
      .toBe(offered.step);
    expect(await banner.count()).toBe(0);
    await page.getByTestId('train-step').click();
    await waitForStep(page, offered.step + 1);
  });

  it('stops a diverging run, suggests a lower learning rate and rolls back', async () => {
    // The exported weights with the discriminator's output bias at the edge of float32: its
    // logits overflow to Infinity on the first step, as a run blowing up would.
    const file = JSON.parse(await readFile(exportedFile, 'utf8')) as {
      networks: Record<string, { name: string; shape: number[]; data: string }[]>;
    };
    const bias = file.networks.discriminator.filter((w) => w.shape.join() === '1').pop()!;
    bias.data = Buffer.from(new Float32Array([3.3e38]).buffer).toString('base64');
    await page.getByTestId('import-weights').setInputFiles({
      name: 'about-to-diverge.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    // The run took a step since its last save: the page asks before the file replaces it.
    await page.getByTestId('replace-confirm').click({ timeout: 30_000 });
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
      .toBe(exportedStep);
    await page.getByTestId('train-step').click();
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: TIMEOUT });
    expect(await banner.getAttribute('data-kind')).toBe('diverged');
    expect(await banner.textContent()).toMatch(/diverged at step/);
    await page.getByTestId('halve-learning-rates').click();
    expect(await page.getByTestId('field-lrG').inputValue()).toBe('1e-3');
    await screenshot(page, 'diverged-light-1280x800');
    await page.getByTestId('rollback').click();
    await expect
      .poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT })
      .toBe(exportedStep);
    expect(await banner.count()).toBe(0);
    // The lower rate stays in force for the restored run.
    expect(await page.getByTestId('field-lrG').inputValue()).toBe('1e-3');
  });

  it('draws the losses on a log scale on request', async () => {
    const linear = await chartPath(page);
    await page.getByTestId('chart-log-scale').check();
    await expect.poll(() => chartPath(page)).not.toBe(linear);
    await page.getByTestId('chart-log-scale').uncheck();
    await expect.poll(() => chartPath(page)).toBe(linear);
  });

  it('moves the run to another backend from the header, Adam state and all', async () => {
    const step = await statusNumber(page, 'status-step');
    await page.getByTestId('backend-select').selectOption('cpu');
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: TIMEOUT }).toBe('cpu');
    await expect.poll(() => statusNumber(page, 'status-step'), { timeout: TIMEOUT }).toBe(step);
    expect(await page.evaluate(() => location.hash)).toContain('backend=cpu');
    await page.getByTestId('train-step').click();
    await waitForStep(page, step + 1);
  });

  it('logs no console errors', () => {
    const unexpected = opened.errors.filter((e) => !e.includes('simulated crash'));
    expect(unexpected).toEqual([]);
  });
});

describe('VAE on wasm (phone, dark)', () => {
  let opened: OpenedPage;

  afterAll(async () => {
    await opened?.context.close();
  });

  it('trains and shows test images beside their reconstructions', async () => {
    opened = await app.open(`?backend=wasm&${TINY_VAE}`, {
      viewport: PHONE,
      colorScheme: 'dark',
    });
    const { page } = opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('wasm');
    await page.getByTestId('train-start').click();
    await waitForStep(page, 6);
    // The learning rate can change while training: it reaches the running model.
    const lr = page.getByTestId('field-lr');
    expect(await lr.isEnabled()).toBe(true);
    await lr.fill('1e-3');
    await waitForStep(page, 12);
    await pause(page);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      page.getByTestId('export-weights').click(),
    ]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      optimizers: { vae: { config: { learningRate: number } } };
    };
    expect(exported.optimizers.vae.config.learningRate).toBeCloseTo(1e-3, 10);
    const recon = page.getByTestId('vae-reconstructions');
    expect(await recon.locator('canvas').count()).toBe(2);
    const [originals, reconstructions] = await recon.locator('canvas').evaluateAll((nodes) =>
      nodes.map((n) => {
        const c = n as HTMLCanvasElement;
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i];
        return sum / (data.length / 4);
      }),
    );
    // Both drawn (not the empty box), and they are different pictures.
    expect(originals).toBeGreaterThan(10);
    expect(reconstructions).toBeGreaterThan(10);
    expect(await page.locator('[data-testid=loss-chart]').textContent()).toMatch(/Reconstruction/);
    await expect.poll(() => chartPath(page)).not.toBe('');
    await page.getByTestId('status-state').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-vae-dark-390x844');
    await screenshot(page, 'training-vae-dark-390x844-full', true);
    expect(opened.errors).toEqual([]);
  });
});

describe.each(['dcgan', 'vae'] as const)('%s on webgl', (kind) => {
  let opened: OpenedPage;

  afterAll(async () => {
    await opened?.context.close();
  });

  it('trains a few steps: counter, chart and a drawn grid', async () => {
    // Software WebGL compiles a shader per new op shape on the first step: keep to a few steps,
    // and no epoch end (its checkpoint reads every tensor back).
    const setup = (kind === 'dcgan' ? TINY_GAN : TINY_VAE).replace(
      'stepsPerEpoch=10&sampleEvery=5',
      'stepsPerEpoch=100&sampleEvery=1',
    );
    opened = await app.open(`?backend=webgl&${setup}`);
    const { page } = opened;
    await expect.poll(() => statusText(page, 'status-backend'), { timeout: 60_000 }).toBe('webgl');
    await page.getByTestId('train-start').click();
    await waitForStep(page, 2);
    await pause(page);
    await expect.poll(() => chartPath(page)).not.toBe('');
    const stats = await canvasStats(page);
    // Drawn from the generator (an untrained one draws near-flat grey, but opaque pixels).
    expect(stats.cells).toBe(64);
    expect(stats.opaqueFraction).toBe(1);
    expect(stats.distinctLevels).toBeGreaterThan(1);
    expect(Number(await page.getByTestId('epoch-scrubber').getAttribute('max'))).toBeGreaterThan(0);
    await screenshot(page, `training-${kind}-webgl-light-1280x800`);
    expect(opened.errors).toEqual([]);
  });
});
