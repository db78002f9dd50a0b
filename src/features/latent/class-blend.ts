// Class weights for a conditional model's interpolation: the one-hot vectors of two classes
// blended linearly, (1 - t) onehot(a) + t onehot(b), so a strip walks from class A to class B
// (the worker's generate takes these rows as a ClassChoice blend).

import { lerp } from '../../ml/latent/slerp';

function oneHot(k: number, c: number): Float32Array {
  if (!(Number.isInteger(c) && c >= 0 && c < k)) {
    throw new Error(`Class ${c} is out of range: the model has ${k} classes`);
  }
  const v = new Float32Array(k);
  v[c] = 1;
  return v;
}

/** Class weights [k] at `t` (0 to 1) of the way from class `a` to class `b`. */
export function classBlend(k: number, a: number, b: number, t: number): Float32Array {
  return lerp(oneHot(k, a), oneHot(k, b), t);
}

/** Class weights [steps, k] row-major from class `a` to class `b`, both ends included. */
export function classBlendPath(k: number, a: number, b: number, steps: number): Float32Array {
  const out = new Float32Array(steps * k);
  for (let s = 0; s < steps; s++) out.set(classBlend(k, a, b, s / (steps - 1)), s * k);
  return out;
}

/** `rows` copies of `v`, row-major: the same noise for every image of a strip. */
export function repeatRows(v: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows * v.length);
  for (let r = 0; r < rows; r++) out.set(v, r * v.length);
  return out;
}
