// State the latent explorer (src/features/latent/) shares between its parts: what the current
// run offers (fetched from the worker when a run appears) and the latent vector being edited.

import type { StateCreator } from 'zustand';
import type { LatentModelInfo } from '../worker/protocol';
import type { AppState } from './app-store';

export interface LatentSlice {
  latentInfo: LatentModelInfo | null;
  /** [latentDim]; null until the explorer picks a first vector. */
  latentVector: Float32Array | null;
  setLatentInfo: (info: LatentModelInfo | null) => void;
  setLatentVector: (vector: Float32Array | null) => void;
}

export const createLatentSlice: StateCreator<AppState, [], [], LatentSlice> = (set) => ({
  latentInfo: null,
  latentVector: null,
  setLatentInfo: (latentInfo) => set({ latentInfo }),
  setLatentVector: (latentVector) => set({ latentVector }),
});
