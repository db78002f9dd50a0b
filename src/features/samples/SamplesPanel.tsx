// The fixed-noise sample grid and its history: a scrubber over every kept grid, a play button
// to watch the run learn, downloads of one grid (PNG) or all of them (GIF). For the VAE, test
// images beside their reconstructions at the same moment. A conditional model's grid has a row
// per class, named beside it.

import { useMemo, useState } from 'react';
import { Card } from '../../components/Card';
import { saveFile } from '../../components/download';
import { DownloadIcon } from '../../components/icons';
import { gridSize, PixelCanvas } from '../../components/PixelCanvas';
import { ProgressBar } from '../../components/ProgressBar';
import { encodePng } from '../../lib/png';
import { isConditional, presetConfig, type ModelConfig } from '../../ml/config';
import { useApp } from '../../store/context';
import { runFileStem } from '../../store/downloads';
import { unpackGrid, type PackedGrid } from '../../store/packed-grid';
import { shownFrame } from '../../store/samples-slice';
import { PALETTES } from '../charts/palette';
import { encodeGifInWorker } from './gif';
import { expectation } from './expectation';
import { withRowNames } from './labelled-grid';
import { RowLabels } from './RowLabels';
import { Timeline } from './Timeline';
import './samples.css';

export function SamplesPanel() {
  const frames = useApp((s) => s.frames);
  const selected = useApp((s) => s.selectedFrame);
  const frame = shownFrame({ frames, selectedFrame: selected });
  // The timeline keeps grids packed; the shown one is unpacked once per frame shown.
  const grid = useUnpacked(frame?.grid);
  const datasets = useApp((s) => s.datasets);
  const datasetId = useApp((s) => s.runSpec?.datasetId ?? s.datasetId);
  const kind = useApp((s) => s.runSpec?.model.kind ?? s.modelKind);
  const info = datasets.find((d) => d.id === datasetId);
  const cell = info?.shape ?? { width: 28, height: 28 };
  const placeholder = gridSize(8, 8, cell.width, cell.height);
  const rowNames = useRowNames();

  return (
    <Card
      title="Samples"
      subtitle={
        rowNames === undefined
          ? '64 fixed noise vectors, over time'
          : 'One row per class, over time'
      }
      className="samples-card"
      actions={<SampleDownloads />}
    >
      <div className="stack">
        {/* One tree with or without the names, so the canvas is never remounted. */}
        <div className="sample-grid-rows">
          {rowNames !== undefined && grid !== null && <RowLabels names={rowNames} grid={grid} />}
          <PixelCanvas
            grid={grid}
            placeholder={placeholder}
            label={
              frame === null
                ? 'Sample grid (empty until training starts)'
                : `Samples from the fixed noise at step ${frame.step}`
            }
            testId="sample-grid"
            className="sample-grid"
            // Beside the class names, the grid starts right after them.
            align={rowNames === undefined ? 'center' : 'start'}
            data={{
              step: frame === null ? '' : String(frame.step),
              cell:
                frame === null
                  ? ''
                  : `${frame.grid.cellWidth}x${frame.grid.cellHeight}+${frame.grid.gap}`,
            }}
            emptyText="Press Train: samples from the fixed noise appear here, from static to images."
          />
        </div>
        <Timeline />
        <ExpectationNote />
        {kind === 'vae' && (
          <Reconstructions
            originals={frame?.originals ?? null}
            reconstructions={frame?.reconstructions ?? null}
            cell={cell}
          />
        )}
      </div>
    </Card>
  );
}

/** When the samples usually become recognisable, from the benchmark, at this machine's speed. */
function ExpectationNote() {
  const runSpec = useApp((s) => s.runSpec);
  const formDataset = useApp((s) => s.datasetId);
  const formKind = useApp((s) => s.modelKind);
  const imagesPerSec = useApp((s) => s.imagesPerSec);
  const datasetId = runSpec?.datasetId ?? formDataset;
  const kind = runSpec?.model.kind ?? formKind;
  const preset = runSpec === null || isPreset(runSpec.model, datasetId);
  const note = expectation(kind, datasetId, preset, runSpec === null ? null : imagesPerSec);
  // The line keeps its place (and height) when there is nothing to say, so nothing below moves.
  return (
    <p
      className="samples-expect"
      data-testid="samples-expectation"
      data-suggest-vae={String(note?.suggestVae ?? false)}
    >
      {note?.text ?? ' '}
    </p>
  );
}

function isPreset(model: ModelConfig, datasetId: string): boolean {
  const preset = presetConfig(model.kind, datasetId) as unknown as Record<string, unknown>;
  return Object.entries(model).every(([key, value]) => preset[key] === value);
}

function Reconstructions(props: {
  originals: PackedGrid | null;
  reconstructions: PackedGrid | null;
  cell: { width: number; height: number };
}) {
  const originals = useUnpacked(props.originals);
  const reconstructions = useUnpacked(props.reconstructions);
  const placeholder = gridSize(2, 8, props.cell.width, props.cell.height);
  return (
    <div className="recon" data-testid="vae-reconstructions">
      <div className="recon-item">
        <span className="recon-label">Test images</span>
        <PixelCanvas grid={originals} placeholder={placeholder} label="Sixteen test images" />
      </div>
      <div className="recon-item">
        <span className="recon-label">Reconstructions</span>
        <PixelCanvas
          grid={reconstructions}
          placeholder={placeholder}
          label="The VAE's reconstructions of the same test images"
        />
      </div>
    </div>
  );
}

/** A conditional run's class names, one per row of its grid; undefined for a plain run. */
function useRowNames(): readonly string[] | undefined {
  const runSpec = useApp((s) => s.runSpec);
  const datasets = useApp((s) => s.datasets);
  if (runSpec === null || !isConditional(runSpec.model)) return undefined;
  return datasets.find((d) => d.id === runSpec.datasetId)?.labelNames;
}

/** A packed grid as RGBA, unpacked again only when the grid changes. */
function useUnpacked(grid: PackedGrid | null | undefined) {
  return useMemo(() => (grid ? unpackGrid(grid) : null), [grid]);
}

function SampleDownloads() {
  const frames = useApp((s) => s.frames);
  const selected = useApp((s) => s.selectedFrame);
  const runSpec = useApp((s) => s.runSpec);
  const theme = useApp((s) => s.theme);
  const showError = useApp((s) => s.showError);
  const [gifProgress, setGifProgress] = useState<number | null>(null);
  const frame = shownFrame({ frames, selectedFrame: selected });
  const stem = (step: number) =>
    runSpec === null
      ? `samples-step${step}`
      : runFileStem(runSpec.datasetId, runSpec.model.kind, step);

  const rowNames = useRowNames();
  const png = async () => {
    if (frame === null) return;
    const grid = unpackGrid(frame.grid);
    // A conditional run's PNG names its rows, as the page does beside them.
    const { rgba, width, height } = rowNames === undefined ? grid : withRowNames(grid, rowNames);
    saveFile(
      (await encodePng(rgba, width, height)) as BlobPart,
      `${stem(frame.step)}-samples.png`,
      'image/png',
    );
  };

  const gif = async () => {
    const last = frames[frames.length - 1];
    if (last === undefined) return;
    setGifProgress(0);
    try {
      const hex = PALETTES[theme].series[0];
      const color = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [
        number,
        number,
        number,
      ];
      const bytes = await encodeGifInWorker(frames, color, setGifProgress);
      saveFile(bytes as BlobPart, `${stem(last.step)}-progress.gif`, 'image/gif');
    } catch (err) {
      showError({
        kind: 'generic',
        title: 'The GIF could not be made',
        message: err instanceof Error ? err.message : String(err),
      });
    } finally {
      setGifProgress(null);
    }
  };

  return (
    <div className="sample-downloads">
      <button
        type="button"
        className="btn btn-sm"
        disabled={frame === null}
        onClick={() => void png()}
        data-testid="download-png"
        title="This grid as a PNG"
      >
        <DownloadIcon />
        PNG
      </button>
      <button
        type="button"
        className="btn btn-sm gif-button"
        // One grid makes a still GIF: an imported run starts with just the grid of its weights.
        disabled={frames.length === 0 || gifProgress !== null}
        onClick={() => void gif()}
        data-testid="download-gif"
        title="Every kept grid as an animated GIF"
      >
        <DownloadIcon />
        {gifProgress === null ? 'GIF' : `${Math.round(gifProgress * 100)}%`}
        {gifProgress !== null && (
          <span className="gif-progress">
            <ProgressBar fraction={gifProgress} label="Making the GIF" testId="gif-progress" />
          </span>
        )}
      </button>
    </div>
  );
}
