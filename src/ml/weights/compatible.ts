// checkCompatible: can this decoded file be loaded into these networks and optimizers? Checks
// everything an assignment needs, collects every problem, assigns nothing.

import type * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../datasets/types';
import type { ModelKind } from '../config';
import { WeightsImportError, type WeightsProblem } from './errors';
import {
  formatShape,
  shapesEqual,
  weightKey,
  type DecodedOptimizer,
  type WeightsFile,
} from './format';
import {
  concreteShape,
  variableLabels,
  weightsByName,
  type NetworkSet,
  type OptimizerSet,
} from './targets';

/** What the caller knows about the target beyond its networks. */
export interface CompatExpectations {
  /** The model kind being loaded into. */
  readonly kind?: ModelKind;
  /** Image shape of the dataset the restored model will train on or generate for. */
  readonly datasetShape?: ImageShape;
  /** The classes of the model being loaded into: empty for an unconditional one. */
  readonly classes?: readonly string[];
}

interface Problem {
  readonly problem: WeightsProblem;
  readonly message: string;
}

/** Most problems listed in one error message; the rest are counted. */
const MAX_LISTED = 8;

export function checkCompatible(
  file: WeightsFile,
  nets: NetworkSet,
  optimizers: OptimizerSet | null = null,
  expect: CompatExpectations = {},
): void {
  const problems: Problem[] = [];
  const add = (problem: WeightsProblem, message: string) => problems.push({ problem, message });
  const { meta } = file;

  if (expect.kind !== undefined && meta.model.kind !== expect.kind) {
    add(
      'kind',
      `The file holds a ${meta.model.kind} model but a ${expect.kind} model is being loaded.`,
    );
  }
  if (
    expect.datasetShape !== undefined &&
    !sameImageShape(meta.dataset.shape, expect.datasetShape)
  ) {
    add(
      'dataset',
      `The file was trained on ${imageShapeText(meta.dataset.shape)} images (${meta.dataset.id}) ` +
        `but the target expects ${imageShapeText(expect.datasetShape)} images.`,
    );
  }
  const classes =
    expect.classes === undefined ? null : classesProblem(meta.dataset.classes, expect.classes);
  if (classes !== null) add('kind', classes);
  // A conditional file and an unconditional model differ in their first layers' shapes: the
  // sentence above says why, so the tensor-by-tensor list would only repeat it.
  else checkNetworks(file, nets, add);
  if (optimizers !== null && file.optimizers !== null) {
    checkOptimizers(file.optimizers, optimizers, nets, add);
  }

  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_LISTED).map((p) => p.message);
  const more = problems.length - listed.length;
  const message =
    problems.length === 1
      ? listed[0]
      : `The weights do not fit the model (${problems.length} problems): ${listed.join(' ')}` +
        (more > 0 ? ` ...and ${more} more.` : '');
  throw new WeightsImportError(problems[0].problem, message);
}

function checkNetworks(
  file: WeightsFile,
  nets: NetworkSet,
  add: (problem: WeightsProblem, message: string) => void,
): void {
  const fileNets = Object.keys(file.networks);
  for (const name of fileNets) {
    if (!(name in nets)) {
      add(
        'structure',
        `The file has weights for a ${name} network, which the target does not have.`,
      );
    }
  }
  for (const [network, model] of Object.entries(nets)) {
    const weights = file.networks[network];
    if (weights === undefined) {
      add('structure', `The file has no weights for the ${network} network.`);
      continue;
    }
    const target = weightsByName(network, model);
    const inFile = new Set<string>();
    for (const w of weights) {
      inFile.add(w.name);
      const key = weightKey(network, w.name);
      const t = target.get(w.name);
      if (t === undefined) {
        add(
          'unknown-tensor',
          `Tensor ${key} in the file does not exist in the ${network} network.`,
        );
      } else if (!shapesEqual(concreteShape(t.shape), w.shape)) {
        add(
          'shape',
          `Tensor ${key} has the wrong shape: the ${network} network expects ${formatShape(concreteShape(t.shape))}, the file has ${formatShape(w.shape)}.`,
        );
      }
    }
    for (const name of target.keys()) {
      if (!inFile.has(name))
        add('missing-tensor', `Tensor ${weightKey(network, name)} is missing from the file.`);
    }
  }
}

function checkOptimizers(
  saved: Readonly<Record<string, DecodedOptimizer>>,
  optimizers: OptimizerSet,
  nets: NetworkSet,
  add: (problem: WeightsProblem, message: string) => void,
): void {
  const labels = variableLabels(nets);
  for (const name of Object.keys(saved)) {
    if (!(name in optimizers)) {
      add(
        'optimizer',
        `The file has state for an optimizer ${name}, which the target does not have.`,
      );
    }
  }
  for (const [name, slot] of Object.entries(optimizers)) {
    const state = saved[name];
    if (state === undefined) {
      add('optimizer', `The file has no state for the ${name} optimizer.`);
      continue;
    }
    if (slot.optimizer.getClassName() !== state.type) {
      add(
        'optimizer',
        `Optimizer ${name} is ${slot.optimizer.getClassName()} but the file holds ${state.type} state.`,
      );
      continue;
    }
    // Adam restores its moments by position, so count, order and shapes must all line up.
    const n = state.slots.length;
    if (n !== 0 && n !== slot.variables.length) {
      add(
        'optimizer',
        `Optimizer ${name} has state for ${n} variables in the file but steps ${slot.variables.length} variables here.`,
      );
      continue;
    }
    state.slots.forEach((s, i) => {
      const variable: tf.Variable = slot.variables[i];
      const label = labels.get(variable.name) ?? null;
      if (!shapesEqual(s.shape, variable.shape)) {
        add(
          'optimizer',
          `Optimizer ${name} slot ${i} (${s.variable ?? 'unnamed'}) has shape ${formatShape(s.shape)} in the file, but its variable here (${label ?? variable.name}) has shape ${formatShape(variable.shape)}.`,
        );
      } else if (s.variable !== null && label !== null && s.variable !== label) {
        add(
          'optimizer',
          `Optimizer ${name} slot ${i} belongs to ${s.variable} in the file but to ${label} here; the variable order differs.`,
        );
      }
    });
  }
}

/** "10 classes (0, 1, 2 and 7 more)". */
export function describeClasses(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return `${names.length} classes (${shown}${more})`;
}

/**
 * Why a file whose model has `fileClasses` (undefined: unconditional) cannot load into a model
 * of `target` classes (empty: unconditional), or null when it can: same count, same names.
 */
export function classesProblem(
  fileClasses: readonly string[] | undefined,
  target: readonly string[],
): string | null {
  const file = fileClasses ?? [];
  if (file.length === 0 && target.length === 0) return null;
  if (file.length === 0) {
    return `The file holds an unconditional model, but a class-conditional model of ${describeClasses(target)} is being loaded: train or import a conditional model, or switch the conditional option off.`;
  }
  if (target.length === 0) {
    return `The file holds a class-conditional model of ${describeClasses(file)}, but an unconditional model is being loaded: switch the conditional option on to load it.`;
  }
  if (file.length !== target.length || file.some((name, i) => name !== target[i])) {
    return `The file's model draws ${describeClasses(file)}, but this one draws ${describeClasses(target)}.`;
  }
  return null;
}

function sameImageShape(a: ImageShape, b: ImageShape): boolean {
  return a.height === b.height && a.width === b.width && a.channels === b.channels;
}

function imageShapeText(s: ImageShape): string {
  return `${s.height}x${s.width}x${s.channels}`;
}
