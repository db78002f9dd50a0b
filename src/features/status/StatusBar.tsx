// The run at a glance: state, backend, epoch (with its progress), step, speed, time left in the
// epoch, tensors and memory. Every value has a fixed-width slot and tabular digits, so the bar
// never reflows while training.

import type { ReactNode } from 'react';
import { ProgressBar } from '../../components/ProgressBar';
import { BackendReport } from '../backend/BackendReport';
import { useApp } from '../../store/context';
import { epochEtaSeconds, formatDuration, formatMegabytes, formatRate, shownState } from './format';
import './status.css';

export function StatusBar() {
  const backend = useApp((s) => s.backend);
  const workerPhase = useApp((s) => s.workerPhase);
  const runPhase = useApp((s) => s.runPhase);
  const epoch = useApp((s) => s.epoch);
  const step = useApp((s) => s.step);
  const stepInEpoch = useApp((s) => s.stepInEpoch);
  const stepsPerEpoch = useApp((s) => s.stepsPerEpoch);
  const imagesPerSec = useApp((s) => s.imagesPerSec);
  const memory = useApp((s) => s.memory);
  const runSpec = useApp((s) => s.runSpec);
  const report = useApp((s) => s.backendReport);
  // The stall banner is up: the worker has not answered for a while, so it is not training.
  const stalled = useApp((s) => s.error?.kind === 'stalled');
  const training = runPhase === 'running';
  const eta = training ? epochEtaSeconds(stepInEpoch, stepsPerEpoch, imagesPerSec, runSpec) : null;
  const shown = shownState(runPhase, workerPhase === 'crashed', stalled);
  const epochFraction =
    stepsPerEpoch === null || stepsPerEpoch === 0
      ? 0
      : (stepInEpoch % stepsPerEpoch) / stepsPerEpoch;

  return (
    <section className="card status-bar" aria-label="Run status">
      <div className="status-state" data-phase={shown.phase}>
        <span className="status-dot" aria-hidden="true" />
        <span data-testid="status-state">{shown.text}</span>
      </div>
      <dl className="status-items">
        <Item label="Backend" testId="status-backend" wide>
          {backend ?? (workerPhase === 'crashed' ? '–' : 'starting')}
        </Item>
        <Item label="Epoch" testId="status-epoch">
          {epoch}
        </Item>
        <Item label="Step" testId="status-step" wide>
          {step}
        </Item>
        <Item label="Images/s" testId="status-throughput">
          {formatRate(imagesPerSec)}
        </Item>
        <Item label="Epoch ETA" testId="status-eta" wide>
          {formatDuration(eta)}
        </Item>
        <Item label="Tensors" testId="status-tensors">
          {memory === null ? '–' : memory.numTensors}
        </Item>
        <Item label="Memory" testId="status-memory" wide>
          {memory === null ? '–' : formatMegabytes(memory.numBytes)}
        </Item>
      </dl>
      {report !== null && (
        <div className="status-backend-report">
          <BackendReport report={report} />
        </div>
      )}
      <div className="status-epoch-progress">
        <ProgressBar
          fraction={epochFraction}
          label={`Progress through epoch ${epoch + 1}`}
          testId="epoch-progress"
        />
      </div>
    </section>
  );
}

function Item(props: { label: string; testId: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`status-item${props.wide ? ' is-wide' : ''}`}>
      <dt>{props.label}</dt>
      <dd className="num" data-testid={props.testId}>
        {props.children}
      </dd>
    </div>
  );
}
