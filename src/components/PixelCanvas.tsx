// Draws an ImageGrid (RGBA pixels from the worker) into a canvas, scaled up with crisp pixels.
// The box keeps the grid's aspect ratio before the first grid arrives (from `placeholder`), so
// nothing moves when images appear.

import { useEffect, useRef } from 'react';
import type { ImageGrid } from '../ml/engine/types';
import './components.css';

export interface GridSize {
  readonly width: number;
  readonly height: number;
}

export function PixelCanvas(props: {
  grid: ImageGrid | null;
  /** Size of the grid to expect, for the empty box. */
  placeholder: GridSize;
  label: string;
  testId?: string;
  className?: string;
  /** Extra data attributes (the tests read the step and the cell layout). */
  data?: Readonly<Record<string, string>>;
  emptyText?: string;
}) {
  const { grid } = props;
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (grid === null || !ctx) return;
    // The pixels crossed the worker boundary by transfer or clone, so they own a plain
    // ArrayBuffer (ImageData refuses shared memory).
    const rgba = grid.rgba as Uint8ClampedArray<ArrayBuffer>;
    ctx.putImageData(new ImageData(rgba, grid.width, grid.height), 0, 0);
  }, [grid]);

  const size = grid ?? props.placeholder;
  const dataAttrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(props.data ?? {})) dataAttrs[`data-${k}`] = v;
  return (
    <div
      className={`pixel-box${grid === null ? ' is-empty' : ''}${props.className ? ` ${props.className}` : ''}`}
      style={{ aspectRatio: `${size.width} / ${size.height}` }}
    >
      <canvas
        ref={canvas}
        width={size.width}
        height={size.height}
        role="img"
        aria-label={props.label}
        data-testid={props.testId}
        {...dataAttrs}
      />
      {grid === null && props.emptyText !== undefined && (
        <span className="pixel-empty">{props.emptyText}</span>
      )}
    </div>
  );
}

/** The size of a rows x cols grid of cells with 1-pixel gaps (as the engine packs them). */
export function gridSize(rows: number, cols: number, cellW: number, cellH: number): GridSize {
  return { width: cols * cellW + (cols - 1), height: rows * cellH + (rows - 1) };
}
