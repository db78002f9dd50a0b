// bench/results/learning.svg: quality against training time, one small chart per config with a
// line for tfjs and one for PyTorch. Hand-written SVG on the loss plots' own geometry
// (src/features/charts/plot-geometry.ts), so no charting dependency.

import type { ChartRow } from '../../src/features/charts/chart-data';
import { PALETTES } from '../../src/features/charts/palette';
import { formatValue } from '../../src/features/charts/plot-format';
import {
  fixedLinearAxis,
  linePath,
  logAxis,
  niceLinearAxis,
  scale,
  valueExtent,
  type Axis,
} from '../../src/features/charts/plot-geometry';
import { metricsFor, type ConfigResult, type LearningResults } from './report';
import type { PointResult } from './scoring';

const CHART = { width: 320, height: 200 } as const;
const BOX = { left: 48, top: 30, width: 252, height: 128 } as const;
const COLUMNS = 2;
const LEGEND_HEIGHT = 28;
const PALETTE = PALETTES.light;
const SIDES = [
  { key: 'tfjs', label: 'tfjs (page, wasm)', colour: PALETTE.series[0] },
  { key: 'torch', label: 'PyTorch (CPU)', colour: PALETTE.series[1] },
] as const;

export function renderLearningSvg(r: LearningResults): string {
  const rows = Math.ceil(r.configs.length / COLUMNS);
  const width = CHART.width * Math.min(COLUMNS, Math.max(1, r.configs.length));
  const height = LEGEND_HEIGHT + rows * CHART.height;
  const charts = r.configs.map((c, i) => {
    const x = (i % COLUMNS) * CHART.width;
    const y = LEGEND_HEIGHT + Math.floor(i / COLUMNS) * CHART.height;
    return `<g transform="translate(${x},${y})">${chart(c)}</g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    legend(),
    ...charts,
    '</svg>',
    '',
  ].join('\n');
}

function legend(): string {
  return SIDES.map((s, i) => {
    const x = 12 + i * 150;
    return (
      `<line x1="${x}" y1="14" x2="${x + 20}" y2="14" stroke="${s.colour}" stroke-width="2"/>` +
      `<text x="${x + 26}" y="18" fill="${PALETTE.text}">${s.label}</text>`
    );
  }).join('');
}

/** One config: the first metric of its kind (FID, or the colour sets' pixel distance). */
function chart(c: ConfigResult): string {
  const metric = metricsFor(c)[0];
  const series = {
    tfjs: toRows(c.tfjs.points, metric.value),
    torch: toRows(c.torch?.points ?? [], metric.value),
  };
  const all = [...series.tfjs, ...series.torch];
  const x = timeAxis(all);
  const extent = valueExtent(all, ['v'], false) ?? [0, 1];
  const y = metric.domain
    ? fixedLinearAxis(metric.domain[0], metric.domain[1])
    : niceLinearAxis(Math.min(0, extent[0]), extent[1]);
  const sx = scale(x, BOX.left, BOX.left + BOX.width);
  const sy = scale(y, BOX.top + BOX.height, BOX.top);
  const title = `${c.kind === 'dcgan' ? 'DCGAN' : 'VAE'} ${c.datasetId}: ${metric.title}`;
  const lines = SIDES.map((s) => {
    const rows = series[s.key];
    const path = linePath(rows, 'v', sx, sy, false);
    const dots = rows
      .map(
        (r) => `<circle cx="${sx(r.step ?? 0)}" cy="${sy(r.v ?? 0)}" r="2.5" fill="${s.colour}"/>`,
      )
      .join('');
    return `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>${dots}`;
  });
  return [
    `<text x="${BOX.left}" y="18" font-weight="bold" fill="${PALETTE.text}">${title}</text>`,
    axes(x, y, sx, sy),
    ...lines,
    `<text x="${BOX.left + BOX.width / 2}" y="${BOX.top + BOX.height + 32}" text-anchor="middle" ` +
      `fill="${PALETTE.axis}">training seconds${x.log ? ' (log)' : ''}</text>`,
  ].join('\n');
}

function toRows(
  points: readonly PointResult[],
  value: (p: PointResult['quality']) => number | undefined,
): ChartRow[] {
  return points
    .map((p) => ({ step: p.seconds, v: value(p.quality) ?? null }))
    .filter((r) => r.v !== null && Number.isFinite(r.v));
}

/** Log seconds when the points span a factor of 4 or more (30 to 600 s), else linear from 0. */
function timeAxis(rows: readonly ChartRow[]): Axis {
  const extent = valueExtent(rows, ['step'], true) ?? [1, 10];
  return extent[1] / extent[0] >= 4 ? logAxis(extent[0], extent[1]) : niceLinearAxis(0, extent[1]);
}

function axes(x: Axis, y: Axis, sx: (v: number) => number, sy: (v: number) => number): string {
  const bottom = BOX.top + BOX.height;
  const parts = y.ticks.map(
    (t) =>
      `<line x1="${BOX.left}" y1="${sy(t)}" x2="${BOX.left + BOX.width}" y2="${sy(t)}" ` +
      `stroke="${PALETTE.grid}"/><text x="${BOX.left - 6}" y="${sy(t) + 4}" text-anchor="end" ` +
      `fill="${PALETTE.axis}">${formatValue(t)}</text>`,
  );
  for (const t of x.ticks) {
    parts.push(
      `<text x="${sx(t)}" y="${bottom + 16}" text-anchor="middle" fill="${PALETTE.axis}">` +
        `${formatValue(t)}</text>`,
    );
  }
  parts.push(
    `<line x1="${BOX.left}" y1="${bottom}" x2="${BOX.left + BOX.width}" y2="${bottom}" ` +
      `stroke="${PALETTE.axis}"/>`,
  );
  return parts.join('');
}
