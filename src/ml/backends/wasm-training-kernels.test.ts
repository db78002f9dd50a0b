// The wasm composites against the cpu backend's reference kernels, on the shapes the brief
// lists: forward values of conv2dTranspose and gradients of conv2d (tf.grads) for batch 1/3,
// Cin 1/3, Cout 2/5, sizes 7x7, 8x8, 12x9, 28x28, kernels 1/3/4/5, strides 1/2, and padding
// 'same', 'valid' and explicit numbers. Long because it is a table of shapes: each case is a
// few lines, and together they are the kernels' specification.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Rng } from '../../lib/rng';
import { initBackend } from './init-backend';
import { registerWasmTrainingKernels, type BackpropInputImpl } from './wasm-training-kernels';

type Pad = 'same' | 'valid' | number;

interface Case {
  n: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  k: number;
  s: 1 | 2;
  pad: Pad;
}

function cases(pads: Pad[]): Case[] {
  const out: Case[] = [];
  for (const n of [1, 3])
    for (const [h, w] of [
      [7, 7],
      [8, 8],
      [12, 9],
      [28, 28],
    ])
      for (const cin of [1, 3])
        for (const cout of [2, 5])
          for (const k of [1, 3, 4, 5])
            for (const s of [1, 2] as const)
              for (const pad of pads) {
                // A batch of 3 at 28x28 adds time, not coverage: keep one channel mix there.
                if (n === 3 && h === 28 && (cin !== 3 || cout !== 5)) continue;
                out.push({ n, h, w, cin, cout, k, s, pad });
              }
  return out;
}

const label = (c: Case) =>
  `n${c.n} ${c.h}x${c.w} cin${c.cin} cout${c.cout} k${c.k} s${c.s} pad=${c.pad}`;

interface CaseData {
  x: Float32Array;
  filter: Float32Array;
  dy: Float32Array;
  dyShape: [number, number, number, number];
}

function dataFor(c: Case, seed: number): CaseData {
  const rng = new Rng(seed);
  const dyShape = tf.tidy(
    () =>
      tf.conv2d(
        tf.zeros<tf.Rank.R4>([c.n, c.h, c.w, c.cin]),
        tf.zeros<tf.Rank.R4>([c.k, c.k, c.cin, c.cout]),
        c.s,
        c.pad,
      ).shape,
  );
  return {
    x: rng.normals(c.n * c.h * c.w * c.cin),
    filter: rng.normals(c.k * c.k * c.cin * c.cout),
    dy: rng.normals(dyShape.reduce((a, b) => a * b, 1)),
    dyShape,
  };
}

type Op = 'conv2d grad x' | 'conv2d grad filter' | 'conv2dTranspose forward';

/** Runs one op on the active backend and returns its values. */
function compute(op: Op, c: Case, d: CaseData): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(d.x, [c.n, c.h, c.w, c.cin]);
    const filter = tf.tensor4d(d.filter, [c.k, c.k, c.cin, c.cout]);
    const dy = tf.tensor4d(d.dy, d.dyShape);
    if (op === 'conv2dTranspose forward') {
      // dy plays the transposed convolution's input; x's shape is its output shape.
      return tf.conv2dTranspose(dy, filter, [c.n, c.h, c.w, c.cin], c.s, c.pad).dataSync();
    }
    // One gradient at a time, so the tape runs only the kernel under test.
    const grad =
      op === 'conv2d grad x'
        ? tf.grad((a) => tf.conv2d(a as tf.Tensor4D, filter, c.s, c.pad))(x, dy)
        : tf.grad((b) => tf.conv2d(x, b as tf.Tensor4D, c.s, c.pad))(filter, dy);
    return grad.dataSync();
  }) as Float32Array;
}

/** Largest |a - b| relative to max(1, largest |a|): float32 rounding stays near 1e-6. */
function relativeDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

async function compareWithCpu(op: Op, list: Case[]): Promise<{ worst: number; bad: string[] }> {
  const data = list.map((c, i) => dataFor(c, 1000 + i));
  await tf.setBackend('cpu');
  const expected = list.map((c, i) => compute(op, c, data[i]));
  await tf.setBackend('wasm');
  let worst = 0;
  const bad: string[] = [];
  list.forEach((c, i) => {
    const diff = relativeDiff(expected[i], compute(op, c, data[i]));
    worst = Math.max(worst, diff);
    if (!(diff <= 1e-4)) bad.push(`${label(c)}: ${diff}`);
  });
  return { worst, bad };
}

const wasmBackend = () => tf.engine().registry['wasm'];

beforeAll(async () => {
  await initBackend('wasm');
});

afterAll(() => {
  registerWasmTrainingKernels(); // leave the default in place for other files
});

describe.each<BackpropInputImpl>(['subpixel-merged', 'subpixel-separate', 'zero-insertion'])(
  'wasm Conv2DBackpropInput (%s) vs cpu',
  (impl) => {
    for (const op of ['conv2d grad x', 'conv2dTranspose forward'] as const) {
      it(`${op} agrees on every shape`, async () => {
        registerWasmTrainingKernels({ backpropInput: impl });
        const { worst, bad } = await compareWithCpu(op, cases(['same', 'valid', 0, 1, 2]));
        expect(bad, `worst ${worst}`).toEqual([]);
      });
    }
  },
);

describe('wasm Conv2DBackpropFilter vs cpu', () => {
  it('conv2d grad filter agrees on every shape', async () => {
    registerWasmTrainingKernels();
    const { worst, bad } = await compareWithCpu(
      'conv2d grad filter',
      cases(['same', 'valid', 0, 1, 2]),
    );
    expect(bad, `worst ${worst}`).toEqual([]);
  });

  it('handles asymmetric explicit padding', async () => {
    registerWasmTrainingKernels();
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    const run = () =>
      tf.tidy(() => {
        const rng = new Rng(7);
        const x = tf.tensor4d(rng.normals(2 * 9 * 8 * 3), [2, 9, 8, 3]);
        const f = tf.tensor4d(rng.normals(3 * 3 * 3 * 4), [3, 3, 3, 4]);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, pad),
        );
        const y = tf.conv2d(x, f, 2, pad);
        const [gx, gf] = g([x, f], tf.onesLike(y));
        return [gx.dataSync() as Float32Array, gf.dataSync() as Float32Array];
      });
    await tf.setBackend('cpu');
    const [cpuX, cpuF] = run();
    await tf.setBackend('wasm');
    const [wasmX, wasmF] = run();
    expect(relativeDiff(cpuX, wasmX)).toBeLessThan(1e-4);
    expect(relativeDiff(cpuF, wasmF)).toBeLessThan(1e-4);
  });
});

describe('wasm training kernels bookkeeping', () => {
  it('registration is idempotent and replaces the native Conv2DBackpropInput', () => {
    registerWasmTrainingKernels();
    const first = tf.getKernel('Conv2DBackpropInput', 'wasm').kernelFunc;
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm').kernelFunc).toBe(first);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('the native kernel can be restored and still runs', async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels({ backpropInput: 'native' });
    const y = tf.tidy(() =>
      tf.conv2dTranspose(
        tf.ones<tf.Rank.R4>([1, 3, 3, 2]),
        tf.ones<tf.Rank.R4>([4, 4, 1, 2]),
        [1, 6, 6, 1],
        2,
        'same',
      ),
    );
    // Interior pixels of a stride-2 k4 transposed conv of ones sum 2x2 taps x 2 channels.
    expect(y.dataSync()[7]).toBe(8);
    y.dispose();
    registerWasmTrainingKernels();
  });

  it.each<BackpropInputImpl>(['subpixel-merged', 'subpixel-separate', 'zero-insertion'])(
    'frees every intermediate (%s): tensors and wasm buffers stay flat over repeated calls',
    async (impl) => {
      registerWasmTrainingKernels({ backpropInput: impl });
      await tf.setBackend('wasm');
      const x = tf.randomNormal([2, 12, 9, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const f = tf.randomNormal([5, 5, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const step = () =>
        tf.tidy(() => {
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'),
          );
          const y = tf.conv2d(x, f, 2, 'same');
          const [gx, gf] = g([x, f], tf.onesLike(y));
          const t = tf.conv2dTranspose(y, f, [2, 12, 9, 3], 2, 'same');
          const yValid = tf.conv2d(x, f, 2, 'valid'); // [2, 4, 3, 4]
          const tValid = tf.conv2dTranspose(yValid, f, [2, 12, 9, 3], 2, 'valid');
          return tf.addN([tf.sum(gx), tf.sum(gf), tf.sum(t), tf.sum(tValid)]).dataSync()[0];
        });
      step();
      const tensors = tf.memory().numTensors;
      const buffers = wasmBackend()!.numDataIds();
      for (let i = 0; i < 10; i++) step();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(wasmBackend()!.numDataIds()).toBe(buffers);
      x.dispose();
      f.dispose();
      registerWasmTrainingKernels();
    },
  );
});

describe('wasm Tile, BatchMatMul and _FusedMatMul replacements vs cpu', () => {
  /** Runs `f` on cpu and on wasm (same seeded inputs) and returns the relative difference. */
  async function diffVsCpu(f: (rng: Rng) => tf.Tensor): Promise<number> {
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => f(new Rng(3)).dataSync() as Float32Array);
    await tf.setBackend('wasm');
    const actual = tf.tidy(() => f(new Rng(3)).dataSync() as Float32Array);
    return relativeDiff(expected, actual);
  }
  const randn = (rng: Rng, shape: number[]) =>
    tf.tensor(rng.normals(shape.reduce((a, b) => a * b, 1)), shape);

  it.each([
    { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1] }, // batch-norm statistics to full size
    { shape: [1, 1, 3, 6], reps: [1, 1, 2, 1] },
    { shape: [2, 3], reps: [2, 3] }, // true tiling, not broadcasting
    { shape: [1, 4, 5], reps: [2, 1, 3] },
    { shape: [2, 1, 3, 1], reps: [2, 3, 2, 4] }, // too many axes: native fallback
    { shape: [3], reps: [1] }, // nothing to repeat
  ])('Tile $shape x $reps', async ({ shape, reps }) => {
    registerWasmTrainingKernels();
    expect(await diffVsCpu((rng) => tf.tile(randn(rng, shape), reps))).toBe(0);
  });

  it('Tile of int32 (native fallback)', async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    const t = tf.tidy(() => tf.tile(tf.tensor2d([1, 2], [1, 2], 'int32'), [2, 2]).arraySync());
    expect(t).toEqual([
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ]);
  });

  it.each([
    { a: [5, 7], b: [7, 4], ta: false, tb: false },
    { a: [7, 5], b: [7, 4], ta: true, tb: false },
    { a: [5, 7], b: [4, 7], ta: false, tb: true },
    { a: [7, 5], b: [4, 7], ta: true, tb: true },
    { a: [3, 7, 5], b: [3, 4, 7], ta: true, tb: true },
    { a: [3, 7, 5], b: [1, 7, 4], ta: true, tb: false }, // broadcast batch
  ])('matMul $a x $b (transposeA=$ta, transposeB=$tb)', async ({ a, b, ta, tb }) => {
    registerWasmTrainingKernels();
    const diff = await diffVsCpu((rng) => tf.matMul(randn(rng, a), randn(rng, b), ta, tb));
    expect(diff).toBeLessThan(1e-5);
  });

  it.each([
    { ta: true, tb: false },
    { ta: false, tb: true },
  ])('fused matMul with bias and relu (transposeA=$ta, transposeB=$tb)', async ({ ta, tb }) => {
    registerWasmTrainingKernels();
    const diff = await diffVsCpu((rng) =>
      tf.fused.matMul({
        a: randn(rng, ta ? [6, 3] : [3, 6]) as tf.Tensor2D,
        b: randn(rng, tb ? [4, 6] : [6, 4]) as tf.Tensor2D,
        transposeA: ta,
        transposeB: tb,
        bias: randn(rng, [4]),
        activation: 'relu',
      }),
    );
    expect(diff).toBeLessThan(1e-5);
  });

  it('dense layer gradients (transposed matmuls) agree', async () => {
    registerWasmTrainingKernels();
    const diff = await diffVsCpu((rng) => {
      const x = randn(rng, [8, 10]);
      const w = randn(rng, [10, 12]);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))),
      )([x, w]);
      return tf.concat([gx.flatten(), gw.flatten()]);
    });
    expect(diff).toBeLessThan(1e-5);
  });
});
