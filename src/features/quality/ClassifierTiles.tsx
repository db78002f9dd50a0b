// Tiles for sets with a bundled classifier (MNIST, Fashion-MNIST): FID over epochs, the class
// histogram of the newest samples with their effective number of classes, and the mode-collapse
// meter.

import type { ChartPalette } from '../charts/palette';
import type { QualityEntry } from '../../store/quality-history';
import type { CoverageReport } from '../../ml/metrics/quality';
import { ClassBars } from './ClassBars';
import { collapseVerdict } from './collapse';
import { EpochChart } from './EpochChart';
import { formatClasses, formatFid } from './format';
import { epochSeries } from './series';
import { Tile } from './Tile';

export function FidTile(props: {
  entries: readonly QualityEntry[];
  palette: ChartPalette;
  empty: string | null;
}) {
  const points = epochSeries(props.entries, (e) => e.report.fid?.value);
  const last = points[points.length - 1];
  const fid = [...props.entries].reverse().find((e) => e.report.fid)?.report.fid;
  return (
    <Tile
      title="FID"
      hint="lower is better"
      value={last === undefined ? undefined : formatFid(last.value)}
      testId="quality-fid"
      empty={props.empty ?? (points.length === 0 ? 'No FID measured yet.' : null)}
      data={last === undefined ? {} : { value: String(last.value), epochs: String(points.length) }}
    >
      <EpochChart
        points={points}
        palette={props.palette}
        color={props.palette.series[0]}
        name="FID"
        format={formatFid}
        label="FID by training step"
      />
      <p className="quality-caption">
        Fréchet distance between {count(fid?.sampleCount)} samples and {count(fid?.realCount)} test
        images, in the features of a small {fid?.classifierId ?? ''} classifier.
      </p>
    </Tile>
  );
}

export function CoverageTile(props: {
  coverage: CoverageReport | undefined;
  empty: string | null;
}) {
  const c = props.coverage;
  const max = c === undefined ? 1 : Math.max(1, ...c.counts);
  const total = c === undefined ? 0 : c.counts.reduce((a, b) => a + b, 0);
  return (
    <Tile
      title="Class coverage"
      value={
        c === undefined ? undefined : (
          <span data-testid="quality-effective-classes" data-value={String(c.effectiveClasses)}>
            {formatClasses(c.effectiveClasses)} of {c.classes}
          </span>
        )
      }
      testId="quality-coverage"
      empty={props.empty ?? (c === undefined ? 'No class histogram yet.' : null)}
    >
      {c !== undefined && (
        <>
          <ClassBars
            label="Samples per predicted class"
            bars={c.counts.map((count, i) => {
              const name = c.labelNames[i] ?? String(i);
              const share = total === 0 ? 0 : count / total;
              return {
                name,
                height: count / max,
                missing: count === 0,
                title: `${name}: ${count} of ${total} samples (${(100 * share).toFixed(1)}%)`,
              };
            })}
          />
          <p className="quality-caption">
            Effective classes: exp of the entropy of the predicted classes (real test images:{' '}
            {formatClasses(c.realEffectiveClasses)}).
          </p>
        </>
      )}
    </Tile>
  );
}

function count(n: number | undefined): string {
  return n === undefined ? 'the' : n.toLocaleString('en');
}

export function CollapseTile(props: { entries: readonly QualityEntry[]; empty: string | null }) {
  const history = epochSeries(props.entries, (e) => e.report.coverage?.effectiveClasses);
  const coverage = [...props.entries].reverse().find((e) => e.report.coverage)?.report.coverage;
  const classes = coverage?.classes ?? 10;
  const verdict =
    history.length === 0
      ? null
      : collapseVerdict(
          history.map((p) => p.value),
          classes,
        );
  const state = verdict?.state ?? 'ok';
  // The scale runs from 1 class (all samples alike) to every class.
  const pct = (v: number) =>
    `${Math.min(100, Math.max(0, (100 * (v - 1)) / Math.max(1, classes - 1)))}%`;
  return (
    <Tile
      title="Mode collapse"
      hint={verdict === null ? undefined : state === 'warning' ? 'warning' : 'looks fine'}
      testId="quality-collapse"
      empty={props.empty ?? (verdict === null ? 'No coverage measured yet.' : null)}
      className={`quality-collapse is-${state}`}
    >
      {verdict !== null && (
        <>
          <div
            className="quality-meter"
            data-testid="quality-collapse-meter"
            data-state={state}
            role="meter"
            aria-valuemin={1}
            aria-valuemax={classes}
            aria-valuenow={Number(verdict.current.toFixed(2))}
            aria-label="Effective classes of the samples"
          >
            <div className="quality-meter-track">
              <div className="quality-meter-fill" style={{ width: pct(verdict.current) }} />
              <span
                className="quality-meter-mark"
                style={{ left: pct(0.6 * classes) }}
                title="Warning threshold"
              />
              {coverage !== undefined && (
                <span
                  className="quality-meter-mark is-real"
                  style={{ left: pct(coverage.realEffectiveClasses) }}
                  title="Real test images"
                />
              )}
            </div>
            <div className="quality-meter-scale num" aria-hidden="true">
              <span>1</span>
              <span>{classes}</span>
            </div>
          </div>
          <p className="quality-verdict" role={state === 'warning' ? 'alert' : undefined}>
            <span className="quality-verdict-icon" aria-hidden="true">
              {state === 'warning' ? '!' : '✓'}
            </span>
            {verdict.message}
          </p>
          <p className="quality-caption">
            Best so far {formatClasses(verdict.best)}; the pale mark is the real test images.{' '}
            <span className="quality-info" tabIndex={0} aria-describedby="quality-collapse-help">
              What is mode collapse?
              <span className="quality-tooltip" role="tooltip" id="quality-collapse-help">
                A GAN&apos;s generator can find a few images that fool the discriminator and keep
                making those: its samples stop covering the variety of the data (here, all the
                classes). The loss curves often look fine while it happens. Minibatch discrimination
                (on by default) lets the discriminator see a batch of look-alikes; more of its
                kernels, lower learning rates, label smoothing or another loss can also help. A VAE
                rarely collapses.
              </span>
            </span>
          </p>
        </>
      )}
    </Tile>
  );
}
