// For a VAE with a 2-dimensional latent: the decoded grid over the plane (at Gaussian quantiles,
// so every cell covers the same prior mass) beside a scatter of the encoded test set coloured by
// label: where each digit lives, and what the decoder draws there.

import { useEffect, useMemo, useRef, useState } from 'react';
import { manifoldGrid } from '../../ml/latent/manifold';
import { useController } from '../../store/context';
import type { LatentScatter } from '../../worker/protocol';
import { GridCanvas } from './canvas';
import { labelColor } from './palette';
import { useGenerated, useWeightsKey } from './use-latent';

export const MANIFOLD_SIZE = 15;
export const SCATTER_POINTS = 2000;
const PLOT_SIZE = 300;

export function ManifoldView() {
  const controller = useController();
  // Encoding 2,000 images is the costliest view here: refresh it less often while training.
  const weightsKey = useWeightsKey(10_000);
  const request = useMemo(
    () => ({ latents: manifoldGrid(MANIFOLD_SIZE), cols: MANIFOLD_SIZE }),
    [],
  );
  const manifold = useGenerated(request, weightsKey);
  const [scatter, setScatter] = useState<LatentScatter | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    controller
      .workerApi()
      .encodeScatter(SCATTER_POINTS)
      .then((s) => live && setScatter(s))
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [controller, weightsKey]);

  return (
    <section className="latent-section" aria-labelledby="latent-manifold-title">
      <h3 id="latent-manifold-title">The 2-D latent plane</h3>
      <p className="latent-help">
        Left: what the decoder draws on a {MANIFOLD_SIZE}x{MANIFOLD_SIZE} grid over the plane (z1
        left to right, z2 bottom to top, from the 5% to the 95% quantile of N(0, 1)). Right: where
        the encoder puts {scatter?.points.length ? scatter.points.length / 2 : SCATTER_POINTS} test
        images (posterior means), coloured by label.
      </p>
      <div className="latent-explorer">
        <GridCanvas
          grid={manifold.grid}
          testId="latent-manifold"
          label="Decoded images over the 2-D latent plane"
          targetWidth={PLOT_SIZE}
        />
        <ScatterPlot scatter={scatter} />
      </div>
      {(error ?? manifold.error) !== null && (
        <p className="latent-error" role="status">
          {error ?? manifold.error}
        </p>
      )}
    </section>
  );
}

/** Half-width of the plotted square: covers the points (to 99%), at least the grid's 1.64. */
export function plotExtent(points: Float32Array): number {
  const abs = Float32Array.from(points, Math.abs).sort();
  const p99 = abs.length > 0 ? abs[Math.floor(0.99 * (abs.length - 1))] : 0;
  return Math.max(2, Math.ceil(p99 * 2) / 2);
}

function ScatterPlot(props: { scatter: LatentScatter | null }) {
  const { scatter } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const extent = scatter ? plotExtent(scatter.points) : 3;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || scatter === null) return;
    const size = PLOT_SIZE;
    const style = getComputedStyle(canvas.current!);
    ctx.clearRect(0, 0, size, size);
    // Axes through the origin and the grid's quantile square (where the manifold is drawn).
    ctx.strokeStyle = style.getPropertyValue('--line').trim() || '#999';
    ctx.lineWidth = 1;
    const toX = (z: number) => ((z + extent) / (2 * extent)) * size;
    const toY = (z: number) => size - ((z + extent) / (2 * extent)) * size;
    ctx.beginPath();
    ctx.moveTo(toX(0), 0);
    ctx.lineTo(toX(0), size);
    ctx.moveTo(0, toY(0));
    ctx.lineTo(size, toY(0));
    ctx.stroke();
    ctx.setLineDash([4, 4]);
    ctx.strokeRect(toX(-1.645), toY(1.645), toX(1.645) - toX(-1.645), toY(-1.645) - toY(1.645));
    ctx.setLineDash([]);
    ctx.globalAlpha = 0.7;
    for (let i = 0; i < scatter.labels.length; i++) {
      ctx.fillStyle = labelColor(scatter.labels[i]);
      ctx.fillRect(toX(scatter.points[2 * i]) - 1.5, toY(scatter.points[2 * i + 1]) - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
  }, [scatter, extent]);

  const labels = scatter?.labelNames ?? [];
  return (
    <figure className="latent-scatter">
      <canvas
        ref={canvas}
        data-testid="latent-scatter"
        data-points={scatter ? scatter.labels.length : 0}
        width={PLOT_SIZE}
        height={PLOT_SIZE}
        role="img"
        aria-label="Encoded test images in the latent plane, coloured by label"
      />
      <figcaption>
        <span className="latent-axis-note">
          z1, z2 from −{extent} to {extent}; dashed: the decoded grid
        </span>
        <ul className="latent-legend" data-testid="latent-legend">
          {labels.map((name, k) => (
            <li key={k}>
              <span className="swatch" style={{ background: labelColor(k) }} />
              {name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
