// A tiny in-memory dataset for engine tests: blurry blobs whose position is the label, so the
// models have something learnable without reading the bundled files.

import type { ImageShape, LoadedDataset } from '../../datasets/types';
import { Rng } from '../../lib/rng';

export function syntheticDataset(
  shape: ImageShape = { height: 8, width: 8, channels: 1 },
  trainCount = 96,
  testCount = 16,
  seed = 3,
): LoadedDataset {
  const rng = new Rng(seed);
  const make = (count: number) => {
    const size = shape.height * shape.width * shape.channels;
    const images = new Uint8Array(count * size);
    const labels = new Uint16Array(count);
    for (let n = 0; n < count; n++) {
      const label = rng.int(4);
      labels[n] = label;
      const cy = (label < 2 ? 0.3 : 0.7) * shape.height;
      const cx = (label % 2 === 0 ? 0.3 : 0.7) * shape.width;
      for (let y = 0; y < shape.height; y++) {
        for (let x = 0; x < shape.width; x++) {
          const d2 = ((y - cy) ** 2 + (x - cx) ** 2) / (shape.height / 4) ** 2;
          for (let c = 0; c < shape.channels; c++) {
            const v = 255 * Math.exp(-d2) * (0.8 + 0.2 * rng.next());
            images[n * size + (y * shape.width + x) * shape.channels + c] = Math.round(v);
          }
        }
      }
    }
    return { images, labels, count };
  };
  return {
    info: {
      id: 'synthetic',
      name: 'Synthetic blobs',
      description: 'Test fixture',
      shape,
      trainCount,
      testCount,
      labelNames: ['top-left', 'top-right', 'bottom-left', 'bottom-right'],
      source: 'generated in tests',
      license: 'MIT',
      downloadBytes: 0,
    },
    train: make(trainCount),
    test: make(testCount),
  };
}

/**
 * Mean brightness of each quadrant of an 8x8 image at `offset` in `pixels`: top-left,
 * top-right, bottom-left, bottom-right (the blob classes' order). The brightest quadrant is the
 * class a sample looks like.
 */
export function quadrants(pixels: Float32Array, offset: number): number[] {
  const sums = [0, 0, 0, 0];
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++)
      sums[(y < 4 ? 0 : 2) + (x < 4 ? 0 : 1)] += pixels[offset + y * 8 + x];
  }
  return sums;
}
