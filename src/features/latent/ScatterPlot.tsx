// Encoded test images as coloured dots on a plane, with a legend of labels, and the hook that
// fetches them from the worker. Shared by the 2-D latent plane (the latent itself, with the
// decoded grid's square dashed) and the projection of a larger latent on its principal axes.

import { useEffect, useRef, useState } from 'react';
import { useController } from '../../store/context';
import type { LatentScatter } from '../../worker/protocol';
import { labelColor } from './palette';

export const SCATTER_POINTS = 2000;
export const PLOT_SIZE = 300;

/**
 * Posterior means of up to SCATTER_POINTS test images ([n, latentDim]), fetched again whenever
 * `weightsKey` changes; the error message when the worker refused.
 */
export function useEncodedScatter(weightsKey: number): {
  scatter: LatentScatter | null;
  error: string | null;
} {
  const controller = useController();
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
  return { scatter, error };
}

/** Half-width of the plotted square: covers the points (to 99%), at least `least`. */
export function plotExtent(points: Float32Array, least = 2): number {
  const abs = Float32Array.from(points, Math.abs).sort();
  const p99 = abs.length > 0 ? abs[Math.floor(0.99 * (abs.length - 1))] : 0;
  return Math.max(least, Math.ceil(p99 * 2) / 2);
}

export function ScatterPlot(props: {
  /** [n, 2] coordinates and a label per point; null while loading. */
  points: Float32Array | null;
  labels: Uint16Array | null;
  labelNames: readonly string[];
  testId: string;
  legendTestId: string;
  /** The canvas's accessible name. */
  label: string;
  /** Under the plot: what the axes are, given their half-width. */
  axisNote: (extent: number) => string;
  /** Half-width of a dashed square to draw (the decoded grid's reach), if any. */
  box?: number;
}) {
  const { points, labels, box } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const extent = points ? plotExtent(points, box === undefined ? 0.5 : 2) : 3;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || points === null || labels === null) return;
    const size = PLOT_SIZE;
    const style = getComputedStyle(canvas.current!);
    ctx.clearRect(0, 0, size, size);
    // Axes through the origin and, where given, the dashed square.
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
    if (box !== undefined) {
      ctx.setLineDash([4, 4]);
      ctx.strokeRect(toX(-box), toY(box), toX(box) - toX(-box), toY(-box) - toY(box));
      ctx.setLineDash([]);
    }
    ctx.globalAlpha = 0.7;
    for (let i = 0; i < labels.length; i++) {
      ctx.fillStyle = labelColor(labels[i]);
      ctx.fillRect(toX(points[2 * i]) - 1.5, toY(points[2 * i + 1]) - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
  }, [points, labels, extent, box]);

  return (
    <figure className="latent-scatter">
      <canvas
        ref={canvas}
        data-testid={props.testId}
        data-points={labels ? labels.length : 0}
        width={PLOT_SIZE}
        height={PLOT_SIZE}
        role="img"
        aria-label={props.label}
      />
      <figcaption>
        <span className="latent-axis-note">{props.axisNote(extent)}</span>
        <ul className="latent-legend" data-testid={props.legendTestId}>
          {props.labelNames.map((name, k) => (
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
