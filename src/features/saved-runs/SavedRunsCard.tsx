// Every run stored in this browser, so none is out of reach: its dataset, model, step, date and
// size, with Resume (continue it in this tab), Export (its newest checkpoint as weights JSON) and
// Delete (after a second click). A run another tab is training can only be exported there.

import { useState } from 'react';
import { Card } from '../../components/Card';
import { saveFile } from '../../components/download';
import type { StoredRunEntry } from '../../store/checkpoint-slice';
import { useApp, useController } from '../../store/context';
import { isBusy } from '../../store/run-slice';
import { formatMegabytes } from '../status/format';
import './saved-runs.css';

export function SavedRunsCard() {
  const runs = useApp((s) => s.storedRuns);
  if (runs.length === 0) return null;
  return (
    <Card
      title="Saved runs"
      subtitle="Kept in this browser at epoch ends; the oldest idle runs go first."
      testId="saved-runs"
    >
      <ul className="saved-runs">
        {runs.map((run) => (
          <SavedRunRow key={run.runId} run={run} />
        ))}
      </ul>
    </Card>
  );
}

const IN_USE_TEXT = { 'this-tab': 'open here', 'other-tab': 'training in another tab' } as const;

function SavedRunRow({ run }: { run: StoredRunEntry }) {
  const controller = useController();
  const datasets = useApp((s) => s.datasets);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const busy = useApp((s) => isBusy(s.runPhase));
  const showError = useApp((s) => s.showError);
  const [confirming, setConfirming] = useState(false);
  const name = datasets.find((d) => d.id === run.datasetId)?.name ?? run.datasetId;
  const free = run.inUse === null;

  const exportRun = async () => {
    try {
      const { bytes, fileName } = await controller.exportSavedRun(run.runId);
      saveFile(bytes, fileName, 'application/json');
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <li className="saved-runs-row" data-testid="saved-run" data-run={run.runId}>
      <div className="saved-runs-what">
        <strong>
          {run.modelKind === 'dcgan' ? 'DCGAN' : 'VAE'} on {name}
        </strong>
        {run.inUse !== null && (
          <span className="saved-runs-tag" data-testid="saved-run-in-use">
            {IN_USE_TEXT[run.inUse]}
          </span>
        )}
      </div>
      <p className="saved-runs-facts num" data-testid="saved-run-facts">
        step {run.step.toLocaleString('en')} · epoch {run.epoch} · {formatMegabytes(run.bytes)} ·{' '}
        {formatDate(run.savedAt)}
      </p>
      <div className="saved-runs-actions">
        {confirming ? (
          <>
            <button
              type="button"
              className="btn btn-sm btn-danger"
              data-testid="saved-run-confirm-delete"
              onClick={() => void controller.deleteSavedRun(run.runId)}
            >
              Delete run
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="btn btn-sm"
              data-testid="saved-run-resume"
              disabled={!free || !ready || busy}
              onClick={() => void controller.resumeSaved(run.runId)}
            >
              Resume
            </button>
            <button
              type="button"
              className="btn btn-sm"
              data-testid="saved-run-export"
              onClick={() => void exportRun()}
            >
              Export
            </button>
            <button
              type="button"
              className="btn btn-sm btn-danger"
              data-testid="saved-run-delete"
              disabled={!free}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function formatDate(ms: number): string {
  return new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}
