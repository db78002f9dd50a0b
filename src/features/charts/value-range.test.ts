import { describe, expect, it } from 'vitest';
import type { ChartRow } from './chart-data';
import { valueAxis } from './plot-geometry';
import { clippedPoints, quantile, robustExtent } from './value-range';

/** A G loss between 0.6 and 2.4 for 300 steps, with one spike of 15 at step 135. */
function spiky(): ChartRow[] {
  const rows: ChartRow[] = [];
  for (let step = 1; step <= 300; step++) {
    const g = 1.5 + 0.9 * Math.sin(step * 0.37);
    rows.push({ step, gLoss: step === 135 ? 15 : g, dLoss: 1.2 + 0.3 * Math.cos(step * 0.21) });
  }
  return rows;
}

describe('quantile', () => {
  it('interpolates between neighbours', () => {
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([7], 0.95)).toBe(7);
  });
});

describe('robustExtent', () => {
  it('leaves a lone spike out of the range', () => {
    const [lo, hi] = robustExtent(spiky(), ['gLoss', 'dLoss'], false)!;
    expect(lo).toBeCloseTo(0.6, 1);
    expect(hi).toBeLessThan(5);
    expect(hi).toBeGreaterThanOrEqual(2.39);
  });

  it('keeps the whole range of a steady trend, however far it falls', () => {
    // A Gaussian VAE's loss: from 550 down to -5,000, no spike.
    const rows = Array.from({ length: 200 }, (_, i) => ({ step: i + 1, total: 550 - 27.75 * i }));
    expect(robustExtent(rows, ['total'], false)).toEqual([550 - 27.75 * 199, 550]);
  });

  it('shows every value when there are too few to judge', () => {
    const rows = [
      { step: 1, a: 1 },
      { step: 2, a: 1 },
      { step: 3, a: 15 },
    ];
    expect(robustExtent(rows, ['a'], false)).toEqual([1, 15]);
  });

  it('fences in log space on a log axis, and ignores what a log axis cannot show', () => {
    const rows: ChartRow[] = spiky().map((r) => ({ ...r, gLoss: r.step === 135 ? 1e6 : r.gLoss }));
    rows[3] = { ...rows[3], dLoss: -1 };
    const [lo, hi] = robustExtent(rows, ['gLoss', 'dLoss'], true)!;
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(100);
    expect(robustExtent([{ step: 1, a: null }], ['a'], false)).toBeNull();
  });
});

describe('valueAxis with a spike', () => {
  it('sets the range by the bulk of the data and marks the spike at the top edge', () => {
    const rows = spiky();
    const axis = valueAxis(rows, ['gLoss', 'dLoss'], { log: false });
    expect(axis.domain[1]).toBeLessThan(6);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(2.4);
    expect(clippedPoints(rows, ['gLoss', 'dLoss'], axis.domain, false)).toEqual([
      { step: 135, edge: 'top' },
    ]);
  });

  it('marks values below the range at the bottom edge, and nothing inside it', () => {
    const rows: ChartRow[] = [
      { step: 1, a: 0.5 },
      { step: 2, a: -3 },
      { step: 3, a: 9 },
      { step: 4, a: null },
    ];
    expect(clippedPoints(rows, ['a'], [0, 5], false)).toEqual([
      { step: 2, edge: 'bottom' },
      { step: 3, edge: 'top' },
    ]);
    expect(clippedPoints(rows, ['a'], [-5, 10], false)).toEqual([]);
  });
});
