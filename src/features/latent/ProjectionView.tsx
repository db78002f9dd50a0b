// For a VAE whose latent has more than two dimensions: the encoded test images projected on the
// two directions along which they spread most (principal components), coloured by label. It
// shows whether the encoder keeps classes apart, which a flat map of the latent itself cannot
// for more than two numbers per image.

import { useMemo } from 'react';
import { pca2 } from './pca';
import { ScatterPlot, useEncodedScatter } from './ScatterPlot';
import { useWeightsKey } from './use-latent';

export function ProjectionView({ latentDim }: { latentDim: number }) {
  // Encoding 2,000 images is costly: refresh it as rarely as the 2-D plane does.
  const weightsKey = useWeightsKey(10_000);
  const { scatter, error } = useEncodedScatter(weightsKey);
  const projection = useMemo(
    () => (scatter === null ? null : pca2(scatter.points, latentDim)),
    [scatter, latentDim],
  );
  const percent = (f: number) => `${Math.round(f * 100)}%`;

  return (
    <section className="latent-section" aria-labelledby="latent-projection-title">
      <h3 id="latent-projection-title">Test images in the latent space, flattened</h3>
      <p className="latent-help">
        Each dot is a test image&rsquo;s code (its posterior mean, {latentDim} numbers), seen along
        the two directions the codes spread most (principal components)
        {projection !== null &&
          `: they hold ${percent(projection.explained[0])} and ${percent(projection.explained[1])} of the spread`}
        . Colours are labels: separate clouds mean the encoder tells them apart.
      </p>
      <ScatterPlot
        points={projection?.points ?? null}
        labels={scatter?.labels ?? null}
        labelNames={scatter?.labelNames ?? []}
        testId="latent-projection"
        legendTestId="latent-projection-legend"
        label="Encoded test images projected on their two principal components, coloured by label"
        axisNote={(extent) => `first and second component, from −${extent} to ${extent}`}
      />
      {error !== null && (
        <p className="latent-error" role="status">
          {error}
        </p>
      )}
    </section>
  );
}
