import { describe, expect, it } from 'vitest';
import { axisWeights, centerCropRect, intermediateSide, resizeRgbaSquare } from './crop-resize';

/** RGBA square from a per-pixel function. */
function square(side: number, f: (x: number, y: number) => [number, number, number, number]) {
  const out = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) out.set(f(x, y), (y * side + x) * 4);
  return out;
}

describe('centre crop', () => {
  it('takes the largest centred square', () => {
    expect(centerCropRect(640, 480)).toEqual({ sx: 80, sy: 0, side: 480 });
    expect(centerCropRect(300, 500)).toEqual({ sx: 0, sy: 100, side: 300 });
    expect(centerCropRect(5, 2)).toEqual({ sx: 1, sy: 0, side: 2 }); // odd margin rounds down
    expect(centerCropRect(64, 64)).toEqual({ sx: 0, sy: 0, side: 64 });
    expect(() => centerCropRect(0, 10)).toThrow();
  });

  it('scales to a few times the target, never up from the crop', () => {
    expect(intermediateSide(4000, 32)).toBe(128);
    expect(intermediateSide(100, 32)).toBe(100);
    expect(intermediateSide(20, 32)).toBe(32);
  });
});

describe('area-average resize', () => {
  it('covers each output pixel with source overlaps summing to the scale', () => {
    for (const [side, target] of [
      [10, 4],
      [7, 3],
      [3, 7],
      [64, 28],
    ]) {
      const w = axisWeights(side, target);
      expect(w).toHaveLength(target);
      for (const row of w) {
        const total = row.reduce((s, [, o]) => s + o, 0);
        expect(total).toBeCloseTo(side / target, 9);
      }
      // Every source pixel is used, fully, once overall.
      const used = new Float64Array(side);
      for (const row of w) for (const [s, o] of row) used[s] += o;
      used.forEach((u) => expect(u).toBeCloseTo(1, 9));
    }
  });

  it('averages 2x2 blocks exactly when halving', () => {
    const src = square(4, (x, y) => [x * 10 + y, 100, 200 - x - y, 255]);
    const out = resizeRgbaSquare(src, 4, 2, 3);
    // Top-left block: x in {0,1}, y in {0,1}: red (0+1+10+11)/4 = 5.5 -> 6.
    expect(Array.from(out.subarray(0, 3))).toEqual([6, 100, 199]);
    // Bottom-right: x,y in {2,3}: red (22+23+32+33)/4 = 27.5 -> 28; blue (200 - 5) = 195.
    expect(Array.from(out.subarray(9, 12))).toEqual([28, 100, 195]);
  });

  it('weights partial pixels by overlap (3 -> 2)', () => {
    // Row values 0, 90, 180: output 0 covers [0, 1.5): (0 * 1 + 90 * 0.5) / 1.5 = 30.
    const src = square(3, (x) => [x * 90, x * 90, x * 90, 255]);
    const out = resizeRgbaSquare(src, 3, 2, 1);
    expect(Array.from(out)).toEqual([30, 150, 30, 150]);
  });

  it('keeps a flat image flat, makes grey by luma, and puts transparency on white', () => {
    const flat = resizeRgbaSquare(
      square(9, () => [10, 20, 30, 255]),
      9,
      4,
      3,
    );
    expect(new Set(flat).size).toBe(3);
    const grey = resizeRgbaSquare(
      square(2, () => [255, 0, 0, 255]),
      2,
      1,
      1,
    );
    expect(grey[0]).toBe(76); // 0.299 * 255
    const clear = resizeRgbaSquare(
      square(2, () => [0, 0, 0, 0]),
      2,
      1,
      3,
    );
    expect(Array.from(clear)).toEqual([255, 255, 255]);
    const half = resizeRgbaSquare(
      square(2, () => [0, 0, 0, 128]),
      2,
      1,
      1,
    );
    expect(half[0]).toBe(127);
  });

  it('repeats pixels when upscaling', () => {
    const src = square(2, (x, y) => [x * 200, y * 200, 0, 255]);
    const out = resizeRgbaSquare(src, 2, 4, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(out.subarray((3 * 4 + 3) * 3, (3 * 4 + 3) * 3 + 3))).toEqual([200, 200, 0]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => resizeRgbaSquare(new Uint8Array(10), 2, 1, 3)).toThrow();
  });
});
