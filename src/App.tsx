// The minimal training page: pick a dataset and a model, train in the worker, watch the status,
// the latest losses and the sample grid, export or import weights. The full UI lives in
// src/features/ (a later issue); this page stays small and only reads the store.

import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';
import type { ModelKind } from './ml/config';
import type { Losses } from './ml/engine/types';
import { useApp, useController } from './store/context';
import { isBusy } from './store/training-controller';

export function App() {
  return (
    <div className="page">
      <header className="header">
        <h1>GAN Playground</h1>
        <p>Train a DCGAN or a convolutional VAE in your browser. Nothing leaves this computer.</p>
      </header>
      <ErrorBanner />
      <main className="layout">
        <section className="panel controls" aria-label="Training controls">
          <ConfigSelects />
          <RunButtons />
          <WeightsButtons />
        </section>
        <section className="panel results" aria-label="Training progress">
          <StatusLine />
          <SampleGrid />
          <LossText />
        </section>
      </main>
    </div>
  );
}

function ErrorBanner() {
  const error = useApp((s) => s.error);
  const clearError = useApp((s) => s.clearError);
  if (error === null) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span>{error}</span>
      <button type="button" onClick={clearError} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}

function ConfigSelects() {
  const datasets = useApp((s) => s.datasets);
  const datasetId = useApp((s) => s.datasetId);
  const modelKind = useApp((s) => s.modelKind);
  const setDatasetId = useApp((s) => s.setDatasetId);
  const setModelKind = useApp((s) => s.setModelKind);
  const runPhase = useApp((s) => s.runPhase);
  const ready = useApp((s) => s.workerPhase === 'ready');
  // A run is tied to its dataset and model: Reset first to change them.
  const locked = !ready || runPhase !== 'none';
  return (
    <div className="selects">
      <label>
        Dataset
        <select
          data-testid="dataset-select"
          value={datasetId}
          disabled={locked}
          onChange={(e) => setDatasetId(e.target.value)}
        >
          {datasets.length === 0 && <option value={datasetId}>{datasetId}</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id} title={d.description}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <select
          data-testid="model-select"
          value={modelKind}
          disabled={locked}
          onChange={(e) => setModelKind(e.target.value as ModelKind)}
        >
          <option value="dcgan">DCGAN</option>
          <option value="vae">Convolutional VAE</option>
        </select>
      </label>
    </div>
  );
}

function RunButtons() {
  const controller = useController();
  const runPhase = useApp((s) => s.runPhase);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const crashed = useApp((s) => s.workerPhase === 'crashed');
  const busy = isBusy(runPhase);
  return (
    <div className="buttons">
      <button
        type="button"
        className="primary"
        data-testid="train-start"
        disabled={!ready || busy}
        onClick={() => void controller.train()}
      >
        {runPhase === 'paused' ? 'Resume' : 'Train'}
      </button>
      <button
        type="button"
        data-testid="train-pause"
        disabled={runPhase !== 'running'}
        onClick={() => void controller.pause()}
      >
        Pause
      </button>
      <button
        type="button"
        data-testid="train-step"
        disabled={!ready || busy}
        onClick={() => void controller.step()}
      >
        Step
      </button>
      <button
        type="button"
        data-testid="train-reset"
        disabled={!crashed && (!ready || runPhase === 'none' || runPhase === 'loading')}
        onClick={() => void controller.reset()}
      >
        Reset
      </button>
    </div>
  );
}

function WeightsButtons() {
  const controller = useController();
  const runPhase = useApp((s) => s.runPhase);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const showError = useApp((s) => s.showError);
  const hasRun = !['none', 'loading', 'creating'].includes(runPhase);

  const download = async () => {
    try {
      const { bytes, fileName } = await controller.exportWeights();
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // Give the browser time to start the download before the URL goes away.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
    }
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again should import again
    if (file !== undefined) await controller.importWeights(await file.arrayBuffer());
  };

  return (
    <div className="buttons">
      <button
        type="button"
        data-testid="export-weights"
        disabled={!hasRun || isBusy(runPhase)}
        onClick={() => void download()}
      >
        Export weights
      </button>
      <label className={`file-button${!ready || isBusy(runPhase) ? ' disabled' : ''}`}>
        Import weights
        <input
          type="file"
          accept=".json,application/json"
          data-testid="import-weights"
          disabled={!ready || isBusy(runPhase)}
          onChange={(e) => void upload(e)}
        />
      </label>
    </div>
  );
}

function StatusLine() {
  const backend = useApp((s) => s.backend);
  const workerPhase = useApp((s) => s.workerPhase);
  const runPhase = useApp((s) => s.runPhase);
  const loadFraction = useApp((s) => s.loadFraction);
  const epoch = useApp((s) => s.epoch);
  const step = useApp((s) => s.step);
  const imagesPerSec = useApp((s) => s.imagesPerSec);
  const memory = useApp((s) => s.memory);
  const phaseText =
    runPhase === 'loading' ? `loading data ${Math.round(loadFraction * 100)}%` : runPhase;
  return (
    <dl className="status" aria-label="Status">
      <Item label="Backend" testId="status-backend">
        {backend ?? workerPhase}
      </Item>
      <Item label="State" testId="status-state">
        {runPhase === 'none' ? 'no run' : phaseText}
      </Item>
      <Item label="Epoch" testId="status-epoch">
        {epoch}
      </Item>
      <Item label="Step" testId="status-step">
        {step}
      </Item>
      <Item label="Images/s" testId="status-throughput">
        {imagesPerSec === null ? '–' : imagesPerSec.toFixed(1)}
      </Item>
      <Item label="Tensors" testId="status-tensors">
        {memory === null
          ? '–'
          : `${memory.numTensors} (${(memory.numBytes / 2 ** 20).toFixed(1)} MB)`}
      </Item>
    </dl>
  );
}

function Item(props: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="status-item">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </div>
  );
}

function SampleGrid() {
  const grid = useApp((s) => s.grid);
  const gridStep = useApp((s) => s.gridStep);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (grid === null || !ctx) return;
    // The pixels crossed the worker boundary by transfer or clone, so they own a plain
    // ArrayBuffer (ImageData refuses shared memory).
    const rgba = grid.rgba as Uint8ClampedArray<ArrayBuffer>;
    ctx.putImageData(new ImageData(rgba, grid.width, grid.height), 0, 0);
  }, [grid]);

  return (
    <figure className="samples">
      <canvas
        ref={canvas}
        data-testid="sample-grid"
        data-step={grid === null ? '' : String(gridStep)}
        data-cell={grid === null ? '' : `${grid.cellWidth}x${grid.cellHeight}+${grid.gap}`}
        width={grid?.width ?? 8}
        height={grid?.height ?? 8}
        aria-label="Samples from the generator's fixed noise"
      />
      <figcaption>
        {grid === null ? 'Samples appear once a run starts.' : `Samples at step ${gridStep}`}
      </figcaption>
    </figure>
  );
}

function LossText() {
  const losses = useApp((s) => s.losses);
  return (
    <p className="losses" data-testid="losses">
      {losses === null ? 'Losses appear after the first step.' : formatLosses(losses)}
    </p>
  );
}

function formatLosses(l: Losses): string {
  if (l.kind === 'dcgan')
    return `D loss ${l.dLoss.toFixed(3)} · G loss ${l.gLoss.toFixed(3)} · D(x) ${l.dReal.toFixed(2)} · D(G(z)) ${l.dFake.toFixed(2)}`;
  return `loss ${l.total.toFixed(2)} · reconstruction ${l.recon.toFixed(2)} · KL ${l.kl.toFixed(2)} (weight ${l.klWeight.toFixed(2)})`;
}
