// The current run's progress: phase, counters, throughput, memory and the latest losses.

import type { StateCreator } from 'zustand';
import type {
  EpochEvent,
  Losses,
  MemoryInfo,
  RunSpec,
  RunState,
  StepEvent,
} from '../ml/train/types';

/**
 * 'none': no run yet; 'loading'/'creating': preparing one; 'pausing': pause asked for, the step
 * in flight still finishing; then the engine's own states.
 */
export type RunPhase = 'none' | 'loading' | 'creating' | 'pausing' | RunState;

export interface RunSlice {
  runPhase: RunPhase;
  /** The run's setup once it exists (created, imported or resumed). */
  runSpec: RunSpec | null;
  step: number;
  epoch: number;
  stepInEpoch: number;
  stepsPerEpoch: number | null;
  imagesPerSec: number | null;
  memory: MemoryInfo | null;
  losses: Losses | null;
  setRunPhase: (phase: RunPhase) => void;
  setRunSpec: (spec: RunSpec | null) => void;
  applyStep: (event: StepEvent) => void;
  applyEpoch: (event: EpochEvent) => void;
  setMemory: (memory: MemoryInfo) => void;
  setCounters: (step: number, epoch: number) => void;
  clearRun: () => void;
}

const emptyRun = {
  runPhase: 'none' as RunPhase,
  runSpec: null,
  step: 0,
  epoch: 0,
  stepInEpoch: 0,
  stepsPerEpoch: null,
  imagesPerSec: null,
  memory: null,
  losses: null,
};

export const createRunSlice: StateCreator<RunSlice> = (set) => ({
  ...emptyRun,
  setRunPhase: (runPhase) => set({ runPhase }),
  setRunSpec: (runSpec) => set({ runSpec }),
  applyStep: (e) =>
    set({
      step: e.step,
      epoch: e.epoch,
      stepInEpoch: e.stepInEpoch,
      stepsPerEpoch: e.stepsPerEpoch,
      imagesPerSec: e.imagesPerSec,
      losses: e.losses,
    }),
  applyEpoch: (e) => set({ epoch: e.epoch, memory: e.memory, imagesPerSec: e.imagesPerSec }),
  setMemory: (memory) => set({ memory }),
  setCounters: (step, epoch) => set({ step, epoch }),
  clearRun: () => set(emptyRun),
});

/** Phases in which Train and Step must wait. */
export function isBusy(phase: RunPhase): boolean {
  return phase === 'loading' || phase === 'creating' || phase === 'running' || phase === 'pausing';
}

/** A run exists (it can export, generate, be reset). */
export function hasRun(phase: RunPhase): boolean {
  return phase !== 'none' && phase !== 'loading' && phase !== 'creating';
}
