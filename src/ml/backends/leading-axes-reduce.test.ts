// The wasm Sum, Mean and LeakyRelu composites against the cpu backend's kernels: reductions over
// leading axes (batch norm's [0, 1, 2] of NHWC, with and without keepDims, negative axes, every
// axis) agree to float32 rounding; other axes and int32 go to the native kernels. LeakyRelu gives
// exactly the native wasm kernel's values.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { initBackend } from './init-backend';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

interface Case {
  shape: number[];
  axis: number | number[];
  keepDims: boolean;
}

const cases: Case[] = [
  { shape: [64, 14, 14, 16], axis: [0, 1, 2], keepDims: true },
  { shape: [64, 7, 7, 32], axis: [0, 1, 2], keepDims: false },
  { shape: [64, 1568], axis: 0, keepDims: false },
  { shape: [16, 9, 8, 4], axis: [-4, -3], keepDims: true },
  { shape: [16, 9, 8, 4], axis: [0, 1, 2, 3], keepDims: false },
  { shape: [3, 5, 4, 2], axis: [0, 1, 2], keepDims: false }, // small: native
  { shape: [3, 5, 4, 2], axis: [1, 2, 3], keepDims: false }, // not leading: native
  { shape: [3, 5, 4, 2], axis: [0, 2], keepDims: true }, // not leading: native
  { shape: [4, 6], axis: 1, keepDims: true }, // not leading: native
];

function values(shape: number[], seed: number): Float32Array {
  return new Rng(seed).normals(shape.reduce((a, b) => a * b, 1));
}

async function on(
  backend: string,
  f: () => tf.Tensor,
): Promise<{ data: Float32Array; shape: number[] }> {
  await tf.setBackend(backend);
  const out = f();
  const result = { data: (await out.data()) as Float32Array, shape: out.shape };
  out.dispose();
  return result;
}

function maxRelativeDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('Sum and Mean over leading axes on wasm', () => {
  for (const op of ['sum', 'mean'] as const) {
    for (const [i, c] of cases.entries()) {
      it(`${op} of [${c.shape}] over ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''}`, async () => {
        const data = values(c.shape, 10 + i);
        const f = () => tf.tidy(() => tf[op](tf.tensor(data, c.shape), c.axis, c.keepDims));
        const expected = await on('cpu', f);
        const actual = await on('wasm', f);
        expect(actual.shape).toEqual(expected.shape);
        expect(maxRelativeDiff(expected.data, actual.data)).toBeLessThan(1e-5);
      });
    }
  }

  it('stand in for the native kernels, which can be put back', () => {
    const ours = ['Sum', 'Mean', 'LeakyRelu'].map((n) => tf.getKernel(n, 'wasm').kernelFunc);
    registerWasmTrainingKernels({ replaceSlowKernels: false });
    const natives = ['Sum', 'Mean', 'LeakyRelu'].map((n) => tf.getKernel(n, 'wasm').kernelFunc);
    registerWasmTrainingKernels();
    natives.forEach((f, i) => expect(f).not.toBe(ours[i]));
    ['Sum', 'Mean', 'LeakyRelu'].forEach((n, i) =>
      expect(tf.getKernel(n, 'wasm').kernelFunc).toBe(ours[i]),
    );
  });

  it('sums int32 tensors with the native kernel', async () => {
    await tf.setBackend('wasm');
    const out = tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0);
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([9, 12]);
    out.dispose();
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(values([6, 4, 4, 2], 2), [6, 4, 4, 2]);
    const before = tf.memory().numTensors;
    tf.mean(x, [0, 1, 2]).dispose();
    tf.sum(x, [0, 1]).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('LeakyRelu on wasm', () => {
  it('gives exactly the native kernel values, zero and negatives included', async () => {
    const data = Float32Array.from([...values([5, 7, 7, 3], 3), 0, -0, -1e-30, 2.5]);
    const f = () => tf.tidy(() => tf.leakyRelu(tf.tensor1d(data), 0.2));
    registerWasmTrainingKernels({ replaceSlowKernels: false });
    const expected = await on('wasm', f);
    registerWasmTrainingKernels();
    const actual = await on('wasm', f);
    expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
  });
});
