// Small image subsets for previews (dataset picker thumbnails, nearest-neighbour panels).

import { imageBytes } from './manifest';
import type { DatasetSplit, ImageShape } from './types';

/** Copies the images at `indices` into a new split (labels and attributes follow). */
export function takeImages(
  split: DatasetSplit,
  shape: ImageShape,
  indices: readonly number[],
): DatasetSplit {
  const size = imageBytes(shape);
  const images = new Uint8Array(indices.length * size); // [n, height, width, channels]
  const labels = new Uint16Array(indices.length);
  const attrWidth = split.attributes ? split.attributes.length / split.count : 0;
  const attributes = split.attributes ? new Float32Array(indices.length * attrWidth) : undefined;
  indices.forEach((index, i) => {
    if (!Number.isInteger(index) || index < 0 || index >= split.count) {
      throw new RangeError(`takeImages: index ${index} outside 0..${split.count - 1}`);
    }
    images.set(split.images.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = split.labels[index];
    if (attributes && split.attributes) {
      const row = split.attributes.subarray(index * attrWidth, (index + 1) * attrWidth);
      attributes.set(row, i * attrWidth);
    }
  });
  return { images, labels, count: indices.length, ...(attributes ? { attributes } : {}) };
}

/** `count` images spread evenly over the split (deterministic: the same ones every time). */
export function previewImages(split: DatasetSplit, shape: ImageShape, count: number): DatasetSplit {
  const n = Math.max(0, Math.min(count, split.count));
  const indices = Array.from({ length: n }, (_, i) => Math.floor((i * split.count) / n));
  return takeImages(split, shape, indices);
}
