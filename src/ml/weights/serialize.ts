// serializeWeights: networks (+ optionally Adam state) and the run description -> the weights JSON
// text (docs/weights-format.md). Reads tensors with data(), so it works on every backend and
// leaves no tensors behind.

import type * as tf from '@tensorflow/tfjs';
import { APP_VERSION } from './app-version';
import { encodeBase64 } from './base64';
import { firstNonFinite, float32ToBytesLE } from './float32-bytes';
import {
  formatShape,
  NETWORKS_BY_KIND,
  OPTIMIZERS_BY_KIND,
  shapesEqual,
  weightKey,
  WEIGHTS_FORMAT_ID,
  WEIGHTS_FORMAT_VERSION,
  type AdamHyperparameters,
  type AdamSlotJson,
  type OptimizerJson,
  type WeightJson,
  type WeightsJson,
  type WeightsMeta,
} from './format';
import { WeightsImportError } from './errors';
import {
  concreteShape,
  variableLabels,
  weightsByName,
  type NetworkSet,
  type OptimizerSet,
} from './targets';
import { validateMeta } from './validate-meta';

export interface SerializeOptions {
  /** Overrides the app version (tests, the command line). */
  readonly appVersion?: string;
  /** Overrides the creation time (reproducible files in tests). */
  readonly createdAt?: Date;
}

export async function serializeWeights(
  meta: WeightsMeta,
  nets: NetworkSet,
  optimizers: OptimizerSet | null,
  options: SerializeOptions = {},
): Promise<string> {
  checkMetaWritable(meta);
  checkNamesWritable('networks', Object.keys(nets), NETWORKS_BY_KIND[meta.model.kind]);
  if (optimizers !== null) {
    checkNamesWritable('optimizers', Object.keys(optimizers), OPTIMIZERS_BY_KIND[meta.model.kind]);
  }
  const networks: Record<string, WeightJson[]> = {};
  for (const [network, model] of Object.entries(nets)) {
    weightsByName(network, model); // rejects duplicate names up front
    const records: WeightJson[] = [];
    for (const w of model.weights) {
      const label = weightKey(network, w.originalName);
      records.push({
        name: w.originalName,
        shape: concreteShape(w.shape),
        dtype: 'float32',
        trainable: w.trainable,
        data: await encodeTensor(w.read(), label),
      });
    }
    networks[network] = records;
  }
  let optimizerState: Record<string, OptimizerJson> | null = null;
  if (optimizers !== null) {
    const labels = variableLabels(nets);
    optimizerState = {};
    for (const [name, slot] of Object.entries(optimizers)) {
      optimizerState[name] = await serializeAdam(name, slot.optimizer, slot.variables, labels);
    }
  }
  // Run description first and tensors last, so the start of the file reads like a summary.
  const file: WeightsJson = {
    format: WEIGHTS_FORMAT_ID,
    version: WEIGHTS_FORMAT_VERSION,
    appVersion: options.appVersion ?? APP_VERSION,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    model: meta.model,
    train: meta.train,
    dataset: {
      id: meta.dataset.id,
      shape: meta.dataset.shape,
      ...(meta.dataset.classes === undefined ? {} : { classes: meta.dataset.classes }),
    },
    step: meta.step,
    epoch: meta.epoch,
    history: meta.history,
    networks,
    optimizers: optimizerState,
  };
  return JSON.stringify(file);
}

/** The same checks an import makes, so a file the app writes is always one it can read back. */
function checkMetaWritable(meta: WeightsMeta): void {
  try {
    // JSON round trip: what is checked is what will be written (NaN losses become null, etc.).
    validateMeta(JSON.parse(JSON.stringify(meta)) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof WeightsImportError) {
      throw new Error(`Cannot export weights: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

function checkNamesWritable(what: string, found: string[], expected: readonly string[]): void {
  const same = found.length === expected.length && expected.every((n) => found.includes(n));
  if (!same) {
    throw new Error(
      `Cannot export weights: ${what} are ${found.join(', ')}; expected ${expected.join(', ')}.`,
    );
  }
}

async function encodeTensor(tensor: tf.Tensor, label: string): Promise<string> {
  if (tensor.dtype !== 'float32') {
    throw new Error(
      `Cannot export weights: ${label} has dtype ${tensor.dtype}; only float32 is supported.`,
    );
  }
  const values = (await tensor.data()) as Float32Array;
  const bad = firstNonFinite(values);
  if (bad >= 0) {
    throw new Error(
      `Cannot export weights: ${label} contains ${values[bad]} at index ${bad} (the run has diverged).`,
    );
  }
  return encodeBase64(float32ToBytesLE(values));
}

async function serializeAdam(
  name: string,
  optimizer: tf.Optimizer,
  variables: readonly tf.Variable[],
  labels: Map<string, string>,
): Promise<OptimizerJson> {
  if (optimizer.getClassName() !== 'Adam') {
    throw new Error(
      `Cannot export optimizer ${name}: only Adam state is supported, found ${optimizer.getClassName()}.`,
    );
  }
  // Adam.getWeights(): [iterations, m_0 .. m_{n-1}, v_0 .. v_{n-1}], slot i for the i-th variable it
  // was stepped with. The iterations scalar is a new tensor; the moments are Adam's own variables.
  const [iter, ...moments] = await optimizer.getWeights();
  const iterations = (await iter.tensor.data())[0];
  iter.tensor.dispose();
  const count = moments.length / 2;
  if (count !== 0 && count !== variables.length) {
    throw new Error(
      `Cannot export optimizer ${name}: it holds ${count} moment slots but is stepped with ${variables.length} variables.`,
    );
  }
  const slots: AdamSlotJson[] = [];
  for (let i = 0; i < count; i++) {
    const variable = variables[i];
    const label = labels.get(variable.name) ?? null;
    const slotLabel = `optimizer ${name} slot ${i} (${label ?? variable.name})`;
    const m = moments[i].tensor;
    const v = moments[count + i].tensor;
    if (!shapesEqual(m.shape, variable.shape)) {
      throw new Error(
        `Cannot export ${slotLabel}: its moments have shape ${formatShape(m.shape)} but the variable has ${formatShape(variable.shape)}.`,
      );
    }
    slots.push({
      variable: label,
      shape: [...variable.shape],
      dtype: 'float32',
      m: await encodeTensor(m, `${slotLabel} first moment`),
      v: await encodeTensor(v, `${slotLabel} second moment`),
    });
  }
  const hyper = optimizer.getConfig() as unknown as AdamHyperparameters;
  return {
    type: 'Adam',
    iterations,
    config: {
      learningRate: hyper.learningRate,
      beta1: hyper.beta1,
      beta2: hyper.beta2,
      epsilon: hyper.epsilon,
    },
    slots,
  };
}
