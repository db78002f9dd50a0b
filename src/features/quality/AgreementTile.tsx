// Class agreement of a class-conditional model (sets with a bundled classifier): of the samples
// drawn for a chosen class, how many the classifier sees as that class, over the run, and per
// class for the newest measurement. Reports stored before the score existed have none, so the
// line starts at the first report that has it.

import type { ChartPalette } from '../charts/palette';
import type { QualityEntry } from '../../store/quality-history';
import { ClassBars } from './ClassBars';
import { EpochChart } from './EpochChart';
import { formatPercent } from './format';
import { epochSeries } from './series';
import { Tile } from './Tile';
import './agreement.css';

export function AgreementTile(props: {
  entries: readonly QualityEntry[];
  palette: ChartPalette;
  empty: string | null;
}) {
  // In percent, so that the chart's axis reads 0 to 100.
  const points = epochSeries(props.entries, (e) => percent(e.report.classAgreement));
  const last = points[points.length - 1];
  const newest = [...props.entries].reverse().find((e) => e.report.classAgreementByClass);
  const byClass = newest?.report.classAgreementByClass ?? [];
  const names = newest?.report.coverage?.labelNames ?? [];
  const chance = byClass.length > 0 ? 1 / byClass.length : 0.1;
  return (
    <Tile
      title="Right class"
      hint="higher is better"
      value={last === undefined ? undefined : formatPercent(last.value / 100)}
      testId="quality-agreement"
      className="quality-wide quality-agreement"
      empty={props.empty ?? (points.length === 0 ? 'No class agreement measured yet.' : null)}
      data={
        last === undefined ? {} : { value: String(last.value / 100), epochs: String(points.length) }
      }
    >
      <div className="quality-agreement-body">
        <EpochChart
          points={points}
          palette={props.palette}
          color={props.palette.series[2]}
          name="Right class"
          format={(v) => formatPercent(v / 100)}
          label="Samples drawn as their asked-for class, by training step"
          min={0}
          max={100}
        />
        <ClassBars
          label="Samples drawn as their asked-for class, per class"
          testId="quality-agreement-classes"
          bars={byClass.map((a, i) => {
            const name = names[i] ?? String(i);
            return {
              name,
              height: a ?? 0,
              missing: a === null || a < chance,
              title:
                a === null
                  ? `${name}: not asked for`
                  : `${name}: ${formatPercent(a)} of the samples asked as ${name} look like ${name}`,
            };
          })}
        />
      </div>
      <p className="quality-caption">
        How often the classifier sees the class each sample was drawn for (by chance:{' '}
        {formatPercent(chance)}); per class on the right.{' '}
        <span className="quality-info" tabIndex={0} aria-describedby="quality-agreement-help">
          What does it miss?
          <span className="quality-tooltip" role="tooltip" id="quality-agreement-help">
            It rewards a model that draws the class it is asked for: a recognisable 7 when asked for
            a 7. It does not look at realism or variety within a class: a model that drew one clear
            prototype per class would score 100%. FID and the class histogram look at those. The
            classifier makes mistakes too, so even real images score a little under 100%.
          </span>
        </span>
      </p>
    </Tile>
  );
}

function percent(fraction: number | undefined): number | undefined {
  return fraction === undefined ? undefined : 100 * fraction;
}
