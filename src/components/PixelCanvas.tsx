// Draws an ImageGrid (RGBA pixels from the worker) into a canvas shown with equal, crisp cells:
// a whole number of device pixels per image pixel when the grid fits its box, else each cell
// drawn at the same whole-pixel size (pixel-fit.ts). The box's size comes from the expected
// grid (`placeholder`) before the first grid arrives, so nothing moves when images appear; it is
// measured before the first paint and again on every resize and change of devicePixelRatio.

import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ImageGrid } from '../ml/train/types';
import { fitPixels, type GridShape, type PixelFit } from './pixel-fit';
import './components.css';

export type GridSize = GridShape;

export function PixelCanvas(props: {
  grid: ImageGrid | null;
  /** Size of the grid to expect (with its cells, when it has them), for the empty box. */
  placeholder: GridSize;
  label: string;
  testId?: string;
  className?: string;
  /** Extra data attributes (the tests read the step and the cell layout). */
  data?: Readonly<Record<string, string>>;
  emptyText?: string;
  /** Where a canvas narrower than its box sits: centred (default), or at its start. */
  align?: 'center' | 'start';
}) {
  const { grid } = props;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const room = useRoom(box);
  const shape = grid ?? props.placeholder;
  const fit = room === null ? null : fitPixels(shape, room.width, room.dpr);

  useEffect(() => {
    const element = canvas.current;
    if (grid === null || fit === null || !element) return;
    drawGrid(element, grid, fit);
  }, [grid, fit?.mode, fit?.backing.width, fit?.backing.height]); // eslint-disable-line react-hooks/exhaustive-deps -- `fit` is a new object each render; these fields are what the drawing depends on

  const dataAttrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(props.data ?? {})) dataAttrs[`data-${k}`] = v;
  const backing = fit?.backing ?? { width: shape.width, height: shape.height };
  return (
    <div
      ref={box}
      className={`pixel-box${grid === null ? ' is-empty' : ''}${props.className ? ` ${props.className}` : ''}`}
      style={
        fit === null || room === null
          ? { aspectRatio: `${shape.width} / ${shape.height}` }
          : { height: fit.css.height }
      }
    >
      <canvas
        ref={canvas}
        width={backing.width}
        height={backing.height}
        style={
          fit === null || room === null
            ? undefined
            : {
                width: fit.css.width,
                height: fit.css.height,
                // Centred on a whole device pixel, so pixel edges stay on device pixel edges.
                marginLeft:
                  props.align === 'start'
                    ? 0
                    : Math.floor((room.width * room.dpr - fit.css.width * room.dpr) / 2) / room.dpr,
              }
        }
        role="img"
        aria-label={props.label}
        data-testid={props.testId}
        data-zoom={fit?.zoom}
        data-fit={fit?.mode}
        {...dataAttrs}
      />
      {grid === null && props.emptyText !== undefined && (
        <span className="pixel-empty">{props.emptyText}</span>
      )}
    </div>
  );
}

/** Puts the grid into the canvas: 1:1 in 'zoom' mode, cell by cell at the fitted size otherwise. */
function drawGrid(element: HTMLCanvasElement, grid: ImageGrid, fit: PixelFit): void {
  // The pixels crossed the worker boundary by transfer or clone, so they own a plain
  // ArrayBuffer (ImageData refuses shared memory).
  const image = new ImageData(grid.rgba as Uint8ClampedArray<ArrayBuffer>, grid.width, grid.height);
  const ctx = element.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  if (fit.mode === 'zoom') {
    ctx.putImageData(image, 0, 0);
    return;
  }
  const source = document.createElement('canvas');
  source.width = grid.width;
  source.height = grid.height;
  source.getContext('2d')?.putImageData(image, 0, 0);
  // The gaps keep the colour the engine gave them (the pixel right of the first cell).
  const g = (grid.cellWidth * 4) | 0;
  const [r, gr, b] = grid.gap > 0 ? [grid.rgba[g], grid.rgba[g + 1], grid.rgba[g + 2]] : [0, 0, 0];
  ctx.fillStyle = `rgb(${r} ${gr} ${b})`;
  ctx.fillRect(0, 0, fit.backing.width, fit.backing.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const gapPx = grid.gap > 0 ? 1 : 0;
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      ctx.drawImage(
        source,
        col * (grid.cellWidth + grid.gap),
        row * (grid.cellHeight + grid.gap),
        grid.cellWidth,
        grid.cellHeight,
        col * (fit.cell.width + gapPx),
        row * (fit.cell.height + gapPx),
        fit.cell.width,
        fit.cell.height,
      );
    }
  }
}

/** The box's width in CSS px and the device pixel ratio, kept current; null before layout. */
function useRoom(ref: RefObject<HTMLElement | null>): { width: number; dpr: number } | null {
  const [room, setRoom] = useState<{ width: number; dpr: number } | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const width = element.getBoundingClientRect().width;
      const dpr = window.devicePixelRatio || 1;
      setRoom((old) => (old?.width === width && old.dpr === dpr ? old : { width, dpr }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // A zoom or a move to another screen changes the ratio without resizing the box.
    let media: MediaQueryList | null = null;
    const watchRatio = () => {
      media?.removeEventListener('change', onRatio);
      media = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      media.addEventListener('change', onRatio);
    };
    const onRatio = () => {
      measure();
      watchRatio();
    };
    watchRatio();
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', onRatio);
    };
  }, [ref]);
  return room;
}

/** The size of a rows x cols grid of cells with 1-pixel gaps (as the engine packs them). */
export function gridSize(rows: number, cols: number, cellW: number, cellH: number): GridSize {
  return {
    width: cols * cellW + (cols - 1),
    height: rows * cellH + (rows - 1),
    rows,
    cols,
    cellWidth: cellW,
    cellHeight: cellH,
    gap: 1,
  };
}
