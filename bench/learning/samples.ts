// Samples as the benchmark handles them: the worker hands back 8-bit RGBA grids (packGrid), PyTorch
// float pixels; both become float pixels [n, H, W, C] in [0, 1] that went through the same 8-bit
// grid, so the two sides are scored from identically rounded images. The first 64 samples are
// also kept as an 8x8 PNG.

import { writeFile } from 'node:fs/promises';
import type { ImageShape } from '../../src/datasets/types';
import { encodePng } from '../../src/lib/png';
import type { ImageGrid } from '../../src/ml/train/types';
import { packGrid } from '../../src/ml/images';

/** Cells of the sample grids the benchmark asks for (8 wide: the top 64 are the PNG). */
export const GRID_COLS = 8;

/** The first `count` cells of a grid as float pixels [count, H, W, C] in [0, 1]. */
export function gridPixels(grid: ImageGrid, count: number, channels: number): Float32Array {
  const { cellHeight: h, cellWidth: w, gap, cols } = grid;
  if (count > grid.rows * cols)
    throw new Error(`a ${grid.rows}x${cols} grid has no ${count} cells`);
  const out = new Float32Array(count * h * w * channels);
  for (let n = 0; n < count; n++) {
    const x0 = (n % cols) * (w + gap);
    const y0 = Math.floor(n / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((y0 + y) * grid.width + x0 + x) * 4;
        const dst = ((n * h + y) * w + x) * channels;
        for (let c = 0; c < channels; c++) out[dst + c] = grid.rgba[src + c] / 255;
      }
    }
  }
  return out;
}

/** Float pixels in [0, 1] rounded to 8 bits exactly as the worker's grids round them. */
export function roundLikeGrid(pixels: Float32Array, shape: ImageShape): Float32Array {
  const count = pixels.length / (shape.height * shape.width * shape.channels);
  const grid = packGrid(pixels, { count, ...shape, cols: GRID_COLS, range: 'unit' });
  return gridPixels(grid, count, shape.channels);
}

/** Writes the first 64 samples as an 8x8 PNG. */
export async function writeSampleGrid(
  file: string,
  pixels: Float32Array,
  shape: ImageShape,
): Promise<void> {
  const cell = shape.height * shape.width * shape.channels;
  const count = Math.min(64, pixels.length / cell);
  const grid = packGrid(pixels.subarray(0, count * cell), {
    count,
    ...shape,
    cols: GRID_COLS,
    range: 'unit',
  });
  await writeFile(file, await encodePng(grid.rgba, grid.width, grid.height));
}
