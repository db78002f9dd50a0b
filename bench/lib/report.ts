// The benchmark's results as data (bench/results/bench.json) and as the tables a person reads
// (bench/results/bench.md, and the console).

import type { ImageShape } from '../../src/datasets/types';
import type { ModelConfig } from '../../src/ml/config';
import type { AutoChoice, BackendCheck, StartupResult } from './scenarios';
import { MAX_TIMELINE_FRAMES } from '../../src/store/timeline';
import { DEFAULT_SAMPLE_EVERY } from '../../src/store/url-params';
import { round } from './stats';
import type { MemoryPoint, ThroughputResult } from './throughput';
import type { TorchResult } from './torch';

export interface BenchRow {
  readonly kind: 'dcgan' | 'vae';
  readonly datasetId: string;
  readonly shape: ImageShape;
  readonly config: ModelConfig;
  readonly imagesPerStep: number;
  readonly torch: TorchResult | null;
  readonly torchError?: string;
  /** By backend; a backend missing here did not start (see `backends`). */
  readonly browser: Record<string, ThroughputResult>;
}

export interface MemoryRun {
  readonly backend: string;
  readonly description: string;
  readonly result: ThroughputResult;
}

export interface BenchResults {
  readonly date: string;
  readonly options: Record<string, unknown>;
  readonly machine: {
    readonly cpus: number;
    readonly loadAverageStart: number[];
    readonly loadAverageEnd: number[];
    readonly chromium: string;
    readonly node: string;
    readonly tfjs: string;
    readonly torch?: string;
    readonly torchThreads?: number;
  };
  readonly backends: BackendCheck[];
  readonly auto: AutoChoice | null;
  readonly startup: StartupResult | null;
  readonly rows: BenchRow[];
  readonly memory: MemoryRun[];
  readonly wallSeconds: number;
}

export const BACKEND_ORDER = ['wasm', 'webgl', 'webgpu', 'cpu'] as const;
/** The wasm run on every core, measured beside the default (tfjs's half) to show what they add. */
export const WASM_ALL_CORES = 'wasm-all-cores';
/** The table's columns: each backend, with the all-cores wasm run after wasm. */
const COLUMNS = ['wasm', WASM_ALL_CORES, 'webgl', 'webgpu', 'cpu'] as const;

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const torchThreads = [
    ...new Set(r.rows.flatMap((row) => (row.torch ? [row.torch.threads] : []))),
  ];
  const threads = torchThreads.length > 0 ? torchThreads.join(' or ') : '?';
  out.push(`# Training throughput: the playground in Chromium vs PyTorch on the CPU`);
  out.push('');
  out.push(
    `${r.date}, \`npm run bench${r.options.quick === true ? ' -- --quick' : ''}\`, ` +
      `${(r.wallSeconds / 60).toFixed(1)} min. Chromium ${r.machine.chromium} (headless, no GPU: ` +
      `WebGL and WebGPU on SwiftShader), tfjs ${r.machine.tfjs}, PyTorch ${r.machine.torch ?? '?'} ` +
      `(${threads} thread${threads === '1' ? '' : 's'}: the faster per row), ${r.machine.cpus} cores, load average ` +
      `${r.machine.loadAverageStart.map((x) => x.toFixed(1)).join(' ')} at the start and ` +
      `${r.machine.loadAverageEnd.map((x) => x.toFixed(1)).join(' ')} at the end ` +
      `(the machine is shared: figures from one sitting are comparable with each other, less so ` +
      `across sittings).`,
  );
  out.push('');
  out.push(
    '## Images per second (median of timed windows after warm-up; ratio to PyTorch in brackets)',
  );
  out.push('');
  out.push(
    `The default configs of src/ml/config.ts (per-dataset presets applied), trained in the page's ` +
      `real worker after pressing Train; PyTorch trains the same networks (the playground's own ` +
      `PyTorch export) with the same batch on the CPU.`,
  );
  out.push('');
  out.push(
    `wasm trains on tfjs's thread count, half the logical cores (${r.machine.cpus} here); ` +
      `${WASM_ALL_CORES} is the same run with \`threads=${r.machine.cpus}\`.`,
  );
  out.push('');
  out.push(`| Model | Data | Batch | PyTorch CPU | ${COLUMNS.join(' | ')} |`);
  out.push(`| --- | --- | --- | --- | ${COLUMNS.map(() => '---').join(' | ')} |`);
  for (const row of r.rows) {
    const torch = row.torch ? fmtRate(row.torch.imagesPerSec) : `failed`;
    const cells = COLUMNS.map((b) => throughputCell(row, b, r.backends));
    out.push(
      `| ${row.kind.toUpperCase()} | ${row.datasetId} ${shapeText(row.shape)} | ${row.config.batchSize} | ${torch} | ${cells.join(' | ')} |`,
    );
  }
  out.push('');
  const down = r.backends.filter((b) => !b.starts);
  for (const b of down) out.push(`- ${b.backend} did not start: ${b.reason ?? 'unknown reason'}`);
  if (down.length > 0) out.push('');

  out.push('## Each run: windows, memory, main thread');
  out.push('');
  out.push(
    '| Run | images/s per window | steps seen | tensors first → last | worker heap MB first → last | longest main-thread task | frames > 50 ms |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of r.rows) {
    if (row.torch) {
      out.push(
        `| PyTorch ${row.kind} ${row.datasetId} | ${row.torch.windowRates.map(fmtRate).join(', ')} (${row.torch.windowSteps} steps each) | | | | | |`,
      );
    }
    for (const b of COLUMNS) {
      const res = row.browser[b];
      if (res === undefined) continue;
      out.push(`| ${b} ${row.kind} ${row.datasetId} | ${detailCells(res).join(' | ')} |`);
    }
  }
  out.push('');

  if (r.startup) {
    const s = r.startup;
    out.push('## Opening the page and pressing Train (default: MNIST, DCGAN, Auto backend)');
    out.push('');
    out.push(`- Backend chosen: ${s.backend}`);
    out.push(`- Page load until Train can be pressed: ${sec(s.readyMs)}`);
    out.push(`- Train pressed until the first sample grid is on screen: ${sec(s.firstGridMs)}`);
    out.push(`- Train pressed until the first training step has finished: ${sec(s.firstStepMs)}`);
    out.push(
      `- Train pressed until a grid from a trained generator (step ${s.firstTrainedGridStep ?? '?'}) is on screen: ${sec(s.firstTrainedGridMs)}`,
    );
    out.push(
      `- Main thread over ${sec(s.mainThread.durationMs)} of training (${s.steps} steps): ` +
        `longest task ${ms(s.mainThread.longestTaskMs)} (${s.mainThread.longTasks} over 50 ms), ` +
        `${s.mainThread.slowFrames} of ${s.mainThread.frames} frames more than 50 ms apart ` +
        `(longest gap ${ms(s.mainThread.longestFrameGapMs)})`,
    );
    out.push('');
  }

  if (r.memory.length > 0) {
    out.push('## Memory over many steps');
    out.push('');
    for (const m of r.memory) {
      out.push(`${m.backend}, ${m.description}: ${memorySummary(m.result)}`);
      out.push('');
      out.push(
        '| step | tensors | tensor MB | worker JS heap MB | worker buffers MB | page JS heap MB |',
      );
      out.push('| --- | --- | --- | --- | --- | --- |');
      for (const p of m.result.memory) {
        out.push(
          `| ${p.step} | ${p.tensors} | ${mb(p.tensorBytes)} | ${mb(p.workerHeap)} | ${mb(p.workerBuffers)} | ${mb(p.pageHeap)} |`,
        );
      }
      out.push('');
    }
  }

  if (r.auto) {
    const sel = r.auto.init.selection;
    out.push(`## 'Auto' in this browser`);
    out.push('');
    out.push(`Chose **${r.auto.init.backend}**. ${r.auto.init.autoReason ?? ''}`);
    if (sel) {
      out.push('');
      out.push(`| Backend | Result | Detail |`);
      out.push(`| --- | --- | --- |`);
      for (const p of sel.probes) {
        const result =
          p.status === 'measured'
            ? `${fmtRate(p.imagesPerSec)} images/s`
            : p.status === 'too-slow'
              ? `< ${fmtRate(p.belowImagesPerSec)} images/s`
              : p.status;
        const detail =
          p.status === 'measured'
            ? `${p.timedSteps} timed steps, ${sec(p.ms)}`
            : p.status === 'too-slow'
              ? p.reason
              : p.reason;
        out.push(`| ${p.backend} | ${result} | ${detail} |`);
      }
      out.push('');
      out.push(`Choosing took ${sec(sel.ms)}.`);
    }
    out.push('');
  }
  return out.join('\n');
}

function throughputCell(row: BenchRow, backend: string, checks: readonly BackendCheck[]): string {
  const res = row.browser[backend];
  if (res === undefined) {
    const check = checks.find((c) => c.backend === backend);
    return check && !check.starts ? 'did not start' : '–';
  }
  const ratio = (v: number) => (row.torch ? ` (${(v / row.torch.imagesPerSec).toFixed(2)}x)` : '');
  switch (res.status) {
    case 'measured':
      return `${res.rough ? '≥ ' : ''}${fmtRate(res.imagesPerSec ?? NaN)}${ratio(res.imagesPerSec ?? NaN)}`;
    case 'too-slow':
      return `< ${fmtRate(res.belowImagesPerSec ?? NaN)}${ratio(res.belowImagesPerSec ?? NaN)}`;
    case 'unavailable':
      return 'did not start';
    case 'failed':
      return 'failed';
  }
}

function detailCells(res: ThroughputResult): string[] {
  const windows =
    res.status === 'measured'
      ? res.windowRates
        ? `${res.windowRates.map(fmtRate).join(', ')} (${res.stepsPerWindow} steps each)`
        : `${fmtRate(res.imagesPerSec ?? NaN)} (${res.reason ?? 'rough'})`
      : `${res.status}: ${res.reason ?? ''}`;
  const first = res.memory[0];
  const last = res.memory[res.memory.length - 1];
  const tensors =
    first && last ? `${first.tensors} → ${last.tensors} (steps ${first.step} → ${last.step})` : '';
  const heap = first && last ? `${mb(first.workerHeap)} → ${mb(last.workerHeap)}` : '';
  const m = res.mainThread;
  return [
    windows,
    String(res.stepsSeen),
    tensors,
    heap,
    m ? ms(m.longestTaskMs) : '',
    m ? `${m.slowFrames} of ${m.frames}` : '',
  ];
}

/** A heap is flat when it grows by less than this after warm-up. */
export const FLAT_HEAP_BYTES = 2 ** 20;

/**
 * The step by which the page's sample timeline holds all the grids it keeps (one every
 * DEFAULT_SAMPLE_EVERY steps; the memory run keeps the page's default): until then the page
 * heap grows by design, a packed grid at a time.
 */
export const TIMELINE_FULL_STEP = DEFAULT_SAMPLE_EVERY * MAX_TIMELINE_FRAMES;

/**
 * How much each JS heap grew after warm-up: from the first reading at or past both the run's
 * middle step and TIMELINE_FULL_STEP, to the last; and whether both stayed under
 * FLAT_HEAP_BYTES. Null: too few readings after warm-up.
 */
export function heapGrowth(points: readonly MemoryPoint[]) {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || points.length < 3) return null;
  const settled = Math.max((first.step + last.step) / 2, TIMELINE_FULL_STEP);
  const from = points.find((p) => p.step >= settled) ?? last;
  if (from === last) return null;
  const page = last.pageHeap - from.pageHeap;
  const worker = last.workerHeap - from.workerHeap;
  const flat = page < FLAT_HEAP_BYTES && worker < FLAT_HEAP_BYTES;
  return { fromStep: from.step, toStep: last.step, page, worker, flat };
}

function memorySummary(res: ThroughputResult): string {
  const pts = res.memory;
  if (pts.length < 2) return `${res.status}: ${res.reason ?? 'no readings'}`;
  const a = pts[0];
  const b = pts[pts.length - 1];
  const tensors = pts.map((p) => p.tensors);
  const growth = heapGrowth(pts);
  const verdict =
    growth === null
      ? ''
      : ` After warm-up (the second half of the run, and the sample timeline full: steps ` +
        `${growth.fromStep} → ${growth.toStep}) the page heap ` +
        `grew ${signedMb(growth.page)} MB and the worker heap ${signedMb(growth.worker)} MB: ` +
        (growth.flat
          ? `**flat** (both under ${mb(FLAT_HEAP_BYTES)} MB).`
          : `**not flat** (${mb(FLAT_HEAP_BYTES)} MB or more).`);
  return (
    `${b.step - a.step} steps after warm-up; tensors ${a.tensors} → ${b.tensors} ` +
    `(range ${Math.min(...tensors)}-${Math.max(...tensors)}), worker JS heap ${mb(a.workerHeap)} → ${mb(b.workerHeap)} MB, ` +
    `page JS heap ${mb(a.pageHeap)} → ${mb(b.pageHeap)} MB; ${fmtRate(res.imagesPerSec ?? NaN)} images/s.` +
    verdict
  );
}

function signedMb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;
}

export function fmtRate(v: number): string {
  if (!Number.isFinite(v)) return '?';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toPrecision(2);
}

function shapeText(s: ImageShape): string {
  return `${s.height}x${s.width}x${s.channels}`;
}

function mb(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(1) : '?';
}

function ms(v: number): string {
  return `${Math.round(v)} ms`;
}

function sec(v: number | null): string {
  return v === null ? 'never (within the time allowed)' : `${round(v / 1000, 2)} s`;
}

export type { MemoryPoint };
