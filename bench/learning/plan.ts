// What `npm run bench:learning` measures: the command line, read into the configs to train (each
// the page's default for its dataset, plus any --set overrides), the training-time points and the
// fixed noise every point of a config is sampled from.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseOverrides } from '../../src/cli/args';
import { requireClasses } from '../../src/datasets/classes';
import { getDataset } from '../../src/datasets/registry';
import type { ImageShape } from '../../src/datasets/types';
import { Rng } from '../../src/lib/rng';
import {
  DEFAULT_TRAIN,
  fieldsFor,
  isConditional,
  presetWithOverrides,
  type ModelConfig,
  type ModelKind,
  type FieldValue,
} from '../../src/ml/config';

export const DEFAULT_CONFIGS = [
  'dcgan:mnist',
  'dcgan:fashion',
  'dcgan:flags',
  'dcgan:faces',
  'vae:mnist',
  'vae:faces',
];
export const DEFAULT_POINTS = [30, 60, 120, 300, 600];
/** Seeds the evaluation noise (not the run: both sides train with the run's own seed). */
const NOISE_SEED = 20_261_203;

export interface LearningConfig {
  /** File-name friendly: dcgan-mnist. */
  readonly name: string;
  readonly kind: ModelKind;
  readonly datasetId: string;
  readonly shape: ImageShape;
  /** The dataset's preset (src/ml/config.ts) with the overrides applied. */
  readonly model: ModelConfig;
  readonly overrides: Readonly<Record<string, FieldValue>>;
  readonly seed: number;
  /** Samples scored at each point: 1,000 on 28x28 grey sets, 500 on colour sets. */
  readonly sampleCount: number;
}

export interface LearningPlan {
  readonly configs: readonly LearningConfig[];
  /** Training seconds, ascending. */
  readonly points: readonly number[];
  readonly sets: readonly string[];
  readonly torch: boolean;
  /** 0: time 1 and 2 threads and take the faster. */
  readonly torchThreads: number;
  readonly python: string;
  /** Keep the page's own epoch-end quality metrics on (they take training time). */
  readonly pageMetrics: boolean;
  readonly out: string;
  /** Where the app is built (several checkouts benchmarking at once must not share one). */
  readonly dist: string | undefined;
}

export function parsePlan(argv: readonly string[], root: string): LearningPlan {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      configs: { type: 'string', default: DEFAULT_CONFIGS.join(',') },
      points: { type: 'string', default: DEFAULT_POINTS.join(',') },
      set: { type: 'string', multiple: true, default: [] },
      'no-torch': { type: 'boolean', default: false },
      'torch-threads': { type: 'string', default: '0' },
      python: { type: 'string', default: '/usr/bin/python3' },
      'page-metrics': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(root, 'bench', 'results') },
      dist: { type: 'string' },
    },
  });
  const points = values.points.split(',').map(Number);
  if (points.some((p) => !(p > 0)) || points.some((p, i) => i > 0 && p <= points[i - 1])) {
    throw new Error(`--points takes ascending positive seconds, got "${values.points}"`);
  }
  const threads = Number(values['torch-threads']);
  if (!Number.isInteger(threads) || threads < 0) {
    throw new Error(`--torch-threads takes a whole number, got "${values['torch-threads']}"`);
  }
  return {
    configs: resolveConfigs(values.configs.split(','), values.set),
    points,
    sets: values.set,
    torch: !values['no-torch'],
    torchThreads: threads,
    python: values.python,
    pageMetrics: values['page-metrics'],
    out: values.out,
    dist: values.dist && path.resolve(values.dist),
  };
}

/** `kind:dataset` specs with the `name=value` overrides that each kind has. */
export function resolveConfigs(
  specs: readonly string[],
  sets: readonly string[],
): LearningConfig[] {
  const configs = specs
    .filter((s) => s.trim() !== '')
    .map((spec) => {
      const [kind, datasetId] = spec.trim().split(':');
      if ((kind !== 'dcgan' && kind !== 'vae') || datasetId === undefined) {
        throw new Error(`--configs takes kind:dataset (dcgan:mnist, vae:faces), got "${spec}"`);
      }
      const fits = sets.filter((pair) => Object.hasOwn(fieldsFor(kind), pair.split('=')[0]));
      return makeConfig(kind, datasetId, parseOverrides(kind, fits));
    });
  for (const pair of sets) {
    const name = pair.split('=')[0];
    if (!configs.some((c) => Object.hasOwn(c.overrides, name))) {
      throw new Error(`--set ${pair}: none of the configs has a setting "${name}"`);
    }
  }
  return configs;
}

function makeConfig(
  kind: ModelKind,
  datasetId: string,
  overrides: Readonly<Record<string, FieldValue>>,
): LearningConfig {
  const { shape } = getDataset(datasetId).info;
  return {
    name: `${kind}-${datasetId}`,
    kind,
    datasetId,
    shape,
    model: presetWithOverrides(kind, datasetId, overrides),
    overrides,
    seed: DEFAULT_TRAIN.seed,
    sampleCount: shape.channels === 1 ? 1000 : 500,
  };
}

/** The evaluation latents [sampleCount, latentDim], the same at every point and on both sides. */
export function evaluationNoise(config: LearningConfig): Float32Array {
  return new Rng(NOISE_SEED).normals(config.sampleCount * config.model.latentDim);
}

/**
 * A class-conditional config's class for each evaluation sample: sample i is class i mod k, so
 * every class is drawn equally often (as the page's epoch metrics draw them); undefined for an
 * unconditional config.
 */
export function evaluationClasses(config: LearningConfig): Int32Array | undefined {
  if (!isConditional(config.model)) return undefined;
  const k = requireClasses(getDataset(config.datasetId).info).length;
  return Int32Array.from({ length: config.sampleCount }, (_, i) => i % k);
}

/** The page's URL for a config: the dataset's preset is the page's default, overrides ride along. */
export function pageQuery(config: LearningConfig): string {
  const params = new URLSearchParams({
    backend: 'wasm',
    dataset: config.datasetId,
    model: config.kind,
    seed: String(config.seed),
  });
  for (const [key, value] of Object.entries(config.overrides)) params.set(key, String(value));
  return `?${params.toString()}`;
}
