// Sample quality over the run, measured in the worker every couple of minutes and at epoch ends (src/worker/quality-metrics.ts):
// FID, the Inception Score, class coverage and a mode-collapse meter where a bundled classifier knows the classes
// (and for a class-conditional model how often the samples show the class asked for),
// nearest training images and pixel statistics for colour sets, and the test NELBO of a VAE.
// The tiles for the run's setup are always there, each with a note until its first number, so
// nothing moves when measurements arrive.

import { useEffect, useId } from 'react';
import { Card } from '../../components/Card';
import { classifierFor } from '../../ml/classifiers/catalog';
import { isConditional } from '../../ml/config';
import { useApp, useController } from '../../store/context';
import { configFromDrafts } from '../../store/drafts';
import type { QualityEntry } from '../../store/quality-history';
import { PALETTES } from '../charts/palette';
import { AgreementTile } from './AgreementTile';
import { CollapseTile, CoverageTile, FidTile } from './ClassifierTiles';
import { NearestTile, PixelTile } from './ColourTiles';
import { formatSeconds } from './format';
import { InceptionTile } from './InceptionTile';
import { latestError, latestGood } from './series';
import { VaeTile } from './VaeTile';
import './quality.css';

export function QualityPanel() {
  const toggleId = useId();
  const controller = useController();
  const entries = useApp((s) => s.qualityReports);
  const enabled = useApp((s) => s.qualityEnabled);
  const setEnabled = useApp((s) => s.setQualityEnabled);
  const workerPhase = useApp((s) => s.workerPhase);
  const runSpec = useApp((s) => s.runSpec);
  const formKind = useApp((s) => s.modelKind);
  const formDataset = useApp((s) => s.datasetId);
  const drafts = useApp((s) => s.drafts);
  const datasets = useApp((s) => s.datasets);
  const theme = useApp((s) => s.theme);

  // The worker starts with metrics on; a restarted worker is told again.
  useEffect(() => {
    if (workerPhase !== 'ready') return;
    controller
      .workerApi()
      .setQualityMetrics(enabled)
      .catch(() => {}); // a dying worker is reported elsewhere
  }, [controller, workerPhase, enabled]);

  const kind = runSpec?.model.kind ?? formKind;
  const datasetId = runSpec?.datasetId ?? formDataset;
  const withClassifier = classifierFor(datasetId) !== null;
  // The run's model, or before a run the form's (a form with problems is not conditional yet).
  const model = runSpec?.model ?? configFromDrafts(formKind, drafts);
  const conditional = model !== null && isConditional(model);
  const shape = datasets.find((d) => d.id === datasetId)?.shape ?? { height: 28, width: 28 };
  const palette = PALETTES[theme];
  const latest = latestGood(entries);
  const error = latestError(entries);
  // Each tile says what it will show until the first measurement arrives.
  const note = (what: string): string | null =>
    latest !== null
      ? null
      : enabled
        ? `${what} will appear after about a minute of training.`
        : 'Measuring is off.';

  return (
    <Card
      title="Sample quality"
      subtitle={
        error !== null ? (
          <span className="quality-note" data-testid="quality-note" title={error}>
            The last measurement failed ({error}); training goes on.
          </span>
        ) : (
          subtitle(enabled, latest, withClassifier && conditional, withClassifier, kind)
        )
      }
      className="quality-card"
      testId="quality-panel"
      actions={
        <label htmlFor={toggleId} className="chart-control">
          <input
            id={toggleId}
            type="checkbox"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            data-testid="quality-toggle"
          />
          <span>Score samples</span>
        </label>
      }
    >
      <div className="quality-tiles" data-kind={kind} data-classifier={String(withClassifier)}>
        {withClassifier ? (
          <>
            <FidTile entries={entries} palette={palette} empty={note('FID as training goes on')} />
            <InceptionTile
              entries={entries}
              palette={palette}
              empty={note('The Inception Score as training goes on')}
            />
            <CoverageTile
              coverage={latest?.report.coverage}
              empty={note('A histogram of the classes the samples look like')}
            />
            <CollapseTile
              entries={entries}
              empty={note('A warning if the samples collapse onto a few classes')}
            />
            {conditional && (
              <AgreementTile
                entries={entries}
                palette={palette}
                empty={note('How often the samples show the class they were asked for')}
              />
            )}
          </>
        ) : (
          <>
            <NearestTile
              entry={latest}
              cell={{ width: shape.width, height: shape.height }}
              empty={note('Samples beside their nearest training images, with a copy check,')}
            />
            <PixelTile
              entries={entries}
              palette={palette}
              empty={note('Colour and brightness statistics against the training images')}
            />
          </>
        )}
        {kind === 'vae' && (
          <VaeTile
            entries={entries}
            palette={palette}
            empty={note('The test-set negative ELBO and reconstruction error')}
          />
        )}
      </div>
    </Card>
  );
}

function subtitle(
  enabled: boolean,
  latest: QualityEntry | null,
  agreement: boolean,
  withClassifier: boolean,
  kind: 'dcgan' | 'vae',
): string {
  if (latest !== null) {
    const { sampleCount, seconds } = latest.report;
    return `Step ${latest.step.toLocaleString('en')}: ${sampleCount.toLocaleString('en')} samples scored in ${formatSeconds(seconds)}${enabled ? '' : ' (measuring is now off)'}`;
  }
  if (!enabled) return 'Turn measuring on to score samples as the model trains';
  const what = withClassifier
    ? `FID, the Inception Score, class coverage${agreement ? ', how often samples show their asked-for class' : ''} and a mode-collapse check`
    : 'the samples closest to training images and pixel statistics';
  return `After a minute of training, then every two minutes and at epoch ends (at most a tenth of training time): ${what}${kind === 'vae' ? ', and the test-set ELBO' : ''}`;
}
