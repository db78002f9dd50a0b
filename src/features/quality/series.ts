// Chart rows and the latest values out of the run's quality entries.

import type { QualityEntry } from '../../store/quality-history';

export interface EpochPoint {
  readonly epoch: number;
  readonly step: number;
  readonly value: number;
}

/** One finite number per measured epoch (reports that failed or lack the metric are skipped). */
export function epochSeries(
  entries: readonly QualityEntry[],
  pick: (entry: QualityEntry) => number | undefined,
): EpochPoint[] {
  const out: EpochPoint[] = [];
  for (const e of entries) {
    const value = pick(e);
    if (value !== undefined && Number.isFinite(value)) {
      out.push({ epoch: e.epoch, step: e.step, value });
    }
  }
  return out;
}

/** The newest entry that measured something (not an error), or null. */
export function latestGood(entries: readonly QualityEntry[]): QualityEntry | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].report.error === undefined) return entries[i];
  }
  return null;
}

/** The newest entry's error, when the newest entry failed. */
export function latestError(entries: readonly QualityEntry[]): string | null {
  const last = entries[entries.length - 1];
  return last?.report.error ?? null;
}
