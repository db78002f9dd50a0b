// Builds the page's one zustand store from its slices (the state's type is in state.ts).
// Components select one field at a time; per-step values arrive batched (step-stream.ts), not
// one render per step.

import { create } from 'zustand';
import { createCheckpointSlice } from './checkpoint-slice';
import { createConfigSlice } from './config-slice';
import { createDatasetSlice } from './dataset-slice';
import { createLatentSlice } from './latent-slice';
import { createMetricsSlice } from './metrics-slice';
import { createQualitySlice } from './quality-slice';
import { createRunSlice } from './run-slice';
import { createSamplesSlice } from './samples-slice';
import { createSessionSlice } from './session-slice';
import type { AppState, AppStore } from './state';
import { createUiSlice, type Theme } from './ui-slice';
import type { PageOptions } from './url-params';

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
