// The learning benchmark's results as data (bench/results/learning.json) and as the tables a
// person reads (bench/results/learning.md): one table per config, time points down, tfjs and
// PyTorch side by side.

import type { ImageShape } from '../../src/datasets/types';
import { isConditional, type ModelConfig } from '../../src/ml/config';
import type { PageRunResult } from './page-run';
import type { LearningConfig } from './plan';
import type { PointQuality, PointResult } from './scoring';
import type { TorchRunResult } from './torch-run';

/** A configuration as planned (without its seed, which the header gives), and what both sides got. */
export interface ConfigResult extends Omit<LearningConfig, 'seed'> {
  readonly tfjs: PageRunResult;
  readonly torch: TorchRunResult | null;
}

export interface LearningResults {
  readonly date: string;
  readonly command: string;
  readonly points: readonly number[];
  readonly sets: readonly string[];
  readonly pageMetrics: boolean;
  readonly machine: {
    readonly cpus: number;
    readonly loadAverageStart: readonly number[];
    readonly loadAverageEnd: readonly number[];
    readonly chromium: string;
    readonly node: string;
    readonly tfjs: string;
    readonly torch: string | null;
  };
  readonly configs: readonly ConfigResult[];
  readonly wallSeconds: number;
}

/** A metric column pair: its heading and how to read it from a point. */
interface Metric {
  readonly title: string;
  readonly value: (q: PointQuality) => number | undefined;
  readonly digits: number;
  /** A fixed range for the plot's y axis (else from the data, down to 0). */
  readonly domain?: readonly [number, number];
}

const CLASSIFIER_METRICS: readonly Metric[] = [
  { title: 'FID', value: (q) => q.fid, digits: 1 },
  { title: 'classes', value: (q) => q.effectiveClasses, digits: 2 },
];
const COLOUR_METRICS: readonly Metric[] = [
  { title: 'pixel dist.', value: (q) => q.pixelDistance, digits: 3, domain: [0, 1] },
  { title: 'nearest', value: (q) => q.nearestDistance, digits: 3 },
];

/** A conditional config's class agreement, in percent (the classifier's sets only). */
const AGREEMENT: Metric = {
  title: 'agreement %',
  value: (q) => (q.classAgreement === undefined ? undefined : 100 * q.classAgreement),
  digits: 1,
  domain: [0, 100],
};

/** The columns of a config: a conditional config on a classifier's set adds the agreement. */
export function metricsFor(config: {
  readonly shape: ImageShape;
  readonly model: ModelConfig;
}): readonly Metric[] {
  if (config.shape.channels !== 1) return COLOUR_METRICS;
  return isConditional(config.model) ? [...CLASSIFIER_METRICS, AGREEMENT] : CLASSIFIER_METRICS;
}

export function renderLearningMarkdown(r: LearningResults): string {
  return [...header(r), ...r.configs.flatMap(configSection)].join('\n');
}

function header(r: LearningResults): string[] {
  const m = r.machine;
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const sets = r.sets.length > 0 ? ` with ${r.sets.map((s) => `\`${s}\``).join(', ')}` : '';
  return [
    '# Learning per second: the playground in Chromium vs PyTorch on the CPU',
    '',
    `${r.date}, \`${r.command}\`, ${(r.wallSeconds / 60).toFixed(1)} min. Chromium ${m.chromium} ` +
      `(headless), tfjs ${m.tfjs}, PyTorch ${m.torch ?? '(not run)'}, Node ${m.node}, ${m.cpus} ` +
      `cores, load average ${load(m.loadAverageStart)} at the start and ${load(m.loadAverageEnd)} ` +
      `at the end (a shared machine: figures of one sitting compare better than across sittings).`,
    '',
    `Each config is the page's default for its dataset (src/ml/config.ts presets)${sets}. tfjs: ` +
      `the page's own training worker on wasm after pressing Train` +
      (r.pageMetrics ? '' : ` (the page's epoch-end quality metrics switched off)`) +
      `; PyTorch: the playground's PyTorch export of the same config on the same training split ` +
      `(bench/learning/torch_learning.py). Training time leaves out pausing, sampling and ` +
      `scoring; each side stops at the end of the step that crosses the point (its time in ` +
      `brackets). Both sides draw the same fixed noise at every point (1,000 samples on 28x28 ` +
      `sets, 500 on colour sets), rounded to 8 bits and scored by the product's QualityReference ` +
      `(src/ml/metrics/quality.ts).`,
    '',
    `- FID: Fréchet distance in the bundled classifier's features to the test split (lower is ` +
      `better); classes: effective classes among the classifier's predictions (of 10); ` +
      `agreement % (class-conditional configs): samples the classifier sees as the class they ` +
      `were drawn for, sample i drawn as class i mod 10 (real test images: the classifier's ` +
      `accuracy, 99% on MNIST).`,
    `- Colour sets: pixel dist. = total variation between the colour histograms of samples and ` +
      `training images (0 same, 1 disjoint); nearest = median RMS distance of a sample to its ` +
      `nearest training image (pixels in [0, 1]; far below real test images' figure means copies).`,
    `- Scoring: seconds to score one point (tfjs / PyTorch), not in the training time. Sample ` +
      `grids (the first 64 samples): bench/results/learning/; plot: learning.svg.`,
    '',
  ];
}

function configSection(c: ConfigResult): string[] {
  const metrics = metricsFor(c);
  const torch = c.torch;
  const rows = c.tfjs.points.map((p) => p.target);
  for (const p of torch?.points ?? []) if (!rows.includes(p.target)) rows.push(p.target);
  rows.sort((a, b) => a - b);
  const at = (points: readonly PointResult[] | undefined, t: number) =>
    points?.find((p) => p.target === t);
  const heads = ['steps', ...metrics.map((m) => m.title)].flatMap((h) => [
    `${h} tfjs`,
    `${h} PyTorch`,
  ]);
  const lines = [
    `## ${c.kind === 'dcgan' ? 'DCGAN' : 'VAE'} on ${c.datasetId} (${c.name})`,
    '',
    ...configNotes(c),
    '',
    `| training time | ${heads.join(' | ')} | scoring s |`,
    `| --- | ${heads.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const t of rows) {
    const a = at(c.tfjs.points, t);
    const b = at(torch?.points, t);
    const cells = [stepsCell(a), stepsCell(b)];
    for (const m of metrics) cells.push(metricCell(a, m), metricCell(b, m));
    const scoring = `${a?.scoreSeconds.toFixed(1) ?? '–'} / ${b?.scoreSeconds.toFixed(1) ?? '–'}`;
    lines.push(`| ${t} s | ${cells.join(' | ')} | ${scoring} |`);
  }
  lines.push('');
  return lines;
}

function configNotes(c: ConfigResult): string[] {
  const m = c.model as unknown as Record<string, unknown>;
  const keys = ['batchSize', 'latentDim', 'baseFilters'];
  const model = keys.map((k) => `${k} ${String(m[k])}`).join(', ');
  const overrides = Object.entries(c.overrides).map(([k, v]) => `${k}=${v}`);
  const threads = c.tfjs.threads === null ? '' : `, ${c.tfjs.threads} thread(s)`;
  const notes = [
    `${model}${overrides.length > 0 ? `; overrides ${overrides.join(', ')}` : ''}. ` +
      `tfjs on ${c.tfjs.backend}${threads}; PyTorch ${torchThreads(c.torch)}.`,
  ];
  const real = c.tfjs.points[0]?.real ?? c.torch?.points[0]?.real;
  if (real?.effectiveClasses !== undefined) {
    notes.push(`Real test images: ${real.effectiveClasses.toFixed(2)} effective classes.`);
  }
  if (real?.nearestDistance !== undefined && real.nearestDistance !== null) {
    notes.push(`Real test images: nearest ${real.nearestDistance.toFixed(3)}.`);
  }
  if (c.tfjs.error !== undefined) notes.push(`**tfjs stopped:** ${c.tfjs.error}`);
  if (c.torch?.error !== undefined) notes.push(`**PyTorch stopped:** ${c.torch.error}`);
  return [notes.join(' ')];
}

function torchThreads(t: TorchRunResult | null): string {
  if (t === null) return 'not run';
  if (t.threads === null) return 'did not start';
  const n = `${t.threads.threads} thread${t.threads.threads === 1 ? '' : 's'}`;
  if (t.threads.how === 'given') return `on ${n} (--torch-threads)`;
  const timed = t.threads.timings.map((x) => `${x.threads}: ${x.imagesPerSec.toFixed(0)}`);
  return `on ${n}, the faster of 1 and 2 (images/s ${timed.join(', ')})`;
}

function stepsCell(p: PointResult | undefined): string {
  return p === undefined ? '–' : `${p.steps} (${p.seconds.toFixed(1)} s)`;
}

function metricCell(p: PointResult | undefined, m: Metric): string {
  const v = p === undefined ? undefined : m.value(p.quality);
  return v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(m.digits);
}
