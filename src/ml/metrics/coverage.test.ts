import { describe, expect, it } from 'vitest';
import { classCoverage, classHistogram, effectiveClasses } from './coverage';

describe('class coverage', () => {
  it('counts 10 effective classes for a uniform histogram and 1 for a one-hot', () => {
    expect(effectiveClasses(new Array(10).fill(100))).toBeCloseTo(10, 12);
    expect(effectiveClasses([0, 0, 0, 500, 0, 0, 0, 0, 0, 0])).toBe(1);
  });

  it('counts 2 effective classes for two equal halves and less for an uneven split', () => {
    expect(effectiveClasses([50, 50, 0])).toBeCloseTo(2, 12);
    // p = (0.9, 0.1): exp(-(0.9 ln 0.9 + 0.1 ln 0.1)) = exp(0.094824 + 0.230259) = 1.38415
    expect(effectiveClasses([90, 10])).toBeCloseTo(1.38415, 4);
  });

  it('builds the histogram and flags collapse below the threshold', () => {
    const uniform = Array.from({ length: 1000 }, (_, i) => i % 10);
    const even = classCoverage(uniform, 10);
    expect(even.counts).toEqual(new Array(10).fill(100));
    expect(even.collapsed).toBe(false);
    expect(even.missing).toEqual([]);

    // Mostly 1s and 7s: the typical collapsed digit GAN.
    const collapsed = classCoverage(
      Array.from({ length: 1000 }, (_, i) => (i % 10 < 6 ? 1 : i % 10 < 9 ? 7 : 3)),
      10,
    );
    expect(collapsed.counts[1]).toBe(600);
    expect(collapsed.effectiveClasses).toBeLessThan(3);
    expect(collapsed.collapsed).toBe(true);
    expect(collapsed.missing).toEqual([0, 2, 4, 5, 6, 8, 9]);
  });

  it('rejects class indices out of range', () => {
    expect(() => classHistogram([0, 10], 10)).toThrow(/out of range/);
  });
});
