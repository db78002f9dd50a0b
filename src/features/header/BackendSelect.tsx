// Which tfjs backend trains: 'Auto' (wasm where WebGL runs in software, webgl with a GPU) or a
// fixed one. Changing it restarts the worker and carries the run over.

import { useId } from 'react';
import { useApp, useController } from '../../store/context';
import { choiceSummary } from '../backend/report-rows';
import type { BackendChoice } from '../../worker/protocol';

const CHOICES: readonly { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'cpu', label: 'Plain JS (slow)' },
];

export function BackendSelect() {
  const id = useId();
  const controller = useController();
  const choice = useApp((s) => s.backendChoice);
  const backend = useApp((s) => s.backend);
  const autoReason = useApp((s) => s.autoReason);
  const report = useApp((s) => s.backendReport);
  const workerPhase = useApp((s) => s.workerPhase);
  const runPhase = useApp((s) => s.runPhase);
  const transitional = ['loading', 'creating', 'pausing'].includes(runPhase);
  // The chosen backend failed and the worker moved the run: say so on the choice itself.
  const movedTo = choice !== 'auto' && backend !== null && backend !== choice ? backend : null;
  const title =
    movedTo !== null
      ? `${labelOf(choice)} stopped working; training goes on on ${movedTo}. Pick a backend to restart on it.`
      : choice === 'auto' && report !== null
        ? choiceSummary(report)
        : choice === 'auto' && autoReason !== null
          ? autoReason
          : 'Which TensorFlow.js backend trains the model';
  return (
    <div className="backend-select" title={title}>
      <label htmlFor={id} className="backend-label">
        Backend
      </label>
      <select
        id={id}
        className="select select-compact"
        value={choice}
        disabled={workerPhase === 'starting' || transitional}
        onChange={(e) => void controller.switchBackend(e.target.value as BackendChoice)}
        data-testid="backend-select"
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.value === 'auto' && choice === 'auto' && backend !== null
              ? `Auto · ${backend}`
              : c.value === choice && movedTo !== null
                ? `${c.label} → ${movedTo}`
                : c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function labelOf(choice: BackendChoice): string {
  return CHOICES.find((c) => c.value === choice)?.label ?? choice;
}
