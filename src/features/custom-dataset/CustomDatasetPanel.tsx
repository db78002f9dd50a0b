// Your own images as a dataset: drop a folder, a zip or some images (or pick them), choose the
// size and colour, and the worker decodes, crops and resizes them, keeps them in this browser
// (IndexedDB) and lists them with the bundled datasets. Unusable files are listed with reasons.

import { useContext, useEffect, useMemo, useState, type DragEvent } from 'react';
import { DEFAULT_LIMITS as LIMITS, formatBytes, minSideFor } from '../../datasets/custom/limits';
import {
  CUSTOM_SIZES,
  type CustomImportOptions,
  type SkippedFile,
} from '../../datasets/custom/types';
import { AppContext, useApp } from '../../store/context';
import { collectDrop, collectInputFiles, type CollectedFiles } from './collect-drop';
import { customDatasetActions } from './custom-dataset-actions';
import '../latent/latent.css';
import './custom-dataset.css';

export function CustomDatasetPanel() {
  const context = useContext(AppContext);
  if (context === null) throw new Error('CustomDatasetPanel needs the AppContext');
  const { store, controller } = context;
  const actions = useMemo(() => customDatasetActions(store, controller), [store, controller]);
  const ready = useApp((s) => s.workerPhase === 'ready');
  const progress = useApp((s) => s.customImport);
  const summary = useApp((s) => s.customSummary);
  const stored = useApp((s) => s.customDatasets);
  const datasetId = useApp((s) => s.datasetId);
  const runPhase = useApp((s) => s.runPhase);
  const [name, setName] = useState('My images');
  const [size, setSize] = useState<CustomImportOptions['size']>(32);
  const [channels, setChannels] = useState<CustomImportOptions['channels']>(3);
  const [dragging, setDragging] = useState(false);
  const [skipped, setSkipped] = useState<readonly SkippedFile[]>([]);
  const importing = progress !== null;
  const disabled = !ready || importing;

  useEffect(() => {
    if (ready) void actions.refresh();
  }, [ready, actions]);

  const start = (files: CollectedFiles) => {
    setSkipped([]);
    void actions.importFiles(files, { name, size, channels }).then(setSkipped);
  };

  const onDrop = async (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (disabled) return;
    start(await collectDrop(e.dataTransfer));
  };

  return (
    // The page's section frame gives the title; this is its body.
    <div className="custom-panel" data-testid="custom-dataset-panel">
      <p className="latent-help">
        Drop a folder, a zip or some images. Each image is cropped to its centre square and scaled
        to the size below; everything stays on this computer (kept in this browser for next time).
        PNG, JPEG, GIF, WebP and BMP up to {formatBytes(LIMITS.maxImageBytes)} and{' '}
        {LIMITS.maxPixels / 1e6} megapixels; zips up to {formatBytes(LIMITS.maxZipTotalBytes)}{' '}
        unzipped. Smaller images are scaled up; under {minSideFor(size, LIMITS)} pixels a side they
        are skipped.
      </p>
      <div className="latent-row custom-options">
        <label>
          Name
          <input
            type="text"
            className="input"
            value={name}
            maxLength={60}
            data-testid="custom-name"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Size
          <select
            className="select"
            value={size}
            data-testid="custom-size"
            onChange={(e) => setSize(Number(e.target.value) as CustomImportOptions['size'])}
          >
            {CUSTOM_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}x{s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Colour
          <select
            className="select"
            value={channels}
            data-testid="custom-channels"
            onChange={(e) => setChannels(Number(e.target.value) as 1 | 3)}
          >
            <option value={3}>RGB</option>
            <option value={1}>Grey</option>
          </select>
        </label>
      </div>
      <div
        className={`custom-drop${dragging ? ' dragging' : ''}${disabled ? ' disabled' : ''}`}
        data-testid="custom-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <span>Drop images, a folder or a zip here</span>
        <div className="latent-buttons">
          <label className={`btn btn-sm file-button${disabled ? ' disabled' : ''}`}>
            Choose files
            <input
              type="file"
              multiple
              accept="image/*,.zip,application/zip"
              data-testid="custom-files"
              disabled={disabled}
              onChange={(e) => {
                const files = e.target.files;
                if (files) start(collectInputFiles(Array.from(files)));
                e.target.value = '';
              }}
            />
          </label>
          <label className={`btn btn-sm file-button${disabled ? ' disabled' : ''}`}>
            Choose a folder
            <input
              type="file"
              data-testid="custom-folder"
              disabled={disabled}
              ref={(input) => input?.setAttribute('webkitdirectory', '')}
              onChange={(e) => {
                const files = e.target.files;
                if (files) start(collectInputFiles(Array.from(files)));
                e.target.value = '';
              }}
            />
          </label>
        </div>
      </div>
      {progress !== null && (
        <div className="custom-progress" role="status">
          <progress data-testid="custom-progress" max={1} value={progress.fraction} />
          <span>{progress.message}</span>
        </div>
      )}
      {summary !== null && (
        <p className="custom-summary" data-testid="custom-summary" role="status">
          {summary}
        </p>
      )}
      {skipped.length > 0 && <SkippedList skipped={skipped} />}
      <h3>Stored in this browser</h3>
      {stored.length === 0 ? (
        <p className="latent-note" data-testid="custom-list-empty">
          None yet.
        </p>
      ) : (
        <ul className="custom-list" data-testid="custom-list">
          {stored.map((s) => (
            <li key={s.id} data-testid={`custom-item-${s.id}`}>
              <span className="custom-item-name">{s.name}</span>
              <span className="custom-item-facts">
                {s.count} images · {s.shape.width}x{s.shape.height}{' '}
                {s.shape.channels === 1 ? 'grey' : 'RGB'} · {formatBytes(s.bytes)}
              </span>
              <span className="latent-buttons">
                <button
                  type="button"
                  className="btn btn-sm"
                  data-testid="custom-use"
                  disabled={runPhase !== 'none' || datasetId === s.id}
                  title={runPhase !== 'none' ? 'Reset the current run first' : undefined}
                  onClick={() => actions.use(s.id)}
                >
                  {datasetId === s.id ? 'Selected' : 'Use'}
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  data-testid="custom-delete"
                  disabled={importing}
                  onClick={() => void actions.remove(s.id)}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Files listed one per line (at most this many; the summary gives the count). */
const SKIPPED_SHOWN = 100;

/** Every skipped file with its reason; open when short, folded when long. */
function SkippedList({ skipped }: { skipped: readonly SkippedFile[] }) {
  const shown = skipped.slice(0, SKIPPED_SHOWN);
  const more = skipped.length - shown.length;
  return (
    <details className="custom-skipped" open={skipped.length <= 10}>
      <summary>
        {skipped.length} file{skipped.length === 1 ? '' : 's'} skipped
      </summary>
      <ul data-testid="custom-skipped">
        {shown.map((s, i) => (
          <li key={`${i}-${s.path}`}>
            <span className="custom-skipped-path">{s.path}</span> {s.reason}
          </li>
        ))}
        {more > 0 && <li className="custom-skipped-more">and {more} more</li>}
      </ul>
    </details>
  );
}
