// The current run's progress: phase, counters, throughput, memory and the latest losses.

import type { StateCreator } from 'zustand';
import type { EpochEvent, Losses, MemoryInfo, RunState, StepEvent } from '../ml/engine/types';
import type { AppState } from './app-store';

/**
 * 'none': no run yet; 'loading'/'creating': preparing one; 'pausing': pause asked for, the step
 * in flight still finishing; then the engine's own states.
 */
export type RunPhase = 'none' | 'loading' | 'creating' | 'pausing' | RunState;

export interface RunSlice {
  runPhase: RunPhase;
  /** Dataset download progress while loading, 0..1, with the loader's message. */
  loadFraction: number;
  loadMessage: string;
  step: number;
  epoch: number;
  stepsPerEpoch: number | null;
  imagesPerSec: number | null;
  memory: MemoryInfo | null;
  losses: Losses | null;
  setRunPhase: (phase: RunPhase) => void;
  setLoadProgress: (fraction: number, message: string) => void;
  applyStep: (event: StepEvent) => void;
  applyEpoch: (event: EpochEvent) => void;
  setMemory: (memory: MemoryInfo) => void;
  setCounters: (step: number, epoch: number) => void;
  clearRun: () => void;
}

const emptyRun = {
  runPhase: 'none' as RunPhase,
  loadFraction: 0,
  loadMessage: '',
  step: 0,
  epoch: 0,
  stepsPerEpoch: null,
  imagesPerSec: null,
  memory: null,
  losses: null,
};

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  ...emptyRun,
  setRunPhase: (runPhase) => set({ runPhase }),
  setLoadProgress: (loadFraction, loadMessage) => set({ loadFraction, loadMessage }),
  applyStep: (e) =>
    set({
      step: e.step,
      epoch: e.epoch,
      stepsPerEpoch: e.stepsPerEpoch,
      imagesPerSec: e.imagesPerSec,
      losses: e.losses,
    }),
  applyEpoch: (e) => set({ epoch: e.epoch, memory: e.memory, imagesPerSec: e.imagesPerSec }),
  setMemory: (memory) => set({ memory }),
  setCounters: (step, epoch) => set({ step, epoch }),
  clearRun: () => set(emptyRun),
});
