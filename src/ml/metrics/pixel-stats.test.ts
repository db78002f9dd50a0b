import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { pixelStats, pixelStatsDistance } from './pixel-stats';

describe('pixel statistics', () => {
  it('computes per-channel mean and std and a normalised histogram', () => {
    // Two RGB pixels: (0, 1, 0.5) and (1, 1, 0.5).
    const s = pixelStats([0, 255, 128, 255, 255, 128], 3, { scale: 1 / 255 });
    expect(s.mean[0]).toBeCloseTo(0.5, 12);
    expect(s.mean[1]).toBeCloseTo(1, 12);
    expect(s.std[0]).toBeCloseTo(0.5, 12);
    expect(s.std[1]).toBeCloseTo(0, 6);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Cells: r bin 0 or 7, g bin 7, b bin 4 -> 0 + 7*8 + 4*64 and 7 + 7*8 + 4*64.
    expect(s.histogram[0 + 56 + 256]).toBe(0.5);
    expect(s.histogram[7 + 56 + 256]).toBe(0.5);
  });

  it('gives distance 0 for the same set and 1 (total variation) for disjoint colours', () => {
    const rng = new Rng(3);
    const a = Float32Array.from({ length: 3000 }, () => rng.next());
    const same = pixelStatsDistance(pixelStats(a, 3), pixelStats(a, 3));
    expect(same).toEqual({ meanDistance: 0, stdDistance: 0, histogramDistance: 0 });

    const dark = pixelStats(new Float32Array(300).fill(0.1), 3);
    const light = pixelStats(new Float32Array(300).fill(0.9), 3);
    const d = pixelStatsDistance(dark, light);
    expect(d.histogramDistance).toBe(1);
    expect(d.meanDistance).toBeCloseTo(0.8 * Math.sqrt(3), 6);
  });

  it('sees a darker copy of a set as further away than a resample of it', () => {
    const rng = new Rng(5);
    const draw = (k: number) => Float32Array.from({ length: 30_000 }, () => rng.next() ** 2 * k);
    const base = pixelStats(draw(1), 1);
    const resample = pixelStatsDistance(base, pixelStats(draw(1), 1));
    const darker = pixelStatsDistance(base, pixelStats(draw(0.6), 1));
    expect(darker.meanDistance).toBeGreaterThan(10 * resample.meanDistance);
    expect(darker.histogramDistance).toBeGreaterThan(5 * resample.histogramDistance);
  });
});
