// What the page's main thread does while a model trains: a Chrome trace of every process over a
// window of training, summarized (bench/lib/trace-summary.ts) as the main thread's tasks over
// 50 ms with what they contained, where its script time went by source module, and how much CPU
// each thread of the browser used (a task can be long because it worked, or because the two cores
// were busy with the training worker's wasm threads and the compositors and it waited).
//
// Each setup runs in variants that take parts of the page's cost away:
//   visible     the page as it is;
//   no-charts   the loss charts' card hidden (display: none: recharts lays out and draws nothing);
//   unrendered  the app's root skipped by rendering (content-visibility: hidden): React and the
//               store still run, but no style, layout or paint of the app;
//   background  another tab in front (the page hidden: no frames, timers throttled).
//
// The app is built unminified (function names and rolldown's `// <file>` module markers survive,
// so script time can be charged to source modules) into a directory of its own, and served like
// bench/lib/serve.ts. `--minify` measures the shipped bundle instead (modules then unknown).
//
//   npx tsx bench/main-thread-trace.ts                       default and tiny, every variant, 20 s
//   npx tsx bench/main-thread-trace.ts --setups tiny --variants visible --seconds 10
//   options: --seconds N, --setups default,tiny, --variants ..., --json out.json, --keep dir
//            (the raw traces, to open in DevTools), --minify, --prebuilt dir (serve a build made
//            earlier, e.g. before a change: `vite build --minify false --outDir dir`)

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBenchBrowser, openBenchPage, pageNow, readProbe } from './lib/browser';
import { buildAndServe, type Served } from './lib/serve';
import { preview } from 'vite';
import { mainThreadStats, waitReady, type MainThreadStats } from './lib/throughput';
import {
  BUCKETS,
  summarizeTrace,
  type ModuleOf,
  type TraceEvent,
  type TraceSummary,
} from './lib/trace-summary';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

/** Query strings of the setups: the default page on wasm, and a tiny model that floods events. */
const SETUPS: Record<string, string> = {
  default: '?backend=wasm',
  tiny: '?backend=wasm&batchSize=16&baseFilters=8&stepsPerEpoch=10&sampleEvery=5',
};
/** The first second of each trace is left out (see traceRun). */
const SKIP_MS = 1000;
const VARIANTS = ['visible', 'no-charts', 'unrendered', 'background'] as const;
type Variant = (typeof VARIANTS)[number];

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'v8',
  'disabled-by-default-v8.gc',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
];

interface RunResult {
  readonly setup: string;
  readonly variant: Variant;
  readonly visibility: string;
  readonly steps: number;
  readonly probe: MainThreadStats;
  readonly trace: TraceSummary;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      setups: { type: 'string', default: Object.keys(SETUPS).join(',') },
      variants: { type: 'string', default: VARIANTS.join(',') },
      json: { type: 'string' },
      keep: { type: 'string' },
      minify: { type: 'boolean', default: false },
      // Serve this build as it is (a baseline built before a change), without rebuilding.
      prebuilt: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const setups = values.setups.split(',').filter((s) => s in SETUPS);
  const variants = values.variants
    .split(',')
    .filter((v): v is Variant => (VARIANTS as readonly string[]).includes(v));
  let outDir = path.join(
    os.tmpdir(),
    values.minify ? 'gan-playground-trace-dist-min' : 'gan-playground-trace-dist',
  );
  let server: Served;
  if (values.prebuilt !== undefined) {
    outDir = path.resolve(values.prebuilt);
    server = await servePrebuilt(outDir);
  } else {
    await build(outDir, values.minify);
    server = await buildAndServe(ROOT, outDir);
    // A source changed between the two: serve.ts rebuilt it, minified.
    if (server.rebuilt && !values.minify) console.warn('rebuilt minified: modules are unknown');
  }
  const moduleOf = bundleModules(outDir);
  const browser = await launchBenchBrowser();
  const results: RunResult[] = [];
  try {
    for (const setup of setups) {
      for (const variant of variants) {
        const url = new URL(SETUPS[setup], server.url).href;
        const raw = await traceRun(browser, url, variant, seconds * 1000);
        if (values.keep) {
          await mkdir(values.keep, { recursive: true });
          await writeFile(path.join(values.keep, `${setup}-${variant}.json`), raw.json);
        }
        const events = (JSON.parse(raw.json) as { traceEvents: TraceEvent[] }).traceEvents;
        const trace = summarizeTrace(events, server.url, moduleOf, SKIP_MS);
        const result = { setup, variant, ...raw.page, trace };
        results.push(result);
        printRun(result);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  printComparison(results);
  if (values.json) await writeFile(values.json, `${JSON.stringify(results, null, 1)}\n`);
}

/** Builds unminified (or minified) into `outDir` unless that build is newer than every input. */
async function build(outDir: string, minify: boolean): Promise<void> {
  const index = path.join(outDir, 'index.html');
  const newest = Math.max(...INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
  const complete = () =>
    existsSync(path.join(outDir, 'assets')) &&
    readdirSync(path.join(outDir, 'assets')).some((f) => f.startsWith('training.worker'));
  if (existsSync(index) && statSync(index).mtimeMs > newest && complete()) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const args = [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  if (!minify) args.push('--minify', 'false');
  await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 2 ** 20,
  });
  if (!complete()) throw new Error(`the build in ${outDir} has no training worker`);
}

/** `vite preview` of a finished build (with the config's headers), on a free port. */
async function servePrebuilt(outDir: string): Promise<Served> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}/`, rebuilt: false, close: () => server.close() };
}

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file))
    latest = Math.max(latest, newestMtime(path.join(file, entry)));
  return latest;
}

/**
 * Maps a bundle URL and 0-based line to the source it came from, by the `// <file>` line an
 * unminified rolldown build puts before each module: a package name for node_modules, else the src folder.
 */
function bundleModules(outDir: string): ModuleOf {
  const assets = path.join(outDir, 'assets');
  const byFile = new Map<string, string[]>();
  for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
    const lines = readFileSync(path.join(assets, file), 'utf8').split('\n');
    const owner: string[] = [];
    let current = '';
    for (const line of lines) {
      const marker = /^\/\/(?:#region)? (\S+\.(?:[cm]?js|jsx?|tsx?))$/.exec(line);
      if (marker) current = marker[1];
      owner.push(current);
    }
    byFile.set(file, owner);
  }
  return (url, line) => {
    const file = url.split('/').pop()?.split('?')[0] ?? '';
    const source = byFile.get(file)?.[line];
    if (source === undefined)
      return file.endsWith('.js') ? file.replace(/-[\w-]{8}\.js$/, '') : url;
    if (source === '') return `${file.replace(/-[\w-]{8}\.js$/, '')} (unmarked)`;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    if (pkg) return pkg[1];
    const src = /(?:^|\/)src\/(.+)\/[^/]+$/.exec(source);
    return src ? `src/${src[1]}` : source;
  };
}

async function traceRun(
  browser: Browser,
  url: string,
  variant: Variant,
  windowMs: number,
): Promise<{ json: string; page: Omit<RunResult, 'setup' | 'variant' | 'trace'> }> {
  const bench = await openBenchPage(browser, url);
  const { page } = bench;
  try {
    await waitReady(page);
    await page.getByTestId('train-start').click();
    // Through element.style: the page's CSP refuses added style sheets, not the CSSOM.
    if (variant === 'no-charts') {
      await page.evaluate(() => {
        const card = document.querySelector<HTMLElement>('.charts-card');
        if (card === null) throw new Error('no .charts-card');
        card.style.display = 'none';
      });
    } else if (variant === 'unrendered') {
      await page.evaluate(() => {
        document.getElementById('root')!.style.contentVisibility = 'hidden';
      });
    }
    // From the first step on (dataset loaded, networks built, first grid drawn).
    const deadline = Date.now() + 120_000;
    while ((await readProbe(page)).steps.length < 2) {
      if (Date.now() > deadline) throw new Error(`no training steps at ${url}`);
      await page.waitForTimeout(200);
    }
    let front = null;
    if (variant === 'background') {
      front = await bench.context.newPage();
      await front.goto('about:blank');
      await front.bringToFront();
    }
    const visibility = await page.evaluate(() => document.visibilityState);
    await browser.startTracing(undefined, { categories: CATEGORIES });
    // Starting the sampling profiler stalls the page for a moment: leave that out of both views.
    await page.waitForTimeout(SKIP_MS);
    const from = await pageNow(page);
    const stepsBefore = (await readProbe(page)).steps.length;
    await page.waitForTimeout(windowMs);
    // Before stopping: handing the trace over stalls the page too.
    const to = await pageNow(page);
    const probe = await readProbe(page);
    const buffer = await browser.stopTracing();
    await front?.close();
    return {
      json: buffer.toString('utf8'),
      page: {
        visibility,
        steps: probe.steps.length - stepsBefore,
        probe: mainThreadStats(probe, from, to),
      },
    };
  } catch (err) {
    console.error(bench.log.slice(-8).join('\n'));
    throw err;
  } finally {
    await bench.close();
  }
}

const ms = (v: number | null) => (v === null ? '–' : v.toFixed(0));

function printRun(r: RunResult): void {
  const t = r.trace;
  const p = r.probe;
  console.log(
    `\n## ${r.setup} / ${r.variant} (page ${r.visibility}): ${(t.windowMs / 1000).toFixed(1)} s, ` +
      `${r.steps} step events, ${p.frames} frames, ${p.slowFrames} > 50 ms apart ` +
      `(longest ${ms(p.longestFrameGapMs)} ms), long tasks ${p.longTasks} (longest ${ms(p.longestTaskMs)} ms)`,
  );
  console.log(
    `main thread: ${t.mainTasks} tasks, wall ${ms(t.main.wallMs)} ms, CPU ${ms(t.main.cpuMs)} ms; self wall ms by kind: ` +
      BUCKETS.map((b) => `${b} ${ms(t.main.buckets[b])}`).join(', '),
  );
  console.log(
    `script by module (ms): ${t.mainModules.map(([m, v]) => `${m} ${ms(v)}`).join(', ')}`,
  );
  console.log(
    `top functions (ms): ${t.mainFunctions
      .slice(0, 10)
      .map(([m, v]) => `${m} ${ms(v)}`)
      .join(', ')}`,
  );
  console.log(
    `top events (self ms): ${t.mainEventNames
      .slice(0, 10)
      .map(([m, v]) => `${m} ${ms(v)}`)
      .join(', ')}`,
  );
  console.log(
    `CPU by thread (ms): ${t.threads
      .slice(0, 9)
      .map((g) => `${g.label} ${ms(g.cpuMs)}`)
      .join(', ')}`,
  );
  if (t.longTasks.length === 0) return;
  console.log(
    '\n| at s | wall ms | CPU ms | script | style | layout | paint | gc | msg | other (self wall ms) | script by module (CPU ms sampled) | started by |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const task of t.longTasks) {
    console.log(
      `| ${(task.at / 1000).toFixed(1)} | ${ms(task.wallMs)} | ${ms(task.cpuMs)} | ` +
        BUCKETS.map((b) => ms(task.buckets[b])).join(' | ') +
        ` | ${task.modules.map(([m, v]) => `${m} ${ms(v)}`).join(', ')} | ${task.entry.slice(0, 90)} |`,
    );
  }
}

function printComparison(results: readonly RunResult[]): void {
  console.log('\n## All runs\n');
  console.log(
    '| setup | variant | steps | frames | frames > 50 ms | longest gap ms | tasks > 50 ms | longest task ms (wall / CPU) | main CPU ms/s | page raster+compositor CPU ms/s | workers CPU ms/s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const t = r.trace;
    const longest = [...t.longTasks].sort((a, b) => b.wallMs - a.wallMs)[0];
    const perSec = (label: RegExp) =>
      (t.threads.filter((g) => label.test(g.label)).reduce((n, g) => n + g.cpuMs, 0) * 1000) /
      t.windowMs;
    console.log(
      `| ${r.setup} | ${r.variant} | ${r.steps} | ${r.probe.frames} | ${r.probe.slowFrames} | ` +
        `${ms(r.probe.longestFrameGapMs)} | ${t.longTasks.length} | ` +
        `${longest ? `${ms(longest.wallMs)} / ${ms(longest.cpuMs)}` : '–'} | ` +
        `${ms((t.main.cpuMs * 1000) / t.windowMs)} | ${ms(perSec(/page (raster|compositor)/))} | ` +
        `${ms(perSec(/page workers/))} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
