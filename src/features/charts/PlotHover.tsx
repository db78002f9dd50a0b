// What the loss plot shows under the pointer: a vertical rule and dots at the nearest step (in
// the SVG), and a small tooltip with every series' value there (beside it, in HTML).

import type { ChartRow } from './chart-data';
import type { ChartPalette } from './palette';
import { formatStepLabel, formatTooltipValue } from './plot-format';
import { nearestRow, stepAt, type PlotGeometry } from './plot-geometry';
import type { ChartSpec } from './series';

export interface HoverProps {
  geometry: PlotGeometry;
  spec: ChartSpec;
  rows: readonly ChartRow[];
  palette: ChartPalette;
  pointerX: number;
}

/** The row under the pointer (nearest step), or null when the pointer is outside the plot. */
function hoveredRow(
  geometry: PlotGeometry,
  rows: readonly ChartRow[],
  pointerX: number,
): ChartRow | null {
  const { box, x } = geometry;
  if (pointerX < box.left - 4 || pointerX > box.left + box.width + 4) return null;
  const index = nearestRow(rows, stepAt(x, box.left, box.left + box.width, pointerX));
  return index < 0 ? null : rows[index];
}

export function HoverMarks({ geometry, spec, rows, palette, pointerX }: HoverProps) {
  const row = hoveredRow(geometry, rows, pointerX);
  if (row === null || row.step === null) return null;
  const { box, toX, toY, y } = geometry;
  const cx = toX(row.step);
  return (
    <g pointerEvents="none">
      <line
        x1={cx}
        x2={cx}
        y1={box.top}
        y2={box.top + box.height}
        stroke={palette.axis}
        strokeOpacity={0.45}
        strokeWidth={1}
      />
      {spec.series.map((s) => {
        const v = row[s.key];
        if (v === null || v === undefined || !Number.isFinite(v) || (y.log && v <= 0)) return null;
        return (
          <circle
            key={s.key}
            cx={cx}
            cy={toY(v)}
            r={3}
            fill={palette.series[s.color]}
            stroke={palette.tooltipBg}
            strokeWidth={1.5}
          />
        );
      })}
    </g>
  );
}

export function HoverTip({
  geometry,
  spec,
  rows,
  palette,
  pointerX,
  width,
}: HoverProps & { width: number }) {
  const row = hoveredRow(geometry, rows, pointerX);
  if (row === null || row.step === null) return null;
  const cx = geometry.toX(row.step);
  // Beside the rule, on the side with more room.
  const side = cx < width / 2 ? { left: cx + 12 } : { right: width - cx + 12 };
  return (
    <div
      className="loss-plot-tip"
      style={{
        ...side,
        top: geometry.box.top,
        background: palette.tooltipBg,
        borderColor: palette.tooltipBorder,
        color: palette.text,
      }}
    >
      <div className="loss-plot-tip-step" style={{ color: palette.axis }}>
        {formatStepLabel(row.step)}
      </div>
      {spec.series.map((s) => (
        <div key={s.key} className="loss-plot-tip-row">
          <span className="legend-swatch" style={{ background: palette.series[s.color] }} />
          <span>{s.label}</span>
          <span className="num loss-plot-tip-value">{formatTooltipValue(row[s.key])}</span>
        </div>
      ))}
    </div>
  );
}
