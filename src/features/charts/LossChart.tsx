// One chart: smoothed lines over faint raw ones, a legend, and hover values.

import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRow } from './chart-data';
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
}) {
  const { spec, rows, palette, logScale } = props;
  const raw = props.smoothing > 0;
  const look = useMemo(() => chartLook(palette), [palette]);
  const domain = useMemo(() => (spec.domain ? [...spec.domain] : AUTO_DOMAIN), [spec.domain]);
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
          <LineChart responsive style={PLOT_STYLE} data={rows} margin={MARGIN}>
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDecimals={false}
              // Every tick recharts computes (about five): any other interval makes it measure
              // each label's width in the DOM on every redraw, a forced layout per tick.
              interval={0}
              tick={look.tick}
              tickLine={false}
              axisLine={look.axisLine}
              tickFormatter={formatStep}
            />
            <YAxis
              scale={logScale ? 'log' : 'linear'}
              domain={domain}
              allowDataOverflow={logScale}
              interval={0}
              tick={look.tick}
              tickLine={false}
              axisLine={false}
              width={44}
              tickFormatter={formatValue}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={formatTooltipLabel}
              formatter={formatTooltipEntry}
              contentStyle={look.tooltip}
              labelStyle={look.tooltipLabel}
            />
            {raw &&
              spec.series.map((s) => (
                <Line
                  key={`${s.key}Raw`}
                  dataKey={`${s.key}Raw`}
                  stroke={palette.series[s.color]}
                  strokeOpacity={0.22}
                  strokeWidth={1}
                  dot={false}
                  activeDot={false}
                  isAnimationActive={false}
                  legendType="none"
                  tooltipType="none"
                />
              ))}
            {spec.series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={palette.series[s.color]}
                strokeWidth={1.8}
                dot={false}
                activeDot={ACTIVE_DOT}
                isAnimationActive={false}
                className={`series-${s.key}`}
              />
            ))}
          </LineChart>
        )}
      </div>
    </figure>
  );
});

// Props that do not change between redraws are made once (recharts compares most of them by
// reference, and a changed one makes it recompute that part of the chart).
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };
const PLOT_STYLE = { width: '100%', height: CHART_HEIGHT };
const AUTO_DOMAIN = ['auto', 'auto'];
const ACTIVE_DOT = { r: 3 };

function chartLook(palette: ChartPalette) {
  return {
    tick: { fill: palette.axis, fontSize: 11 },
    axisLine: { stroke: palette.grid },
    tooltip: {
      background: palette.tooltipBg,
      border: `1px solid ${palette.tooltipBorder}`,
      borderRadius: 8,
      fontSize: 12,
      color: palette.text,
    },
    tooltipLabel: { color: palette.axis, marginBottom: 2 },
  };
}

function formatTooltipLabel(step: unknown): string {
  return `Step ${Number(step).toLocaleString('en')}`;
}

function formatTooltipEntry(value: unknown, name: unknown): [string, string] {
  return [formatTooltip(value), String(name)];
}

function formatStep(step: number): string {
  return step >= 10_000 ? `${Math.round(step / 1000)}k` : String(step);
}

function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return `${(v / 1000).toFixed(a >= 10_000 ? 0 : 1)}k`;
  if (a >= 10) return v.toFixed(0);
  if (a >= 0.01) return String(Number(v.toPrecision(2)));
  return v.toExponential(0);
}

function formatTooltip(value: unknown): string {
  return typeof value === 'number' ? value.toPrecision(4) : '–';
}
