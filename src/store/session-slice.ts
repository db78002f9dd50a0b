// Worker and backend status, the dataset list and the page's one error banner.

import type { StateCreator } from 'zustand';
import type { DatasetInfo } from '../datasets/types';
import type { BackendName } from '../worker/protocol';
import type { AppState } from './app-store';

export type WorkerPhase = 'starting' | 'ready' | 'crashed';

export interface SessionSlice {
  backend: BackendName | null;
  workerPhase: WorkerPhase;
  datasets: readonly DatasetInfo[];
  /** Shown in the error banner until dismissed or replaced. */
  error: string | null;
  setWorkerReady: (backend: BackendName, datasets: readonly DatasetInfo[]) => void;
  setWorkerPhase: (phase: WorkerPhase) => void;
  showError: (message: string) => void;
  clearError: () => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  backend: null,
  workerPhase: 'starting',
  datasets: [],
  error: null,
  setWorkerReady: (backend, datasets) => set({ backend, datasets, workerPhase: 'ready' }),
  setWorkerPhase: (workerPhase) => set({ workerPhase }),
  showError: (error) => set({ error }),
  clearError: () => set({ error: null }),
});
