// The Inception Score over the run (sets with a bundled classifier), beside FID and class
// coverage: the same samples, the same classifier. Reports stored before the score existed have
// none, so the line starts at the first report that has it.

import type { ChartPalette } from '../charts/palette';
import type { QualityEntry } from '../../store/quality-history';
import { EpochChart } from './EpochChart';
import { formatScore } from './format';
import { epochSeries } from './series';
import { Tile } from './Tile';

export function InceptionTile(props: {
  entries: readonly QualityEntry[];
  palette: ChartPalette;
  empty: string | null;
}) {
  const points = epochSeries(props.entries, (e) => e.report.inception?.value);
  const last = points[points.length - 1];
  const is = [...props.entries].reverse().find((e) => e.report.inception)?.report.inception;
  return (
    <Tile
      title="Inception Score"
      value={last === undefined ? undefined : formatScore(last.value)}
      testId="quality-inception"
      className="quality-inception"
      empty={props.empty ?? (points.length === 0 ? 'No Inception Score measured yet.' : null)}
      data={last === undefined ? {} : { value: String(last.value), epochs: String(points.length) }}
    >
      <EpochChart
        points={points}
        palette={props.palette}
        color={props.palette.series[3]}
        name="Inception Score"
        format={formatScore}
        label="Inception Score by training step"
        min={1}
        max={is?.classes ?? 10}
      />
      <p className="quality-caption">
        Confident and varied class predictions score high, up to {is?.classes ?? 10} (real test
        images: <span className="num">{formatScore(is?.realValue ?? NaN)}</span>).{' '}
        <span className="quality-info" tabIndex={0} aria-describedby="quality-inception-help">
          What does it miss?
          <span className="quality-tooltip" role="tooltip" id="quality-inception-help">
            The score is exp of the mean KL divergence between each sample&apos;s predicted classes
            p(y|x) and their average p(y), in the {is?.classifierId ?? 'bundled'} classifier. It
            rewards samples the classifier is sure about, spread over all the classes. It never
            looks at the real data&apos;s statistics: a generator that drew one perfect prototype
            per class would get the top score, and the score rises with the classifier&apos;s
            confidence rather than with realism. FID compares with the real images.
          </span>
        </span>
      </p>
    </Tile>
  );
}
