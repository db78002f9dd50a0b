// The run's sample grids over time (see timeline.ts) and which one the page shows: the newest
// (following the run) unless the person picked one on the scrubber.

import type { StateCreator } from 'zustand';
import type { ImageGrid, SamplesEvent } from '../ml/train/types';
import { addFrame, frameOf, type Frame, type FrameReason } from './timeline';

export interface SamplesSlice {
  frames: readonly Frame[];
  /** Index into `frames`; null: follow the newest. */
  selectedFrame: number | null;
  playing: boolean;
  addFrame: (frame: Frame) => void;
  /** Several grids at once (one store update for a batch of samples events). */
  addFrames: (frames: readonly Frame[]) => void;
  setSamples: (event: SamplesEvent) => void;
  /** A grid that did not come from a samples event (drawn on pause or after an import). */
  setGrid: (grid: ImageGrid, step: number, epoch: number, reason?: FrameReason) => void;
  setFrames: (frames: readonly Frame[]) => void;
  selectFrame: (index: number | null) => void;
  setPlaying: (playing: boolean) => void;
  clearSamples: () => void;
}

export const createSamplesSlice: StateCreator<SamplesSlice> = (set, get) => ({
  frames: [],
  selectedFrame: null,
  playing: false,
  addFrame: (frame) => get().addFrames([frame]),
  addFrames: (added) =>
    set((s) => {
      let frames = s.frames as Frame[];
      for (const frame of added) frames = addFrame(frames, frame);
      // Thinning can shift indices: keep a picked frame only if it is still there.
      const picked = s.selectedFrame === null ? undefined : s.frames[s.selectedFrame];
      const index = picked === undefined ? -1 : frames.indexOf(picked);
      return { frames, selectedFrame: index >= 0 && index < frames.length - 1 ? index : null };
    }),
  setSamples: (e) => get().addFrame(frameOf(e)),
  setGrid: (grid, step, epoch, reason = 'imported') =>
    get().addFrame(frameOf({ step, epoch, reason, grid })),
  setFrames: (frames) => set({ frames: [...frames], selectedFrame: null, playing: false }),
  selectFrame: (index) =>
    set((s) => ({
      selectedFrame: index === null || index >= s.frames.length - 1 ? null : Math.max(0, index),
    })),
  setPlaying: (playing) => set({ playing }),
  clearSamples: () => set({ frames: [], selectedFrame: null, playing: false }),
});

/** The frame the page shows. */
export function shownFrame(state: Pick<SamplesSlice, 'frames' | 'selectedFrame'>): Frame | null {
  const { frames, selectedFrame } = state;
  if (frames.length === 0) return null;
  return frames[selectedFrame ?? frames.length - 1] ?? frames[frames.length - 1];
}
