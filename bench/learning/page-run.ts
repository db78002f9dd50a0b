// The tfjs side: the page's real training worker in headless Chromium on wasm, driven as a person
// drives it (open the page for the config, press Train, Pause, Resume), with the worker's
// generate() called from Node (src/lib/worker-rpc.ts) while paused.
//
// The training clock runs on the page's own clock, from the 'initial' sample grid (dataset loaded,
// networks built) or from pressing Resume, to the arrival of the last step's event before the
// pause: pausing, sampling and scoring are not in it.

import type { Browser, Page, Worker } from 'playwright-core';
import type { RunStatus } from '../../src/worker/protocol';
import type { ImageGrid } from '../../src/ml/train/types';
import { callWorker } from '../../src/lib/worker-rpc';
import { openBenchPage, pageNow, readProbe, trainingWorker } from '../lib/browser';
import { waitReady, waitTrainingStarted } from '../lib/throughput';
import { evaluationClasses, evaluationNoise, pageQuery, type LearningConfig } from './plan';
import { GRID_COLS, gridPixels } from './samples';
import type { PointResult, RawPoint } from './scoring';

/** Scores a point's samples (and writes their PNG) while training is paused. */
export type ScorePoint = (point: RawPoint, pixels: Float32Array) => Promise<PointResult>;

export interface PageRunResult {
  readonly points: PointResult[];
  /** The backend the page trained on and its threads (from the worker's backend report). */
  readonly backend: string;
  readonly threads: number | null;
  readonly error?: string;
}

/** Latents per generate() call: keeps the worker's activations small on 64x64 colour sets. */
const GENERATE_CHUNK = 250;
const START_TIMEOUT_MS = 180_000;
/** How often a long wait looks at the run's state (a diverged run pauses itself). */
const WATCH_MS = 5000;

interface Clock {
  /** Training ms of the finished segments. */
  trainedMs: number;
  /** Page time the running segment started. */
  segmentStart: number;
}

export async function trainInPage(
  browser: Browser,
  baseUrl: string,
  config: LearningConfig,
  points: readonly number[],
  pageMetrics: boolean,
  scorePoint: ScorePoint,
): Promise<PageRunResult> {
  const bench = await openBenchPage(browser, new URL(pageQuery(config), baseUrl).href);
  const results: PointResult[] = [];
  let backend = '?';
  let threads: number | null = null;
  try {
    const { page } = bench;
    await waitReady(page);
    if (!pageMetrics) await page.getByTestId('quality-toggle').setChecked(false);
    const clock = await startTraining(page);
    const worker = await trainingWorker(page);
    await checkRunSpec(worker, config);
    ({ backend, threads } = await backendInUse(worker));
    const noise = evaluationNoise(config);
    for (const target of points) {
      const { seconds, steps } = await trainUntil(page, clock, target);
      const t0 = performance.now();
      const pixels = await drawSamples(worker, config, noise);
      const sampleSeconds = (performance.now() - t0) / 1000;
      results.push(await scorePoint({ target, seconds, steps, sampleSeconds }, pixels));
      if (target !== points[points.length - 1]) await resume(page, clock);
    }
    return { points: results, backend, threads };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      points: results,
      backend,
      threads,
      error: `${reason} | ${bench.log.slice(-3).join(' / ')}`,
    };
  } finally {
    await bench.close();
  }
}

/** Presses Train; the clock starts with the run's first sample grid. */
async function startTraining(page: Page): Promise<Clock> {
  await page.getByTestId('train-start').click();
  const probe = await waitTrainingStarted(page, START_TIMEOUT_MS);
  return { trainedMs: 0, segmentStart: probe.samples[0]?.[0] ?? probe.steps[0][0] };
}

/** Trains until the clock passes `target` seconds, then pauses; where the run stands then. */
async function trainUntil(
  page: Page,
  clock: Clock,
  target: number,
): Promise<{ seconds: number; steps: number }> {
  for (;;) {
    const remaining =
      target * 1000 - clock.trainedMs - ((await pageNow(page)) - clock.segmentStart);
    if (remaining <= 0) break;
    await page.waitForTimeout(Math.min(remaining, WATCH_MS));
    const state = await stateText(page);
    if (state !== 'training') throw new Error(`the run stopped training (${state})`);
  }
  await page.getByTestId('train-pause').click();
  await waitForState(page, 'paused');
  const steps = (await readProbe(page)).steps;
  const last = steps[steps.length - 1];
  if (last === undefined || last[0] < clock.segmentStart) {
    throw new Error(`no training step finished by ${target} s`);
  }
  clock.trainedMs += last[0] - clock.segmentStart;
  return { seconds: clock.trainedMs / 1000, steps: last[1] };
}

async function resume(page: Page, clock: Clock): Promise<void> {
  clock.segmentStart = await pageNow(page);
  await page.getByTestId('train-start').click();
}

async function stateText(page: Page): Promise<string> {
  return ((await page.getByTestId('status-state').textContent()) ?? '').trim();
}

async function waitForState(page: Page, wanted: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = await stateText(page);
  while (state !== wanted) {
    if (state === 'crashed' || Date.now() > deadline) {
      throw new Error(`the page says "${state}", not "${wanted}"`);
    }
    await page.waitForTimeout(50);
    state = await stateText(page);
  }
}

/** The worker's run must be the config asked for: the page drops URL values it finds invalid. */
async function checkRunSpec(worker: Worker, config: LearningConfig): Promise<void> {
  const { spec } = (await callWorker(worker, 'status')) as RunStatus;
  const model = spec?.model as unknown as Record<string, unknown> | undefined;
  const wanted = config.model as unknown as Record<string, unknown>;
  const differs = Object.keys(wanted).filter((key) => model?.[key] !== wanted[key]);
  if (spec?.datasetId !== config.datasetId || spec.train.seed !== config.seed || differs.length) {
    throw new Error(
      `the page trains ${JSON.stringify(spec)}, not the config asked for (${differs.join(', ')})`,
    );
  }
}

async function backendInUse(worker: Worker): Promise<{ backend: string; threads: number | null }> {
  // `threads` is newer than some workers this may run against: read it as optional.
  const report = (await callWorker(worker, 'backendReport')) as {
    active: string;
    threads?: number | null;
  };
  return { backend: report.active, threads: report.threads ?? null };
}

/**
 * Generates the evaluation samples in the worker: float pixels [n, H, W, C] in [0, 1]; a
 * conditional config's sample i as class evaluationClasses(config)[i].
 */
async function drawSamples(
  worker: Worker,
  config: LearningConfig,
  noise: Float32Array,
): Promise<Float32Array> {
  const dim = config.model.latentDim;
  const cell = config.shape.height * config.shape.width * config.shape.channels;
  const out = new Float32Array(config.sampleCount * cell);
  const classes = evaluationClasses(config);
  for (let first = 0; first < config.sampleCount; first += GENERATE_CHUNK) {
    const count = Math.min(GENERATE_CHUNK, config.sampleCount - first);
    const latents = noise.slice(first * dim, (first + count) * dim);
    const asked = classes?.slice(first, first + count);
    const grid = (await callWorker(worker, 'generate', latents, GRID_COLS, asked)) as ImageGrid;
    out.set(gridPixels(grid, count, config.shape.channels), first * cell);
  }
  return out;
}
