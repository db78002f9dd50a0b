// Which tfjs backend trains: 'Auto' (wasm where WebGL runs in software, webgl with a GPU) or a
// fixed one. Changing it restarts the worker and carries the run over (training goes on if it
// was training); meanwhile the menu says where it is switching to. Backends Auto measured as far
// slower than the best one say so in their option, and the chosen one beside the menu.

import { useId } from 'react';
import { useApp, useController } from '../../store/context';
import { BACKEND_LABELS, choiceSummary } from '../backend/report-rows';
import type { BackendChoice, BackendName } from '../../worker/protocol';
import { liveSlowNote, slowNote } from './slow-backend';

const CHOICES: readonly { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'wasm', label: BACKEND_LABELS.wasm },
  { value: 'webgl', label: BACKEND_LABELS.webgl },
  { value: 'cpu', label: `${BACKEND_LABELS.cpu} (slow)` },
];

export function BackendSelect() {
  const id = useId();
  const controller = useController();
  const choice = useApp((s) => s.backendChoice);
  const backend = useApp((s) => s.backend);
  const autoReason = useApp((s) => s.autoReason);
  const report = useApp((s) => s.backendReport);
  const selection = useApp((s) => s.autoSelection);
  const switchingTo = useApp((s) => s.switchingTo);
  const rateBefore = useApp((s) => s.rateBefore);
  const imagesPerSec = useApp((s) => s.imagesPerSec);
  const workerPhase = useApp((s) => s.workerPhase);
  const runPhase = useApp((s) => s.runPhase);
  const transitional = ['loading', 'creating', 'pausing'].includes(runPhase);
  // The chosen backend failed and the worker moved the run: say so on the choice itself.
  // (During a switch the old worker's backend is still the one reported: nothing moved.)
  const movedTo =
    choice !== 'auto' && backend !== null && backend !== choice && switchingTo === null
      ? backend
      : null;
  // The run's own speeds after a switch while training; else Auto's figures for the choice.
  const live = backend === null ? null : liveSlowNote(backend, imagesPerSec, rateBefore);
  const slow =
    switchingTo !== null
      ? null
      : live !== null
        ? live
        : choice === 'auto'
          ? null
          : (slowNote(choice, selection)?.text ?? null);
  const title =
    movedTo !== null
      ? `${labelOf(choice)} stopped working; training goes on on ${movedTo}. Pick a backend to restart on it.`
      : choice === 'auto' && report !== null
        ? choiceSummary(report)
        : choice === 'auto' && autoReason !== null
          ? autoReason
          : (slow ?? 'Which TensorFlow.js backend trains the model');
  return (
    <div className="backend-select" title={title}>
      <label htmlFor={id} className="backend-label">
        Backend
      </label>
      <select
        id={id}
        className="select select-compact"
        value={choice}
        disabled={workerPhase === 'starting' || transitional || switchingTo !== null}
        onChange={(e) => void controller.switchBackend(e.target.value as BackendChoice)}
        data-testid="backend-select"
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {optionText(c, choice, backend, movedTo, selection)}
          </option>
        ))}
      </select>
      {switchingTo !== null ? (
        <span className="backend-switching" role="status" data-testid="backend-switching">
          <span className="backend-spinner" aria-hidden="true" />
          <span className="backend-switching-text">Switching to {labelOf(switchingTo)}…</span>
        </span>
      ) : (
        slow !== null && (
          <span className="backend-slow-note" role="note" data-testid="backend-slow-note">
            {slow}
          </span>
        )
      )}
    </div>
  );
}

function optionText(
  c: (typeof CHOICES)[number],
  choice: BackendChoice,
  backend: BackendName | null,
  movedTo: BackendName | null,
  selection: Parameters<typeof slowNote>[1],
): string {
  if (c.value === 'auto')
    return choice === 'auto' && backend !== null ? `Auto · ${backend}` : c.label;
  if (c.value === choice && movedTo !== null) return `${c.label} → ${movedTo}`;
  const slow = slowNote(c.value, selection);
  // Plain JS already says it is slow.
  return slow === null || c.value === 'cpu' ? c.label : `${c.label} · ${slow.short}`;
}

function labelOf(choice: BackendChoice): string {
  return CHOICES.find((c) => c.value === choice)?.label ?? choice;
}
