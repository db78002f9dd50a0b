// The measuring phases of `npm run bench` (bench/run.ts): PyTorch and wasm model by model, memory
// over many steps on wasm, and the slow backends with the time that is left. Each phase takes
// the open browser and the served app, logs its lines as it goes, and returns what it measured.

import os from 'node:os';
import type { Browser } from 'playwright-core';
import { getDataset } from '../../src/datasets/registry';
import { presetConfig } from '../../src/ml/config';
import { fmtRate, heapGrowth, WASM_ALL_CORES, type BenchRow, type MemoryRun } from './report';
import { measureThroughput, type ThroughputPlan, type ThroughputResult } from './throughput';
import { torchThroughput, type TorchPlan, type TorchResult } from './torch';

/** Where the phases measure, and where they write their progress. */
export interface BenchSession {
  readonly browser: Browser;
  readonly url: string;
  readonly log: (line: string) => void;
}

/** How long the throughput runs on wasm are (shorter with --quick). */
export type WindowPlan = Pick<
  ThroughputPlan,
  'warmupSteps' | 'windows' | 'windowTargetMs' | 'firstStepCapMs' | 'budgetMs'
>;

export interface ModelPhasePlan {
  readonly kinds: readonly ('dcgan' | 'vae')[];
  readonly datasets: readonly string[];
  /** null: no PyTorch runs. */
  readonly torch: TorchPlan | null;
  /** Thread counts PyTorch is timed at; the fastest is kept. */
  readonly torchThreadChoices: readonly number[];
  readonly wasm: WindowPlan | null;
}

/** A small DCGAN for the long memory run: the same code path per step, at a fraction of the cost. */
const MEMORY_MODEL = 'batchSize=16&baseFilters=8';

/**
 * For each model and dataset: PyTorch on the CPU, then the page's worker on wasm at its default
 * thread count and on every core. One after the other, never at once, so they do not share cores.
 */
export async function measureModels(session: BenchSession, plan: ModelPhasePlan) {
  const rows: BenchRow[] = [];
  let torchVersion: string | undefined;
  let torchThreads: number | undefined;
  for (const kind of plan.kinds) {
    for (const datasetId of plan.datasets) {
      const shape = getDataset(datasetId).info.shape;
      const config = presetConfig(kind, datasetId);
      const imagesPerStep = config.batchSize * (config.kind === 'dcgan' ? config.dStepsPerG : 1);
      const model = { kind, datasetId, shape, config };
      const { torch, torchError } =
        plan.torch === null
          ? { torch: null, torchError: undefined }
          : await fastestTorch(session, plan.torch, plan.torchThreadChoices, model);
      if (torch !== null) {
        torchVersion = torch.torch;
        torchThreads = torch.threads;
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
      if (plan.wasm !== null) await measureWasm(session, row, plan.wasm);
    }
  }
  return { rows, torchVersion, torchThreads };
}

async function fastestTorch(
  { log }: BenchSession,
  plan: TorchPlan,
  threadChoices: readonly number[],
  { kind, datasetId, shape, config }: Pick<BenchRow, 'kind' | 'datasetId' | 'shape' | 'config'>,
): Promise<{ torch: TorchResult | null; torchError?: string }> {
  try {
    let torch: TorchResult | null = null;
    for (const threads of threadChoices) {
      const tried = await torchThroughput(config, shape, datasetId, { ...plan, threads });
      log(
        `PyTorch ${kind} ${datasetId} on ${tried.threads} thread(s): ${fmtRate(tried.imagesPerSec)} images/s`,
      );
      if (torch === null || tried.imagesPerSec > torch.imagesPerSec) torch = tried;
    }
    if (torch === null) throw new Error('no PyTorch run');
    log(`PyTorch ${kind} ${datasetId}: ${fmtRate(torch.imagesPerSec)} images/s`);
    return { torch };
  } catch (err) {
    const torchError = err instanceof Error ? err.message : String(err);
    log(`PyTorch ${kind} ${datasetId} failed: ${torchError}`);
    return { torch: null, torchError };
  }
}

/** wasm at its default thread count, then the same run on every core: what the other cores add. */
async function measureWasm(session: BenchSession, row: BenchRow, windows: WindowPlan) {
  const { browser, url, log } = session;
  const { kind, datasetId, imagesPerStep } = row;
  const plan: ThroughputPlan = { backend: 'wasm', kind, datasetId, imagesPerStep, ...windows };
  row.browser.wasm = await measureThroughput(browser, url, plan);
  log(describeResult('wasm', row, row.browser.wasm));
  const all = { ...plan, extraQuery: `threads=${os.cpus().length}` };
  row.browser[WASM_ALL_CORES] = await measureThroughput(browser, url, all);
  log(describeResult(WASM_ALL_CORES, row, row.browser[WASM_ALL_CORES]));
}

/** Tensors and heaps over `steps` training steps of a small DCGAN on wasm. */
export async function measureWasmMemory(
  { browser, url, log }: BenchSession,
  steps: number,
  budgetMs: number,
): Promise<MemoryRun> {
  const result = await measureThroughput(browser, url, { ...memoryPlan('wasm', steps), budgetMs });
  log(`memory on wasm: ${memoryLine(result)}`);
  return { backend: 'wasm', description: memoryDescription(steps), result };
}

/**
 * The software backends (webgl, webgpu, cpu here): every row once, each run capped so that they
 * share what is left before the deadline, then a short memory run on each.
 */
export async function measureSlowBackends(
  session: BenchSession,
  slow: readonly string[],
  rows: BenchRow[],
  deadline: number,
): Promise<MemoryRun[]> {
  const { browser, url, log } = session;
  const slowRuns = slow.length * rows.length;
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
      row.browser[backend] = await measureThroughput(browser, url, plan);
      log(describeResult(backend, row, row.browser[backend]));
    }
  }
  const memory: MemoryRun[] = [];
  for (const backend of slow) {
    const result = await measureThroughput(browser, url, {
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
  return memory;
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
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const growth = heapGrowth(r.memory);
  return (
    `steps ${a.step} → ${b.step}: tensors ${a.tensors} → ${b.tensors}, worker heap ` +
    `${mb(a.workerHeap)} → ${mb(b.workerHeap)} MB, page heap ${mb(a.pageHeap)} → ` +
    `${mb(b.pageHeap)} MB` +
    (growth === null
      ? ''
      : `; after warm-up (from step ${growth.fromStep}): page ${mb(growth.page)} MB, worker ` +
        `${mb(growth.worker)} MB, ${growth.flat ? 'flat' : 'NOT flat'}`)
  );
}

function describeResult(backend: string, row: BenchRow, r: ThroughputResult): string {
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

/** Milliseconds as seconds for a log line; null: it never happened. */
export function sec(v: number | null): string {
  return v === null ? 'never' : `${(v / 1000).toFixed(1)} s`;
}
