// The page's one zustand store, composed of slices. Components select one field at a time;
// per-step values arrive throttled (training-controller.ts), not one render per step.

import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { createConfigSlice, type ConfigSlice } from './config-slice';
import { createLatentSlice, type LatentSlice } from './latent-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createSamplesSlice, type SamplesSlice } from './samples-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import type { PageOptions } from './url-params';

export type AppState = SessionSlice & ConfigSlice & RunSlice & SamplesSlice & LatentSlice;

export type AppStore = UseBoundStore<StoreApi<AppState>>;

export function createAppStore(options: PageOptions): AppStore {
  return create<AppState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createConfigSlice(options)(...a),
    ...createRunSlice(...a),
    ...createSamplesSlice(...a),
    ...createLatentSlice(...a),
  }));
}
