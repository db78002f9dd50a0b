// `npm run bench`: how fast the playground trains in a real browser, next to PyTorch on the same
// CPU, and whether the page stays responsive and its memory flat while it does.
//
// Builds the app (or reuses a build newer than its sources), serves it cross-origin isolated
// with `vite preview`, and drives Debian's headless Chromium (never a downloaded browser):
//   1. which backends start, and what 'auto' measures and picks (a second worker of the bundle);
//   2. the default page: load, press Train at once, time the first sample grids, watch the main
//      thread while it trains;
//   3. for the default DCGAN and VAE (src/ml/config.ts, dataset presets applied) on MNIST and on
//      the RGB faces: PyTorch on the CPU (the playground's own PyTorch export of the run, timed by
//      bench/reference/torch_bench.py), then the page's worker on wasm;
//   4. memory over 2,000 steps on wasm (tensors, worker and page JS heap);
//   5. the other backends (webgl, webgpu, cpu: software here, so slow) with what time is left,
//      each capped, and a short memory run on each.
// Results: bench/results/bench.json and bench.md, and the tables on the console.
//
//   npm run bench                         everything (a --minutes budget, 14 by default)
//   npm run bench -- --quick              smaller windows and runs (a 6-minute budget)
//   npm run bench -- --backends wasm --datasets mnist --no-torch    a narrower look
//   npm run bench -- --only memory --memory-steps 2000 --out /tmp/x   phase 4 alone, written
//                                                                      elsewhere (a partial run)
//   --dist DIR builds into DIR (several checkouts benchmarking at once must not share one)

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser } from './lib/browser';
import {
  measureModels,
  measureSlowBackends,
  measureWasmMemory,
  sec,
  type BenchSession,
  type ModelPhasePlan,
} from './lib/phases';
import { BACKEND_ORDER, renderMarkdown, type BenchResults, type MemoryRun } from './lib/report';
import { checkBackends, measureStartup } from './lib/scenarios';
import { buildAndServe } from './lib/serve';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface BenchOptions {
  readonly quick: boolean;
  readonly backends: string[];
  readonly kinds: ('dcgan' | 'vae')[];
  readonly datasets: string[];
  readonly memorySteps: number;
  readonly minutes: number;
  readonly out: string;
  /** Phase 4 alone ('memory'), or every phase (null). */
  readonly only: 'memory' | null;
  /** Where the app is built (undefined: buildAndServe's own folder). */
  readonly dist: string | undefined;
  /** How each phase measures, from the options above and the PyTorch ones. */
  readonly models: ModelPhasePlan;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = Date.now();
  const loadAverageStart = os.loadavg();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  log(`building (if stale) and serving the app`);
  const server = await buildAndServe(ROOT, options.dist);
  if (server.rebuilt) log('built the app');
  const browser = await launchBenchBrowser();
  const chromium = browser.version();
  log(`Chromium ${chromium} at ${server.url}`);
  let measured: Measured;
  try {
    const session = { browser, url: server.url, log };
    measured = await measure(session, options, started + options.minutes * 60_000);
  } finally {
    await browser.close();
    await server.close();
  }
  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    options: {
      quick: options.quick,
      backends: options.backends,
      kinds: options.kinds,
      datasets: options.datasets,
      memorySteps: options.memorySteps,
      minutes: options.minutes,
    },
    machine: machine(chromium, loadAverageStart, measured),
    backends: measured.checks,
    auto: measured.auto,
    startup: measured.startup,
    rows: measured.rows,
    memory: measured.memory,
    wallSeconds: (Date.now() - started) / 1000,
  };
  await writeResults(results, options.out, log);
}

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      backends: { type: 'string', default: BACKEND_ORDER.join(',') },
      models: { type: 'string', default: 'dcgan,vae' },
      datasets: { type: 'string', default: 'mnist,faces' },
      'no-torch': { type: 'boolean', default: false },
      python: { type: 'string', default: '/usr/bin/python3' },
      // 'best': time PyTorch on one thread and on every core, and keep the faster.
      'torch-threads': { type: 'string', default: 'best' },
      'memory-steps': { type: 'string' },
      minutes: { type: 'string' },
      out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
      only: { type: 'string' },
      dist: { type: 'string' },
    },
  });
  const quick = values.quick;
  if (values.only !== undefined && values.only !== 'memory')
    throw new Error(`--only takes 'memory', not '${values.only}'`);
  const best = values['torch-threads'] === 'best';
  const threads = best ? 0 : Number(values['torch-threads']);
  const kinds = values.models.split(',') as ('dcgan' | 'vae')[];
  const datasets = values.datasets.split(',');
  return {
    quick,
    backends: values.backends.split(',').filter((b) => b !== ''),
    kinds,
    datasets,
    memorySteps: Number(values['memory-steps'] ?? (quick ? 200 : 2000)),
    minutes: Number(values.minutes ?? (quick ? 6 : 14)),
    out: values.out,
    only: values.only === 'memory' ? 'memory' : null,
    dist: values.dist,
    models: {
      kinds,
      datasets,
      torch: values['no-torch']
        ? null
        : {
            python: values.python,
            warmup: 2,
            windows: quick ? 3 : 5,
            windowSeconds: quick ? 1.5 : 3,
            budgetSeconds: quick ? 10 : 30,
            threads,
          },
      torchThreadChoices: best ? [...new Set([1, os.cpus().length])] : [threads],
      // Used where wasm starts (measure() checks first).
      wasm: {
        warmupSteps: quick ? 1 : 2,
        windows: quick ? 3 : 5,
        windowTargetMs: quick ? 1500 : 3000,
        firstStepCapMs: 90_000,
        budgetMs: quick ? 30_000 : 60_000,
      },
    },
  };
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** The five phases of the header, in order, in one browser. */
async function measure(session: BenchSession, options: BenchOptions, deadline: number) {
  const { browser, url, log } = session;
  if (options.only === 'memory') return measureMemoryOnly(session, options);
  // 1. Which backends start; what 'auto' picks.
  const { checks, auto } = await checkBackends(browser, url, options.backends);
  for (const c of checks)
    log(`${c.backend}: ${c.starts ? 'starts' : `does not start (${c.reason})`}`);
  log(`auto chose ${auto.init.backend}: ${auto.init.autoReason ?? ''}`);
  const running = checks.filter((c) => c.starts).map((c) => c.backend);
  const wasm = running.includes('wasm');

  // 2. The default page, Train pressed at once.
  const startup = await measureStartup(browser, url, options.quick ? 8000 : 20_000);
  log(
    `startup on ${startup.backend}: ready ${sec(startup.readyMs)}, first grid ${sec(startup.firstGridMs)} ` +
      `after Train, trained grid ${sec(startup.firstTrainedGridMs)}, longest main-thread task ` +
      `${startup.mainThread.longestTaskMs.toFixed(0)} ms`,
  );

  // 3. PyTorch and wasm, model by model.
  const models = await measureModels(session, {
    ...options.models,
    wasm: wasm ? options.models.wasm : null,
  });

  // 4. Memory over many steps on wasm.
  const memory: MemoryRun[] = [];
  if (wasm) {
    const budgetMs = options.quick ? 90_000 : 240_000;
    memory.push(await measureWasmMemory(session, options.memorySteps, budgetMs));
  }

  // 5. The slow backends, with the time that is left.
  const slow = running.filter((b) => b !== 'wasm');
  memory.push(...(await measureSlowBackends(session, slow, models.rows, deadline)));
  return { checks, auto, startup, memory, ...models };
}

/** Phase 4 alone: the other phases' fields stay empty. */
async function measureMemoryOnly(session: BenchSession, options: BenchOptions) {
  const budgetMs = options.quick ? 90_000 : 240_000;
  const memory = [await measureWasmMemory(session, options.memorySteps, budgetMs)];
  return {
    checks: [],
    auto: null,
    startup: null,
    memory,
    rows: [],
    torchVersion: undefined,
    torchThreads: undefined,
  };
}

function machine(
  chromium: string,
  loadAverageStart: number[],
  { torchVersion, torchThreads }: Measured,
): BenchResults['machine'] {
  return {
    cpus: os.cpus().length,
    loadAverageStart,
    loadAverageEnd: os.loadavg(),
    chromium,
    node: process.version,
    tfjs: '4.22.0',
    ...(torchVersion ? { torch: torchVersion, torchThreads } : {}),
  };
}

async function writeResults(results: BenchResults, out: string, log: (line: string) => void) {
  const markdown = renderMarkdown(results);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(out, 'bench.md'), `${markdown}\n`);
  console.log(`\n${markdown}`);
  log(`wrote ${path.relative(ROOT, path.join(out, 'bench.md'))} and bench.json`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
