// The plot of one loss chart, drawn by hand in SVG: horizontal grid lines, tick labels, faint
// raw lines under smoothed ones (one <path> each, built as one string by plot-geometry.ts), and
// on hover a vertical rule, dots and a small tooltip at the nearest step. A live redraw is a few
// small elements and four path strings, so it stays cheap however long the run.

import {
  memo,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent,
  type RefObject,
} from 'react';
import type { ChartRow } from './chart-data';
import type { ChartPalette } from './palette';
import {
  linePath,
  nearestRow,
  scale,
  stepAt,
  stepAxis,
  valueAxis,
  type Axis,
  type PlotBox,
} from './plot-geometry';
import { formatStep, formatStepLabel, formatTooltipValue, formatValue } from './plot-format';
import type { ChartSpec } from './series';

/** Room for the axes around the plot area, px (as the recharts version had). */
const MARGIN = { top: 6, right: 12, bottom: 30, left: 44 };
const TICK_GAP = 8;
const FONT_SIZE = 11;

interface Geometry {
  readonly box: PlotBox;
  readonly x: Axis;
  readonly y: Axis;
  readonly toX: (step: number) => number;
  readonly toY: (value: number) => number;
  /** Per series: the raw path ('' when smoothing is off) and the smoothed one. */
  readonly paths: readonly { readonly raw: string; readonly smooth: string }[];
}

export const LossPlot = memo(function LossPlot(props: {
  spec: ChartSpec;
  rows: readonly ChartRow[];
  /** Draw the raw values faintly under the smoothed ones (rows then carry `<key>Raw`). */
  raw: boolean;
  logScale: boolean;
  palette: ChartPalette;
  height: number;
}) {
  const { spec, rows, raw, logScale, palette, height } = props;
  const container = useRef<HTMLDivElement>(null);
  const width = useElementWidth(container);
  const [pointerX, setPointerX] = useState<number | null>(null);

  const geometry = useMemo(
    () => plotGeometry(spec, rows, raw, logScale, width, height),
    [spec, rows, raw, logScale, width, height],
  );

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const left = e.currentTarget.getBoundingClientRect().left;
    setPointerX(e.clientX - left);
  };

  return (
    <div
      ref={container}
      className="loss-plot"
      onPointerMove={onPointerMove}
      onPointerLeave={() => setPointerX(null)}
    >
      {geometry && (
        <svg className="loss-plot-svg" width={width} height={height} role="img">
          <PlotLayers geometry={geometry} spec={spec} palette={palette} />
          {pointerX !== null && (
            <HoverMarks
              geometry={geometry}
              spec={spec}
              rows={rows}
              palette={palette}
              pointerX={pointerX}
            />
          )}
        </svg>
      )}
      {geometry && pointerX !== null && (
        <HoverTip
          geometry={geometry}
          spec={spec}
          rows={rows}
          palette={palette}
          pointerX={pointerX}
          width={width}
        />
      )}
    </div>
  );
});

function plotGeometry(
  spec: ChartSpec,
  rows: readonly ChartRow[],
  raw: boolean,
  log: boolean,
  width: number,
  height: number,
): Geometry | null {
  const box: PlotBox = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  if (box.width <= 0 || box.height <= 0 || rows.length === 0) return null;
  const keys = spec.series.flatMap((s) => (raw ? [s.key, `${s.key}Raw`] : [s.key]));
  const x = stepAxis(rows);
  const y = valueAxis(rows, keys, { log, domain: spec.domain });
  const toX = scale(x, box.left, box.left + box.width);
  const toY = scale(y, box.top + box.height, box.top);
  const paths = spec.series.map((s) => ({
    raw: raw ? linePath(rows, `${s.key}Raw`, toX, toY, log) : '',
    smooth: linePath(rows, s.key, toX, toY, log),
  }));
  return { box, x, y, toX, toY, paths };
}

/** Grid, axis labels and lines: redrawn only when the data, size or look change, not on hover. */
const PlotLayers = memo(function PlotLayers(props: {
  geometry: Geometry;
  spec: ChartSpec;
  palette: ChartPalette;
}) {
  const { geometry, spec, palette } = props;
  const { box, x, y, toX, toY, paths } = geometry;
  const clipId = `loss-plot-clip-${useId().replace(/[^\w-]/g, '')}`;
  const right = box.left + box.width;
  const bottom = box.top + box.height;
  // Every grid line and the x axis line as one path: [y ticks..., bottom].
  let grid = '';
  for (const t of y.ticks) grid += `M${box.left},${round(toY(t))}H${right}`;
  grid += `M${box.left},${round(bottom)}H${right}`;
  return (
    <>
      <defs>
        <clipPath id={clipId}>
          {/* A little taller than the plot, so a line along the domain's edge is not halved. */}
          <rect x={box.left - 2} y={box.top - 2} width={box.width + 4} height={box.height + 4} />
        </clipPath>
      </defs>
      <path
        d={grid}
        stroke={palette.grid}
        strokeWidth={1}
        fill="none"
        shapeRendering="crispEdges"
      />
      <g fill={palette.axis} fontSize={FONT_SIZE} className="loss-plot-ticks">
        {y.ticks.map((t) => (
          <text key={`y${t}`} x={box.left - TICK_GAP} y={toY(t)} dy="0.355em" textAnchor="end">
            {formatValue(t)}
          </text>
        ))}
        {x.ticks.map((t) => (
          <text key={`x${t}`} x={toX(t)} y={bottom + TICK_GAP} dy="0.71em" textAnchor="middle">
            {formatStep(t)}
          </text>
        ))}
      </g>
      <g clipPath={`url(#${clipId})`} fill="none" strokeLinejoin="round" strokeLinecap="round">
        {spec.series.map((s, i) =>
          paths[i].raw ? (
            <path
              key={`${s.key}Raw`}
              className={`series-${s.key}Raw`}
              d={paths[i].raw}
              stroke={palette.series[s.color]}
              strokeOpacity={0.22}
              strokeWidth={1}
            />
          ) : null,
        )}
        {spec.series.map((s, i) => (
          <g key={s.key} className={`series-${s.key}`}>
            <path d={paths[i].smooth} stroke={palette.series[s.color]} strokeWidth={1.8} />
          </g>
        ))}
      </g>
    </>
  );
});

interface HoverProps {
  geometry: Geometry;
  spec: ChartSpec;
  rows: readonly ChartRow[];
  palette: ChartPalette;
  pointerX: number;
}

/** The row under the pointer (nearest step), or null when the pointer is outside the plot. */
function hoveredRow(
  geometry: Geometry,
  rows: readonly ChartRow[],
  pointerX: number,
): ChartRow | null {
  const { box, x } = geometry;
  if (pointerX < box.left - 4 || pointerX > box.left + box.width + 4) return null;
  const index = nearestRow(rows, stepAt(x, box.left, box.left + box.width, pointerX));
  return index < 0 ? null : rows[index];
}

function HoverMarks({ geometry, spec, rows, palette, pointerX }: HoverProps) {
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

function HoverTip({
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

function round(v: number): number {
  return Math.round(v) + 0.5;
}

/** The element's content width in px, kept current by a ResizeObserver (0 before layout). */
function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Measured before the first paint, so the plot never appears a frame late.
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
