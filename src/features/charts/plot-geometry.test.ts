import { describe, expect, it } from 'vitest';
import type { ChartRow } from './chart-data';
import {
  fixedLinearAxis,
  linePath,
  logAxis,
  nearestRow,
  niceLinearAxis,
  niceStep,
  scale,
  stepAt,
  stepAxis,
  valueAxis,
  valueExtent,
} from './plot-geometry';
import { formatStep, formatTooltipValue, formatValue } from './plot-format';

describe('niceStep', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten for auto domains', () => {
    expect(niceStep(0.13, 'up')).toBe(0.2);
    expect(niceStep(1.36, 'up')).toBe(2);
    expect(niceStep(2.2, 'up')).toBe(2.5);
    expect(niceStep(3, 'up')).toBe(5);
    expect(niceStep(6, 'up')).toBe(10);
    expect(niceStep(240, 'up')).toBe(250);
  });

  it('takes the nearest nice step for fixed domains', () => {
    expect(niceStep(6, 'nearest')).toBe(5);
    expect(niceStep(8, 'nearest')).toBe(10);
    expect(niceStep(0.25, 'nearest')).toBe(0.25);
    expect(niceStep(1.3, 'nearest')).toBe(1);
  });

  it('keeps integer axes on whole numbers', () => {
    expect(niceStep(0.3, 'nearest', true)).toBe(1);
    expect(niceStep(2.4, 'nearest', true)).toBe(5);
    expect(niceStep(24, 'nearest', true)).toBe(25);
  });
});

describe('axes', () => {
  it('gives a nearly constant series (float noise of a smoothed constant) a few ticks, at once', () => {
    const axis = niceLinearAxis(100, 100 + 1.5e-14);
    expect(axis.ticks.length).toBeGreaterThan(1);
    expect(axis.ticks.length).toBeLessThan(10);
    expect(fixedLinearAxis(100, 100 + 1.5e-14).ticks.length).toBeLessThanOrEqual(2);
  });

  it('widens an auto domain to whole steps and ticks every step', () => {
    const axis = niceLinearAxis(0.05, 5.5);
    expect(axis.domain).toEqual([0, 6]);
    expect(axis.ticks).toEqual([0, 2, 4, 6]);
  });

  it('gives ticks without float noise', () => {
    const axis = niceLinearAxis(0.1, 0.7);
    expect(axis.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('opens up a flat series around its value', () => {
    const axis = niceLinearAxis(2, 2);
    expect(axis.domain[0]).toBeLessThan(2);
    expect(axis.domain[1]).toBeGreaterThan(2);
  });

  it('opens up a series that barely moves as if it were flat, with a few distinct ticks', () => {
    for (const [min, max] of [
      [0.5, 0.5 + 1.2e-16],
      [1.2345678, 1.2345678000001],
      [-3e-7, -3e-7 + 1e-22],
    ]) {
      const axis = niceLinearAxis(min, max);
      expect(axis.domain[0]).toBeLessThan(min);
      expect(axis.domain[1]).toBeGreaterThan(max);
      expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
      expect(axis.ticks.length).toBeLessThanOrEqual(7);
      expect(new Set(axis.ticks).size).toBe(axis.ticks.length);
    }
  });

  it('keeps a fixed domain and ticks inside it', () => {
    const axis = fixedLinearAxis(0, 1);
    expect(axis.domain).toEqual([0, 1]);
    expect(axis.ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('ticks steps at whole nice multiples over exactly the steps shown', () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ step: i + 1 }));
    const axis = stepAxis(rows);
    expect(axis.domain).toEqual([1, 25]);
    expect(axis.ticks).toEqual([5, 10, 15, 20, 25]);
    expect(stepAxis([{ step: 3 }]).ticks).toEqual([3]);
  });

  it('rounds a log domain to 1, 2 or 5 times a power of ten', () => {
    const axis = logAxis(0.03, 5.5);
    expect(axis.log).toBe(true);
    expect(axis.domain).toEqual([0.02, 10]);
    expect(axis.ticks.length).toBeLessThanOrEqual(6);
    expect(axis.ticks).toContain(0.1);
    expect(axis.ticks).toContain(1);
    for (const t of axis.ticks) expect(t >= 0.02 && t <= 10).toBe(true);
  });

  it('thins log ticks over many decades', () => {
    const axis = logAxis(1e-9, 1e6);
    expect(axis.ticks.length).toBeLessThanOrEqual(6);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
  });

  it('draws a value axis from the data, fixed, or log', () => {
    const rows: ChartRow[] = [
      { step: 1, a: 0.5, aRaw: -1 },
      { step: 2, a: 3, aRaw: 8 },
    ];
    expect(valueExtent(rows, ['a', 'aRaw'], false)).toEqual([-1, 8]);
    expect(valueExtent(rows, ['a', 'aRaw'], true)).toEqual([0.5, 8]);
    expect(valueExtent([{ step: 1, a: null }], ['a'], false)).toBeNull();
    expect(valueAxis(rows, ['a'], { log: false, domain: [0, 1] }).domain).toEqual([0, 1]);
    expect(valueAxis(rows, ['a', 'aRaw'], { log: false }).domain).toEqual([-2.5, 10]);
    expect(valueAxis(rows, ['a', 'aRaw'], { log: true }).domain).toEqual([0.5, 10]);
  });
});

describe('scale', () => {
  it('maps linear domains to pixels, upside down for y', () => {
    const y = scale(fixedLinearAxis(0, 1), 150, 6);
    expect(y(0)).toBe(150);
    expect(y(1)).toBe(6);
    expect(y(0.5)).toBe(78);
  });

  it('maps log domains by decade', () => {
    const y = scale(logAxis(0.1, 10), 100, 0);
    expect(y(0.1)).toBeCloseTo(100);
    expect(y(1)).toBeCloseTo(50);
    expect(y(10)).toBeCloseTo(0);
  });

  it('turns a pixel back into a step', () => {
    const axis = fixedLinearAxis(0, 100, true);
    expect(stepAt(axis, 44, 244, 144)).toBe(50);
  });
});

describe('linePath', () => {
  const x = (s: number) => s * 10;
  const y = (v: number) => 100 - v;
  it('draws one path with a move at the start and after every gap', () => {
    const rows: ChartRow[] = [
      { step: 1, a: 1 },
      { step: 2, a: 2.04 },
      { step: 3, a: null },
      { step: 4, a: 4 },
      { step: 5, a: 5 },
    ];
    expect(linePath(rows, 'a', x, y, false)).toBe('M10,99L20,98M40,96L50,95');
  });

  it('leaves out values a log axis cannot show', () => {
    const rows: ChartRow[] = [
      { step: 1, a: 1 },
      { step: 2, a: 0 },
      { step: 3, a: 3 },
    ];
    expect(linePath(rows, 'a', x, y, true)).toBe('M10,99M30,97');
    expect(linePath(rows, 'a', x, y, false)).toBe('M10,99L20,100L30,97');
  });

  it('keeps a diverging value far off the plot but inside what an SVG path can parse', () => {
    const rows: ChartRow[] = [
      { step: 1, a: 1 },
      { step: 2, a: 3e40 },
    ];
    expect(linePath(rows, 'a', x, y, false)).toBe('M10,99L20,-100000');
  });

  it('is empty without drawable points, and changes with the data', () => {
    expect(linePath([], 'a', x, y, false)).toBe('');
    const before = linePath([{ step: 1, a: 1 }], 'a', x, y, false);
    const after = linePath(
      [
        { step: 1, a: 1 },
        { step: 2, a: 1.5 },
      ],
      'a',
      x,
      y,
      false,
    );
    expect(after).not.toBe(before);
  });
});

describe('nearestRow', () => {
  const rows: ChartRow[] = [{ step: 1 }, { step: 5 }, { step: 9 }, { step: 20 }];
  it('finds the row with the nearest step', () => {
    expect(nearestRow(rows, -3)).toBe(0);
    expect(nearestRow(rows, 2.9)).toBe(0);
    expect(nearestRow(rows, 3.1)).toBe(1);
    expect(nearestRow(rows, 15)).toBe(3);
    expect(nearestRow(rows, 99)).toBe(3);
    expect(nearestRow([], 1)).toBe(-1);
  });
});

describe('formatters', () => {
  it('keeps tick labels short', () => {
    expect(formatStep(250)).toBe('250');
    expect(formatStep(12_400)).toBe('12k');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(0.25)).toBe('0.25');
    expect(formatValue(12.4)).toBe('12');
    expect(formatValue(2500)).toBe('2.5k');
    expect(formatValue(0.002)).toBe('2e-3');
  });

  it('shows tooltip values to four digits, a dash for none', () => {
    expect(formatTooltipValue(0.123456)).toBe('0.1235');
    expect(formatTooltipValue(null)).toBe('–');
  });
});
