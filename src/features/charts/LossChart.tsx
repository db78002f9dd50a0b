// One chart: smoothed lines over faint raw ones, a legend, and hover values.

import { memo } from 'react';
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
  const axisTick = { fill: palette.axis, fontSize: 11 };
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
          <LineChart
            responsive
            style={{ width: '100%', height: CHART_HEIGHT }}
            data={rows}
            margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
          >
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              allowDecimals={false}
              tick={axisTick}
              tickLine={false}
              axisLine={{ stroke: palette.grid }}
              tickFormatter={formatStep}
              minTickGap={24}
            />
            <YAxis
              scale={logScale ? 'log' : 'linear'}
              domain={spec.domain ? [...spec.domain] : ['auto', 'auto']}
              allowDataOverflow={logScale}
              tick={axisTick}
              tickLine={false}
              axisLine={false}
              width={44}
              tickFormatter={formatValue}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(step) => `Step ${Number(step).toLocaleString('en')}`}
              formatter={(value, name) => [formatTooltip(value), String(name)]}
              contentStyle={{
                background: palette.tooltipBg,
                border: `1px solid ${palette.tooltipBorder}`,
                borderRadius: 8,
                fontSize: 12,
                color: palette.text,
              }}
              labelStyle={{ color: palette.axis, marginBottom: 2 }}
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
                activeDot={{ r: 3 }}
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
