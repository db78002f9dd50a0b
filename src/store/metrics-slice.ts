// Per-step losses. The log itself is a mutable object outside React state (see loss-log.ts); this
// slice is the only place that changes it, and every change bumps `lossRevision`, so a chart that
// subscribes to the revision never misses one. Changes come a few times a second at most (batched
// by step-stream.ts); charts redraw on their own throttle.

import type { StateCreator } from 'zustand';
import { LossLog, type LossPoint, type ReadonlyLossLog } from './loss-log';

export interface MetricsSlice {
  /** Every loss of the run so far; change it with the actions below. */
  readonly lossLog: ReadonlyLossLog;
  /** Changes with every change to `lossLog`. */
  lossRevision: number;
  /** Appends steps in order; a step at or before the last one (after a rollback) cuts the tail. */
  appendLosses: (points: readonly LossPoint[]) => void;
  /** Replaces the log with a run's recorded history (import, resume, rollback). */
  loadLosses: (history: readonly LossPoint[]) => void;
  clearLosses: () => void;
}

export const createMetricsSlice: StateCreator<MetricsSlice> = (set) => {
  const log = new LossLog();
  const changed = () => set((s) => ({ lossRevision: s.lossRevision + 1 }));
  return {
    lossLog: log,
    lossRevision: 0,
    appendLosses: (points) => {
      log.append(points);
      changed();
    },
    loadLosses: (history) => {
      log.load(history);
      changed();
    },
    clearLosses: () => {
      log.clear();
      changed();
    },
  };
};
