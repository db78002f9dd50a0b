// One chart: a title, a legend (and, for a chart with a scale of its own, its log-scale switch),
// the plot (LossPlot: smoothed lines over faint raw ones, with hover values) and, when the values
// need a word of explanation, a note under it.

import { memo, useId } from 'react';
import type { ChartRow } from './chart-data';
import { LossPlot } from './LossPlot';
import type { ChartPalette } from './palette';
import type { ChartSpec } from './series';

export const CHART_HEIGHT = 180;

/** What the plot area holds: the plot, or a sentence saying why there is none. */
export type ChartContent = 'plot' | 'empty' | 'missing';

export const LossChart = memo(function LossChart(props: {
  spec: ChartSpec;
  rows: ChartRow[];
  smoothing: number;
  logScale: boolean;
  palette: ChartPalette;
  content: ChartContent;
  /** A sentence under the plot on how to read it (e.g. why the loss is negative). */
  footnote?: string;
  /** Turns the chart's own log scale on or off (charts whose scale is 'own'). */
  onLogScale?: (chartId: string, log: boolean) => void;
}) {
  const { spec, rows, palette, logScale, content, onLogScale } = props;
  const switchId = useId();
  return (
    <figure
      className="chart"
      aria-label={`${spec.title} by training step`}
      data-testid={`chart-${spec.id}`}
      data-content={content}
      data-points={content === 'plot' ? rows.length : 0}
    >
      <figcaption className="chart-head">
        <span className="chart-title">{spec.title}</span>
        <span className="chart-legend">
          {spec.series.map((s) => (
            <span key={s.key} className="legend-item">
              <span className="legend-swatch" style={{ background: palette.series[s.color] }} />
              {s.label}
            </span>
          ))}
          {onLogScale !== undefined && (
            <label htmlFor={switchId} className="chart-control">
              <input
                id={switchId}
                type="checkbox"
                checked={logScale}
                onChange={(e) => onLogScale(spec.id, e.target.checked)}
                data-testid={`chart-${spec.id}-log-scale`}
              />
              <span>Log scale</span>
            </label>
          )}
        </span>
      </figcaption>
      <div className="chart-plot" style={{ height: CHART_HEIGHT }}>
        {content === 'plot' ? (
          <LossPlot
            spec={spec}
            rows={rows}
            raw={props.smoothing > 0}
            logScale={logScale}
            palette={palette}
            height={CHART_HEIGHT}
          />
        ) : (
          <div className="chart-empty" data-testid="chart-empty">
            {content === 'missing' ? (spec.missing ?? spec.note) : spec.note}
          </div>
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
