// A sample grid as the timeline keeps it: the fewest bytes per pixel that hold it exactly. The
// worker draws grids as RGBA (4 bytes a pixel), but greyscale grids (MNIST, Fashion-MNIST) have
// r = g = b and opaque alpha, and colour grids are opaque: a timeline of 60 MNIST grids takes
// 3.6 MB at 1 byte a pixel instead of 14 MB. The page unpacks a grid when it draws or exports it.

import type { ImageGrid } from '../ml/train/types';

/** Bytes per pixel: 1 grey, 3 RGB (opaque), 4 RGBA. */
export type GridChannels = 1 | 3 | 4;

export interface PackedGrid extends Omit<ImageGrid, 'rgba'> {
  readonly channels: GridChannels;
  /** width * height * channels bytes, row by row. */
  readonly pixels: Uint8Array;
}

/** The fewest channels that hold `rgba` exactly. */
function channelsOf(rgba: Uint8ClampedArray): GridChannels {
  let grey = true;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] !== 255) return 4;
    if (grey && (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2])) grey = false;
  }
  return grey ? 1 : 3;
}

export function packGrid(grid: ImageGrid): PackedGrid {
  const { rgba, ...shape } = grid;
  const channels = channelsOf(rgba);
  const pixelCount = rgba.length / 4;
  const pixels = new Uint8Array(pixelCount * channels);
  if (channels === 4) pixels.set(rgba);
  else {
    for (let p = 0; p < pixelCount; p++) {
      for (let c = 0; c < channels; c++) pixels[p * channels + c] = rgba[p * 4 + c];
    }
  }
  return { ...shape, channels, pixels };
}

/** The grid as RGBA again (a new array each call: callers draw or encode it, then let it go). */
export function unpackGrid(grid: PackedGrid): ImageGrid {
  const { channels, pixels, ...shape } = grid;
  const pixelCount = pixels.length / channels;
  const rgba = new Uint8ClampedArray(pixelCount * 4);
  if (channels === 4) rgba.set(pixels);
  else {
    for (let p = 0; p < pixelCount; p++) {
      const from = p * channels;
      const to = p * 4;
      rgba[to] = pixels[from];
      rgba[to + 1] = pixels[from + (channels === 3 ? 1 : 0)];
      rgba[to + 2] = pixels[from + (channels === 3 ? 2 : 0)];
      rgba[to + 3] = 255;
    }
  }
  return { ...shape, rgba };
}

/**
 * A grid that may still be RGBA: runs stored before grids were packed keep RGBA grids in the
 * browser's storage, and they load as such.
 */
export function asPackedGrid(grid: PackedGrid | ImageGrid): PackedGrid {
  return 'pixels' in grid ? grid : packGrid(grid);
}
