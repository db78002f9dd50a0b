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

/**
 * The `count` images a preview shows (the dataset picker's): one of each of `classes` classes in
 * turn, else spread evenly over the split (deterministic: the same ones every time).
 */
export function previewImages(
  split: DatasetSplit,
  shape: ImageShape,
  count: number,
  classes = 0,
): DatasetSplit {
  return takeImages(split, shape, previewIndices(split, classes, count));
}

/**
 * Which images a preview shows: one of each class in turn (sets are often stored class by class,
 * so evenly spread images can all be shirts), else evenly spread. `classes` below 2: evenly.
 */
export function previewIndices(
  split: Pick<DatasetSplit, 'labels' | 'count'>,
  classes: number,
  count: number,
): number[] {
  if (classes < 2) return evenlySpread(split.count, count);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  // Look through an evenly spread sample, not the whole set: enough to find every class.
  for (const i of evenlySpread(split.count, Math.min(split.count, count * classes * 4))) {
    const list = byClass[split.labels[i]];
    if (list !== undefined && list.length < count) list.push(i);
  }
  const out: number[] = [];
  for (let round = 0; out.length < count && round < count; round++) {
    for (const list of byClass)
      if (round < list.length && out.length < count) out.push(list[round]);
  }
  return out.length === Math.min(count, split.count) ? out : evenlySpread(split.count, count);
}

/** `count` indices spread evenly over `total` (all of them when `count` is larger). */
function evenlySpread(total: number, count: number): number[] {
  const n = Math.max(0, Math.min(count, total));
  return Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
}
