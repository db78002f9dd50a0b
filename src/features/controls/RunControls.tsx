// Train, Pause, Step and Reset, the offer to resume the run saved by an earlier visit, and why
// Train is unavailable when the form has a refused value.

import { useMemo } from 'react';
import { PauseIcon, PlayIcon, ResetIcon, StepIcon } from '../../components/icons';
import { useApp, useController } from '../../store/context';
import { draftProblems, RUN_FIELDS, runFieldProblem, type RunFieldName } from '../../store/drafts';
import { hasRun, isBusy } from '../../store/run-slice';
import type { SavedRunMeta } from '../../store/run-storage';
import './controls.css';

export function RunControls() {
  const controller = useController();
  const runPhase = useApp((s) => s.runPhase);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const crashed = useApp((s) => s.workerPhase === 'crashed');
  const modelKind = useApp((s) => s.modelKind);
  const drafts = useApp((s) => s.drafts);
  const runDrafts = useApp((s) => s.runDrafts);
  const savedRun = useApp((s) => s.savedRun);
  // A backend switch restarts the worker and carries the run over: no new work meanwhile.
  const switching = useApp((s) => s.switchingTo) !== null;
  const busy = isBusy(runPhase) || switching;
  const exists = hasRun(runPhase);
  const problemCount = useMemo(() => {
    const model = Object.keys(draftProblems(modelKind, drafts)).length;
    const run = (Object.keys(RUN_FIELDS) as RunFieldName[]).filter(
      (n) => runFieldProblem(n, runDrafts[n]) !== null,
    ).length;
    return model + run;
  }, [modelKind, drafts, runDrafts]);
  const blocked = !exists && problemCount > 0;
  const resumeLabel = runPhase === 'paused' || runPhase === 'pausing' ? 'Resume' : 'Train';

  return (
    <section className="card actions-card" aria-label="Training controls">
      <div className="run-buttons">
        <button
          type="button"
          className="btn btn-primary run-main"
          data-testid="train-start"
          disabled={!ready || busy || blocked}
          onClick={() => void controller.train()}
        >
          <PlayIcon />
          {runPhase === 'loading'
            ? 'Loading…'
            : runPhase === 'creating'
              ? 'Building…'
              : resumeLabel}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="train-pause"
          disabled={runPhase !== 'running'}
          onClick={() => void controller.pause()}
        >
          <PauseIcon />
          Pause
        </button>
        <button
          type="button"
          className="btn"
          data-testid="train-step"
          disabled={!ready || busy || blocked}
          onClick={() => void controller.step()}
          title="Train a single step"
        >
          <StepIcon />
          Step
        </button>
        <button
          type="button"
          className="btn"
          data-testid="train-reset"
          disabled={!crashed && (!ready || !exists || busy)}
          onClick={() => void controller.reset()}
          title="Discard the run (its last epoch stays saved in this browser)"
        >
          <ResetIcon />
          Reset
        </button>
      </div>
      {blocked && (
        <p className="actions-note" role="status">
          {problemCount === 1 ? 'One setting is' : `${problemCount} settings are`} not valid: fix
          the {problemCount === 1 ? 'field' : 'fields'} marked in red to train.
        </p>
      )}
      {savedRun !== null && runPhase === 'none' && ready && (
        <SavedRunOffer meta={savedRun} onResume={() => void controller.resumeSaved()} />
      )}
    </section>
  );
}

function SavedRunOffer({ meta, onResume }: { meta: SavedRunMeta; onResume: () => void }) {
  const datasets = useApp((s) => s.datasets);
  const name = datasets.find((d) => d.id === meta.datasetId)?.name ?? meta.datasetId;
  return (
    <div className="saved-run">
      <button
        type="button"
        className="btn saved-run-button"
        data-testid="resume-saved"
        onClick={onResume}
      >
        Resume last run (step {meta.step.toLocaleString('en')})
      </button>
      <p className="hint">
        {meta.modelKind === 'dcgan' ? 'DCGAN' : 'VAE'} on {name}, epoch {meta.epoch}, saved{' '}
        {timeAgo(meta.savedAt)} in this browser.
      </p>
    </div>
  );
}

function timeAgo(ms: number): string {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}
