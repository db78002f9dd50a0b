// The latest sample grid from the run's fixed noise.

import type { StateCreator } from 'zustand';
import type { ImageGrid, SamplesEvent } from '../ml/engine/types';
import type { AppState } from './app-store';

export interface SamplesSlice {
  grid: ImageGrid | null;
  /** Step and epoch the grid was drawn at. */
  gridStep: number;
  gridEpoch: number;
  setSamples: (event: SamplesEvent) => void;
  /** A grid that did not come from a samples event (e.g. drawn after importing weights). */
  setGrid: (grid: ImageGrid, step: number, epoch: number) => void;
  clearSamples: () => void;
}

export const createSamplesSlice: StateCreator<AppState, [], [], SamplesSlice> = (set) => ({
  grid: null,
  gridStep: 0,
  gridEpoch: 0,
  setSamples: (e) => set({ grid: e.grid, gridStep: e.step, gridEpoch: e.epoch }),
  setGrid: (grid, gridStep, gridEpoch) => set({ grid, gridStep, gridEpoch }),
  clearSamples: () => set({ grid: null, gridStep: 0, gridEpoch: 0 }),
});
