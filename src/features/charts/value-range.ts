// The y range a loss chart draws, chosen so one spike does not flatten the rest, and the points
// left outside it (drawn as marks at the plot's edge). Pure, unit-tested in Node.

import type { ChartRow } from './chart-data';

/** Robust range: the 5th to 95th percentile of the values, widened by its own span each way. */
const ROBUST_LO = 0.05;
const ROBUST_HI = 0.95;
const ROBUST_REACH = 1;
/** Below this many values percentiles say little, and the full range is shown. */
const ROBUST_MIN_VALUES = 10;

/**
 * The range to draw: the data's min and max, except that values beyond the fences (the 5th and
 * 95th percentiles pushed out by the distance between them) are left out, so one spike (a G loss
 * of 15 among values near 1) does not flatten every other point. On a log axis the fences are
 * taken in log space. Returns null without drawable values.
 */
export function robustExtent(
  rows: readonly ChartRow[],
  keys: readonly string[],
  log: boolean,
): [number, number] | null {
  const values: number[] = [];
  for (const row of rows) {
    for (const key of keys) {
      const v = row[key];
      if (v === null || v === undefined || !Number.isFinite(v) || (log && v <= 0)) continue;
      values.push(log ? Math.log10(v) : v);
    }
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  let min = values[0];
  let max = values[values.length - 1];
  if (values.length >= ROBUST_MIN_VALUES) {
    const lo = quantile(values, ROBUST_LO);
    const hi = quantile(values, ROBUST_HI);
    const reach = (hi - lo) * ROBUST_REACH;
    min = Math.max(min, lo - reach);
    max = Math.min(max, hi + reach);
  }
  return log ? [10 ** min, 10 ** max] : [min, max];
}

/** The q-quantile of ascending `sorted`, interpolating between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const i = Math.floor(at);
  const next = sorted[Math.min(sorted.length - 1, i + 1)];
  return sorted[i] + (next - sorted[i]) * (at - i);
}

/** A value outside the drawn range, marked at the edge it left by. */
export interface ClippedPoint {
  readonly step: number;
  readonly edge: 'top' | 'bottom';
}

/** The steps where any of `keys` lies beyond the axis's domain (one mark per step and edge). */
export function clippedPoints(
  rows: readonly ChartRow[],
  keys: readonly string[],
  domain: readonly [number, number],
  log: boolean,
): ClippedPoint[] {
  const [lo, hi] = domain;
  const out: ClippedPoint[] = [];
  for (const row of rows) {
    if (row.step === null || row.step === undefined) continue;
    let top = false;
    let bottom = false;
    for (const key of keys) {
      const v = row[key];
      if (v === null || v === undefined || !Number.isFinite(v) || (log && v <= 0)) continue;
      if (v > hi * (1 + 1e-9) + 1e-12) top = true;
      else if (v < lo - Math.abs(lo) * 1e-9 - 1e-12) bottom = true;
    }
    if (top) out.push({ step: row.step, edge: 'top' });
    if (bottom) out.push({ step: row.step, edge: 'bottom' });
  }
  return out;
}
