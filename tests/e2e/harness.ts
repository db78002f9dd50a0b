// Browser test harness: builds the app (or reuses a build newer than every input), serves dist/
// with `vite preview` (which sends the COOP/COEP headers from vite.config.ts) on a free port,
// and drives Debian's Chromium through playwright-core (src/lib/chromium.ts). It never downloads a
// browser.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { launchChromium } from '../../src/lib/chromium';
import { freePort } from '../../src/lib/free-port';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
/** Where the build goes: dist/ unless E2E_DIST names another folder (parallel worktrees). */
const DIST = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(ROOT, 'dist');
const DIST_INDEX = path.join(DIST, 'index.html');

/** Everything the build reads; a dist/ older than any of these is rebuilt. */
const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

/** Builds dist/ unless a build newer than all its inputs is already there. */
export async function ensureBuild(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'public/data'))) {
    throw new Error('public/data is missing: run `npm run data` (npm test does it first).');
  }
  if (existsSync(DIST_INDEX)) {
    const built = statSync(DIST_INDEX).mtimeMs;
    const newest = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
    if (built > newest) return;
  }
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'],
    {
      cwd: ROOT,
      // Vitest sets NODE_ENV=test, which would give a development build of React.
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 2 ** 20,
    },
  );
}

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) {
    newest = Math.max(newest, newestMtime(path.join(file, entry)));
  }
  return newest;
}

export interface AppServer {
  /** Base URL ending in '/', e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds if needed, then serves dist/ on a free local port. */
export async function serveApp(): Promise<AppServer> {
  await ensureBuild();
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}

/** Chromium with the shared flags only (software WebGL2; no WebGPU). */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions from the page and its workers. */
  readonly errors: string[];
  /** Every console message, for reading when a test fails. */
  readonly log: string[];
}

export interface OpenOptions {
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * The query with `threads=1` unless it names a thread count. CI's two cores run the unit and the
 * browser tests side by side, and a second wasm thread would only contend with the unit tests
 * (tfjs itself would pick one thread on such a machine); tests about threads ask for them.
 */
export function oneWasmThread(query: string): string {
  if (/[?&#]threads=/.test(query)) return query;
  if (query === '' || query === '?') return '?threads=1';
  return `${query}&threads=1`;
}

/** Opens the app at `query` (e.g. '?backend=wasm') in a fresh context that accepts downloads. */
export async function openApp(
  browser: Browser,
  server: AppServer,
  query = '',
  options: OpenOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const log: string[] = [];
  const record = (where: string) => (msg: ConsoleMessage) => {
    log.push(`${where} ${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') errors.push(`${where} console: ${msg.text()}`);
  };
  page.on('console', record('page'));
  page.on('worker', (worker) => worker.on('console', record('worker')));
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(new URL(oneWasmThread(query), server.url).href);
  return { context, page, errors, log };
}

/** Saves a screenshot under tests/artifacts/ and returns its path (the viewport unless `full`). */
export async function screenshot(page: Page, name: string, full = false): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: full, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Reads a status value by its data-testid. */
export async function statusText(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

export async function statusNumber(page: Page, testId: string): Promise<number> {
  return Number((await statusText(page, testId)).replace(/[^\d.-]/g, ''));
}

/** A fingerprint of a canvas's pixels (FNV-1a over the RGBA bytes), to tell grids apart. */
export async function canvasHash(page: Page, testId = 'sample-grid'): Promise<string> {
  return page.getByTestId(testId).evaluate((node) => {
    const canvas = node as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2d context');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
    return `${canvas.width}x${canvas.height}:${(h >>> 0).toString(16)}`;
  });
}

/** The `d` of the loss chart's first smoothed line: changes whenever the chart redraws new data. */
export async function chartPath(page: Page): Promise<string> {
  const line = page.locator(
    '[data-testid=loss-chart] .series-dLoss path, [data-testid=loss-chart] .series-total path',
  );
  if ((await line.count()) === 0) return '';
  return (await line.first().getAttribute('d')) ?? '';
}

export interface CanvasStats {
  readonly width: number;
  readonly height: number;
  readonly cells: number;
  readonly opaqueFraction: number;
  /** Distinct grey levels (luma rounded) inside the cells, gaps excluded. */
  readonly distinctLevels: number;
  /** Mean over cells of the luma standard deviation within a cell (0..255): structure. */
  readonly withinCellStd: number;
  /** Mean absolute luma difference between neighbouring cells (0..255): variety. */
  readonly betweenCellDiff: number;
}

/**
 * Pixel statistics of the sample-grid canvas, read back from the canvas in the page. The cell
 * layout comes from the canvas's data-cell attribute ("28x28+1": width x height + gap).
 */
export async function canvasStats(page: Page): Promise<CanvasStats> {
  return page.getByTestId('sample-grid').evaluate((node) => {
    const canvas = node as HTMLCanvasElement;
    const match = /^(\d+)x(\d+)\+(\d+)$/.exec(canvas.dataset.cell ?? '');
    if (match === null) throw new Error('the sample grid has no cell layout yet');
    const [cw, ch, gap] = match.slice(1).map(Number);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2d context on the sample grid');
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const luma = (x: number, y: number) => {
      const i = (y * width + x) * 4;
      return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
    };
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] === 255) opaque++;
    const cols = Math.floor((width + gap) / (cw + gap));
    const rows = Math.floor((height + gap) / (ch + gap));
    const levels = new Set<number>();
    const cells: Float64Array[] = [];
    let stdSum = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const values = new Float64Array(cw * ch);
        for (let y = 0; y < ch; y++) {
          for (let x = 0; x < cw; x++) {
            const v = luma(c * (cw + gap) + x, r * (ch + gap) + y);
            values[y * cw + x] = v;
            levels.add(Math.round(v));
          }
        }
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
        stdSum += Math.sqrt(variance);
        cells.push(values);
      }
    }
    let diffSum = 0;
    for (let k = 1; k < cells.length; k++) {
      let d = 0;
      for (let i = 0; i < cells[k].length; i++) d += Math.abs(cells[k][i] - cells[k - 1][i]);
      diffSum += d / cells[k].length;
    }
    return {
      width,
      height,
      cells: cells.length,
      opaqueFraction: opaque / (width * height),
      distinctLevels: levels.size,
      withinCellStd: stdSum / cells.length,
      betweenCellDiff: cells.length > 1 ? diffSum / (cells.length - 1) : 0,
    };
  });
}
