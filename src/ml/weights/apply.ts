// applyWeights: check the whole file against the target first (throws, changes nothing), then
// build every tensor, then assign them all. The assignments themselves cannot fail once shapes
// have been checked, so a failed import leaves the networks and optimizers as they were.

import * as tf from '@tensorflow/tfjs';
import { checkCompatible, type CompatExpectations } from './compatible';
import type { DecodedOptimizer, WeightsFile } from './format';
import { weightsByName, type NetworkSet, type OptimizerSet, type OptimizerSlot } from './targets';

/** What Adam.setWeights takes (tfjs does not export the type from its main entry). */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Loads a parsed file into the networks and, when `optimizers` is given, into their Adam
 * optimizers. A file without optimizer state resets the given optimizers to a fresh start
 * (moments that belong to other weights would be wrong); pass null to leave them alone.
 * Call it between training steps, not during one.
 */
export async function applyWeights(
  file: WeightsFile,
  nets: NetworkSet,
  optimizers: OptimizerSet | null,
  expect: CompatExpectations = {},
): Promise<void> {
  checkCompatible(file, nets, optimizers, expect);

  // Copies, so tensors never share memory with the file (the cpu backend would keep the array).
  const assignments: [tf.Variable, tf.Tensor][] = [];
  const restores: [OptimizerSlot, NamedTensor[]][] = [];
  try {
    for (const [network, model] of Object.entries(nets)) {
      const target = weightsByName(network, model);
      for (const w of file.networks[network]) {
        const variable = target.get(w.name)?.read() as tf.Variable;
        assignments.push([
          variable,
          tf.tensor(new Float32Array(w.values), [...w.shape], 'float32'),
        ]);
      }
    }
    if (optimizers !== null) {
      for (const [name, slot] of Object.entries(optimizers)) {
        restores.push([slot, adamWeights(file.optimizers?.[name] ?? null, slot)]);
      }
    }
  } catch (err) {
    tf.dispose(assignments.map(([, t]) => t));
    tf.dispose(restores.flatMap(([, named]) => named.map((n) => n.tensor)));
    throw err;
  }

  // Commit. Variable.assign shares the new tensor's data, so disposing ours afterwards is safe.
  for (const [variable, tensor] of assignments) {
    variable.assign(tensor);
    tensor.dispose();
  }
  for (const [slot, named] of restores) {
    // Adam.setWeights replaces its moment variables without disposing the old ones; take them
    // first and dispose them after, or every import would leak a model's worth of tensors.
    const previous = await slot.optimizer.getWeights();
    await slot.optimizer.setWeights(named);
    tf.dispose(previous.map((p) => p.tensor));
    tf.dispose(named.map((n) => n.tensor));
  }
}

/** The list Adam.setWeights takes: [iterations, m_0 .. m_{n-1}, v_0 .. v_{n-1}]. */
function adamWeights(state: DecodedOptimizer | null, slot: OptimizerSlot): NamedTensor[] {
  const iterations = tf.scalar(state?.iterations ?? 0, 'int32');
  const out: NamedTensor[] = [{ name: 'iter', tensor: iterations }];
  const slots = state?.slots ?? [];
  // Names as Adam gives its own slots, for readable debugging; restore goes by position.
  slots.forEach((s, i) => {
    const name = `${slot.variables[i].name}/m`;
    out.push({ name, tensor: tf.tensor(new Float32Array(s.m), [...s.shape], 'float32') });
  });
  slots.forEach((s, i) => {
    const name = `${slot.variables[i].name}/v`;
    out.push({ name, tensor: tf.tensor(new Float32Array(s.v), [...s.shape], 'float32') });
  });
  return out;
}
