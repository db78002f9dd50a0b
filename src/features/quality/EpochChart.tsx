// A small line over the run's measurements (FID, test NELBO), by training step. Dots mark the
// measurements: the worker measures every couple of minutes and at epoch ends within its time
// budget, so the line joins the steps it measured.

import { memo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPalette } from '../charts/palette';
import { formatTick } from './format';
import type { EpochPoint } from './series';

export const EPOCH_CHART_HEIGHT = 132;

export const EpochChart = memo(function EpochChart(props: {
  points: readonly EpochPoint[];
  palette: ChartPalette;
  color: string;
  name: string;
  format: (value: number) => string;
  label: string;
  /**
   * A fixed value axis [min, max] for a measure with known bounds (the Inception Score's 1 to
   * the class count), with four evenly spaced ticks; without them the axis follows the data.
   */
  min?: number;
  max?: number;
}) {
  const { points, palette, min, max } = props;
  const fixed = min !== undefined && max !== undefined;
  const ticks = fixed ? [0, 1, 2, 3].map((k) => min + (k * (max - min)) / 3) : undefined;
  const tick = { fill: palette.axis, fontSize: 11 };
  return (
    <div className="quality-chart" style={{ height: EPOCH_CHART_HEIGHT }}>
      <LineChart
        responsive
        style={{ width: '100%', height: EPOCH_CHART_HEIGHT }}
        data={points as EpochPoint[]}
        margin={{ top: 6, right: 10, bottom: 0, left: 0 }}
        aria-label={props.label}
      >
        <CartesianGrid stroke={palette.grid} vertical={false} />
        <XAxis
          dataKey="step"
          type="number"
          domain={points.length > 1 ? ['dataMin', 'dataMax'] : ['dataMin - 1', 'dataMax + 1']}
          allowDecimals={false}
          tick={tick}
          tickLine={false}
          axisLine={{ stroke: palette.grid }}
          minTickGap={16}
          // Show every tick recharts computes (about five for a number axis): other intervals
          // measure each label in the DOM on every render (see LossChart).
          interval={0}
        />
        <YAxis
          domain={fixed ? [min, max] : ['auto', 'auto']}
          ticks={ticks}
          tick={tick}
          tickLine={false}
          axisLine={false}
          width={40}
          tickFormatter={formatTick}
          interval={0}
        />
        <Tooltip
          isAnimationActive={false}
          labelFormatter={(step) =>
            `Step ${typeof step === 'number' ? step.toLocaleString('en-US') : String(step)}`
          }
          formatter={(value) => [typeof value === 'number' ? props.format(value) : '–', props.name]}
          contentStyle={{
            background: palette.tooltipBg,
            border: `1px solid ${palette.tooltipBorder}`,
            borderRadius: 8,
            fontSize: 12,
            color: palette.text,
          }}
          labelStyle={{ color: palette.axis, marginBottom: 2 }}
        />
        <Line
          dataKey="value"
          name={props.name}
          stroke={props.color}
          strokeWidth={1.8}
          dot={{ r: 2.5, fill: props.color, strokeWidth: 0 }}
          activeDot={{ r: 4 }}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
});
