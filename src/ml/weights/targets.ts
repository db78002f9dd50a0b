// What weights are saved from and restored into: named tfjs networks and their Adam optimizers.
// Weights are keyed by network name + LayerVariable.originalName ('g_dense/kernel'), never by the
// process-unique variable name ('g_dense/kernel_1' for a second model built in the same process).

import type * as tf from '@tensorflow/tfjs';
import { weightKey } from './format';

export type NetworkSet = Readonly<Record<string, tf.LayersModel>>;

export interface OptimizerSlot {
  readonly optimizer: tf.Optimizer;
  /** The exact, ordered variable list the optimizer is always stepped with. */
  readonly variables: readonly tf.Variable[];
}

export type OptimizerSet = Readonly<Record<string, OptimizerSlot>>;

/** A network weight as tfjs-layers exposes it (LayerVariable is not exported by name). */
export type LayerWeight = tf.LayersModel['weights'][number];

/** originalName -> weight of one network; throws if two weights share an originalName. */
export function weightsByName(network: string, model: tf.LayersModel): Map<string, LayerWeight> {
  const out = new Map<string, LayerWeight>();
  for (const w of model.weights) {
    if (out.has(w.originalName)) {
      throw new Error(
        `Network ${network} has two weights named ${w.originalName}; name its layers uniquely.`,
      );
    }
    out.set(w.originalName, w);
  }
  return out;
}

/** Process-unique tf.Variable name -> 'network/originalName', for labelling optimizer slots. */
export function variableLabels(nets: NetworkSet): Map<string, string> {
  const out = new Map<string, string>();
  for (const [network, model] of Object.entries(nets)) {
    for (const w of model.weights) {
      out.set((w.read() as tf.Variable).name, weightKey(network, w.originalName));
    }
  }
  return out;
}

/** A weight's shape; weights always have fixed sizes (no null batch dimension). */
export function concreteShape(shape: readonly (number | null)[]): number[] {
  return shape.map((d) => {
    if (d === null) throw new Error('A network weight has an unknown dimension.');
    return d;
  });
}
