// Tiles for sets without a classifier (flags, faces, a person's own images): the grid samples
// closest to a training image, each above that image with its distance (a memorisation check),
// and how far the samples' pixel statistics are from the training images'.

import type { CSSProperties } from 'react';
import { PixelCanvas, type GridSize } from '../../components/PixelCanvas';
import type { ChartPalette } from '../charts/palette';
import type { NearestPair } from '../../ml/train/types';
import type { QualityEntry } from '../../store/quality-history';
import { EpochChart } from './EpochChart';
import { formatPercent, formatSmall } from './format';
import { epochSeries } from './series';
import { Tile } from './Tile';

/** Pairs shown (the worker sends the six closest). */
export const PAIR_SLOTS = 6;
/** Width of each picture in CSS pixels; the height follows the images' aspect ratio. */
const PAIR_WIDTH = 64;

export function NearestTile(props: {
  entry: QualityEntry | null;
  cell: GridSize;
  empty: string | null;
}) {
  const nearest = props.entry?.report.nearest;
  const pairs: readonly (NearestPair | null)[] = Array.from(
    { length: PAIR_SLOTS },
    (_, i) => props.entry?.nearestPairs?.[i] ?? null,
  );
  const memorized = nearest !== undefined && nearest.memorizedFraction > 0;
  return (
    <Tile
      title="Nearest training images"
      hint="closest grid samples"
      value={nearest === undefined ? undefined : `median ${formatSmall(nearest.medianDistance)}`}
      testId="quality-nearest"
      className="quality-wide"
      empty={props.empty ?? (nearest === undefined ? 'No samples compared yet.' : null)}
      data={{ state: memorized ? 'memorized' : 'ok' }}
    >
      {nearest !== undefined && (
        <>
          <div
            className="quality-pairs"
            style={
              {
                '--pair-w': `${PAIR_WIDTH}px`,
                '--pair-h': `${Math.round((PAIR_WIDTH * props.cell.height) / props.cell.width)}px`,
              } as CSSProperties
            }
          >
            <div className="quality-pair-labels" aria-hidden="true">
              <span>Sample</span>
              <span>Nearest</span>
            </div>
            {pairs.map((pair, i) => {
              const copy = pair !== null && pair.distance < nearest.threshold;
              return (
                <figure
                  key={i}
                  className={`quality-pair${copy ? ' is-copy' : ''}`}
                  data-testid="quality-pair"
                >
                  <PixelCanvas
                    grid={pair?.sample ?? null}
                    placeholder={props.cell}
                    label={
                      pair === null ? 'No sample' : `Sample ${pair.sampleIndex + 1} of the grid`
                    }
                  />
                  <PixelCanvas
                    grid={pair?.neighbour ?? null}
                    placeholder={props.cell}
                    label={
                      pair === null
                        ? 'No training image'
                        : `Training image ${pair.trainIndex}, distance ${formatSmall(pair.distance)}`
                    }
                  />
                  <figcaption className="quality-pair-distance num">
                    {pair === null ? '–' : formatSmall(pair.distance)}
                    {copy && <span className="quality-badge">copy</span>}
                  </figcaption>
                </figure>
              );
            })}
          </div>
          <p
            className={`quality-verdict${memorized ? ' is-warning' : ''}`}
            role={memorized ? 'alert' : undefined}
          >
            <span className="quality-verdict-icon" aria-hidden="true">
              {memorized ? '!' : '✓'}
            </span>
            {memorized
              ? `Memorisation: ${formatPercent(nearest.memorizedFraction)} of ${nearest.sampleCount} samples sit on a training image (RMS distance below ${nearest.threshold}).`
              : `No copies: every one of ${nearest.sampleCount} samples is at least ${formatSmall(nearest.minDistance)} from the training images.`}
          </p>
          <p className="quality-caption">
            RMS pixel distance, 0 for an exact copy
            {nearest.realMedianDistance === null
              ? '.'
              : `; real test images sit a median ${formatSmall(nearest.realMedianDistance)} from their nearest training image.`}
          </p>
        </>
      )}
    </Tile>
  );
}

export function PixelTile(props: {
  entries: readonly QualityEntry[];
  palette: ChartPalette;
  empty: string | null;
}) {
  const points = epochSeries(props.entries, (e) => e.report.pixels?.histogramDistance);
  const pixels = [...props.entries].reverse().find((e) => e.report.pixels)?.report.pixels;
  return (
    <Tile
      title="Pixel stats"
      hint="lower is better"
      value={pixels === undefined ? undefined : formatSmall(pixels.histogramDistance)}
      testId="quality-pixels"
      empty={props.empty ?? (pixels === undefined ? 'No pixel statistics yet.' : null)}
    >
      <EpochChart
        points={points}
        palette={props.palette}
        color={props.palette.series[1]}
        name="Colour histogram distance"
        format={formatSmall}
        label="Colour histogram distance by training step"
      />
      {pixels !== undefined && (
        <dl className="quality-stats num">
          <div>
            <dt>Colour histogram</dt>
            <dd>{formatSmall(pixels.histogramDistance)}</dd>
          </div>
          <div>
            <dt>Channel means</dt>
            <dd>{formatSmall(pixels.meanDistance)}</dd>
          </div>
          <div>
            <dt>Channel spreads</dt>
            <dd>{formatSmall(pixels.stdDistance)}</dd>
          </div>
        </dl>
      )}
    </Tile>
  );
}
