// The gradients extra-gradients.ts registers, against values computed by hand.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../lib/rng';
import './extra-gradients';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Sum over the tiles, one output element at a time: x's element is the output index mod a. */
function tileGradientByHand(dy: Float32Array, outShape: number[], xShape: number[]): number[] {
  const out = new Array<number>(xShape.reduce((p, d) => p * d, 1)).fill(0);
  for (let flat = 0; flat < dy.length; flat++) {
    let rest = flat;
    let xIndex = 0;
    let stride = 1;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      const coord = rest % outShape[axis];
      rest = Math.floor(rest / outShape[axis]);
      xIndex += (coord % xShape[axis]) * stride;
      stride *= xShape[axis];
    }
    out[xIndex] += dy[flat];
  }
  return out;
}

describe('registered gradients', () => {
  it.each([
    [[3], [4]],
    [
      [2, 3],
      [2, 1],
    ],
    [
      [2, 1, 3],
      [1, 4, 2],
    ],
    [
      [2, 1, 1, 1],
      [1, 7, 7, 3],
    ], // a layer norm's mean over [H, W, C]
    [
      [1, 2, 2, 3],
      [5, 1, 1, 1],
    ], // its scale over the batch
  ])('Tile of %j by %j: the sum over the tiles', (xShape, reps) => {
    const rng = new Rng(4);
    const size = xShape.reduce((p, d) => p * d, 1);
    const x = tf.tensor(rng.normals(size), xShape);
    const outShape = xShape.map((d, i) => d * reps[i]);
    const w = tf.tensor(rng.normals(outShape.reduce((p, d) => p * d, 1)), outShape);
    // d/dx sum(w * tile(x)) = the tile gradient of dy = w.
    const grad = tf.grad((t) => tf.sum(tf.tile(t, reps).mul(w)))(x);
    const want = tileGradientByHand(w.dataSync() as Float32Array, outShape, xShape);
    Array.from(grad.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
    tf.dispose([x, w, grad]);
  });

  it('comparisons have a zero gradient, so a gradient with a mask can be differentiated', () => {
    // d/dx of LeakyReLU's gradient, summed: piecewise constant in x, so zero.
    const x = tf.tensor1d([-2, -0.5, 1, 3]);
    const slope = (t: tf.Tensor) => tf.grad((u) => tf.sum(tf.leakyRelu(u, 0.2).square()))(t);
    // d/dx sum(leakyRelu(x)^2) = 2 x where x > 0, 2 * 0.04 x below: its own derivative is 2, 0.08.
    const second = tf.grad((t) => tf.sum(slope(t)))(x);
    expect(Array.from(second.dataSync())).toEqual([
      expect.closeTo(0.08, 6),
      expect.closeTo(0.08, 6),
      expect.closeTo(2, 6),
      expect.closeTo(2, 6),
    ]);
    tf.dispose([x, second]);
  });

  it('Exp: the gradient of its gradient, against the value by hand', () => {
    // f(w) = sum_i (d/dx_i sum_j exp(-x_j w))^2 = sum_i w^2 exp(-2 x_i w)
    // df/dw = sum_i (2 w - 2 x_i w^2) exp(-2 x_i w)
    const x = tf.tensor1d([0.3, -0.7, 1.2]);
    const w = tf.scalar(0.8);
    const f = (v: tf.Tensor) =>
      tf.sum(tf.square(tf.grad((u: tf.Tensor) => tf.sum(tf.exp(tf.neg(u.mul(v)))))(x)));
    const got = tf.grad(f)(w).dataSync()[0];
    const want = [0.3, -0.7, 1.2].reduce(
      (sum, xi) => sum + (2 * 0.8 - 2 * xi * 0.64) * Math.exp(-2 * xi * 0.8),
      0,
    );
    expect(got).toBeCloseTo(want, 4);
    tf.dispose([x, w]);
  });
});
