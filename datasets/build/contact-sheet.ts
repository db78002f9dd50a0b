// Lays images out in a grid (with a gap) as one image, for looking at a dataset by eye.

import type { ImageShape } from '../../src/datasets/types';

export interface Sheet {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** [height, width, channels] */
  readonly pixels: Uint8Array;
}

/** The first `count` images of `images` ([n, h, w, c]), `columns` per row, on a grey ground. */
export function contactSheet(
  images: Uint8Array,
  shape: ImageShape,
  count: number,
  columns: number,
  gap = 2,
): Sheet {
  const { height: h, width: w, channels: c } = shape;
  const rows = Math.ceil(count / columns);
  const width = columns * (w + gap) + gap;
  const height = rows * (h + gap) + gap;
  const pixels = new Uint8Array(width * height * c).fill(128);
  for (let i = 0; i < count; i++) {
    const x0 = gap + (i % columns) * (w + gap);
    const y0 = gap + Math.floor(i / columns) * (h + gap);
    for (let y = 0; y < h; y++) {
      const src = (i * h + y) * w * c;
      pixels.set(images.subarray(src, src + w * c), ((y0 + y) * width + x0) * c);
    }
  }
  return { width, height, channels: c, pixels };
}
