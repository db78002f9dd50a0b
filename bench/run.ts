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
//   npm run bench                         everything (about 15 minutes on 2 busy cores)
//   npm run bench -- --quick              smaller windows and runs (about 6 minutes)
//   npm run bench -- --backends wasm --datasets mnist --no-torch    a narrower look

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { getDataset } from '../src/datasets/registry';
import { presetConfig } from '../src/ml/config';
import { launchBenchBrowser } from './lib/browser';
import { buildAndServe } from './lib/serve';
import {
  BACKEND_ORDER,
  fmtRate,
  renderMarkdown,
  WASM_ALL_CORES,
  type BenchResults,
  type BenchRow,
  type MemoryRun,
} from './lib/report';
import { checkBackends, measureStartup, type AutoChoice, type BackendCheck } from './lib/scenarios';
import { measureThroughput, type ThroughputPlan, type ThroughputResult } from './lib/throughput';
import { torchThroughput, type TorchPlan, type TorchResult } from './lib/torch';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** A small DCGAN for the long memory run: the same code path per step, 2,000 steps in about a minute. */
const MEMORY_MODEL = 'batchSize=16&baseFilters=8';

async function main(): Promise<void> {
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
    },
  });
  const quick = values.quick;
  const backends = values.backends.split(',').filter((b) => b !== '');
  const kinds = values.models.split(',') as ('dcgan' | 'vae')[];
  const datasets = values.datasets.split(',');
  const memorySteps = Number(values['memory-steps'] ?? (quick ? 200 : 2000));
  const minutes = Number(values.minutes ?? (quick ? 6 : 14));
  const started = Date.now();
  const deadline = started + minutes * 60_000;
  const loadAverageStart = os.loadavg();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  const fast = {
    warmupSteps: quick ? 1 : 2,
    windows: quick ? 3 : 5,
    windowTargetMs: quick ? 1500 : 3000,
    firstStepCapMs: 90_000,
    budgetMs: quick ? 30_000 : 60_000,
  };
  const torchPlan: TorchPlan = {
    python: values.python,
    warmup: 2,
    windows: quick ? 3 : 5,
    windowSeconds: quick ? 1.5 : 3,
    budgetSeconds: quick ? 10 : 30,
    threads: values['torch-threads'] === 'best' ? 0 : Number(values['torch-threads']),
  };
  const torchThreadChoices =
    values['torch-threads'] === 'best' ? [...new Set([1, os.cpus().length])] : [torchPlan.threads];

  log(`building (if stale) and serving the app`);
  const server = await buildAndServe(ROOT);
  if (server.rebuilt) log('built the app');
  const browser = await launchBenchBrowser();
  const chromium = browser.version();
  log(`Chromium ${chromium} at ${server.url}`);
  const rows: BenchRow[] = [];
  const memory: MemoryRun[] = [];
  let checks: BackendCheck[];
  let auto: AutoChoice | null;
  let startup: BenchResults['startup'];
  let torchVersion: string | undefined;
  let torchThreads: number | undefined;
  try {
    // 1. Which backends start; what 'auto' picks.
    const checked = await checkBackends(browser, server.url, backends);
    checks = checked.checks;
    auto = checked.auto;
    for (const c of checks)
      log(`${c.backend}: ${c.starts ? 'starts' : `does not start (${c.reason})`}`);
    log(`auto chose ${auto.init.backend}: ${auto.init.autoReason ?? ''}`);
    const running = checks.filter((c) => c.starts).map((c) => c.backend);

    // 2. The default page, Train pressed at once.
    startup = await measureStartup(browser, server.url, quick ? 8000 : 20_000);
    log(
      `startup on ${startup.backend}: ready ${sec(startup.readyMs)}, first grid ${sec(startup.firstGridMs)} ` +
        `after Train, trained grid ${sec(startup.firstTrainedGridMs)}, longest main-thread task ` +
        `${startup.mainThread.longestTaskMs.toFixed(0)} ms`,
    );

    // 3. PyTorch and wasm, model by model (one after the other, never at once: 2 cores).
    const combos = kinds.flatMap((kind) => datasets.map((datasetId) => ({ kind, datasetId })));
    for (const { kind, datasetId } of combos) {
      const shape = getDataset(datasetId).info.shape;
      const config = presetConfig(kind, datasetId);
      const imagesPerStep = config.batchSize * (config.kind === 'dcgan' ? config.dStepsPerG : 1);
      let torch: TorchResult | null = null;
      let torchError: string | undefined;
      if (!values['no-torch']) {
        try {
          for (const threads of torchThreadChoices) {
            const tried = await torchThroughput(config, shape, datasetId, {
              ...torchPlan,
              threads,
            });
            log(
              `PyTorch ${kind} ${datasetId} on ${tried.threads} thread(s): ${fmtRate(tried.imagesPerSec)} images/s`,
            );
            if (torch === null || tried.imagesPerSec > torch.imagesPerSec) torch = tried;
          }
          if (torch === null) throw new Error('no PyTorch run');
          torchVersion = torch.torch;
          torchThreads = torch.threads;
          log(`PyTorch ${kind} ${datasetId}: ${fmtRate(torch.imagesPerSec)} images/s`);
        } catch (err) {
          torchError = err instanceof Error ? err.message : String(err);
          log(`PyTorch ${kind} ${datasetId} failed: ${torchError}`);
        }
      }
      const row: BenchRow = {
        kind,
        datasetId,
        shape,
        config,
        imagesPerStep,
        torch,
        ...(torchError ? { torchError } : {}),
        browser: {},
      };
      rows.push(row);
      if (running.includes('wasm')) {
        const plan: ThroughputPlan = { backend: 'wasm', kind, datasetId, imagesPerStep, ...fast };
        row.browser.wasm = await measureThroughput(browser, server.url, plan);
        log(describe('wasm', row, row.browser.wasm));
        // The same run on every core: what the other cores add.
        const all = { ...plan, extraQuery: `threads=${os.cpus().length}` };
        row.browser[WASM_ALL_CORES] = await measureThroughput(browser, server.url, all);
        log(describe(WASM_ALL_CORES, row, row.browser[WASM_ALL_CORES]));
      }
    }

    // 4. Memory over many steps on wasm.
    if (running.includes('wasm')) {
      const result = await measureThroughput(browser, server.url, {
        ...memoryPlan('wasm', memorySteps),
        budgetMs: quick ? 90_000 : 240_000,
      });
      memory.push({ backend: 'wasm', description: memoryDescription(memorySteps), result });
      log(`memory on wasm: ${memoryLine(result)}`);
    }

    // 5. The slow backends, with the time that is left (each run capped).
    const slow = running.filter((b) => b !== 'wasm');
    const slowRuns = slow.length * combos.length;
    const memoryReserve = slow.length * 35_000;
    const cap = Math.min(
      90_000,
      Math.max(15_000, (deadline - Date.now() - memoryReserve) / Math.max(1, slowRuns) - 8000),
    );
    if (slowRuns > 0) log(`slow backends: ${slow.join(', ')}, each run capped at ${sec(cap)}`);
    for (const backend of slow) {
      for (const row of rows) {
        const plan: ThroughputPlan = {
          backend,
          kind: row.kind,
          datasetId: row.datasetId,
          imagesPerStep: row.imagesPerStep,
          warmupSteps: 0,
          windows: 3,
          windowTargetMs: 1,
          firstStepCapMs: cap,
          budgetMs: cap,
        };
        row.browser[backend] = await measureThroughput(browser, server.url, plan);
        log(describe(backend, row, row.browser[backend]));
      }
    }
    for (const backend of slow) {
      const result = await measureThroughput(browser, server.url, {
        ...memoryPlan(backend, 1000),
        budgetMs: 25_000,
      });
      memory.push({
        backend,
        description: `${memoryDescription(1000)}, stopped after 25 s`,
        result,
      });
      log(`memory on ${backend}: ${memoryLine(result)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    options: { quick, backends, kinds, datasets, memorySteps, minutes },
    machine: {
      cpus: os.cpus().length,
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
      chromium: chromium,
      node: process.version,
      tfjs: '4.22.0',
      ...(torchVersion ? { torch: torchVersion, torchThreads } : {}),
    },
    backends: checks,
    auto,
    startup,
    rows,
    memory,
    wallSeconds: (Date.now() - started) / 1000,
  };
  const markdown = renderMarkdown(results);
  await mkdir(values.out, { recursive: true });
  await writeFile(path.join(values.out, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(values.out, 'bench.md'), `${markdown}\n`);
  console.log(`\n${markdown}`);
  log(`wrote ${path.relative(ROOT, path.join(values.out, 'bench.md'))} and bench.json`);
}

function memoryPlan(backend: string, steps: number): ThroughputPlan {
  return {
    backend,
    kind: 'dcgan',
    datasetId: 'mnist',
    imagesPerStep: 16,
    extraQuery: MEMORY_MODEL,
    warmupSteps: 20,
    windows: 1,
    windowTargetMs: 5000,
    firstStepCapMs: 60_000,
    budgetMs: 240_000,
    maxSteps: steps,
    memoryEvery: Math.max(10, Math.round(steps / 10)),
  };
}

function memoryDescription(steps: number): string {
  return `DCGAN batch 16, base width 8, MNIST, up to ${steps} steps after 20 warm-up steps`;
}

function memoryLine(r: ThroughputResult): string {
  const a = r.memory[0];
  const b = r.memory[r.memory.length - 1];
  if (a === undefined || b === undefined) return `${r.status} ${r.reason ?? ''}`;
  return (
    `steps ${a.step} → ${b.step}: tensors ${a.tensors} → ${b.tensors}, worker heap ` +
    `${(a.workerHeap / 2 ** 20).toFixed(1)} → ${(b.workerHeap / 2 ** 20).toFixed(1)} MB`
  );
}

function describe(backend: string, row: BenchRow, r: ThroughputResult): string {
  const name = `${backend} ${row.kind} ${row.datasetId}`;
  const ratio = (v: number | undefined) =>
    row.torch && v !== undefined ? ` (${(v / row.torch.imagesPerSec).toFixed(2)}x PyTorch)` : '';
  switch (r.status) {
    case 'measured':
      return `${name}: ${r.rough ? '≥ ' : ''}${fmtRate(r.imagesPerSec ?? NaN)} images/s${ratio(r.imagesPerSec)}`;
    case 'too-slow':
      return `${name}: < ${fmtRate(r.belowImagesPerSec ?? NaN)} images/s (${r.reason})`;
    default:
      return `${name}: ${r.status} (${r.reason ?? ''})`;
  }
}

function sec(v: number | null): string {
  return v === null ? 'never' : `${(v / 1000).toFixed(1)} s`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
