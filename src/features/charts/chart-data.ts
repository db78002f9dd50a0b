// Turns a loss log into the few hundred points a chart draws: exponential smoothing over every
// step (as TensorBoard does, with its start-up bias removed), then bucket means so a run of any
// length becomes at most `maxPoints` points. Pure and O(steps), cheap enough at a few renders/s.

/** Exponential moving average with weight `w` in [0, 1), debiased so the start is not pulled to 0. */
export function emaSmooth(values: readonly number[], w: number): Float64Array {
  const out = new Float64Array(values.length);
  if (w <= 0) {
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  let acc = 0;
  let weight = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      acc = acc * w + (1 - w) * v;
      weight = weight * w + (1 - w);
    }
    out[i] = weight > 0 ? acc / weight : Number.NaN;
  }
  return out;
}

export interface Buckets {
  /** Last step of each bucket (so the newest point is always the newest step). */
  readonly steps: Float64Array;
  /** Start index (inclusive) of each bucket in the input. */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
}

/** Splits n points into at most maxPoints consecutive buckets of nearly equal size. */
export function bucketize(steps: readonly number[], maxPoints: number): Buckets {
  const n = steps.length;
  const count = Math.min(n, Math.max(1, Math.floor(maxPoints)));
  const starts = new Uint32Array(n === 0 ? 0 : count);
  const ends = new Uint32Array(n === 0 ? 0 : count);
  const out = new Float64Array(n === 0 ? 0 : count);
  for (let b = 0; b < out.length; b++) {
    starts[b] = Math.floor((b * n) / count);
    ends[b] = Math.floor(((b + 1) * n) / count);
    out[b] = steps[ends[b] - 1];
  }
  return { steps: out, starts, ends };
}

/** Mean of each bucket's finite values (NaN where a bucket has none). */
export function bucketMeans(values: ArrayLike<number>, buckets: Buckets): Float64Array {
  const out = new Float64Array(buckets.steps.length);
  for (let b = 0; b < out.length; b++) {
    let sum = 0;
    let count = 0;
    for (let i = buckets.starts[b]; i < buckets.ends[b]; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    out[b] = count > 0 ? sum / count : Number.NaN;
  }
  return out;
}

export interface ChartInput {
  readonly steps: readonly number[];
  readonly series: Readonly<Record<string, readonly number[]>>;
  /** 0 = raw, 0.99 = very smooth. */
  readonly smoothing: number;
  readonly maxPoints: number;
  /** Log axis: values <= 0 cannot be drawn and become gaps. */
  readonly logScale: boolean;
}

/** One row per point: { step, <key>: smoothed, <key>Raw: bucket mean of the raw values }. */
export type ChartRow = Record<string, number | null>;

export function chartRows(input: ChartInput): ChartRow[] {
  const buckets = bucketize(input.steps, input.maxPoints);
  const columns: [string, Float64Array][] = [];
  for (const [key, values] of Object.entries(input.series)) {
    columns.push([key, bucketMeans(emaSmooth(values, input.smoothing), buckets)]);
    if (input.smoothing > 0) columns.push([`${key}Raw`, bucketMeans(values, buckets)]);
  }
  const drawable = (v: number) => (Number.isFinite(v) && (!input.logScale || v > 0) ? v : null);
  const rows: ChartRow[] = [];
  for (let b = 0; b < buckets.steps.length; b++) {
    const row: ChartRow = { step: buckets.steps[b] };
    for (const [key, column] of columns) row[key] = drawable(column[b]);
    rows.push(row);
  }
  return rows;
}
