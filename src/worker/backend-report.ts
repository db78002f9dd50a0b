// What the worker tells the page about its backend: how 'auto' chose it (figures per backend)
// and every switch it made since because a backend stopped working: plain data, and the sentence
// that tells the page about a switch.

import type { BackendName } from '../ml/backends/init-backend';
import type { BackendProbe, BackendSelection } from './backend-selection';

export type { BackendProbe, BackendSelection };

/** Where a run continued from after its backend failed. */
export type ResumeSource =
  /** Weights and Adam state read from the failing backend itself: nothing lost. */
  | 'exported'
  /** The newest saved state (a periodic or pause-time snapshot, or an epoch-end checkpoint). */
  | 'snapshot'
  /** Nothing saved yet: the run started over from its seed. */
  | 'restarted';

export interface BackendSwitch {
  readonly from: BackendName;
  readonly to: BackendName;
  /** What went wrong, e.g. "the WebGL context was lost". */
  readonly reason: string;
  /** The step the run had reached on `from`. */
  readonly failedAtStep: number;
  /** The step it continues from on `to` (equal to `failedAtStep` when nothing was lost). */
  readonly resumedAtStep: number;
  readonly source: ResumeSource;
}

export interface BackendReport {
  /** The backend tfjs trains on now. */
  readonly active: BackendName;
  /** What was asked for: a fixed backend or 'auto'. */
  readonly requested: BackendName | 'auto';
  /** The 'auto' measurement (null when a backend was forced). */
  readonly selection: BackendSelection | null;
  /** Backends the run moved away from, oldest first. */
  readonly switches: readonly BackendSwitch[];
  /** CPU threads the active backend trains on (wasm); null where that is not known or not wasm. */
  readonly threads: number | null;
}

export function describeSwitch(change: BackendSwitch): string {
  const where =
    change.source === 'restarted'
      ? `it restarted from step 0 on ${change.to} (nothing had been saved yet)`
      : change.resumedAtStep === change.failedAtStep
        ? `training continues on ${change.to} from step ${change.resumedAtStep}, nothing lost`
        : `training continues on ${change.to} from step ${change.resumedAtStep}, the last saved state`;
  return `${capitalize(change.reason)}; ${where}.`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
