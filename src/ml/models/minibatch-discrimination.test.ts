import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageShape } from '../../datasets/types';
import { Rng } from '../../lib/rng';
import { DEFAULT_DCGAN } from '../config';
import { exportLayersModel } from '../weights/layers-export';
import { buildDiscriminator } from './dcgan';
import { MinibatchDiscrimination, minibatchFeatures } from './minibatch-discrimination';

const MNIST: ImageShape = { height: 28, width: 28, channels: 1 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The layer's definition written out in plain loops, float64. */
function closenessByHand(x: number[][], w: number[][], kernels: number, dims: number): number[][] {
  const m = x.map((row) =>
    Array.from({ length: kernels * dims }, (_, j) => row.reduce((s, v, i) => s + v * w[i][j], 0)),
  );
  return x.map((_, i) =>
    Array.from({ length: kernels }, (_, k) => {
      let sum = 0;
      for (let j = 0; j < x.length; j++) {
        if (j === i) continue;
        let l1 = 0;
        for (let d = 0; d < dims; d++) l1 += Math.abs(m[i][k * dims + d] - m[j][k * dims + d]);
        sum += Math.exp(-l1);
      }
      return sum;
    }),
  );
}

describe('minibatch discrimination', () => {
  it('appends, per kernel, the summed closeness of the other images in the batch', () => {
    const rng = new Rng(4);
    const [b, n, kernels, dims] = [5, 7, 3, 2];
    const x = Array.from({ length: b }, () => Array.from(rng.normals(n)));
    const w = Array.from({ length: n }, () =>
      Array.from(rng.normals(kernels * dims), (v) => v * 0.3),
    );
    const out = tf.tidy(() =>
      minibatchFeatures(tf.tensor2d(x), tf.tensor2d(w), kernels, dims).arraySync(),
    );
    const want = closenessByHand(x, w, kernels, dims);
    for (let i = 0; i < b; i++) {
      expect(out[i].slice(0, n)).toEqual(x[i].map((v) => Math.fround(v)));
      out[i].slice(n).forEach((v, k) => expect(v).toBeCloseTo(want[i][k], 5));
    }
  });

  it('sees copies: identical images score batch size - 1, far-apart ones about 0', () => {
    const w = tf.eye(4, 4);
    const same = tf.tidy(() =>
      minibatchFeatures(tf.ones([6, 4]), w as tf.Tensor2D, 2, 2)
        .slice([0, 4], [6, 2])
        .arraySync(),
    );
    expect(same.flat()).toEqual(new Array(12).fill(5));
    const apart = tf.tidy(() =>
      minibatchFeatures(tf.tensor2d([[0, 0, 0, 0], [50, 50, 50, 50]]), w as tf.Tensor2D, 2, 2)
        .slice([0, 4], [2, 2])
        .arraySync(),
    ); // prettier-ignore
    expect(Math.max(...apart.flat())).toBeLessThan(1e-12);
    w.dispose();
  });

  it('sits before the logit of the discriminator, whose output then depends on the batch', () => {
    // The paper's width with 64 kernels (the option is off in the playground's default).
    const config = { ...DEFAULT_DCGAN, baseFilters: 64, minibatchKernels: 64 };
    const d = buildDiscriminator(config, MNIST, 1);
    const names = d.layers.map((l) => l.name);
    expect(names.slice(-3)).toEqual(['d_flatten', 'd_minibatch', 'd_logit']);
    const mbd = d.getLayer('d_minibatch');
    expect(mbd.getClassName()).toBe('MinibatchDiscrimination');
    expect(mbd.outputShape).toEqual([null, 7 * 7 * 128 + config.minibatchKernels]);
    expect(mbd.weights.map((v) => [v.originalName, v.shape])).toEqual([
      ['d_minibatch/kernel', [7 * 7 * 128, config.minibatchKernels * 5]],
    ]);
    tf.tidy(() => {
      const batch = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 2);
      const first = (d.apply(batch, { training: true }) as tf.Tensor).slice([0, 0], [1, 1]);
      const changed = batch.slice([0], [1]).concat(tf.zeros([3, 28, 28, 1]));
      const again = (d.apply(changed, { training: false }) as tf.Tensor).slice([0, 0], [1, 1]);
      const alone = (d.apply(batch.slice([0], [1]), { training: false }) as tf.Tensor).dataSync();
      const withBatch = (d.apply(batch, { training: false }) as tf.Tensor).dataSync()[0];
      expect(first.shape).toEqual([1, 1]);
      expect(again.dataSync()[0]).not.toBeCloseTo(withBatch, 6);
      expect(alone[0]).not.toBeCloseTo(withBatch, 6);
    });
    d.dispose();
  });

  it('leaves out the layer at 0 kernels, and every other initial weight alike either way', () => {
    const off = buildDiscriminator({ ...DEFAULT_DCGAN, minibatchKernels: 0 }, MNIST, 3);
    const on = buildDiscriminator({ ...DEFAULT_DCGAN, minibatchKernels: 8 }, MNIST, 3);
    expect(off.layers.map((l) => l.name)).not.toContain('d_minibatch');
    const byName = (m: tf.LayersModel) =>
      new Map(m.weights.map((w) => [w.originalName, w.read().dataSync()]));
    const [a, b] = [byName(off), byName(on)];
    expect([...b.keys()].filter((k) => !a.has(k))).toEqual(['d_minibatch/kernel']);
    for (const [name, values] of a) {
      // d_logit's kernel has 8 more inputs with the layer on; its first rows are the same draw.
      const other = b.get(name) as Float32Array;
      if (name === 'd_logit/kernel') expect(other.slice(0, values.length)).toEqual(values);
      else expect(other).toEqual(values);
    }
    off.dispose();
    on.dispose();
  });

  it('round-trips through the tfjs Layers format with its kernels and weights', async () => {
    const d = buildDiscriminator(
      { ...DEFAULT_DCGAN, baseFilters: 4, minibatchKernels: 3 },
      MNIST,
      5,
    );
    const saved = await exportLayersModel(d);
    const json = JSON.parse(saved.modelJson) as tf.io.ModelJSON;
    const weightData = saved.weightsBin.buffer.slice(
      saved.weightsBin.byteOffset,
      saved.weightsBin.byteOffset + saved.weightsBin.byteLength,
    ) as ArrayBuffer;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData,
      }),
    );
    const layer = loaded.getLayer('d_minibatch');
    expect(layer).toBeInstanceOf(MinibatchDiscrimination);
    expect((layer as MinibatchDiscrimination).kernels).toBe(3);
    tf.tidy(() => {
      const x = tf.randomUniform([3, 28, 28, 1], -1, 1, 'float32', 9);
      const want = (d.apply(x) as tf.Tensor).dataSync();
      const got = (loaded.apply(x) as tf.Tensor).dataSync();
      expect(Array.from(got)).toEqual(Array.from(want));
    });
    d.dispose();
    loaded.dispose();
  });
});
