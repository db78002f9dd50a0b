// Small statistics for the benchmark: medians and per-window throughput from step timestamps.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Images/s of consecutive windows of `stepsPerWindow` steps, from the times the steps' events
 * arrived (`times[i]`: when step i finished). A window's rate counts the steps that finished
 * after its first timestamp, so windows share their boundary step and none is counted twice.
 */
export function windowRates(
  times: readonly number[],
  stepsPerWindow: number,
  imagesPerStep: number,
): number[] {
  const rates: number[] = [];
  for (let start = 0; start + stepsPerWindow < times.length; start += stepsPerWindow) {
    const ms = times[start + stepsPerWindow] - times[start];
    rates.push((stepsPerWindow * imagesPerStep * 1000) / ms);
  }
  return rates;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
