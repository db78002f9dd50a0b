// The browser's image decoder for the custom-dataset import: createImageBitmap decodes (in the
// worker, off the page's thread), crops the centre square and scales it down to a few times the
// target size in one call; an OffscreenCanvas hands back the RGBA bytes. Runs in a worker or a
// page, never in Node (tests pass their own decoder).

import { pixelLimitReason, type Dimensions } from './classify';
import { centerCropRect, intermediateSide } from './crop-resize';
import { ImageSkip, type SquareDecoder, type SquareRgba } from './import-images';
import { DEFAULT_LIMITS } from './limits';

export const decodeWithImageBitmap: SquareDecoder = async (
  blob: Blob,
  target: number,
  maxPixels: number,
  // The header's size was already checked against the limit; the decoded size is checked again
  // (headers can lie, and AVIF's is not read).
  _known: Dimensions | null,
): Promise<SquareRgba> => {
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob);
  } catch {
    throw new ImageSkip('could not be decoded (damaged, or not really an image)');
  }
  try {
    const size = { width: full.width, height: full.height };
    const tooBig = pixelLimitReason(size, { ...DEFAULT_LIMITS, maxPixels });
    if (tooBig !== null) throw new ImageSkip(tooBig);
    const crop = centerCropRect(size.width, size.height);
    const side = intermediateSide(crop.side, target);
    const square = await createImageBitmap(full, crop.sx, crop.sy, crop.side, crop.side, {
      resizeWidth: side,
      resizeHeight: side,
      resizeQuality: 'high',
    });
    try {
      const canvas = new OffscreenCanvas(side, side);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (ctx === null) throw new Error('no 2d context on an OffscreenCanvas');
      ctx.drawImage(square, 0, 0);
      return { rgba: ctx.getImageData(0, 0, side, side).data, side, cropSide: crop.side };
    } finally {
      square.close();
    }
  } finally {
    full.close();
  }
};
