// Validates the run description of a weights file: model and train config, dataset, progress and
// loss history. Pure (no tfjs); serializeWeights runs it too, so the app never writes a file it
// would refuse to read.

import type { ImageShape } from '../../datasets/types';
import {
  checkField,
  isConditional,
  parseModelConfig,
  TRAIN_FIELDS,
  type ModelConfig,
  type ModelKind,
  type TrainConfig,
} from '../config';
import { LOSS_KEYS, LOSS_KEYS_ADDED_LATER, type HistoryPoint, type Losses } from '../train/types';
import type { WeightsMeta } from './format';
import { arrayAt, describe, fail, intAt, objectAt, stringAt, type JsonObject } from './json-checks';

const MAX_STEP = Number.MAX_SAFE_INTEGER;
const MAX_IMAGE_SIDE = 4096;

export function validateModelConfig(raw: unknown): ModelConfig {
  const obj = objectAt(raw, 'model');
  if (obj.kind !== 'dcgan' && obj.kind !== 'vae') {
    fail('kind', `Unknown model kind ${describe(obj.kind)}: this app reads dcgan and vae models.`);
  }
  const parsed = parseModelConfig(obj, 'strict');
  if (!parsed.ok) {
    fail('config', `The model config in the file is invalid: ${parsed.errors.join('; ')}.`);
  }
  return parsed.value;
}

export function validateTrainConfig(raw: unknown): TrainConfig {
  const obj = objectAt(raw, 'train');
  const seedProblem = checkField(TRAIN_FIELDS.seed, obj.seed);
  if (seedProblem !== null)
    fail('config', `The train config in the file is invalid: ${seedProblem}.`);
  const optionalCount = (key: string): number | null => {
    const value = obj[key];
    if (value === null) return null;
    return intAt(value, `train.${key}`, 1, MAX_STEP);
  };
  return {
    seed: obj.seed as number,
    stepsPerEpoch: optionalCount('stepsPerEpoch'),
    sampleEverySteps: optionalCount('sampleEverySteps'),
  };
}

export function validateImageShape(raw: unknown, path: string): ImageShape {
  const obj = objectAt(raw, path);
  const height = intAt(obj.height, `${path}.height`, 1, MAX_IMAGE_SIDE);
  const width = intAt(obj.width, `${path}.width`, 1, MAX_IMAGE_SIDE);
  if (obj.channels !== 1 && obj.channels !== 3) {
    fail('structure', `${path}.channels must be 1 or 3, found ${describe(obj.channels)}.`);
  }
  return { height, width, channels: obj.channels };
}

function validateLosses(raw: unknown, kind: ModelKind, path: string): Losses {
  const obj = objectAt(raw, path);
  if (obj.kind !== kind) {
    fail(
      'structure',
      `${path}.kind must be ${JSON.stringify(kind)} like the model, found ${describe(obj.kind)}.`,
    );
  }
  const out: Record<string, unknown> = { kind };
  for (const key of LOSS_KEYS[kind]) {
    const value = obj[key];
    // JSON has no NaN: a loss that had diverged was written as null and reads back as NaN.
    // A file older than a key has no value for it: NaN too (charts draw no line there).
    if (value === null || (value === undefined && LOSS_KEYS_ADDED_LATER.has(key))) out[key] = NaN;
    else if (typeof value === 'number') out[key] = value;
    else fail('structure', `${path}.${key} must be a number or null, found ${describe(value)}.`);
  }
  return out as unknown as Losses;
}

export function validateHistory(raw: unknown, kind: ModelKind): HistoryPoint[] {
  return arrayAt(raw, 'history').map((item, i) => {
    const path = `history[${i}]`;
    const obj: JsonObject = objectAt(item, path);
    return {
      step: intAt(obj.step, `${path}.step`, 0, MAX_STEP),
      epoch: intAt(obj.epoch, `${path}.epoch`, 0, MAX_STEP),
      losses: validateLosses(obj.losses, kind, `${path}.losses`),
    };
  });
}

/** Most classes a conditional model may have (a class is a row of its sample grid). */
const MAX_CLASSES = 1000;

/**
 * dataset.classes: a conditional model's class names (two or more); an unconditional model's
 * file has none.
 */
function validateClasses(raw: unknown, conditional: boolean): readonly string[] | undefined {
  if (!conditional) {
    if (raw !== undefined) {
      fail('structure', 'dataset.classes is only for a class-conditional model.');
    }
    return undefined;
  }
  if (raw === undefined) {
    fail(
      'structure',
      'The model is class-conditional but the file does not name its classes (dataset.classes).',
    );
  }
  const names = arrayAt(raw, 'dataset.classes').map((name, i) =>
    stringAt(name, `dataset.classes[${i}]`, 200),
  );
  if (names.length < 2 || names.length > MAX_CLASSES) {
    fail(
      'structure',
      `dataset.classes must name 2 to ${MAX_CLASSES} classes, found ${names.length}.`,
    );
  }
  return names;
}

/** Validates the run description held in the file's top-level object. */
export function validateMeta(top: JsonObject): WeightsMeta {
  const model = validateModelConfig(top.model);
  const train = validateTrainConfig(top.train);
  const dataset = objectAt(top.dataset, 'dataset');
  const id = stringAt(dataset.id, 'dataset.id', 200);
  if (id.length === 0) fail('structure', 'dataset.id must not be empty.');
  const classes = validateClasses(dataset.classes, isConditional(model));
  return {
    model,
    train,
    dataset: {
      id,
      shape: validateImageShape(dataset.shape, 'dataset.shape'),
      ...(classes === undefined ? {} : { classes }),
    },
    step: intAt(top.step, 'step', 0, MAX_STEP),
    epoch: intAt(top.epoch, 'epoch', 0, MAX_STEP),
    history: validateHistory(top.history, model.kind),
  };
}
