// Canvases for generated images: an ImageGrid drawn 1:1 into a canvas and scaled up by CSS with
// crisp pixels, and a row of clickable cells for picking samples.

import { useEffect, useRef } from 'react';
import type { ImageGrid } from '../../ml/train/types';

/** A whole-number zoom that makes `pixels` about `target` CSS pixels wide (at least 1). */
export function zoomFor(pixels: number, target: number): number {
  return Math.max(1, Math.floor(target / Math.max(1, pixels)));
}

function draw(canvas: HTMLCanvasElement | null, grid: ImageGrid | null): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx || grid === null) return;
  if (canvas.width !== grid.width) canvas.width = grid.width;
  if (canvas.height !== grid.height) canvas.height = grid.height;
  // Pixels crossed the worker boundary by transfer or clone: a plain ArrayBuffer.
  const rgba = grid.rgba as Uint8ClampedArray<ArrayBuffer>;
  ctx.putImageData(new ImageData(rgba, grid.width, grid.height), 0, 0);
}

export function GridCanvas(props: {
  grid: ImageGrid | null;
  testId: string;
  label: string;
  /** CSS width to aim for; the zoom is a whole number so pixels stay square. */
  targetWidth: number;
  /** Canvas size before the first grid arrives. */
  placeholder?: { width: number; height: number };
  /** What the image shows, as data-tag (tests wait for the image of a given slider value). */
  tag?: string;
}) {
  const { grid, testId, label, targetWidth, placeholder, tag } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => draw(canvas.current, grid), [grid]);
  const width = grid?.width ?? placeholder?.width ?? 28;
  const height = grid?.height ?? placeholder?.height ?? 28;
  const zoom = zoomFor(width, targetWidth);
  return (
    <canvas
      ref={canvas}
      className={`latent-canvas${grid === null ? ' empty' : ''}`}
      data-testid={testId}
      data-ready={grid === null ? 'false' : 'true'}
      data-tag={tag}
      width={width}
      height={height}
      style={{ width: width * zoom, height: height * zoom }}
      role="img"
      aria-label={label}
    />
  );
}

/** One cell of a grid as its own picture (for the sample picker's buttons). */
export function cellGrid(grid: ImageGrid, index: number): ImageGrid {
  const { cellWidth: w, cellHeight: h, gap, cols } = grid;
  const x0 = (index % cols) * (w + gap);
  const y0 = Math.floor(index / cols) * (h + gap);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * grid.width + x0) * 4;
    rgba.set(grid.rgba.subarray(from, from + w * 4), y * w * 4);
  }
  return { rows: 1, cols: 1, cellWidth: w, cellHeight: h, gap: 0, width: w, height: h, rgba };
}

/** Clickable cells of a grid; `marks` puts a letter on chosen cells ("A", "B"). */
export function CellPicker(props: {
  grid: ImageGrid;
  count: number;
  marks: Readonly<Record<number, string>>;
  testId: string;
  onPick: (index: number) => void;
  cellWidth: number;
}) {
  const { grid, count, marks, testId, onPick, cellWidth } = props;
  const cells = Array.from({ length: Math.min(count, grid.rows * grid.cols) }, (_, i) => i);
  return (
    <div className="latent-picker" data-testid={testId}>
      {cells.map((i) => (
        <button
          key={i}
          type="button"
          className={`latent-cell${marks[i] ? ' picked' : ''}`}
          data-testid={`${testId}-${i}`}
          aria-pressed={marks[i] !== undefined}
          aria-label={marks[i] ? `Sample ${i + 1} (end ${marks[i]})` : `Sample ${i + 1}`}
          onClick={() => onPick(i)}
        >
          <GridCanvas
            grid={cellGrid(grid, i)}
            testId={`${testId}-${i}-image`}
            label=""
            targetWidth={cellWidth}
          />
          {marks[i] && <span className="latent-mark">{marks[i]}</span>}
        </button>
      ))}
    </div>
  );
}
