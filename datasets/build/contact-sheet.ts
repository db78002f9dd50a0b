// Lays images out in a grid (with a gap) as one RGBA picture, for looking at a dataset by eye.
// Encode the result with src/lib/png.ts.

import type { ImageShape } from '../../src/datasets/types';

export interface Sheet {
  readonly width: number;
  readonly height: number;
  /** [height, width, 4] RGBA */
  readonly rgba: Uint8Array;
}

/** The first `count` images of `images` ([n, h, w, c], grey or RGB), `columns` per row. */
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
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([128, 128, 128, 255], i); // grey ground
  for (let i = 0; i < count; i++) {
    const x0 = gap + (i % columns) * (w + gap);
    const y0 = gap + Math.floor(i / columns) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((i * h + y) * w + x) * c;
        const dst = ((y0 + y) * width + x0 + x) * 4;
        rgba[dst] = images[src];
        rgba[dst + 1] = images[src + (c === 3 ? 1 : 0)];
        rgba[dst + 2] = images[src + (c === 3 ? 2 : 0)];
        rgba[dst + 3] = 255;
      }
    }
  }
  return { width, height, rgba };
}
