// Turns a uint8 dataset split into float batches in a seeded order. The order is a fresh
// permutation each pass, drawn from the run's seed, so a seed reproduces the data order.

import * as tf from '@tensorflow/tfjs';
import type { DatasetSplit, ImageShape } from '../../datasets/types';
import { permutation, Rng } from '../../lib/rng';

/** 'tanh': pixels in [-1, 1] (GAN, tanh output). 'unit': pixels in [0, 1] (VAE, sigmoid output). */
export type PixelRange = 'tanh' | 'unit';

export function pixelScale(range: PixelRange): { scale: number; offset: number } {
  return range === 'tanh' ? { scale: 2 / 255, offset: -1 } : { scale: 1 / 255, offset: 0 };
}

/** The order of one pass over `count` images: a fresh permutation drawn from the run's seed. */
export function passOrder(count: number, seed: number, pass: number): Uint32Array {
  return permutation(count, new Rng(seed).fork(1000 + pass));
}

/**
 * The image indices a Batcher over `count` images hands out first, `total` of them, pass after
 * pass (a reference implementation replays the run's data order from it).
 */
export function imageOrder(count: number, seed: number, total: number): Uint32Array {
  const out = new Uint32Array(total);
  for (let pass = 0; pass * count < total; pass++) {
    const order = passOrder(count, seed, pass);
    out.set(order.subarray(0, Math.min(count, total - pass * count)), pass * count);
  }
  return out;
}

export class Batcher {
  private order: Uint32Array;
  private cursor = 0;
  private pass = 0;
  private readonly pixelsPerImage: number;

  constructor(
    private readonly split: DatasetSplit,
    private readonly shape: ImageShape,
    private readonly range: PixelRange,
    private readonly seed: number,
    /** Position to continue from (images consumed so far), for exact resume. */
    consumed = 0,
  ) {
    if (split.count === 0) throw new Error('The training split is empty');
    this.pixelsPerImage = shape.height * shape.width * shape.channels;
    this.pass = Math.floor(consumed / split.count);
    this.order = passOrder(split.count, seed, this.pass);
    this.cursor = consumed % split.count;
  }

  /** Images handed out so far. */
  get consumed(): number {
    return this.pass * this.split.count + this.cursor;
  }

  /** The next batch as [batch, H, W, C] floats; wraps into a new shuffled pass. */
  next(batchSize: number): tf.Tensor4D {
    return this.nextLabelled(batchSize).images;
  }

  /** The next batch with each image's class (its label in the split), in the same order. */
  nextLabelled(batchSize: number): { images: tf.Tensor4D; labels: Int32Array } {
    const { height, width, channels } = this.shape;
    const out = new Float32Array(batchSize * this.pixelsPerImage);
    const labels = new Int32Array(batchSize);
    const { scale, offset } = pixelScale(this.range);
    for (let b = 0; b < batchSize; b++) {
      if (this.cursor >= this.order.length) {
        this.pass++;
        this.order = passOrder(this.split.count, this.seed, this.pass);
        this.cursor = 0;
      }
      const index = this.order[this.cursor++];
      labels[b] = this.split.labels[index];
      const src = index * this.pixelsPerImage;
      const dst = b * this.pixelsPerImage;
      for (let i = 0; i < this.pixelsPerImage; i++) {
        out[dst + i] = this.split.images[src + i] * scale + offset;
      }
    }
    return { images: tf.tensor4d(out, [batchSize, height, width, channels]), labels };
  }
}

/** The first `count` images of a split as floats, [count, H, W, C] (fixed test images). */
export function firstImages(
  split: DatasetSplit,
  shape: ImageShape,
  range: PixelRange,
  count: number,
): tf.Tensor4D {
  const n = Math.min(count, split.count);
  const size = shape.height * shape.width * shape.channels;
  const { scale, offset } = pixelScale(range);
  const out = new Float32Array(n * size);
  for (let i = 0; i < n * size; i++) out[i] = split.images[i] * scale + offset;
  return tf.tensor4d(out, [n, shape.height, shape.width, shape.channels]);
}
