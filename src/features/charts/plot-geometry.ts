// Pure geometry for the hand-drawn loss plots (LossPlot.tsx): axis domains with "nice" ticks,
// linear and log value-to-pixel scales, and each series as one SVG path string. No React, no
// DOM, so it is unit-tested in Node and costs a fraction of a millisecond per 500-point series.

import type { ChartRow } from './chart-data';
import { robustExtent, type ClippedPoint } from './value-range';

export interface Axis {
  readonly log: boolean;
  /** Drawn range [lo, hi], lo < hi (and lo > 0 when log). */
  readonly domain: readonly [number, number];
  /** Values that get a label (and, on the y axis, a grid line), ascending, inside the domain. */
  readonly ticks: readonly number[];
}

/** The plot area inside the SVG, in px. */
export interface PlotBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Everything one plot draws from: its box, axes, scales and series paths. */
export interface PlotGeometry {
  readonly box: PlotBox;
  readonly x: Axis;
  readonly y: Axis;
  readonly toX: (step: number) => number;
  readonly toY: (value: number) => number;
  /** Per series: the raw path ('' when smoothing is off) and the smoothed one. */
  readonly paths: readonly { readonly raw: string; readonly smooth: string }[];
  /** Per series: the steps whose value lies beyond the y domain. */
  readonly clipped: readonly (readonly ClippedPoint[])[];
}

/** The tick count the axes aim for (as recharts' default, so the charts keep their density). */
const TICK_COUNT = 5;

const NICE = [1, 2, 2.5, 5, 10];

/**
 * A "nice" step (1, 2, 2.5 or 5 times a power of ten) for a rough one: the next one up for an
 * auto domain (which then widens to whole steps, so rounding up keeps the tick count near the
 * aim), the nearest one (geometrically) for a fixed domain. Integer axes never tick between
 * integers and skip 2.5 below 10.
 */
export function niceStep(rough: number, round: 'up' | 'nearest', integer = false): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  let i = NICE.findIndex((n) => n >= fraction * (1 - 1e-9));
  if (round === 'nearest' && i > 0 && fraction < Math.sqrt(NICE[i - 1] * NICE[i])) i--;
  const step = NICE[i] * power;
  if (integer) return Math.max(1, NICE[i] === 2.5 && power < 10 ? 5 * power : step);
  return step;
}

/**
 * Multiples of `step` in [lo, hi], without float noise (0.30000000000000004 → 0.3). A step too
 * fine for the values (indices past 2^53, where counting up stops moving) gives just the ends.
 */
function multiples(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last - first > 1000) {
    return lo === hi ? [clean(lo)] : [clean(lo), clean(hi)];
  }
  for (let i = first; i <= last; i++) out.push(clean(i * step));
  return out;
}

function clean(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(12));
}

/**
 * Whether [lo, hi] is one value up to float noise (a smoothed constant series): a step that fine
 * would put the tick indices past 2^53, where counting up no longer moves.
 */
function noWidth(lo: number, hi: number): boolean {
  return hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9;
}

/** An auto domain: the data's range widened to whole nice steps, ticked at every step. */
export function niceLinearAxis(min: number, max: number): Axis {
  // A span too small for the 12 significant digits ticks are kept to (a series that barely
  // moves) reads as one value: its ticks would collapse into one, or number in the millions.
  if (noWidth(min, max)) {
    const mid = (min + max) / 2;
    const pad = mid === 0 ? 1 : Math.abs(mid) * 0.1;
    return niceLinearAxis(mid - pad, mid + pad);
  }
  const step = niceStep((max - min) / (TICK_COUNT - 1), 'up');
  const lo = clean(Math.floor(min / step + 1e-9) * step);
  const hi = clean(Math.ceil(max / step - 1e-9) * step);
  return { log: false, domain: [lo, hi], ticks: multiples(lo, hi, step) };
}

/** A given domain kept as it is, ticked at the nice multiples inside it. */
export function fixedLinearAxis(lo: number, hi: number, integer = false): Axis {
  if (lo === hi) return fixedLinearAxis(lo - 0.5, hi + 0.5, integer);
  const step = niceStep((hi - lo) / (TICK_COUNT - 1), 'nearest', integer);
  return { log: false, domain: [lo, hi], ticks: multiples(lo, hi, step) };
}

/**
 * A log domain: the positive data's range widened to the nearest 1, 2 or 5 times a power of
 * ten, ticked at the densest of {1, 2, 5}, {1, 3} or {1}×10^k that gives at most 6 labels (and
 * at every other power of ten and so on when even that is too many).
 */
export function logAxis(min: number, max: number): Axis {
  if (!(min > 0) || !(max > 0)) return logAxis(1, 10);
  if (min === max) return logAxis(min / 2, max * 2);
  const lo = roundLog(min, Math.floor);
  const hi = roundLog(max, Math.ceil);
  const kLo = Math.floor(Math.log10(lo) + 1e-9);
  const kHi = Math.ceil(Math.log10(hi) - 1e-9);
  const inside = (mantissas: readonly number[], every = 1) => {
    const out: number[] = [];
    for (let k = kLo; k <= kHi; k++) {
      if ((k - kLo) % every !== 0) continue;
      for (const m of mantissas) {
        const v = clean(m * 10 ** k);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  let ticks = inside([1, 2, 5]);
  if (ticks.length > 6) ticks = inside([1, 3]);
  if (ticks.length > 6) ticks = inside([1]);
  for (let every = 2; ticks.length > 6; every++) ticks = inside([1], every);
  return { log: true, domain: [lo, hi], ticks };
}

/** The nearest of 1, 2 or 5 times a power of ten below (floor) or above (ceil) `v`. */
function roundLog(v: number, round: (x: number) => number): number {
  const k = Math.floor(Math.log10(v));
  const candidates = [1, 2, 5, 10].map((m) => clean(m * 10 ** k));
  if (round === Math.floor) return candidates.filter((c) => c <= v * (1 + 1e-9)).pop() ?? v;
  return candidates.find((c) => c >= v * (1 - 1e-9)) ?? v;
}

/** Min and max of the finite (and, for a log axis, positive) values under `keys`, or null. */
export function valueExtent(
  rows: readonly ChartRow[],
  keys: readonly string[],
  positiveOnly: boolean,
): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    for (const key of keys) {
      const v = row[key];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      if (positiveOnly && v <= 0) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : null;
}

/** The x axis: exactly the steps shown, ticked at whole nice multiples. */
export function stepAxis(rows: readonly ChartRow[]): Axis {
  const first = rows.length > 0 ? (rows[0].step ?? 0) : 0;
  const last = rows.length > 0 ? (rows[rows.length - 1].step ?? 0) : 1;
  return fixedLinearAxis(first, last, true);
}

/**
 * The y axis: a fixed domain when the values have one, else from the data (log on request),
 * leaving out spikes (robustExtent); clippedPoints then says where they were.
 */
export function valueAxis(
  rows: readonly ChartRow[],
  keys: readonly string[],
  options: { log: boolean; domain?: readonly [number, number] },
): Axis {
  if (options.domain && !options.log) return fixedLinearAxis(options.domain[0], options.domain[1]);
  const extent = robustExtent(rows, keys, options.log);
  if (options.log) return extent ? logAxis(extent[0], extent[1]) : logAxis(1, 10);
  return extent ? niceLinearAxis(extent[0], extent[1]) : niceLinearAxis(0, 1);
}

/** Maps a value to a pixel between `from` (the domain's lo) and `to` (its hi). */
export function scale(axis: Axis, from: number, to: number): (v: number) => number {
  const [lo, hi] = axis.domain;
  if (axis.log) {
    const a = Math.log(lo);
    const k = (to - from) / (Math.log(hi) - a);
    return (v) => from + (Math.log(v) - a) * k;
  }
  const k = (to - from) / (hi - lo);
  return (v) => from + (v - lo) * k;
}

/**
 * Far past the plot, in px: a value the robust range leaves out (a diverging loss of 1e30) is drawn
 * off the plot and clipped, but a coordinate past float range is a parse error in an SVG path.
 */
const OFF_PLOT_PX = 1e5;

/** Pixel coordinates to 0.1 px (enough for the eye, and a shorter `d` to parse), kept in range. */
function px(v: number): number {
  return Math.round(Math.max(-OFF_PLOT_PX, Math.min(OFF_PLOT_PX, v)) * 10) / 10;
}

/**
 * One series as one SVG path: `M` at the start and after every gap (a null, or a value the log
 * axis cannot show), `L` between neighbours. Empty when nothing is drawable.
 */
export function linePath(
  rows: readonly ChartRow[],
  key: string,
  x: (step: number) => number,
  y: (value: number) => number,
  log: boolean,
): string {
  let d = '';
  let pen = false;
  for (const row of rows) {
    const v = row[key];
    const step = row.step;
    if (v === null || v === undefined || step === null || step === undefined) {
      pen = false;
      continue;
    }
    if (!Number.isFinite(v) || (log && v <= 0)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x(step))},${px(y(v))}`;
    pen = true;
  }
  return d;
}

/** Index of the row whose step is nearest to `step` (rows ascending by step); -1 when none. */
export function nearestRow(rows: readonly ChartRow[], step: number): number {
  if (rows.length === 0) return -1;
  let lo = 0;
  let hi = rows.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid].step ?? 0) <= step) lo = mid;
    else hi = mid;
  }
  const dLo = Math.abs((rows[lo].step ?? 0) - step);
  const dHi = Math.abs((rows[hi].step ?? 0) - step);
  return dHi < dLo ? hi : lo;
}

/** The inverse of a linear x scale: which step a pixel column stands for. */
export function stepAt(axis: Axis, from: number, to: number, pixel: number): number {
  const [lo, hi] = axis.domain;
  return lo + ((pixel - from) / (to - from)) * (hi - lo);
}
