// Whether the page's run has steps nothing keeps yet (no saved checkpoint, no export holds them),
// and saving it as it stands: what an import checks before it replaces the run, so the replaced
// run stays reachable in this browser under its own id.

import type { TrainingApi } from '../worker/client';
import type { CheckpointKeeper } from './checkpoint-keeper';
import { storedStep } from './checkpoint-slice';
import type { KeptRun, RunAt } from './run-notes';
import { hasRun } from './run-slice';
import type { AppStore } from './state';

export interface UnsavedRun {
  /** The run the page holds now, if any. */
  currentRun(): RunAt | null;
  /** The run has steps that neither a saved checkpoint nor an export holds. */
  hasProgress(): boolean;
  /** A weights export of the current run at `step` was made. */
  exportedAt(step: number): void;
  /** Saves the run in this browser under its own id as it stands now (loop stopped). */
  save(): Promise<KeptRun>;
}

export function createUnsavedRun(
  store: AppStore,
  api: () => TrainingApi,
  keeper: CheckpointKeeper,
): UnsavedRun {
  const s = () => store.getState();
  // The step of the newest weights export, and the run it was of.
  let exported: { runId: string | null; step: number } | null = null;

  const currentRun = (): RunAt | null => {
    const { runPhase, runSpec, step } = s();
    return hasRun(runPhase) && runSpec !== null ? { spec: runSpec, step } : null;
  };

  return {
    currentRun,

    hasProgress() {
      const current = currentRun();
      if (current === null || current.step === 0) return false;
      const exportedStep = exported?.runId === keeper.runId ? (exported?.step ?? -1) : -1;
      return current.step > Math.max(storedStep(s()) ?? -1, exportedStep);
    },

    exportedAt(step) {
      exported = { runId: keeper.runId, step };
    },

    async save() {
      const { step, epoch } = s();
      await keeper.keep(async () => ({
        step,
        epoch,
        bytes: await api().exportWeights({ includeOptimizer: true }),
      }));
      return storedStep(s()) === step ? { saved: true, step } : { saved: false };
    },
  };
}
