// Labels of the loss plots: axis ticks kept short, hover values exact enough to compare.

/** Steps on the x axis: 25, 9500, 12k. */
export function formatStep(step: number): string {
  return step >= 10_000 ? `${Math.round(step / 1000)}k` : String(step);
}

/** Values on the y axis: two significant digits, thousands as k, tiny ones as 2e-3. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return `${(v / 1000).toFixed(a >= 10_000 ? 0 : 1)}k`;
  if (a >= 10) return v.toFixed(0);
  if (a >= 0.01) return String(Number(v.toPrecision(2)));
  return v.toExponential(0);
}

/** The tooltip's heading. */
export function formatStepLabel(step: number): string {
  return `Step ${step.toLocaleString('en')}`;
}

/** A value in the tooltip (a dash where the series has no point at that step). */
export function formatTooltipValue(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toPrecision(4) : '–';
}
