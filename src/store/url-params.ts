// Page options read from the URL query. Unknown keys and invalid values fall back to defaults,
// so a hand-edited link never breaks the page. Model fields are checked against the config
// schema (src/ml/config.ts), the same one that validates forms and weights files.

import {
  checkField,
  DCGAN_FIELDS,
  fieldsFor,
  presetConfig,
  TRAIN_FIELDS,
  VAE_FIELDS,
  type ModelConfig,
  type ModelKind,
} from '../ml/config';
import type { BackendChoice } from '../worker/protocol';

export interface PageOptions {
  /** `?backend=webgl|wasm|cpu|webgpu` forces one; otherwise webgl, then wasm, then cpu. */
  readonly backend: BackendChoice;
  /** Multi-threaded wasm unless `?threads=0` (threads need a cross-origin isolated page). */
  readonly wasmThreads: boolean;
  readonly datasetId: string | null;
  readonly modelKind: ModelKind | null;
  /** `?stepsPerEpoch=N` shortens epochs (quick demos and tests); null: a full pass. */
  readonly stepsPerEpoch: number | null;
  /** `?sampleEvery=N`: a sample grid every N steps as well as at each epoch end. */
  readonly sampleEverySteps: number;
  readonly seed: number;
  /** Model fields by name (`?batchSize=16&baseFilters=8`), still unchecked: checked per kind. */
  readonly modelOverrides: Readonly<Record<string, number | string>>;
}

/** Often enough to watch samples change, rarely enough not to slow training noticeably. */
export const DEFAULT_SAMPLE_EVERY = 20;

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu', 'webgpu'];
const MODEL_FIELD_NAMES = new Set([...Object.keys(DCGAN_FIELDS), ...Object.keys(VAE_FIELDS)]);

export function parsePageOptions(search: string): PageOptions {
  const params = new URLSearchParams(search);
  const backend = params.get('backend') as BackendChoice | null;
  const model = params.get('model');
  const seed = intParam(params.get('seed'));
  const modelOverrides: Record<string, number | string> = {};
  for (const [key, raw] of params) {
    if (!MODEL_FIELD_NAMES.has(key)) continue;
    const asNumber = Number(raw);
    modelOverrides[key] = raw.trim() !== '' && Number.isFinite(asNumber) ? asNumber : raw;
  }
  return {
    backend: backend !== null && BACKENDS.includes(backend) ? backend : 'auto',
    wasmThreads: params.get('threads') !== '0',
    datasetId: params.get('dataset'),
    modelKind: model === 'dcgan' || model === 'vae' ? model : null,
    stepsPerEpoch: positive(intParam(params.get('stepsPerEpoch'))),
    sampleEverySteps: positive(intParam(params.get('sampleEvery'))) ?? DEFAULT_SAMPLE_EVERY,
    seed: seed !== null && checkField(TRAIN_FIELDS.seed, seed) === null ? seed : 1,
    modelOverrides,
  };
}

/** The dataset's preset for `kind`, with the URL's valid overrides for that kind applied. */
export function modelConfigFor(
  kind: ModelKind,
  datasetId: string,
  overrides: Readonly<Record<string, number | string>>,
): ModelConfig {
  const fields = fieldsFor(kind);
  const valid: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const spec = fields[key];
    if (spec !== undefined && checkField(spec, value) === null) valid[key] = value;
  }
  return { ...presetConfig(kind, datasetId), ...valid } as ModelConfig;
}

function intParam(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) ? n : null;
}

function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}
