// How a grid of pixel cells is shown so every cell is equal and crisp: magnified by a whole
// number of device pixels per image pixel when it fits, else drawn at the displayed size with
// every cell the same whole number of device pixels. Pure (no DOM), so it is unit-tested.

/** A grid's size, and its cells when it has them (rows x cols cells with `gap` pixels between). */
export interface GridShape {
  readonly width: number;
  readonly height: number;
  readonly rows?: number;
  readonly cols?: number;
  readonly cellWidth?: number;
  readonly cellHeight?: number;
  readonly gap?: number;
}

export interface PixelFit {
  /**
   * 'zoom': the canvas holds the grid 1:1 and is shown `zoom` device pixels per pixel;
   * 'cells': the canvas is as large as it is shown and each cell is drawn scaled into it.
   */
  readonly mode: 'zoom' | 'cells';
  /** Device pixels per canvas pixel: a whole number (1 in 'cells' mode). */
  readonly zoom: number;
  /** The canvas's backing store, px. */
  readonly backing: { readonly width: number; readonly height: number };
  /** Each cell's size in the backing store ('cells' mode; the grid's own cells in 'zoom'). */
  readonly cell: { readonly width: number; readonly height: number };
  /** The size shown, in CSS px (backing x zoom / devicePixelRatio). */
  readonly css: { readonly width: number; readonly height: number };
}

/**
 * The layout of `grid` in `available` CSS px of width at `dpr` device pixels per CSS px. At least
 * one device pixel per cell pixel row survives: a grid wider than the room is shrunk cell by cell
 * (the gaps stay one device pixel), never by a fraction of the whole.
 */
export function fitPixels(grid: GridShape, available: number, dpr: number): PixelFit {
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  const device = Math.max(1, Math.floor(available * ratio + 1e-6));
  const rows = grid.rows ?? 1;
  const cols = grid.cols ?? 1;
  const cellWidth = grid.cellWidth ?? grid.width;
  const cellHeight = grid.cellHeight ?? grid.height;
  const gap = grid.gap ?? 0;
  const css = (w: number, h: number, zoom: number) => ({
    width: (w * zoom) / ratio,
    height: (h * zoom) / ratio,
  });
  if (device >= grid.width) {
    const zoom = Math.floor(device / grid.width);
    return {
      mode: 'zoom',
      zoom,
      backing: { width: grid.width, height: grid.height },
      cell: { width: cellWidth, height: cellHeight },
      css: css(grid.width, grid.height, zoom),
    };
  }
  const gapPx = gap > 0 ? 1 : 0;
  const cw = Math.max(1, Math.floor((device - (cols - 1) * gapPx) / cols));
  const ch = Math.max(1, Math.round((cw * cellHeight) / cellWidth));
  const width = cols * cw + (cols - 1) * gapPx;
  const height = rows * ch + (rows - 1) * gapPx;
  return {
    mode: 'cells',
    zoom: 1,
    backing: { width, height },
    cell: { width: cw, height: ch },
    css: css(width, height, 1),
  };
}
