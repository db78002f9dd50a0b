// One chart: a title, a legend, the plot (LossPlot: smoothed lines over faint raw ones, with
// hover values) and, when the values need a word of explanation, a note under it.

import { memo } from 'react';
import type { ChartRow } from './chart-data';
import { LossPlot } from './LossPlot';
import type { ChartPalette } from './palette';
import type { ChartSpec } from './series';

export const CHART_HEIGHT = 180;

export const LossChart = memo(function LossChart(props: {
  spec: ChartSpec;
  rows: ChartRow[];
  smoothing: number;
  logScale: boolean;
  palette: ChartPalette;
  empty: boolean;
  /** A sentence under the plot on how to read it (e.g. why the loss is negative). */
  footnote?: string;
}) {
  const { spec, rows, palette, logScale } = props;
  return (
    <figure className="chart" aria-label={`${spec.title} by training step`}>
      <figcaption className="chart-head">
        <span className="chart-title">{spec.title}</span>
        <span className="chart-legend">
          {spec.series.map((s) => (
            <span key={s.key} className="legend-item">
              <span className="legend-swatch" style={{ background: palette.series[s.color] }} />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <div className="chart-plot" style={{ height: CHART_HEIGHT }}>
        {props.empty ? (
          <div className="chart-empty">{spec.note}</div>
        ) : (
          <LossPlot
            spec={spec}
            rows={rows}
            raw={props.smoothing > 0}
            logScale={logScale}
            palette={palette}
            height={CHART_HEIGHT}
          />
        )}
      </div>
      {props.footnote !== undefined && (
        <p className="chart-footnote" data-testid="chart-footnote">
          {props.footnote}
        </p>
      )}
    </figure>
  );
});
