import { describe, expect, it } from 'vitest';
import { fitPixels } from './pixel-fit';
import { gridSize } from './PixelCanvas';

const mnist = gridSize(8, 8, 28, 28); // 231 x 231
const faces = gridSize(8, 8, 64, 64); // 519 x 519

describe('fitPixels', () => {
  it('magnifies by the largest whole number of device pixels that fits', () => {
    // 406 CSS px at DPR 1: 1x (the 1.76x fraction would make cells uneven).
    expect(fitPixels(mnist, 406, 1)).toMatchObject({ mode: 'zoom', zoom: 1 });
    // The same box at DPR 2 holds 812 device px: 3x, shown 346.5 CSS px wide.
    const fit = fitPixels(mnist, 406, 2);
    expect(fit).toMatchObject({ mode: 'zoom', zoom: 3, backing: { width: 231, height: 231 } });
    expect(fit.css.width * 2).toBe(231 * 3);
    expect(fitPixels(mnist, 700, 1).zoom).toBe(3);
  });

  it('shrinks a grid wider than its box cell by cell, every cell the same size', () => {
    const fit = fitPixels(faces, 406, 1);
    expect(fit.mode).toBe('cells');
    expect(fit.zoom).toBe(1);
    // 8 cells and 7 one-pixel gaps in at most 406 px: cells of 49 px.
    expect(fit.cell).toEqual({ width: 49, height: 49 });
    expect(fit.backing).toEqual({ width: 8 * 49 + 7, height: 8 * 49 + 7 });
    expect(fit.css.width).toBeLessThanOrEqual(406);
  });

  it('never shows more device pixels than the box has, at any width and ratio', () => {
    for (const grid of [mnist, faces, gridSize(2, 8, 32, 32), { width: 231, height: 57 }]) {
      for (const dpr of [1, 1.25, 1.5, 2, 3]) {
        for (let width = 60; width <= 1400; width += 37) {
          const fit = fitPixels(grid, width, dpr);
          expect(fit.css.width * dpr).toBeLessThanOrEqual(Math.floor(width * dpr) + 1e-9);
          expect(Number.isInteger(fit.zoom)).toBe(true);
          expect(fit.css.width * dpr).toBeCloseTo(fit.backing.width * fit.zoom, 9);
        }
      }
    }
  });
});
