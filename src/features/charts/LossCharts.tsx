// Live training curves: losses, what the discriminator (or WGAN-GP's critic) makes of real and
// generated images, and the gradient norms. The per-step log lives outside React
// (store/loss-log.ts); these charts redraw at most four times a second from smoothed,
// downsampled rows (chart-data.ts), each chart in a task of its own, so a long, fast run costs
// the page the same few milliseconds as a short one.

import { useCallback, useId, useMemo, useState } from 'react';
import { Card } from '../../components/Card';
import { countOf } from '../../components/count';
import type { GanLoss } from '../../ml/config';
import type { AppState } from '../../store/state';
import { useApp } from '../../store/context';
import { chartRows } from './chart-data';
import { LossChart, type ChartContent } from './LossChart';
import type { ChartRow } from './chart-data';
import { PALETTES } from './palette';
import { chartsFor, type ChartSpec } from './series';
import { useNextTask } from './use-next-task';
import { useThrottledLossRevision } from './use-throttled-revision';
import './charts.css';

/** At most four renders per second, whatever the step rate... */
const RENDER_INTERVAL_MS = 250;
/** ...and, on a slow machine, charts take at most about a tenth of the main thread. */
const RENDER_BUDGET_FACTOR = 10;
/** Points per series after downsampling. */
export const MAX_POINTS = 500;

/** The loss of the run on show, or of the form's next run before there is one. */
function ganLoss(s: AppState): GanLoss | null {
  if (s.runSpec !== null) return s.runSpec.model.kind === 'dcgan' ? s.runSpec.model.loss : null;
  return s.modelKind === 'dcgan' ? ((s.drafts.loss as GanLoss | undefined) ?? null) : null;
}

export function LossCharts() {
  const sliderId = useId();
  const logId = useId();
  const revision = useThrottledLossRevision(RENDER_INTERVAL_MS, RENDER_BUDGET_FACTOR);
  const lossLog = useApp((s) => s.lossLog);
  const formKind = useApp((s) => s.modelKind);
  const loss = useApp(ganLoss);
  const theme = useApp((s) => s.theme);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  /** The log-scale switch of each chart that has its own (absent: on, their default). */
  const [ownLog, setOwnLog] = useState<Readonly<Record<string, boolean>>>({});
  const kind = lossLog.kind ?? formKind;
  const charts = chartsFor(kind, loss);
  const gaussian = useApp(
    (s) => s.runSpec?.model.kind === 'vae' && s.runSpec.model.likelihood === 'gaussian',
  );
  const setChartLog = useCallback(
    (chartId: string, log: boolean) => setOwnLog((was) => ({ ...was, [chartId]: log })),
    [],
  );
  const logFor = (chart: ChartSpec) =>
    chart.scale === 'card' ? logScale : chart.scale === 'own' && (ownLog[chart.id] ?? true);

  const shown = useMemo(
    () =>
      charts.map((chart) => {
        const content: ChartContent =
          lossLog.length === 0
            ? 'empty'
            : chart.missing !== undefined && !chart.series.some((s) => lossLog.recorded(s.key))
              ? 'missing'
              : 'plot';
        const series: Record<string, readonly number[]> = {};
        if (content === 'plot') for (const s of chart.series) series[s.key] = lossLog.values(s.key);
        const rows = chartRows({
          steps: content === 'plot' ? lossLog.steps : [],
          series,
          smoothing,
          maxPoints: MAX_POINTS,
          logScale: logFor(chart),
        });
        const data: ChartData = { content, rows };
        return data;
      }),
    // `revision` stands for the log's contents, which change in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [charts, lossLog, revision, smoothing, logScale, ownLog],
  );
  const empty = lossLog.length === 0;

  return (
    <Card
      title="Training curves"
      subtitle={
        empty
          ? 'Per-step losses appear once training starts'
          : `${countOf(lossLog.length, 'step')}${lossLog.length > MAX_POINTS ? `, drawn as ${MAX_POINTS} points` : ''}`
      }
      className="charts-card"
      actions={
        <div className="chart-controls">
          <label htmlFor={sliderId} className="chart-control">
            <span>Smoothing</span>
            <input
              id={sliderId}
              type="range"
              min={0}
              max={0.99}
              step={0.01}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
              data-testid="chart-smoothing"
            />
            <span className="num chart-control-value">{smoothing.toFixed(2)}</span>
          </label>
          <label
            htmlFor={logId}
            className="chart-control"
            title="Loss charts on a log scale (the gradient chart has its own switch)"
          >
            <input
              id={logId}
              type="checkbox"
              checked={logScale}
              disabled={!charts.some((c) => c.scale === 'card')}
              onChange={(e) => setLogScale(e.target.checked)}
              data-testid="chart-log-scale"
            />
            <span>Log scale</span>
          </label>
        </div>
      }
    >
      <div className="charts" data-testid="loss-chart" data-points={shown[0]?.rows.length ?? 0}>
        {charts.map((chart, i) => (
          <StaggeredChart
            key={`${kind}-${chart.id}`}
            spec={chart}
            data={shown[i]}
            smoothing={smoothing}
            logScale={logFor(chart)}
            onLogScale={chart.scale === 'own' ? setChartLog : undefined}
            palette={PALETTES[theme]}
            footnote={
              chart.footnote ?? (kind === 'vae' && gaussian ? footnoteFor(chart.id) : undefined)
            }
            tasksLater={i}
          />
        ))}
      </div>
    </Card>
  );
}

/** Under the VAE's loss with a Gaussian likelihood: why it can fall below zero. */
function footnoteFor(chartId: string): string | undefined {
  if (chartId !== 'losses') return undefined;
  return (
    'With a Gaussian likelihood the reconstruction term is a negative log-density, and a density ' +
    'can exceed 1: once reconstructions are close, the loss goes below zero. Lower is still better.'
  );
}

interface ChartData {
  readonly content: ChartContent;
  readonly rows: ChartRow[];
}

type StaggeredProps = Omit<Parameters<typeof LossChart>[0], 'rows' | 'content'> & {
  data: ChartData;
  tasksLater: number;
};

/**
 * Chart i takes new data i tasks later (see use-next-task.ts), so each chart's redraw is a task
 * of its own. Settings (smoothing, scale, theme) apply at once.
 */
function StaggeredChart(props: StaggeredProps) {
  const { tasksLater, data, ...rest } = props;
  const shown = useNextTask(data, tasksLater);
  return <LossChart {...rest} rows={shown.rows} content={shown.content} />;
}
