// The page as a person meets it: load it, press Train at once on the default setup (MNIST,
// DCGAN, 'auto' backend), and time the first sample grids; keep training a while and watch the
// main thread. Also what the worker's 'auto' choice measured and whether each backend starts,
// read from a second worker of the same bundle (the page shows neither in a stable place).

import type { Browser } from 'playwright-core';
import type { BackendReport } from '../../src/worker/backend-report';
import type { InitResult } from '../../src/worker/protocol';
import { openBenchPage, pageNow, readProbe, trainingWorker, withRawWorker } from './browser';
import { mainThreadStats, waitReady, type MainThreadStats } from './throughput';

export interface StartupResult {
  readonly backend: string;
  /** Navigation start until Train can be pressed. */
  readonly readyMs: number;
  /** Train pressed until the first sample grid is on screen. */
  readonly firstGridMs: number | null;
  /** Train pressed until a grid drawn after training steps is on screen, and its step. */
  readonly firstTrainedGridMs: number | null;
  readonly firstTrainedGridStep: number | null;
  /** Train pressed until the first step's event reached the page. */
  readonly firstStepMs: number | null;
  /** Main thread while training (from the first step on). */
  readonly mainThread: MainThreadStats;
  readonly steps: number;
}

export async function measureStartup(
  browser: Browser,
  baseUrl: string,
  trainForMs: number,
): Promise<StartupResult> {
  const bench = await openBenchPage(browser, baseUrl);
  try {
    const { page } = bench;
    const readyMs = await waitReady(page);
    const backend = (await page.getByTestId('status-backend').textContent())?.trim() ?? '';
    const clickedAt = await pageNow(page);
    await page.getByTestId('train-start').click();
    const deadline = Date.now() + 180_000;
    let probe = await readProbe(page);
    // Until a trained grid is shown and `trainForMs` of training has passed.
    for (;;) {
      probe = await readProbe(page);
      const firstStep = probe.steps[0]?.[0];
      const trained = probe.grids.some(([, step]) => step > 0);
      const now = await pageNow(page);
      if (trained && firstStep !== undefined && now - firstStep >= trainForMs) break;
      if (Date.now() > deadline) break;
      await page.waitForTimeout(250);
    }
    const endAt = await pageNow(page);
    const grid = probe.grids.find(([t]) => t >= clickedAt);
    const trained = probe.grids.find(([t, step]) => t >= clickedAt && step > 0);
    const firstStep = probe.steps[0]?.[0] ?? null;
    return {
      backend,
      readyMs,
      firstGridMs: grid ? grid[0] - clickedAt : null,
      firstTrainedGridMs: trained ? trained[0] - clickedAt : null,
      firstTrainedGridStep: trained ? trained[1] : null,
      firstStepMs: firstStep === null ? null : firstStep - clickedAt,
      mainThread: mainThreadStats(probe, firstStep ?? clickedAt, endAt),
      steps: probe.steps.length,
    };
  } finally {
    await bench.close();
  }
}

export interface BackendCheck {
  readonly backend: string;
  readonly starts: boolean;
  readonly reason?: string;
}

export interface AutoChoice {
  readonly init: InitResult;
  readonly report: BackendReport;
}

/**
 * Starts a second worker from the page's bundle: once per backend (does it start, and if not,
 * why), then once in 'auto' (what it measured and chose).
 */
export async function checkBackends(
  browser: Browser,
  baseUrl: string,
  backends: readonly string[],
): Promise<{ checks: BackendCheck[]; auto: AutoChoice }> {
  const bench = await openBenchPage(browser, baseUrl);
  try {
    const { page } = bench;
    const workerUrl = (await trainingWorker(page)).url();
    const dataBaseUrl = new URL('data/', baseUrl).href;
    const checks: BackendCheck[] = [];
    for (const backend of backends) {
      const [init] = await withRawWorker<InitResult>(page, workerUrl, [
        { method: 'init', args: [{ backend, dataBaseUrl, wasmThreads: true }] },
      ]);
      const failure = init.failed.find((f) => f.backend === backend);
      checks.push(
        init.backend === backend
          ? { backend, starts: true }
          : { backend, starts: false, reason: failure?.message ?? `started ${init.backend}` },
      );
    }
    const [init, report] = await withRawWorker<InitResult | BackendReport>(page, workerUrl, [
      { method: 'init', args: [{ backend: 'auto', dataBaseUrl, wasmThreads: true }] },
      { method: 'backendReport', args: [] },
    ]);
    return { checks, auto: { init: init as InitResult, report: report as BackendReport } };
  } finally {
    await bench.close();
  }
}
