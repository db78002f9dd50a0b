// The plot of one loss chart, drawn by hand in SVG: horizontal grid lines, tick labels, axis
// titles, faint raw lines under smoothed ones (one <path> each, built as one string by
// plot-geometry.ts), a small triangle at the edge for each step whose value lies beyond the
// drawn range (value-range.ts), and on hover a vertical rule, dots and a small tooltip at the
// nearest step (PlotHover.tsx). A live redraw is a few small elements and four path strings, so
// it stays cheap however long the run.

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
import { formatStep, formatValue } from './plot-format';
import {
  linePath,
  scale,
  stepAxis,
  valueAxis,
  type PlotBox,
  type PlotGeometry,
} from './plot-geometry';
import { HoverMarks, HoverTip } from './PlotHover';
import type { ChartSpec } from './series';
import { clippedPoints, type ClippedPoint } from './value-range';

/** Room around the plot area for tick labels and axis titles, px. */
const MARGIN = { top: 8, right: 12, bottom: 42, left: 58 };
const TICK_GAP = 8;
const FONT_SIZE = 11;
/** The x axis's title (every chart counts training steps). */
const STEP_TITLE = 'training step';
/** Half the width (and the height) of a clipped-value mark, px. */
const CLIP_MARK = 4;

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
): PlotGeometry | null {
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
  const clipped = spec.series.map((s) =>
    clippedPoints(rows, raw ? [s.key, `${s.key}Raw`] : [s.key], y.domain, log),
  );
  return { box, x, y, toX, toY, paths, clipped };
}

/** Grid, axis labels and lines: redrawn only when the data, size or look change, not on hover. */
const PlotLayers = memo(function PlotLayers(props: {
  geometry: PlotGeometry;
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
      <g className="loss-plot-clipped">
        {spec.series.map((s, i) =>
          geometry.clipped[i].map((point) => (
            <ClipMark
              key={`${s.key}-${point.edge}-${point.step}`}
              point={point}
              x={toX(point.step)}
              box={box}
              color={palette.series[s.color]}
              label={s.label}
            />
          )),
        )}
      </g>
      <g fill={palette.axis} fontSize={FONT_SIZE} className="loss-plot-axis-titles">
        <text
          x={box.left + box.width / 2}
          y={bottom + TICK_GAP + FONT_SIZE + 8}
          dy="0.71em"
          textAnchor="middle"
          data-testid="chart-x-title"
        >
          {STEP_TITLE}
        </text>
        <text
          transform={`translate(12 ${box.top + box.height / 2}) rotate(-90)`}
          dy="0.71em"
          textAnchor="middle"
          data-testid="chart-y-title"
        >
          {spec.unit}
        </text>
      </g>
    </>
  );
});

/** A small triangle at the plot's top (or bottom) edge, pointing the way the value went. */
function ClipMark(props: {
  point: ClippedPoint;
  x: number;
  box: PlotBox;
  color: string;
  label: string;
}) {
  const { point, x, box, color } = props;
  const top = point.edge === 'top';
  const tip = top ? box.top : box.top + box.height;
  const base = top ? tip + CLIP_MARK * 1.5 : tip - CLIP_MARK * 1.5;
  return (
    <path
      d={`M${x},${tip}L${x - CLIP_MARK},${base}L${x + CLIP_MARK},${base}Z`}
      fill={color}
      data-testid="clip-marker"
      data-edge={point.edge}
      data-step={point.step}
    >
      <title>{`${props.label} at step ${point.step} is off the ${point.edge === 'top' ? 'top' : 'bottom'} of the chart`}</title>
    </path>
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
