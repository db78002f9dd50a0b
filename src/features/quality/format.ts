// Numbers of the quality panel as text: a few significant digits, never "NaN".

/** FID: whole numbers when large, one decimal below 100. */
export function formatFid(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** Inception Score, between 1 and the class count: two decimals, e.g. "8.12". */
export function formatScore(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '–';
}

/** Nats per image. */
export function formatNats(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** Effective classes, e.g. "7.4". */
export function formatClasses(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '–';
}

/** RMS pixel distances and other small numbers in [0, 1]. */
export function formatSmall(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value.toFixed(3);
}

/** A fraction as a percentage with at most one decimal. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const p = 100 * fraction;
  return `${p === 0 || p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** Seconds an evaluation took. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

/** Chart tick labels: compact. */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  const a = Math.abs(value);
  if (a >= 1000) return `${(value / 1000).toFixed(a >= 10_000 ? 0 : 1)}k`;
  if (a >= 10) return value.toFixed(0);
  return String(Number(value.toPrecision(2)));
}
