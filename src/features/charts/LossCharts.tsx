// Live loss curves. The per-step log lives outside React (store/loss-log.ts); these charts redraw
// at most four times a second from smoothed, downsampled rows (chart-data.ts), so a long, fast
// run costs the page the same few milliseconds as a short one.

import { useId, useMemo, useState } from 'react';
import { Card } from '../../components/Card';
import { countOf } from '../../components/count';
import { useApp } from '../../store/context';
import { chartRows } from './chart-data';
import { LossChart } from './LossChart';
import { PALETTES } from './palette';
import { CHARTS } from './series';
import { useNextTask } from './use-next-task';
import { useThrottledLossRevision } from './use-throttled-revision';
import './charts.css';

/** At most four renders per second, whatever the step rate... */
const RENDER_INTERVAL_MS = 250;
/** ...and, on a slow machine, charts take at most about a tenth of the main thread. */
const RENDER_BUDGET_FACTOR = 10;
/** Points per series after downsampling. */
export const MAX_POINTS = 500;

export function LossCharts() {
  const sliderId = useId();
  const logId = useId();
  const revision = useThrottledLossRevision(RENDER_INTERVAL_MS, RENDER_BUDGET_FACTOR);
  const lossLog = useApp((s) => s.lossLog);
  const formKind = useApp((s) => s.modelKind);
  const theme = useApp((s) => s.theme);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  const kind = lossLog.kind ?? formKind;
  const charts = CHARTS[kind];
  const gaussian = useApp(
    (s) => s.runSpec?.model.kind === 'vae' && s.runSpec.model.likelihood === 'gaussian',
  );

  const rows = useMemo(
    () =>
      charts.map((chart) => {
        const series: Record<string, readonly number[]> = {};
        for (const s of chart.series) series[s.key] = lossLog.values(s.key);
        return chartRows({
          steps: lossLog.steps,
          series,
          smoothing,
          maxPoints: MAX_POINTS,
          logScale: logScale && chart.logScale,
        });
      }),
    // `revision` stands for the log's contents, which change in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [charts, lossLog, revision, smoothing, logScale],
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
          <label htmlFor={logId} className="chart-control">
            <input
              id={logId}
              type="checkbox"
              checked={logScale}
              onChange={(e) => setLogScale(e.target.checked)}
              data-testid="chart-log-scale"
            />
            <span>Log scale</span>
          </label>
        </div>
      }
    >
      <div className="charts" data-testid="loss-chart" data-points={rows[0]?.length ?? 0}>
        {charts.map((chart, i) => (
          <StaggeredChart
            key={`${kind}-${chart.id}`}
            spec={chart}
            rows={rows[i]}
            smoothing={smoothing}
            logScale={logScale && chart.logScale}
            palette={PALETTES[theme]}
            empty={empty}
            footnote={kind === 'vae' && gaussian ? footnoteFor(chart.id) : undefined}
            later={i > 0}
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

/**
 * Every chart after the first takes new rows a task later (see use-next-task.ts), so each
 * chart's redraw is a task of its own. Settings (smoothing, scale, theme) apply at once.
 */
function StaggeredChart(props: Parameters<typeof LossChart>[0] & { later: boolean }) {
  const { later, rows, ...rest } = props;
  const shown = useNextTask(rows, later);
  return <LossChart {...rest} rows={shown} />;
}
