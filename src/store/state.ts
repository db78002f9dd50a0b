// The page's whole state: every slice's fields and actions in one object. The slices do not
// import this module (each types only the part of the state it reads), so it and app-store.ts,
// which composes the slices, can import them all without a circle.

import type { StoreApi, UseBoundStore } from 'zustand';
import type { CheckpointSlice } from './checkpoint-slice';
import type { ConfigSlice } from './config-slice';
import type { DatasetSlice } from './dataset-slice';
import type { LatentSlice } from './latent-slice';
import type { MetricsSlice } from './metrics-slice';
import type { QualitySlice } from './quality-slice';
import type { RunSlice } from './run-slice';
import type { SamplesSlice } from './samples-slice';
import type { SessionSlice } from './session-slice';
import type { UiSlice } from './ui-slice';

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
