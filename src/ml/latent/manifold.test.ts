import { describe, expect, it } from 'vitest';
import { gaussianQuantiles, manifoldGrid, normalQuantile } from './manifold';

/** Standard normal CDF by Simpson integration of the density: an independent reference. */
function cdf(x: number): number {
  const n = 2000;
  const lo = -10;
  const h = (x - lo) / n;
  const pdf = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let s = pdf(lo) + pdf(x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * pdf(lo + i * h);
  return (s * h) / 3;
}

describe('normalQuantile', () => {
  it('matches tabulated quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.0902323, 6);
  });

  it('inverts the CDF across the range, tails included', () => {
    for (const p of [1e-5, 0.01, 0.02, 0.03, 0.2, 0.6, 0.97, 0.99, 1 - 1e-5]) {
      expect(cdf(normalQuantile(p))).toBeCloseTo(p, 7);
    }
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow();
    expect(() => normalQuantile(1)).toThrow();
  });
});

describe('manifold grid', () => {
  it('spaces quantiles evenly in probability, symmetric about 0', () => {
    const q = gaussianQuantiles(15);
    expect(q[0]).toBeCloseTo(-1.6448536, 6);
    expect(q[14]).toBeCloseTo(1.6448536, 6);
    expect(q[7]).toBeCloseTo(0, 9);
    for (let i = 0; i < 15; i++) {
      expect(q[i] + q[14 - i]).toBeCloseTo(0, 9);
      expect(cdf(q[i])).toBeCloseTo(0.05 + (0.9 * i) / 14, 6);
    }
    expect(Array.from(gaussianQuantiles(1))).toEqual([0]);
  });

  it('lays points out as a picture: z1 left to right, z2 bottom to top', () => {
    const size = 5;
    const g = manifoldGrid(size);
    expect(g.length).toBe(size * size * 2);
    const at = (row: number, col: number) => [
      g[(row * size + col) * 2],
      g[(row * size + col) * 2 + 1],
    ];
    const q = gaussianQuantiles(size);
    expect(at(0, 0)).toEqual([Math.fround(q[0]), Math.fround(q[4])]); // top left: low z1, high z2
    expect(at(4, 4)).toEqual([Math.fround(q[4]), Math.fround(q[0])]); // bottom right
    expect(at(2, 2)).toEqual([0, 0]);
    // Every row shares z2; every column shares z1.
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        expect(at(r, c)[0]).toBe(at(0, c)[0]);
        expect(at(r, c)[1]).toBe(at(r, 0)[1]);
      }
    }
  });
});
