// State the latent explorer (src/features/latent/) shares between its parts: what the current
// run offers (fetched from the worker when a run appears) and the latent vector being edited
// (with a conditional model's class), which the direction slider builds on. Also the
// custom-dataset import's progress, last summary and the sets stored in this browser
// (src/features/custom-dataset/).

import type { StateCreator } from 'zustand';
import type { LatentModelInfo, StoredDatasetSummary } from '../worker/protocol';

export interface CustomImportProgress {
  /** 0..1 */
  readonly fraction: number;
  readonly message: string;
}

export interface LatentSlice {
  latentInfo: LatentModelInfo | null;
  /** [latentDim]; null until the explorer picks a first vector. Replaced, never mutated. */
  latentVector: Float32Array | null;
  /** A conditional model's class the sliders (and the views built on them) draw. */
  latentClass: number;
  /** Custom sets stored in this browser. */
  customDatasets: readonly StoredDatasetSummary[];
  /** Progress of the import under way, if any. */
  customImport: CustomImportProgress | null;
  /** The last import's summary ("42 images imported, 3 skipped: ..."). */
  customSummary: string | null;
  setLatentInfo: (info: LatentModelInfo | null) => void;
  setLatentVector: (vector: Float32Array | null) => void;
  setLatentClass: (index: number) => void;
  setCustomDatasets: (sets: readonly StoredDatasetSummary[]) => void;
  setCustomImport: (progress: CustomImportProgress | null) => void;
  setCustomSummary: (summary: string | null) => void;
}

export const createLatentSlice: StateCreator<LatentSlice> = (set) => ({
  latentInfo: null,
  latentVector: null,
  latentClass: 0,
  customDatasets: [],
  customImport: null,
  customSummary: null,
  setLatentInfo: (latentInfo) => set({ latentInfo }),
  setLatentVector: (latentVector) => set({ latentVector }),
  setLatentClass: (latentClass) => set({ latentClass }),
  setCustomDatasets: (customDatasets) => set({ customDatasets }),
  setCustomImport: (customImport) => set({ customImport }),
  setCustomSummary: (customSummary) => set({ customSummary }),
});
