// Worker and backend status, the dataset list and the page's one error banner.

import type { StateCreator } from 'zustand';
import type { DatasetInfo } from '../datasets/types';
import type { BackendName } from '../worker/protocol';
import type { AppState } from './app-store';

export type WorkerPhase = 'starting' | 'ready' | 'crashed';

/**
 * What went wrong, so the banner can offer the right way out: 'diverged' (NaN losses: roll back,
 * lower the learning rate), 'backend' (e.g. a lost WebGL context: switch backend and resume),
 * 'crashed' (the worker died: restart, resume from the last checkpoint), 'generic' (say it).
 */
export type ErrorKind = 'generic' | 'diverged' | 'backend' | 'crashed';

export interface AppError {
  readonly kind: ErrorKind;
  readonly message: string;
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
  datasets: readonly DatasetInfo[];
  /** Shown in the error banner until dismissed or replaced. */
  error: AppError | null;
  setWorkerReady: (
    backend: BackendName,
    datasets: readonly DatasetInfo[],
    details?: WorkerDetails,
  ) => void;
  setDatasets: (datasets: readonly DatasetInfo[]) => void;
  setWorkerPhase: (phase: WorkerPhase) => void;
  /** A plain message is a 'generic' error. */
  showError: (error: string | AppError) => void;
  clearError: () => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  backend: null,
  renderer: null,
  autoReason: null,
  workerPhase: 'starting',
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
  setWorkerPhase: (workerPhase) => set({ workerPhase }),
  showError: (error) =>
    set({ error: typeof error === 'string' ? { kind: 'generic', message: error } : error }),
  clearError: () => set({ error: null }),
});
