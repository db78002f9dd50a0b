// Per-step losses. The log itself is a mutable object outside React state (see loss-log.ts);
// `lossRevision` changes when it has grown, a few times a second at most, and charts subscribe to
// it with the store's subscribe and redraw on their own throttle.

import type { StateCreator } from 'zustand';
import { LossLog } from './loss-log';

export interface MetricsSlice {
  readonly lossLog: LossLog;
  lossRevision: number;
  /** Tells subscribers the log changed. */
  bumpLosses: () => void;
}

export const createMetricsSlice: StateCreator<MetricsSlice> = (set) => ({
  lossLog: new LossLog(),
  lossRevision: 0,
  bumpLosses: () => set((s) => ({ lossRevision: s.lossRevision + 1 })),
});
