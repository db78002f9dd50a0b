// The page's one zustand store, composed of slices. Components select one field at a time;
// per-step values arrive batched (training-controller.ts), not one render per step.

import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { createCheckpointSlice, type CheckpointSlice } from './checkpoint-slice';
import { createConfigSlice, type ConfigSlice } from './config-slice';
import { createDatasetSlice, type DatasetSlice } from './dataset-slice';
import { createLatentSlice, type LatentSlice } from './latent-slice';
import { createMetricsSlice, type MetricsSlice } from './metrics-slice';
import { createQualitySlice, type QualitySlice } from './quality-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createSamplesSlice, type SamplesSlice } from './samples-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createUiSlice, type Theme, type UiSlice } from './ui-slice';
import type { PageOptions } from './url-params';

export type AppState = SessionSlice &
  ConfigSlice &
  DatasetSlice &
  RunSlice &
  MetricsSlice &
  QualitySlice &
  SamplesSlice &
  CheckpointSlice &
  UiSlice &
  LatentSlice;

export type AppStore = UseBoundStore<StoreApi<AppState>>;

export function createAppStore(options: PageOptions, theme: Theme = 'light'): AppStore {
  return create<AppState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createConfigSlice(options)(...a),
    ...createDatasetSlice(...a),
    ...createRunSlice(...a),
    ...createMetricsSlice(...a),
    ...createQualitySlice(...a),
    ...createSamplesSlice(...a),
    ...createCheckpointSlice(...a),
    ...createLatentSlice(...a),
    ...createUiSlice(theme)(...a),
  }));
}
