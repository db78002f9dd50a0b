// The run's quality reports over epochs, and how they follow the run across a rollback, a move to
// another backend or a worker restart. The page's controller replaces the run on each of those
// (the store's run is cleared, then set again from a weights file), so the reports cannot simply
// stay: each one remembers the losses the run logged at its step, and after a replacement only
// the reports whose step the new run logged with exactly the same losses come back. A different
// run (new, or another file) matches none of them; the same run continuing matches all of its
// reports up to where it continues.
// A long run with short epochs makes many reports: past MAX_QUALITY_REPORTS the older ones are
// thinned as the sample timeline's grids are (the first, the recent, log-spaced ones between),
// so the charts still reach from the run's start to now.

import type { MetricsEvent, NearestPair } from '../ml/train/types';
import type { QualityReport } from '../ml/metrics/quality';
import { SERIES_BY_KIND, type ReadonlyLossLog } from './loss-log';
import { thinSteps } from './timeline';

/** The most reports a run keeps, and of those the newest kept all. */
export const MAX_QUALITY_REPORTS = 200;
const RECENT_QUALITY_REPORTS = 50;

export interface QualityEntry {
  readonly epoch: number;
  readonly step: number;
  readonly report: QualityReport;
  /** Only the newest entry keeps its pictures (they are for the latest epoch). */
  readonly nearestPairs?: readonly NearestPair[];
  /** The losses the run logged at `step` (every series), identifying the run. */
  readonly fingerprint: readonly number[];
}

/** Every loss series of the log at `step`, or null if the log has no such step. */
export function lossFingerprint(log: ReadonlyLossLog, step: number): number[] | null {
  const steps = log.steps;
  let lo = 0;
  let hi = steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] === step) {
      const kind = log.kind;
      return kind === null ? null : SERIES_BY_KIND[kind].map((key) => log.values(key)[mid]);
    }
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/**
 * The entries after a metrics event: it replaces any entry at or after its step (a run rolled
 * back trains those epochs again) and only it keeps pictures. Null: the event is not about the
 * run the log holds (a straggler from a run already gone), so nothing changes.
 */
export function addReport(
  entries: readonly QualityEntry[],
  event: MetricsEvent,
  log: ReadonlyLossLog,
): QualityEntry[] | null {
  const fingerprint = lossFingerprint(log, event.step);
  if (fingerprint === null) return null;
  const kept = entries.filter((e) => e.step < event.step).map(withoutPictures);
  kept.push({
    epoch: event.epoch,
    step: event.step,
    report: event.report,
    ...(event.nearestPairs ? { nearestPairs: event.nearestPairs } : {}),
    fingerprint,
  });
  if (kept.length <= MAX_QUALITY_REPORTS) return kept;
  const steps = new Set(
    thinSteps(
      kept.map((e) => e.step),
      MAX_QUALITY_REPORTS,
      RECENT_QUALITY_REPORTS,
    ),
  );
  return kept.filter((e) => steps.has(e.step));
}

/** The entries of a replaced run that belong to the run now in the log, up to `step`. */
export function carryOver(
  entries: readonly QualityEntry[],
  log: ReadonlyLossLog,
  step: number,
): QualityEntry[] {
  return entries.filter((e) => {
    if (e.step > step) return false;
    const now = lossFingerprint(log, e.step);
    return now !== null && sameNumbers(now, e.fingerprint);
  });
}

/** The entry's numbers without its pictures (only the newest report shows them). */
export function withoutPictures(entry: QualityEntry): QualityEntry {
  if (entry.nearestPairs === undefined) return entry;
  const { epoch, step, report, fingerprint } = entry;
  return { epoch, step, report, fingerprint };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
