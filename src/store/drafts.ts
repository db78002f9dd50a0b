// The hyperparameter form's text, as typed, and what it means. Every field is kept as text so a
// half-typed or wrong value can stay on screen with its message; only a form without problems
// turns into a ModelConfig, so nothing invalid reaches the worker. The rules are the schema's
// own (checkField in src/ml/config.ts), and so are the combinations of settings that cannot
// train (ganConfigProblems), shown at the loss field, which is what brings them about.

import {
  checkField,
  fieldValueFromText,
  fieldsFor,
  ganConfigProblems,
  TRAIN_FIELDS,
  type FieldSpec,
  type FieldValue,
  type ModelConfig,
  type ModelKind,
  type NumberField,
} from '../ml/config';
import type { RunSpec } from '../ml/train/types';

export type Drafts = Readonly<Record<string, string>>;

/** The run settings outside the model config, with the same kind of schema. */
export const RUN_FIELDS = {
  seed: TRAIN_FIELDS.seed,
  stepsPerEpoch: {
    type: 'int',
    label: 'Steps per epoch',
    help: 'Leave empty for one full pass over the training images. Shorter epochs mean more checkpoints and sample grids.',
    min: 1,
    max: 1_000_000,
  },
  sampleEvery: {
    type: 'int',
    label: 'Samples every',
    help: 'Draw the fixed-noise grid every this many steps, as well as at each epoch end.',
    min: 1,
    max: 100_000,
  },
} as const satisfies Record<string, NumberField>;

export type RunFieldName = keyof typeof RUN_FIELDS;

/** Fields that may be empty, and what empty means. */
const OPTIONAL_RUN_FIELDS: ReadonlySet<string> = new Set(['stepsPerEpoch']);

export type ParsedText = { ok: true; value: FieldValue | null } | { ok: false; error: string };

/**
 * Reads one field's text: numbers as JS numbers ("2e-4" too), choices by their value, toggles
 * as "true" / "false" (the checkbox writes those).
 */
export function parseFieldText(spec: FieldSpec, text: string, optional = false): ParsedText {
  const trimmed = text.trim();
  if (spec.type === 'bool') {
    const value = fieldValueFromText(spec, trimmed);
    const error = checkField(spec, value);
    return error === null ? { ok: true, value: value as boolean } : { ok: false, error };
  }
  if (spec.type === 'choice') {
    const option = spec.options.find((o) => String(o.value) === trimmed);
    if (option === undefined) return { ok: false, error: checkField(spec, trimmed) ?? 'Invalid' };
    return { ok: true, value: option.value };
  }
  if (trimmed === '') {
    return optional ? { ok: true, value: null } : { ok: false, error: `${spec.label} is required` };
  }
  const value = Number(trimmed);
  const error = checkField(spec, Number.isNaN(value) ? trimmed : value);
  return error === null ? { ok: true, value } : { ok: false, error };
}

/** How a value shows in its field: learning rates as 2e-4, others plainly. */
export function formatFieldValue(spec: FieldSpec, value: FieldValue): string {
  if (typeof value !== 'number') return String(value);
  if (
    spec.type !== 'choice' &&
    spec.type !== 'bool' &&
    spec.log === true &&
    value !== 0 &&
    Math.abs(value) < 0.01
  ) {
    // 0.0002 -> "2e-4": toExponential() without an argument keeps just the digits needed.
    return value.toExponential();
  }
  return String(value);
}

/** The form's text for a config. */
export function draftsFor(config: ModelConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const values = config as unknown as Record<string, FieldValue>;
  for (const [key, spec] of Object.entries(fieldsFor(config.kind))) {
    out[key] = formatFieldValue(spec, values[key]);
  }
  return out;
}

/** The problem with each field that has one (empty object: the form is valid). */
export function draftProblems(kind: ModelKind, drafts: Drafts): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, spec] of Object.entries(fieldsFor(kind))) {
    const parsed = parseFieldText(spec, drafts[key] ?? '');
    if (!parsed.ok) problems[key] = parsed.error;
  }
  if (Object.keys(problems).length > 0) return problems;
  const combination = combinationProblems(fieldValues(kind, drafts)!);
  if (combination.length > 0) problems.loss = combination.join(' ');
  return problems;
}

/** The config the form describes, or null while any field or combination has a problem. */
export function configFromDrafts(kind: ModelKind, drafts: Drafts): ModelConfig | null {
  const config = fieldValues(kind, drafts);
  return config === null || combinationProblems(config).length > 0 ? null : config;
}

/** Every field's value, or null while any field's text does not parse. */
function fieldValues(kind: ModelKind, drafts: Drafts): ModelConfig | null {
  const out: Record<string, unknown> = { kind };
  for (const [key, spec] of Object.entries(fieldsFor(kind))) {
    const parsed = parseFieldText(spec, drafts[key] ?? '');
    if (!parsed.ok) return null;
    out[key] = parsed.value;
  }
  return out as unknown as ModelConfig;
}

function combinationProblems(config: ModelConfig): string[] {
  return config.kind === 'dcgan' ? ganConfigProblems(config) : [];
}

export type RunDrafts = Readonly<Record<RunFieldName, string>>;

export function runFieldProblem(name: RunFieldName, text: string): string | null {
  const parsed = parseFieldText(RUN_FIELDS[name], text, OPTIONAL_RUN_FIELDS.has(name));
  return parsed.ok ? null : parsed.error;
}

export interface RunSettings {
  readonly seed: number;
  readonly stepsPerEpoch: number | null;
  readonly sampleEverySteps: number;
}

/** The run settings the form describes, or null while any has a problem. */
export function runSettingsFromDrafts(drafts: RunDrafts): RunSettings | null {
  const values: Record<string, number | null> = {};
  for (const name of Object.keys(RUN_FIELDS) as RunFieldName[]) {
    const parsed = parseFieldText(RUN_FIELDS[name], drafts[name], OPTIONAL_RUN_FIELDS.has(name));
    if (!parsed.ok) return null;
    values[name] = parsed.value as number | null;
  }
  return {
    seed: values.seed as number,
    stepsPerEpoch: values.stepsPerEpoch,
    sampleEverySteps: values.sampleEvery as number,
  };
}

export function runDraftsFor(settings: RunSettings): Record<RunFieldName, string> {
  return {
    seed: String(settings.seed),
    stepsPerEpoch: settings.stepsPerEpoch === null ? '' : String(settings.stepsPerEpoch),
    sampleEvery: String(settings.sampleEverySteps),
  };
}

/** What the form holds for the next run (the config slice's fields). */
export interface RunForm {
  readonly datasetId: string;
  readonly modelKind: ModelKind;
  readonly drafts: Drafts;
  readonly runDrafts: RunDrafts;
}

/** The run the form describes; throws, saying so, while any field has a problem. */
export function runSpecFromForm(form: RunForm): RunSpec {
  const model = configFromDrafts(form.modelKind, form.drafts);
  const settings = runSettingsFromDrafts(form.runDrafts);
  if (model === null || settings === null) {
    throw new Error('Some settings are not valid: fix the fields marked in red first.');
  }
  const { seed, stepsPerEpoch, sampleEverySteps } = settings;
  return { datasetId: form.datasetId, model, train: { seed, stepsPerEpoch, sampleEverySteps } };
}
