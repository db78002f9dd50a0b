// Worker and backend status, the dataset list and the page's one error banner.

import type { StateCreator } from 'zustand';
import type { DatasetInfo } from '../datasets/types';
import type { BackendName, BackendReport, BackendSelection } from '../worker/protocol';

export type WorkerPhase = 'starting' | 'ready' | 'crashed';

/**
 * What went wrong, so the banner can offer the right way out: 'diverged' (NaN losses: roll back,
 * lower the learning rate), 'backend' (a GPU backend failed and the worker could not move the
 * run itself: restart on wasm and resume), 'crashed' (the worker died: restart, resume from the
 * last checkpoint), 'stalled' (the worker is alive but silent: restart and resume, or keep
 * waiting), 'switched' (a backend failed and the worker moved the run to another one by itself:
 * say where it continues), 'generic' (say it).
 */
export type ErrorKind = 'generic' | 'diverged' | 'backend' | 'crashed' | 'stalled' | 'switched';

export interface AppError {
  readonly kind: ErrorKind;
  readonly message: string;
  /** What happened, in a few words, when the caller knows better than the kind says. */
  readonly title?: string;
}

export interface WorkerDetails {
  /** The WebGL renderer 'auto' saw, when it looked. */
  readonly renderer?: string | null;
  readonly autoReason?: string;
}

export interface SessionSlice {
  backend: BackendName | null;
  renderer: string | null;
  autoReason: string | null;
  workerPhase: WorkerPhase;
  /** How the backend was chosen ('auto' figures) and every switch since; null before init. */
  backendReport: BackendReport | null;
  /**
   * The newest 'auto' measurement of this page (figures per backend): kept after a switch to a
   * fixed backend, whose report has none, so the page can still say how the backends compare.
   */
  autoSelection: BackendSelection | null;
  datasets: readonly DatasetInfo[];
  /** Shown in the error banner until dismissed or replaced. */
  error: AppError | null;
  setWorkerReady: (
    backend: BackendName,
    datasets: readonly DatasetInfo[],
    details?: WorkerDetails,
  ) => void;
  setDatasets: (datasets: readonly DatasetInfo[]) => void;
  /** The worker's report; its active backend becomes `backend`. */
  setBackendReport: (report: BackendReport | null) => void;
  setWorkerPhase: (phase: WorkerPhase) => void;
  /** A plain message is a 'generic' error. */
  showError: (error: string | AppError) => void;
  clearError: () => void;
}

export const createSessionSlice: StateCreator<SessionSlice> = (set) => ({
  backend: null,
  renderer: null,
  autoReason: null,
  workerPhase: 'starting',
  backendReport: null,
  autoSelection: null,
  datasets: [],
  error: null,
  setWorkerReady: (backend, datasets, details = {}) =>
    set({
      backend,
      datasets,
      workerPhase: 'ready',
      renderer: details.renderer ?? null,
      autoReason: details.autoReason ?? null,
    }),
  setDatasets: (datasets) => set({ datasets }),
  setBackendReport: (backendReport) =>
    set((s) =>
      backendReport === null
        ? { backendReport }
        : {
            backendReport,
            backend: backendReport.active,
            autoSelection: backendReport.selection ?? s.autoSelection,
          },
    ),
  setWorkerPhase: (workerPhase) => set({ workerPhase }),
  showError: (error) =>
    set({ error: typeof error === 'string' ? { kind: 'generic', message: error } : error }),
  clearError: () => set({ error: null }),
});
