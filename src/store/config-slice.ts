// What the next run will be: dataset and model kind, plus the options the URL gave.

import type { StateCreator } from 'zustand';
import type { ModelKind } from '../ml/config';
import type { AppState } from './app-store';
import type { PageOptions } from './url-params';

export interface ConfigSlice {
  datasetId: string;
  modelKind: ModelKind;
  options: PageOptions;
  setDatasetId: (id: string) => void;
  setModelKind: (kind: ModelKind) => void;
}

export function createConfigSlice(
  options: PageOptions,
): StateCreator<AppState, [], [], ConfigSlice> {
  return (set) => ({
    datasetId: options.datasetId ?? 'mnist',
    modelKind: options.modelKind ?? 'dcgan',
    options,
    setDatasetId: (datasetId) => set({ datasetId }),
    setModelKind: (modelKind) => set({ modelKind }),
  });
}
