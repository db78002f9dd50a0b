// Dataset previews (a few real images per dataset, loaded in the worker) and the progress of
// the dataset being downloaded and decoded.

import type { StateCreator } from 'zustand';
import type { ImageGrid } from '../ml/train/types';

export interface DatasetLoad {
  readonly id: string;
  /** 0..1 */
  readonly fraction: number;
  readonly message: string;
}

export interface DatasetSlice {
  previews: Readonly<Record<string, ImageGrid>>;
  /** The dataset being loaded, if any. */
  datasetLoad: DatasetLoad | null;
  setPreview: (id: string, grid: ImageGrid) => void;
  setDatasetLoad: (load: DatasetLoad | null) => void;
}

export const createDatasetSlice: StateCreator<DatasetSlice> = (set) => ({
  previews: {},
  datasetLoad: null,
  setPreview: (id, grid) => set((s) => ({ previews: { ...s.previews, [id]: grid } })),
  setDatasetLoad: (datasetLoad) => set({ datasetLoad }),
});
