// Dataset picker: the bundled (and custom) sets, a strip of real images from the chosen one,
// its size, counts and license (folded away: a newcomer needs the pictures first), and a
// progress bar while it downloads and decodes.

import { useEffect, useId } from 'react';
import { Card } from '../../components/Card';
import { gridSize, PixelCanvas } from '../../components/PixelCanvas';
import { ProgressBar } from '../../components/ProgressBar';
import type { DatasetInfo } from '../../datasets/types';
import { useApp, useController } from '../../store/context';
import { hasRun } from '../../store/run-slice';
import './dataset.css';

export function DatasetPanel() {
  const id = useId();
  const controller = useController();
  const datasets = useApp((s) => s.datasets);
  const datasetId = useApp((s) => s.datasetId);
  const setDatasetId = useApp((s) => s.setDatasetId);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const runPhase = useApp((s) => s.runPhase);
  const preview = useApp((s) => s.previews[s.datasetId] ?? null);
  const load = useApp((s) => s.datasetLoad);
  const info = datasets.find((d) => d.id === datasetId);
  // A run is tied to its dataset: Reset first to change it.
  const locked = !ready || runPhase !== 'none';
  const loading = load !== null && load.id === datasetId;
  const loaded = preview !== null;

  // Whatever picked the dataset (this select, the URL, an import, the custom-images panel),
  // load it now: the preview appears and Train starts without waiting for the download.
  useEffect(() => {
    if (ready && !loaded) void controller.previewDataset(datasetId);
  }, [ready, loaded, datasetId, controller]);

  return (
    <Card
      title="Data"
      className="dataset-card"
      subtitle={
        hasRun(runPhase) ? 'Reset the run to pick another set' : 'What the model learns from'
      }
    >
      <div className="stack">
        <div className="field-inline">
          <label htmlFor={id} className="visually-hidden">
            Dataset
          </label>
          <select
            id={id}
            className="select"
            data-testid="dataset-select"
            value={datasetId}
            disabled={locked}
            onChange={(e) => setDatasetId(e.target.value)}
          >
            {datasets.length === 0 && <option value={datasetId}>{datasetId}</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="dataset-preview">
          <PixelCanvas
            grid={preview}
            placeholder={
              info
                ? gridSize(2, 8, info.shape.width, info.shape.height)
                : { width: 231, height: 57 }
            }
            label={info ? `Sixteen images from ${info.name}` : 'Dataset preview'}
            testId="dataset-preview"
            emptyText={loading ? '' : 'Preview appears once the data is loaded'}
          />
          <div className="dataset-progress">
            {loading ? (
              <>
                <ProgressBar
                  fraction={load.fraction}
                  label={`Loading ${info?.name ?? 'data'}`}
                  testId="dataset-progress"
                />
                <span className="hint num">
                  {load.message || 'Loading'} · {Math.round(load.fraction * 100)}%
                </span>
              </>
            ) : (
              <span className="hint">
                {preview === null ? 'Not loaded yet' : '16 training images, spread over the set'}
              </span>
            )}
          </div>
        </div>
        {info !== undefined && <DatasetFacts info={info} />}
      </div>
    </Card>
  );
}

function DatasetFacts({ info }: { info: DatasetInfo }) {
  const { height, width, channels } = info.shape;
  const classes = info.labelNames.length;
  return (
    <details className="dataset-facts" data-testid="dataset-facts">
      <summary className="hint">About {info.name}</summary>
      <p className="dataset-description">{info.description}</p>
      <dl className="facts">
        <div>
          <dt>Images</dt>
          <dd className="num">
            {info.trainCount.toLocaleString('en')} train · {info.testCount.toLocaleString('en')}{' '}
            test
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd className="num">
            {width} × {height} {channels === 1 ? 'grey' : 'colour'}
            {classes > 1 ? ` · ${classes} classes` : ''}
          </dd>
        </div>
        <div>
          <dt>Download</dt>
          <dd className="num">
            {info.downloadBytes === 0 ? 'none (generated here)' : formatMb(info.downloadBytes)}
          </dd>
        </div>
        <div>
          <dt>License</dt>
          <dd>{info.license}</dd>
        </div>
      </dl>
    </details>
  );
}

function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
