// Test helpers: a 24-bit BMP writer and a matching reader, so the import pipeline can run in
// Node with real image files (the browser decodes with createImageBitmap instead).

import { centerCropRect } from '../crop-resize';
import { ImageSkip, type SquareDecoder } from '../import-images';
import { pixelLimitReason } from '../classify';
import { DEFAULT_LIMITS } from '../limits';

/** A bottom-up 24-bit BMP of an RGB image [height, width, 3]. */
export function encodeBmp(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const out = new Uint8Array(54 + rowBytes * height);
  const v = new DataView(out.buffer);
  out[0] = 0x42; // 'B'
  out[1] = 0x4d; // 'M'
  v.setUint32(2, out.length, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  v.setUint32(34, rowBytes * height, true);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[row + x * 3] = rgb[i + 2];
      out[row + x * 3 + 1] = rgb[i + 1];
      out[row + x * 3 + 2] = rgb[i];
    }
  }
  return out;
}

/** Reads a 24-bit bottom-up BMP back to RGBA [height, width, 4]; throws on anything else. */
export function decodeBmp(bytes: Uint8Array): { rgba: Uint8Array; width: number; height: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x42 || bytes[1] !== 0x4d || v.getUint16(28, true) !== 24) {
    throw new Error('not a 24-bit BMP');
  }
  const width = v.getInt32(18, true);
  const height = v.getInt32(22, true);
  const offset = v.getUint32(10, true);
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  if (offset + rowBytes * height > bytes.length) throw new Error('BMP cut short');
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = offset + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      rgba[o] = bytes[row + x * 3 + 2];
      rgba[o + 1] = bytes[row + x * 3 + 1];
      rgba[o + 2] = bytes[row + x * 3];
      rgba[o + 3] = 255;
    }
  }
  return { rgba, width, height };
}

/** A SquareDecoder for BMP files: the same contract as the browser's, crop included. */
export const decodeBmpSquare: SquareDecoder = async (blob, _target, maxPixels) => {
  let image;
  try {
    image = decodeBmp(new Uint8Array(await blob.arrayBuffer()));
  } catch {
    throw new ImageSkip('could not be decoded (damaged, or not really an image)');
  }
  const tooBig = pixelLimitReason(image, { ...DEFAULT_LIMITS, maxPixels });
  if (tooBig !== null) throw new ImageSkip(tooBig);
  const { sx, sy, side } = centerCropRect(image.width, image.height);
  const rgba = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    const from = ((sy + y) * image.width + sx) * 4;
    rgba.set(image.rgba.subarray(from, from + side * 4), y * side * 4);
  }
  return { rgba, side, cropSide: side };
};

/** A w x h RGB image: a horizontal ramp in red, vertical in green, `blue` constant. */
export function rampImage(width: number, height: number, blue: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = Math.round((255 * x) / Math.max(1, width - 1));
      rgb[i + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      rgb[i + 2] = blue;
    }
  }
  return rgb;
}
