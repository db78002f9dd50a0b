// Packs a batch of images into one RGBA grid picture (for the page, PNG files and the CLI).
// Pure JavaScript on plain arrays, so it runs anywhere and is easy to test.

import type { ImageGrid } from './train/types';

export interface GridOptions {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly cols: number;
  readonly gap?: number;
  /** Pixel value range of the input: [-1, 1] or [0, 1]. */
  readonly range: 'tanh' | 'unit';
  /** Background grey level between cells. */
  readonly background?: number;
}

export function packGrid(pixels: Float32Array, opts: GridOptions): ImageGrid {
  const { count, height, width, channels, cols } = opts;
  const gap = opts.gap ?? 1;
  const rows = Math.ceil(count / cols);
  const gridW = cols * width + (cols - 1) * gap;
  const gridH = rows * height + (rows - 1) * gap;
  const rgba = new Uint8ClampedArray(gridW * gridH * 4);
  const bg = opts.background ?? 32;
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = rgba[i + 1] = rgba[i + 2] = bg;
    rgba[i + 3] = 255;
  }
  const toByte = opts.range === 'tanh' ? (v: number) => (v + 1) * 127.5 : (v: number) => v * 255;
  for (let n = 0; n < count; n++) {
    const x0 = (n % cols) * (width + gap);
    const y0 = Math.floor(n / cols) * (height + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = ((n * height + y) * width + x) * channels;
        const dst = ((y0 + y) * gridW + x0 + x) * 4;
        if (channels === 1) {
          const v = toByte(pixels[src]);
          rgba[dst] = rgba[dst + 1] = rgba[dst + 2] = v;
        } else {
          rgba[dst] = toByte(pixels[src]);
          rgba[dst + 1] = toByte(pixels[src + 1]);
          rgba[dst + 2] = toByte(pixels[src + 2]);
        }
      }
    }
  }
  return {
    rows,
    cols,
    cellHeight: height,
    cellWidth: width,
    gap,
    width: gridW,
    height: gridH,
    rgba,
  };
}
