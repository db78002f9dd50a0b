// The page's one error banner. It says what went wrong in plain words and offers the way out
// that fits: roll back a diverged run, move off a failed backend, restart a crashed or stuck
// worker. It floats over the page (a fixed region under the header), so appearing and
// disappearing moves nothing on the page.

import { AlertIcon, CloseIcon } from '../../components/icons';
import { useApp, useController } from '../../store/context';
import type { AppError } from '../../store/session-slice';
import { titleOf } from './titles';
import './errors.css';

export function ErrorBanner() {
  const error = useApp((s) => s.error);
  const clearError = useApp((s) => s.clearError);
  if (error === null) return null;
  return (
    <div className="error-region">
      <div className="error-banner" role="alert" data-testid="error-banner" data-kind={error.kind}>
        <AlertIcon />
        <div className="error-content">
          <p className="error-title">{titleOf(error)}</p>
          <p className="error-message">{error.message}</p>
          <Recovery error={error} />
        </div>
        <button
          type="button"
          className="btn btn-quiet btn-icon btn-sm error-close"
          onClick={clearError}
          aria-label="Dismiss error"
        >
          <CloseIcon />
        </button>
      </div>
    </div>
  );
}

function Recovery({ error }: { error: AppError }) {
  const controller = useController();
  const lastGood = useApp((s) => s.lastGood);
  const savedRun = useApp((s) => s.savedRun);
  const kind = useApp((s) => s.modelKind);
  const back =
    lastGood ?? (savedRun === null ? null : { step: savedRun.step, epoch: savedRun.epoch });
  const where = back === null ? '' : ` (epoch ${back.epoch}, step ${back.step})`;

  if (error.kind === 'diverged') {
    return (
      <div className="error-actions">
        <button
          type="button"
          className="btn btn-sm"
          disabled={back === null}
          onClick={() => void controller.rollback()}
          data-testid="rollback"
        >
          Roll back to the last good epoch{where}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => void controller.halveLearningRates()}
          data-testid="halve-learning-rates"
        >
          Halve the learning rate{kind === 'dcgan' ? 's' : ''}
        </button>
        <span className="hint">
          Halve first, then roll back: the lower rate applies to the restored run.
        </span>
      </div>
    );
  }
  if (error.kind === 'backend') {
    return (
      <div className="error-actions">
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => void controller.restartWorker(back !== null, 'wasm')}
        >
          Switch to WebAssembly{back === null ? '' : ` and resume${where}`}
        </button>
      </div>
    );
  }
  if (error.kind === 'crashed' || error.kind === 'stalled') {
    return (
      <div className="error-actions">
        {back !== null && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => void controller.restartWorker(true)}
            data-testid="restart-resume"
          >
            Restart and resume from the last saved epoch{where}
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => void controller.restartWorker(false)}
        >
          Restart the worker
        </button>
        {error.kind === 'stalled' && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => controller.keepWaiting()}
            data-testid="keep-waiting"
          >
            Keep waiting
          </button>
        )}
      </div>
    );
  }
  return null;
}
