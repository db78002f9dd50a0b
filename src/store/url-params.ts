// The run's setup in the URL: one schema for the query string (`?backend=wasm&batchSize=16`, used
// by tests and old links) and the hash (`#dataset=mnist&model=vae&seed=3`, written by the page so
// a copied link reproduces the setup). The hash wins where both give a key. Unknown keys are left
// alone; an invalid value falls back to its default and is listed in `ignored` with the reason,
// so the page can say what it dropped and a hand-edited link never breaks the page. Model fields
// are checked against the config schema (src/ml/config.ts), the same one that validates the form
// and weights files. The dataset is checked later, against the worker's list (custom sets live
// in the browser's storage, so only the worker knows them).

import {
  checkField,
  DCGAN_FIELDS,
  fieldsFor,
  presetConfig,
  presetWithOverrides,
  repairGanConfig,
  TRAIN_FIELDS,
  VAE_FIELDS,
  type FieldValue,
  type ModelConfig,
  type ModelKind,
} from '../ml/config';
import { MAX_WASM_THREADS } from '../ml/backends/wasm-threads';
import type { BackendChoice } from '../worker/protocol';

export interface PageOptions {
  /** `backend=webgl|wasm|cpu|webgpu` forces one; 'auto' times the candidates and keeps the fastest. */
  readonly backend: BackendChoice;
  /** Multi-threaded wasm unless `threads=0` (threads need a cross-origin isolated page). */
  readonly wasmThreads: boolean;
  /** `threads=N` (1..8): exactly N wasm threads; null: tfjs's choice (half the logical cores). */
  readonly wasmThreadCount: number | null;
  /**
   * `checkpointEvery=S`: seconds between checkpoints within an epoch (for tests; it stays in the
   * query, not the shared setup); null: a minute.
   */
  readonly checkpointEverySeconds: number | null;
  readonly datasetId: string | null;
  readonly modelKind: ModelKind | null;
  /** `stepsPerEpoch=N` shortens epochs (quick demos and tests); null: a full pass. */
  readonly stepsPerEpoch: number | null;
  /** `sampleEvery=N`: a sample grid every N steps as well as at each epoch end. */
  readonly sampleEverySteps: number;
  readonly seed: number;
  /** Model fields by name (`batchSize=16&baseFilters=8`), still unchecked: checked per kind. */
  readonly modelOverrides: Readonly<Record<string, FieldValue>>;
  /** The link's values that fell back to a default (run options, then model fields); absent when none did. */
  readonly ignored?: readonly IgnoredParam[];
}

/** One value of a link that the page could not use. */
export interface IgnoredParam {
  readonly key: string;
  /** As written in the link. */
  readonly value: string;
  /** Why, starting with a verb phrase: "must be between 2 and 512". */
  readonly reason: string;
}

/** "batchSize 1e9 ignored: must be between 2 and 512" */
export function describeIgnored(p: IgnoredParam): string {
  return `${p.key} ${p.value === '' ? '(empty)' : p.value} ignored: ${p.reason}`;
}

/** Often enough to watch samples change, rarely enough not to slow training noticeably. */
export const DEFAULT_SAMPLE_EVERY = 20;
export const DEFAULT_SEED = 1;

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu', 'webgpu'];
const MODEL_FIELD_NAMES = new Set([...Object.keys(DCGAN_FIELDS), ...Object.keys(VAE_FIELDS)]);
/** Every key this schema reads; other keys in the URL are left alone. */
const SETUP_KEYS = new Set([
  'backend',
  'threads',
  'dataset',
  'model',
  'stepsPerEpoch',
  'sampleEvery',
  'seed',
  ...MODEL_FIELD_NAMES,
]);

/** Reads the query string and then the hash (`location.search`, `location.hash`). */
export function parsePageOptions(search: string, hash = ''): PageOptions {
  const params = new URLSearchParams(search);
  for (const [key, value] of new URLSearchParams(hash.replace(/^#/, ''))) params.set(key, value);
  const ignored: IgnoredParam[] = [];
  /** `value` when `ok`; otherwise notes the key as ignored for `reason` and gives `fallback`. */
  const check = <T>(key: string, value: T, ok: boolean, reason: string, fallback: T): T => {
    const raw = params.get(key);
    if (raw === null || ok) return ok ? value : fallback;
    ignored.push({ key, value: raw, reason });
    return fallback;
  };
  const backend = params.get('backend') as BackendChoice | null;
  const model = params.get('model');
  const seed = intParam(params.get('seed'));
  const seedError = seed === null ? 'must be a whole number' : checkField(TRAIN_FIELDS.seed, seed);
  const threads = params.get('threads');
  const count = threadCount(threads);
  const kind: ModelKind | null = model === 'dcgan' || model === 'vae' ? model : null;
  const options: PageOptions = {
    backend: check(
      'backend',
      backend ?? 'auto',
      backend !== null && BACKENDS.includes(backend),
      `must be one of ${BACKENDS.join(', ')}`,
      'auto',
    ),
    wasmThreads: threads !== '0',
    wasmThreadCount: check(
      'threads',
      count,
      count !== null || threads === '0',
      `must be a whole number from 0 to ${MAX_WASM_THREADS}`,
      null,
    ),
    checkpointEverySeconds: positiveParam(check, params, 'checkpointEvery', null),
    datasetId: params.get('dataset'),
    modelKind: check('model', kind, kind !== null, 'must be dcgan or vae', null),
    stepsPerEpoch: positiveParam(check, params, 'stepsPerEpoch', null),
    sampleEverySteps: positiveParam(check, params, 'sampleEvery', DEFAULT_SAMPLE_EVERY),
    seed: check(
      'seed',
      seed ?? DEFAULT_SEED,
      seedError === null,
      withoutLabel(TRAIN_FIELDS.seed, seedError ?? ''),
      DEFAULT_SEED,
    ),
    modelOverrides: {},
  };
  const overrides: Record<string, FieldValue> = {};
  for (const [key, raw] of params) {
    if (!MODEL_FIELD_NAMES.has(key)) continue;
    const asNumber = Number(raw);
    // Toggles read true/false; everything else as a number where it is one.
    const toggle = raw === 'true' ? true : raw === 'false' ? false : null;
    overrides[key] = toggle ?? (raw.trim() !== '' && Number.isFinite(asNumber) ? asNumber : raw);
    const reason = overrideProblem(kind ?? 'dcgan', key, overrides[key]);
    if (reason !== null) ignored.push({ key, value: raw, reason });
  }
  if (kind !== 'vae') {
    // Valid values that cannot go together (WGAN-GP with label smoothing, say): the page uses
    // what the loss recommends instead. Only a value the link itself gives can clash.
    const { repaired } = linkModelConfig('dcgan', options.datasetId ?? 'mnist', overrides);
    for (const { key, reason } of repaired)
      ignored.push({ key, value: params.get(key) ?? '', reason });
  }
  return {
    ...options,
    modelOverrides: overrides,
    ...(ignored.length > 0 ? { ignored } : {}),
  };
}

/** Why `value` cannot be the `kind` model's field `key`, or null when it can. */
function overrideProblem(kind: ModelKind, key: string, value: FieldValue): string | null {
  const spec = fieldsFor(kind)[key];
  if (spec === undefined) return `not a setting of the ${kind === 'vae' ? 'VAE' : 'DCGAN'}`;
  const message = checkField(spec, value);
  return message === null ? null : withoutLabel(spec, message);
}

/** The schema's message without the field's label it starts with: "must be between 2 and 512". */
function withoutLabel(spec: { readonly label: string }, message: string): string {
  return message.startsWith(`${spec.label} `) ? message.slice(spec.label.length + 1) : message;
}

type Check = <T>(key: string, value: T, ok: boolean, reason: string, fallback: T) => T;

/** A whole number above 0 under `key`, else `fallback` (noted as ignored when the key is set). */
function positiveParam<T extends number | null>(
  check: Check,
  params: URLSearchParams,
  key: string,
  fallback: T,
): number | T {
  const n = positive(intParam(params.get(key)));
  return check<number | T>(
    key,
    n ?? fallback,
    n !== null,
    'must be a whole number above 0',
    fallback,
  );
}

/**
 * The dataset's preset for `kind`, with the URL's valid overrides for that kind applied: a loss
 * first, with its recommended settings (withLoss), then the other fields; combinations that
 * cannot train are repaired as ganConfigProblems describes.
 */
export function modelConfigFor(
  kind: ModelKind,
  datasetId: string,
  overrides: Readonly<Record<string, FieldValue>>,
): ModelConfig {
  return linkModelConfig(kind, datasetId, overrides).config;
}

function linkModelConfig(
  kind: ModelKind,
  datasetId: string,
  overrides: Readonly<Record<string, FieldValue>>,
): { readonly config: ModelConfig; readonly repaired: readonly { key: string; reason: string }[] } {
  const valid: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (overrideProblem(kind, key, value) === null) valid[key] = value;
  }
  const config = presetWithOverrides(kind, datasetId, valid);
  if (config.kind === 'vae') return { config, repaired: [] };
  return repairGanConfig(config);
}

/** Everything a link carries: enough to rebuild the same run. */
export interface ShareableSetup {
  readonly datasetId: string;
  readonly model: ModelConfig;
  readonly seed: number;
  readonly stepsPerEpoch: number | null;
  readonly sampleEverySteps: number;
  readonly backend: BackendChoice;
  readonly wasmThreads: boolean;
  readonly wasmThreadCount: number | null;
}

/**
 * The hash for a setup: dataset, model and seed always; other keys only where they differ from
 * their defaults (model fields: from the dataset's preset), so links stay short.
 */
export function setupHash(setup: ShareableSetup): string {
  const p = new URLSearchParams();
  p.set('dataset', setup.datasetId);
  p.set('model', setup.model.kind);
  p.set('seed', String(setup.seed));
  if (setup.stepsPerEpoch !== null) p.set('stepsPerEpoch', String(setup.stepsPerEpoch));
  if (setup.sampleEverySteps !== DEFAULT_SAMPLE_EVERY)
    p.set('sampleEvery', String(setup.sampleEverySteps));
  if (setup.backend !== 'auto') p.set('backend', setup.backend);
  if (!setup.wasmThreads) p.set('threads', '0');
  else if (setup.wasmThreadCount !== null) p.set('threads', String(setup.wasmThreadCount));
  // Against what the link's reader starts from, so a value equal to it can be left out.
  // The loss itself is compared with the preset's: the reader needs it to find the rest.
  const start = presetConfig(setup.model.kind, setup.datasetId);
  const lossOnly = setup.model.kind === 'dcgan' ? { loss: setup.model.loss } : {};
  const base = { ...presetWithOverrides(setup.model.kind, setup.datasetId, lossOnly) };
  if (start.kind === 'dcgan') Object.assign(base, { loss: start.loss });
  const preset = base as unknown as Record<string, unknown>;
  const model = setup.model as unknown as Record<string, unknown>;
  for (const key of Object.keys(fieldsFor(setup.model.kind))) {
    if (model[key] !== preset[key]) p.set(key, String(model[key]));
  }
  return `#${p.toString()}`;
}

/**
 * The query string without the keys the hash now carries (so an old query value cannot override
 * a later choice after a reload); other keys stay.
 */
export function queryWithoutSetup(search: string): string {
  const params = new URLSearchParams(search);
  for (const key of [...params.keys()]) if (SETUP_KEYS.has(key)) params.delete(key);
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
}

function intParam(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) ? n : null;
}

function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}

/** `threads=N` for a whole N in 1..8 (the wasm build's largest pool), else null. */
function threadCount(raw: string | null): number | null {
  const n = intParam(raw);
  return n !== null && n >= 1 && n <= MAX_WASM_THREADS ? n : null;
}
