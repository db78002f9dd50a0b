// The browser side of the benchmark: Debian's Chromium (never a downloaded one) with software
// WebGL and WebGPU switched on, the app's pages with the probe installed, and readings from the
// page's training worker (tensor count from its tfjs engine, JS heap over the DevTools protocol).

import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { launchChromium } from '../../src/lib/chromium';
import { installPageProbe, probeData, type PageProbeData, type RawProbeData } from './page-probe';

/** On top of the shared flags (src/lib/chromium.ts, software WebGL2). */
const BENCH_FLAGS = [
  // No GPU here: WebGPU runs on SwiftShader too, in software.
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  // Unrounded performance.memory figures.
  '--enable-precise-memory-info',
];

export function launchBenchBrowser(): Promise<Browser> {
  return launchChromium(BENCH_FLAGS);
}

export interface BenchPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console lines from the page and its workers (for failures). */
  readonly log: string[];
  close(): Promise<void>;
}

/** A fresh context (no stored runs or settings) with the probe installed, at `url`. */
export async function openBenchPage(browser: Browser, url: string): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx compiles the probe with esbuild's keepNames, which wraps functions in a `__name` helper
  // that only exists in Node: give the page a do-nothing one first.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  await context.addInitScript(installPageProbe);
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`page ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { context, page, log, close: () => context.close() };
}

export async function readProbe(page: Page): Promise<PageProbeData> {
  return probeData(
    await page.evaluate(() => (window as unknown as { __bench: RawProbeData }).__bench),
  );
}

/** The page's clock (ms since navigation start). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** The page's training worker (wasm's thread workers are blobs; this one has the bundle URL). */
export async function trainingWorker(page: Page, timeoutMs = 30_000): Promise<Worker> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const worker = page.workers().find((w) => w.url().includes('training.worker'));
    if (worker !== undefined) return worker;
    if (Date.now() > until) throw new Error('the training worker did not start');
    await page.waitForTimeout(100);
  }
}

/** Live tensors and their bytes in the worker, from tfjs's engine (kept on its global scope). */
export function workerTensors(worker: Worker): Promise<{ numTensors: number; numBytes: number }> {
  return worker.evaluate(() => {
    type Engine = { memory(): { numTensors: number; numBytes: number } };
    const m = (globalThis as unknown as { _tfengine: Engine })._tfengine.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  });
}

/** The page's own JS heap (performance.memory; Chromium only), after a full GC if `collect`. */
export async function pageHeap(page: Page, collect = false): Promise<number> {
  if (collect) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
  }
  return page.evaluate(
    () =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
      0,
  );
}

/**
 * Reads a worker's JS heap through the DevTools protocol: workers have no performance.memory.
 * Attaches to the worker's target from a browser-level session (the page's own session belongs
 * to Playwright) and sends Runtime.getHeapUsage through Target.sendMessageToTarget.
 */
export class WorkerHeapReader {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async attach(browser: Browser, workerUrl: string): Promise<WorkerHeapReader> {
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'worker' && t.url === workerUrl);
    if (target === undefined) throw new Error(`no DevTools target for ${workerUrl}`);
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    return new WorkerHeapReader(cdp, sessionId);
  }

  /**
   * Used JS heap plus ArrayBuffer backing stores, in bytes; after a full garbage collection if
   * `collect` (what is still reachable, not what the collector has not got to yet).
   */
  async usage(collect = false): Promise<{ usedSize: number; backingStorageSize: number }> {
    if (collect) await this.call('HeapProfiler.collectGarbage');
    const usage = (await this.call('Runtime.getHeapUsage')) as {
      usedSize: number;
      backingStorageSize?: number;
    };
    return { usedSize: usage.usedSize, backingStorageSize: usage.backingStorageSize ?? 0 };
  }

  private async call(method: string): Promise<unknown> {
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
    await this.cdp.send('Target.sendMessageToTarget', {
      sessionId: this.sessionId,
      message: JSON.stringify({ id, method }),
    });
    const value = await result;
    this.pending.delete(id);
    return value;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => {});
  }
}

/**
 * Calls the training worker's API from the page without the page's client: a second worker
 * from the same bundle, spoken to in Comlink's wire format (APPLY with RAW values). Used for
 * what the page does not show: whether a backend starts, and what 'auto' measured.
 */
export async function withRawWorker<T>(
  page: Page,
  workerUrl: string,
  calls: readonly { method: string; args: readonly unknown[] }[],
): Promise<T[]> {
  return page.evaluate(
    async ({ url, calls }) => {
      const worker = new Worker(url, { type: 'module' });
      const call = (method: string, args: readonly unknown[]) =>
        new Promise<unknown>((resolve, reject) => {
          const id = `${method}-${Math.random()}`;
          const onMessage = (event: MessageEvent) => {
            const data = event.data as { id?: string; type?: string; value?: unknown };
            if (data?.id !== id) return;
            worker.removeEventListener('message', onMessage);
            if (data.type === 'HANDLER') {
              const thrown = data.value as { value?: { message?: string } };
              reject(new Error(thrown.value?.message ?? 'worker error'));
            } else resolve(data.value);
          };
          worker.addEventListener('message', onMessage);
          worker.postMessage({
            id,
            type: 'APPLY',
            path: [method],
            argumentList: args.map((value) => ({ type: 'RAW', value })),
          });
        });
      try {
        const results: unknown[] = [];
        for (const c of calls) results.push(await call(c.method, c.args));
        return results;
      } finally {
        worker.terminate();
      }
    },
    { url: workerUrl, calls },
  ) as Promise<T[]>;
}
