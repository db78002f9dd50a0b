// Quality reports of the current run, one per measured epoch end (see quality-history.ts), and
// whether the worker should measure at all. The run's lifecycle (run-lifecycle.ts) hands every
// `metrics` event here; the slice itself notices when the run is replaced (runSpec cleared, then
// set again) and keeps what still belongs to the run that follows.

import type { StateCreator } from 'zustand';
import type { MetricsEvent } from '../ml/train/types';
import type { MetricsSlice } from './metrics-slice';
import { addReport, carryOver, type QualityEntry } from './quality-history';
import type { RunSlice } from './run-slice';

export interface QualitySlice {
  qualityReports: readonly QualityEntry[];
  /** The person's choice; the quality panel passes it on to the worker. */
  qualityEnabled: boolean;
  addQualityEvent: (event: MetricsEvent) => void;
  /**
   * Reports saved with a checkpoint (a resume after a reload): those that belong to the run now in
   * the loss log come back, beside any the page already holds for it.
   */
  restoreQualityReports: (saved: readonly QualityEntry[]) => void;
  setQualityEnabled: (enabled: boolean) => void;
}

/** What the slice reads besides its own fields: the run it belongs to and that run's losses. */
type QualityInputs = Pick<RunSlice, 'runSpec' | 'step'> & Pick<MetricsSlice, 'lossLog'>;

export const createQualitySlice: StateCreator<
  QualitySlice & QualityInputs,
  [],
  [],
  QualitySlice
> = (set, get, api) => {
  // The reports of the run that was just cleared, until the next run shows whether it is the
  // same one continuing.
  let stash: readonly QualityEntry[] = [];
  let hadRun = false;
  api.subscribe((state) => {
    const hasRun = state.runSpec !== null;
    if (hadRun && !hasRun) {
      hadRun = false;
      stash = state.qualityReports;
      if (stash.length > 0) set({ qualityReports: [] });
    } else if (!hadRun && hasRun) {
      hadRun = true;
      const previous = stash;
      stash = [];
      if (previous.length === 0) return;
      // A run adopted from a weights file gets its spec, counters and loss history in one go
      // (run-lifecycle.ts): look once they are all in.
      queueMicrotask(() => {
        const { runSpec, lossLog, step, qualityReports } = get();
        if (runSpec === null || qualityReports.length > 0) return;
        const kept = carryOver(previous, lossLog, step);
        if (kept.length > 0) set({ qualityReports: kept });
      });
    }
  });

  return {
    qualityReports: [],
    qualityEnabled: true,
    addQualityEvent: (event) => {
      const { runSpec, qualityReports, lossLog } = get();
      if (runSpec === null) return;
      const next = addReport(qualityReports, event, lossLog);
      if (next !== null) set({ qualityReports: next });
    },
    restoreQualityReports: (saved) => {
      const { runSpec, qualityReports, lossLog, step } = get();
      if (runSpec === null) return;
      const held = new Set(qualityReports.map((e) => e.step));
      const restored = carryOver(saved, lossLog, step).filter((e) => !held.has(e.step));
      if (restored.length === 0) return;
      set({ qualityReports: [...restored, ...qualityReports].sort((a, b) => a.step - b.step) });
    },
    setQualityEnabled: (qualityEnabled) => set({ qualityEnabled }),
  };
};
