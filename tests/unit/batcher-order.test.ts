// The Batcher's data order as a pure function (imageOrder): what bench/quality hands PyTorch so
// that both trainers see the same images in the same order. Checked against the batches a real
// Batcher makes, across the end of a pass and on resume.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSplit, ImageShape } from '../../src/datasets/types';
import { Batcher, imageOrder } from '../../src/ml/train/batcher';

const SHAPE: ImageShape = { height: 1, width: 2, channels: 1 };
const COUNT = 7;

/** Image i has pixels [i, 100 + i], so a batch names the images it holds. */
function numberedSplit(): DatasetSplit {
  const images = new Uint8Array(COUNT * 2);
  for (let i = 0; i < COUNT; i++) images.set([i, 100 + i], i * 2);
  return { images, labels: new Uint16Array(COUNT), count: COUNT };
}

function drawn(batcher: Batcher, batches: number, size: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = batcher.next(size);
    const v = Array.from(t.dataSync(), (x) => Math.round(x * 255)); // 'unit' pixels are x / 255
    t.dispose();
    for (let k = 0; k < size; k++) {
      expect(v[k * 2 + 1]).toBe(100 + v[k * 2]);
      out.push(v[k * 2]);
    }
  }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('imageOrder', () => {
  it('lists the images a Batcher hands out, pass after pass', () => {
    const order = Array.from(imageOrder(COUNT, 11, 18));
    expect(drawn(new Batcher(numberedSplit(), SHAPE, 'unit', 11), 6, 3)).toEqual(order);
    // Each pass is a permutation of every image, and the passes differ.
    expect([...order.slice(0, COUNT)].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(order.slice(COUNT, 2 * COUNT)).not.toEqual(order.slice(0, COUNT));
  });

  it('continues where a resumed Batcher continues, and depends on the seed', () => {
    const order = Array.from(imageOrder(COUNT, 11, 18));
    expect(drawn(new Batcher(numberedSplit(), SHAPE, 'unit', 11, 5), 4, 3)).toEqual(
      order.slice(5, 17),
    );
    expect(Array.from(imageOrder(COUNT, 12, 18))).not.toEqual(order);
  });
});

describe('Batcher labels', () => {
  it("hands out each image's label beside it, across the end of a pass", () => {
    const split = numberedSplit();
    const labelled = { ...split, labels: Uint16Array.from({ length: COUNT }, (_, i) => i % 3) };
    const batcher = new Batcher(labelled, SHAPE, 'unit', 11);
    for (let b = 0; b < 5; b++) {
      const { images, labels } = batcher.nextLabelled(3);
      const v = Array.from(images.dataSync(), (x) => Math.round(x * 255));
      images.dispose();
      expect(Array.from(labels)).toEqual([0, 1, 2].map((k) => v[k * 2] % 3));
    }
  });
});
