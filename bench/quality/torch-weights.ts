// Loads the weights bench/quality/reference.py exported (TensorFlow layout, tfjs layer names)
// into a tfjs model of the playground's architecture. Every weight of the model must be present
// with the same shape, so a mismatch between the two architectures fails loudly here.

import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';

interface Entry {
  readonly name: string;
  readonly shape: readonly number[];
}

export async function loadTorchWeights(prefix: string, models: readonly tf.LayersModel[]) {
  const entries = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as Entry[];
  const bin = await readFile(`${prefix}.bin`);
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const byName = new Map<string, Float32Array>();
  const shapes = new Map<string, readonly number[]>();
  let at = 0;
  for (const e of entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    byName.set(e.name, all.subarray(at, at + size));
    shapes.set(e.name, e.shape);
    at += size;
  }
  if (at !== all.length) throw new Error(`${prefix}.bin holds ${all.length} floats, json ${at}`);

  const used = new Set<string>();
  for (const model of models) {
    const values = model.weights.map((w) => {
      const name = w.originalName;
      const data = byName.get(name);
      const shape = shapes.get(name);
      if (data === undefined || shape === undefined) {
        throw new Error(
          `${prefix}: no weight ${name} (PyTorch exported ${[...byName.keys()].join(', ')})`,
        );
      }
      if (shape.join('x') !== w.shape.join('x')) {
        throw new Error(
          `${prefix}: ${name} is ${shape.join('x')} in PyTorch, ${w.shape.join('x')} in tfjs`,
        );
      }
      used.add(name);
      return tf.tensor(data, w.shape as number[]);
    });
    model.setWeights(values);
    tf.dispose(values);
  }
  const unused = [...byName.keys()].filter((n) => !used.has(n));
  if (unused.length > 0)
    throw new Error(`${prefix}: PyTorch weights not in the tfjs model: ${unused}`);
}
