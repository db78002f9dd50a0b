// A conditional model's sample grid for download: its class names in a column left of the
// rows, drawn into the image. The grid's own pixels are copied 1:1, so they stay crisp; only
// the names are anti-aliased text. Needs a DOM canvas (the page's main thread).

import type { ImageGrid } from '../../ml/train/types';

/** Room around the names, in image pixels. */
const PAD = 4;

export function withRowNames(
  grid: ImageGrid,
  names: readonly string[],
): { rgba: Uint8ClampedArray; width: number; height: number } {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('This browser cannot draw into a canvas');
  const rows = Math.min(grid.rows, names.length);
  // Text about half a row tall, readable at 1:1 on 28-pixel digits.
  const font = `${Math.max(9, Math.min(16, Math.round(grid.cellHeight * 0.45)))}px sans-serif`;
  ctx.font = font;
  const textWidth = Math.max(...names.slice(0, rows).map((n) => ctx.measureText(n).width));
  const left = Math.ceil(textWidth) + 2 * PAD;
  canvas.width = left + grid.width;
  canvas.height = grid.height;
  // The background is the grid's gap colour (the pixel right of the first cell), the text the
  // one of black and white that stands out from it.
  const g = grid.gap > 0 ? grid.cellWidth * 4 : 0;
  const [r, gr, b] = [grid.rgba[g], grid.rgba[g + 1], grid.rgba[g + 2]];
  ctx.fillStyle = `rgb(${r} ${gr} ${b})`;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.font = font; // resizing the canvas reset it
  ctx.fillStyle = 0.299 * r + 0.587 * gr + 0.114 * b > 128 ? '#000' : '#fff';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let row = 0; row < rows; row++) {
    ctx.fillText(names[row], left - PAD, row * (grid.cellHeight + grid.gap) + grid.cellHeight / 2);
  }
  const pixels = grid.rgba as Uint8ClampedArray<ArrayBuffer>;
  ctx.putImageData(new ImageData(pixels, grid.width, grid.height), left, 0);
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { rgba: data, width: canvas.width, height: canvas.height };
}
