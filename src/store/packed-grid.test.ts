import { describe, expect, it } from 'vitest';
import type { ImageGrid } from '../ml/train/types';
import { asPackedGrid, packGrid, unpackGrid } from './packed-grid';

/** A 3x2 grid whose pixels are the given [r, g, b, a] quadruples. */
function grid(pixels: readonly (readonly number[])[]): ImageGrid {
  return {
    rows: 1,
    cols: 1,
    cellHeight: 2,
    cellWidth: 3,
    gap: 0,
    width: 3,
    height: 2,
    rgba: new Uint8ClampedArray(pixels.flat()),
  };
}

const grey = grid([0, 40, 80, 120, 200, 255].map((v) => [v, v, v, 255]));
const colour = grid([0, 40, 80, 120, 200, 255].map((v) => [v, 255 - v, v >> 1, 255]));
const seeThrough = grid([0, 40, 80, 120, 200, 255].map((v) => [v, v, v, v]));

describe('packed grids', () => {
  it('keeps greyscale at one byte a pixel, opaque colour at three, alpha at four', () => {
    expect([grey, colour, seeThrough].map((g) => packGrid(g).channels)).toEqual([1, 3, 4]);
    expect([grey, colour, seeThrough].map((g) => packGrid(g).pixels.byteLength)).toEqual([
      6, 18, 24,
    ]);
  });

  it('gives back the exact RGBA pixels and the layout', () => {
    for (const g of [grey, colour, seeThrough]) {
      const back = unpackGrid(packGrid(g));
      expect([...back.rgba]).toEqual([...g.rgba]);
      expect({ ...back, rgba: null }).toEqual({ ...g, rgba: null });
    }
  });

  it('packs an RGBA grid and leaves a packed one as it is', () => {
    const packed = packGrid(colour);
    expect(asPackedGrid(packed)).toBe(packed);
    expect(asPackedGrid(colour)).toEqual(packed);
  });
});
