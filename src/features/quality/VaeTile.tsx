// The VAE's test-set negative ELBO over epochs (nats per image, an upper bound on -log p(x)) and
// its reconstruction error.

import type { ChartPalette } from '../charts/palette';
import type { QualityEntry } from '../../store/quality-history';
import { EpochChart } from './EpochChart';
import { formatNats } from './format';
import { epochSeries } from './series';
import { Tile } from './Tile';

export function VaeTile(props: {
  entries: readonly QualityEntry[];
  palette: ChartPalette;
  empty: string | null;
}) {
  const points = epochSeries(props.entries, (e) => e.report.vae?.nelbo);
  const vae = [...props.entries].reverse().find((e) => e.report.vae)?.report.vae;
  return (
    <Tile
      title="Test NELBO"
      hint="lower is better"
      value={vae === undefined ? undefined : formatNats(vae.nelbo)}
      testId="quality-nelbo"
      empty={props.empty ?? (vae === undefined ? 'No test NELBO measured yet.' : null)}
      data={vae === undefined ? {} : { value: String(vae.nelbo) }}
    >
      <EpochChart
        points={points}
        palette={props.palette}
        color={props.palette.series[2]}
        name="Test NELBO"
        format={formatNats}
        label="Test negative ELBO by training step"
      />
      {vae !== undefined && (
        <p className="quality-caption num" data-testid="quality-recon">
          Negative ELBO in nats per test image: reconstruction {formatNats(vae.reconNll)} + KL{' '}
          {formatNats(vae.kl)}. Reconstruction error {vae.reconMse.toFixed(4)} (mean squared, per
          pixel; {vae.count.toLocaleString('en')} images).
        </p>
      )}
    </Tile>
  );
}
