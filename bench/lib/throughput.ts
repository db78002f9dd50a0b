// One throughput measurement in the real page: open it on a backend with a model and dataset,
// press Train, and time the training steps as their events reach the page, while reading the
// worker's tensors and heap and the main thread's long tasks and slow frames.

import type { Browser, Page } from 'playwright-core';
import {
  openBenchPage,
  pageHeap,
  pageNow,
  readProbe,
  trainingWorker,
  workerTensors,
  WorkerHeapReader,
  type BenchPage,
} from './browser';
import type { PageProbeData } from './page-probe';
import { median, windowRates } from './stats';

export interface ThroughputPlan {
  readonly backend: string;
  readonly kind: 'dcgan' | 'vae';
  readonly datasetId: string;
  readonly imagesPerStep: number;
  /** Steps after the first before timing starts. */
  readonly warmupSteps: number;
  readonly windows: number;
  /** Aim for windows this long (whole steps; at least one). */
  readonly windowTargetMs: number;
  /** Give up when no step has finished this long after training started. */
  readonly firstStepCapMs: number;
  /** The whole run, from pressing Train, at most. */
  readonly budgetMs: number;
  /** Extra query keys (e.g. a smaller model for the memory run). */
  readonly extraQuery?: string;
  /** Stop after this many steps once timing (memory run). */
  readonly maxSteps?: number;
  /** Read tensors and heap every this many steps (memory run). */
  readonly memoryEvery?: number;
}

export interface MemoryPoint {
  readonly step: number;
  readonly tensors: number;
  readonly tensorBytes: number;
  readonly workerHeap: number;
  readonly workerBuffers: number;
  readonly pageHeap: number;
}

export interface MainThreadStats {
  /** Milliseconds of training the figures cover. */
  readonly durationMs: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly slowFrames: number;
  readonly longestFrameGapMs: number;
  readonly frames: number;
}

export interface ThroughputResult {
  readonly status: 'measured' | 'too-slow' | 'unavailable' | 'failed';
  readonly backend: string;
  readonly reason?: string;
  readonly imagesPerSec?: number;
  readonly windowRates?: number[];
  readonly stepsPerWindow?: number;
  /** The figure rests on the first step alone (warm-up included): a lower bound. */
  readonly rough?: boolean;
  readonly belowImagesPerSec?: number;
  readonly stepsSeen: number;
  /** Page load until Train can be pressed. */
  readonly readyMs?: number;
  /** Train pressed until the first step's event. */
  readonly firstStepMs?: number;
  readonly memory: MemoryPoint[];
  readonly mainThread?: MainThreadStats;
  readonly wallMs: number;
}

const READY_TIMEOUT_MS = 120_000;
const DATA_TIMEOUT_MS = 120_000;

export async function measureThroughput(
  browser: Browser,
  baseUrl: string,
  plan: ThroughputPlan,
): Promise<ThroughputResult> {
  const started = Date.now();
  const query =
    `?backend=${plan.backend}&dataset=${plan.datasetId}&model=${plan.kind}` +
    (plan.extraQuery ? `&${plan.extraQuery}` : '');
  const bench = await openBenchPage(browser, new URL(query, baseUrl).href);
  let heap: WorkerHeapReader | null = null;
  try {
    const { page } = bench;
    const readyMs = await waitReady(page);
    const active = (await page.getByTestId('status-backend').textContent())?.trim() ?? '';
    if (active !== plan.backend) {
      return {
        status: 'unavailable',
        backend: active,
        reason: `the page started ${active} instead`,
        stepsSeen: 0,
        readyMs,
        memory: [],
        wallMs: Date.now() - started,
      };
    }
    const worker = await trainingWorker(page);
    heap = await WorkerHeapReader.attach(browser, worker.url()).catch(() => null);
    // The memory run collects garbage before each reading, so heap figures show what is kept;
    // throughput runs do not (a collection would land in a timed window).
    const collect = plan.memoryEvery !== undefined;
    const readMemory = async (step: number): Promise<MemoryPoint> => {
      const [tensors, usage, pageBytes] = await Promise.all([
        workerTensors(worker),
        heap?.usage(collect) ?? Promise.resolve({ usedSize: NaN, backingStorageSize: NaN }),
        pageHeap(page, collect),
      ]);
      return {
        step,
        tensors: tensors.numTensors,
        tensorBytes: tensors.numBytes,
        workerHeap: usage.usedSize,
        workerBuffers: usage.backingStorageSize,
        pageHeap: pageBytes,
      };
    };

    const clickedAt = await pageNow(page);
    await page.getByTestId('train-start').click();

    let probe = await waitTrainingStarted(page);
    const trainingAt = probe.samples[0]?.[0] ?? clickedAt;

    const memory: MemoryPoint[] = [];
    let timingFrom = -1; // index in probe.steps where timing starts
    let stepsPerWindow = 1;
    const budgetEnd = Date.now() + plan.budgetMs;
    const firstStepEnd = Date.now() + plan.firstStepCapMs;
    for (;;) {
      probe = await readProbe(page);
      const steps = probe.steps;
      if (steps.length === 0) {
        if (Date.now() > firstStepEnd) {
          const waited = (await pageNow(page)) - trainingAt;
          return {
            status: 'too-slow',
            backend: active,
            belowImagesPerSec: (plan.imagesPerStep * 1000) / waited,
            reason: `no training step finished within ${(waited / 1000).toFixed(0)} s`,
            stepsSeen: 0,
            readyMs,
            memory,
            mainThread: mainThreadStats(probe, clickedAt, await pageNow(page)),
            wallMs: Date.now() - started,
          };
        }
      } else if (timingFrom < 0 && steps.length >= 1 + plan.warmupSteps) {
        timingFrom = steps.length - 1;
        const last = steps[steps.length - 1][0];
        const before = steps.length >= 2 ? steps[steps.length - 2][0] : trainingAt;
        stepsPerWindow = Math.max(1, Math.round(plan.windowTargetMs / Math.max(1, last - before)));
        memory.push(await readMemory(steps[steps.length - 1][1]));
      }
      if (timingFrom >= 0) {
        const timed = steps.length - 1 - timingFrom;
        if (plan.memoryEvery !== undefined && memory.length > 0) {
          const lastRead = memory[memory.length - 1].step;
          const current = steps[steps.length - 1][1];
          if (current - lastRead >= plan.memoryEvery) memory.push(await readMemory(current));
        }
        const enough =
          plan.maxSteps !== undefined
            ? timed >= plan.maxSteps
            : timed >= plan.windows * stepsPerWindow;
        if (enough) break;
      }
      if (Date.now() > budgetEnd) break;
      await page.waitForTimeout(timingFrom >= 0 && plan.maxSteps !== undefined ? 500 : 250);
    }

    probe = await readProbe(page);
    const endAt = await pageNow(page);
    const steps = probe.steps;
    memory.push(await readMemory(steps[steps.length - 1]?.[1] ?? 0));
    const base = {
      backend: active,
      stepsSeen: steps.length,
      readyMs,
      firstStepMs: steps.length > 0 ? steps[0][0] - clickedAt : undefined,
      memory: dedupeMemory(memory),
      mainThread: mainThreadStats(probe, clickedAt, endAt),
    };
    const times = timingFrom >= 0 ? steps.slice(timingFrom).map((s) => s[0]) : [];
    // Slow backends may not fill one window: fall back to whatever steps there are.
    const per = Math.min(stepsPerWindow, Math.max(1, times.length - 1));
    const rates = windowRates(times, per, plan.imagesPerStep);
    if (rates.length > 0) {
      return {
        status: 'measured',
        ...base,
        imagesPerSec: median(rates),
        windowRates: rates,
        stepsPerWindow: per,
        wallMs: Date.now() - started,
      };
    }
    const firstTimes = [trainingAt, ...steps.map((s) => s[0])];
    const fastest = Math.min(...firstTimes.slice(1).map((t, i) => t - firstTimes[i]));
    return {
      status: 'measured',
      ...base,
      imagesPerSec: (plan.imagesPerStep * 1000) / fastest,
      rough: true,
      reason: `only ${steps.length} step(s) within the time allowed; warm-up included`,
      wallMs: Date.now() - started,
    };
  } catch (err) {
    return {
      status: 'failed',
      backend: plan.backend,
      reason: `${err instanceof Error ? err.message : String(err)} | ${lastLines(bench)}`,
      stepsSeen: 0,
      memory: [],
      wallMs: Date.now() - started,
    };
  } finally {
    await heap?.detach();
    await bench.close();
  }
}

/**
 * After pressing Train: waits for the run's first event, its 'initial' sample grid (dataset
 * loaded, networks built) or a step, and returns the probe's readings then.
 */
export async function waitTrainingStarted(
  page: Page,
  timeoutMs = DATA_TIMEOUT_MS,
): Promise<PageProbeData> {
  let probe = await readProbe(page);
  const deadline = Date.now() + timeoutMs;
  while (probe.samples.length === 0 && probe.steps.length === 0) {
    if (Date.now() > deadline) throw new Error('training did not start (no sample grid)');
    await page.waitForTimeout(200);
    probe = await readProbe(page);
  }
  return probe;
}

/** Waits until Train can be pressed and the backend is known; returns the page's time. */
export async function waitReady(page: Page): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const train = page.getByTestId('train-start');
  for (;;) {
    const backend = (
      await page
        .getByTestId('status-backend')
        .textContent()
        .catch(() => '')
    )?.trim();
    const enabled = await train.isEnabled().catch(() => false);
    if (enabled && backend && backend !== 'starting' && backend !== '–') return pageNow(page);
    if (Date.now() > deadline) throw new Error('the page never became ready to train');
    await page.waitForTimeout(50);
  }
}

export function mainThreadStats(probe: PageProbeData, from: number, to: number): MainThreadStats {
  const tasks = probe.longTasks.filter(([start]) => start >= from && start <= to);
  const slow = probe.slowFrames.filter(([t]) => t >= from && t <= to);
  const counts = probe.frameCounts.filter(([t]) => t >= from && t <= to);
  return {
    durationMs: to - from,
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)),
    slowFrames: slow.length,
    longestFrameGapMs: Math.max(0, ...slow.map(([, d]) => d)),
    frames: counts.length >= 2 ? counts[counts.length - 1][1] - counts[0][1] : 0,
  };
}

function dedupeMemory(points: MemoryPoint[]): MemoryPoint[] {
  return points.filter((p, i) => i === 0 || p.step !== points[i - 1].step);
}

function lastLines(bench: BenchPage): string {
  return bench.log.slice(-3).join(' / ');
}
