// Encodes dataset images to VAE posterior means in small chunks, so a large request (2,000
// test images for a scatter plot) neither holds much memory nor blocks the worker's other
// messages for long. Only a VAE can encode: a DCGAN has no network from images to latents.

import * as tf from '@tensorflow/tfjs';
import type { DatasetSplit, ImageShape } from '../../datasets/types';
import { yieldToEventLoop } from '../../lib/yield';
import type { ModelRuntime } from '../train/runtime';
import { VaeRuntime } from '../train/vae-runtime';

/** Images encoded per forward pass. */
const CHUNK = 128;

/** The runtime as an encoder, or null for a model without one (DCGAN). */
export function encoderOf(runtime: ModelRuntime): VaeRuntime | null {
  return runtime instanceof VaeRuntime ? runtime : null;
}

/** Pixels of the images at `indices`, scaled to [0, 1], as [n, H, W, C]. */
export function unitImages(
  split: DatasetSplit,
  shape: ImageShape,
  indices: ArrayLike<number>,
): Float32Array {
  const size = shape.height * shape.width * shape.channels;
  const out = new Float32Array(indices.length * size);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < split.count)) throw new Error(`Image index ${i} is out of range`);
    const src = split.images.subarray(i * size, (i + 1) * size);
    for (let p = 0; p < size; p++) out[k * size + p] = src[p] / 255;
  }
  return out;
}

/**
 * Posterior means [n, latentDim] of the images at `indices` (a conditional VAE encodes each
 * with its own class). `stillValid` is asked between chunks: when it says no (the run was
 * replaced), encoding stops with an error.
 */
export async function encodeImages(
  vae: VaeRuntime,
  split: DatasetSplit,
  shape: ImageShape,
  indices: ArrayLike<number>,
  stillValid: () => boolean = () => true,
): Promise<Float32Array> {
  const dim = vae.latentDim;
  const out = new Float32Array(indices.length * dim);
  for (let start = 0; start < indices.length; start += CHUNK) {
    if (!stillValid()) throw new Error('The run changed while encoding images');
    const chunk = Array.prototype.slice.call(indices, start, start + CHUNK) as number[];
    const pixels = unitImages(split, shape, chunk);
    const classes = vae.classes === 0 ? undefined : Int32Array.from(chunk, (i) => split.labels[i]);
    const means = tf.tidy(() =>
      vae.encodeMean(
        tf.tensor4d(pixels, [chunk.length, shape.height, shape.width, shape.channels]),
        classes,
      ),
    ); // [chunk, latentDim]
    const values = (await means.data()) as Float32Array;
    means.dispose();
    out.set(values, start * dim);
    if (start + CHUNK < indices.length) await yieldToEventLoop();
  }
  return out;
}

/** `count` indices spread evenly over 0..total-1 (all of them when count >= total). */
export function spreadIndices(total: number, count: number): Uint32Array {
  const n = Math.max(0, Math.min(total, Math.floor(count)));
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.floor((k * total) / n);
  return out;
}
