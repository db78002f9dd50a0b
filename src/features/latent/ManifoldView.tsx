// For a VAE with a 2-dimensional latent: the decoded grid over the plane (at Gaussian quantiles,
// so every cell covers the same prior mass) beside a scatter of the encoded test set coloured by
// label: where each digit lives, and what the decoder draws there.

import { useMemo } from 'react';
import { manifoldGrid } from '../../ml/latent/manifold';
import { GridCanvas } from './canvas';
import { PLOT_SIZE, SCATTER_POINTS, ScatterPlot, useEncodedScatter } from './ScatterPlot';
import type { LatentModelInfo } from '../../worker/protocol';
import { useGenerated, useSliderClass, useWeightsKey } from './use-latent';

export const MANIFOLD_SIZE = 15;
/** The grid spans the 5% to 95% quantiles of N(0, 1). */
const QUANTILE_95 = 1.645;

export function ManifoldView(props: { info: LatentModelInfo }) {
  // Encoding 2,000 images is the costliest view here: refresh it less often while training.
  const weightsKey = useWeightsKey(10_000);
  const classes = useSliderClass(props.info); // a conditional model draws the sliders' class
  const request = useMemo(
    () => ({ latents: manifoldGrid(MANIFOLD_SIZE), cols: MANIFOLD_SIZE, classes }),
    [classes],
  );
  const manifold = useGenerated(request, weightsKey);
  const { scatter, error } = useEncodedScatter(weightsKey);

  return (
    <section className="latent-section" aria-labelledby="latent-manifold-title">
      <h3 id="latent-manifold-title">The 2-D latent plane</h3>
      <p className="latent-help">
        Left: what the decoder draws on a {MANIFOLD_SIZE}x{MANIFOLD_SIZE} grid over the plane (z1
        left to right, z2 bottom to top, from the 5% to the 95% quantile of N(0, 1)). Right: where
        the encoder puts {scatter?.points.length ? scatter.points.length / 2 : SCATTER_POINTS} test
        images (posterior means), coloured by label.
        {classes !== undefined &&
          ` The plane is drawn as class ${props.info.classNames?.[classes] ?? classes}, the sliders' class.`}
      </p>
      <div className="latent-explorer">
        <GridCanvas
          grid={manifold.grid}
          testId="latent-manifold"
          label="Decoded images over the 2-D latent plane"
          targetWidth={PLOT_SIZE}
        />
        <ScatterPlot
          points={scatter?.points ?? null}
          labels={scatter?.labels ?? null}
          labelNames={scatter?.labelNames ?? []}
          testId="latent-scatter"
          legendTestId="latent-legend"
          label="Encoded test images in the latent plane, coloured by label"
          axisNote={(extent) => `z1, z2 from −${extent} to ${extent}; dashed: the decoded grid`}
          box={QUANTILE_95}
        />
      </div>
      {(error ?? manifold.error) !== null && (
        <p className="latent-error" role="status">
          {error ?? manifold.error}
        </p>
      )}
    </section>
  );
}
