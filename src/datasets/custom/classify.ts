// Tells images from other files by their first bytes (magic numbers), not their names: a photo
// renamed .txt still imports and a text file renamed .png is skipped with a clear reason. Also
// reads width and height from the header, so oversized images are skipped before decoding.

import { formatBytes, minSideFor, type ImportLimits } from './limits';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif';
export type FileFormat = ImageFormat | 'zip';

/** Bytes of a file's start worth reading: enough for every header, and a JPEG's usual SOF. */
export const HEAD_BYTES = 256 * 1024;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (b: Uint8Array, at: number, len: number): string =>
  String.fromCharCode(...b.subarray(at, at + len));

/** The format the bytes start with, or null for anything else. */
export function sniffFormat(head: Uint8Array): FileFormat | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  // 'BM' plus a header size the formats really use (12, 40, 52, 56, 64, 108 or 124), so a text
  // file starting with "BM" is not taken for a bitmap.
  if (ascii(head, 0, 2) === 'BM' && head.length >= 18) {
    const dibSize = new DataView(head.buffer, head.byteOffset).getUint32(14, true);
    if ([12, 40, 52, 56, 64, 108, 124].includes(dibSize)) return 'bmp';
  }
  if (ascii(head, 4, 4) === 'ftyp' && ['avif', 'avis'].includes(ascii(head, 8, 4))) return 'avif';
  // Local file header, or the end record of an empty zip.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return 'zip';
  }
  return null;
}

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

/** Width and height from the header, or null when the header does not say (or is cut short). */
export function imageDimensions(head: Uint8Array, format: ImageFormat): Dimensions | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const has = (n: number) => head.length >= n;
  switch (format) {
    case 'png': // IHDR is always the first chunk: width, height big-endian at 16 and 20
      return has(24) ? dims(view.getUint32(16), view.getUint32(20)) : null;
    case 'gif': // logical screen size, little-endian
      return has(10) ? dims(view.getUint16(6, true), view.getUint16(8, true)) : null;
    case 'bmp': {
      if (!has(26)) return null;
      if (view.getUint32(14, true) === 12) {
        return dims(view.getUint16(18, true), view.getUint16(20, true));
      }
      // Height is negative for top-down bitmaps.
      return dims(Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
    }
    case 'webp':
      return webpDimensions(head, view);
    case 'jpeg':
      return jpegDimensions(head, view);
    case 'avif':
      return null; // boxes nested in the container: leave it to the decoder
  }
}

function dims(width: number, height: number): Dimensions | null {
  return width > 0 && height > 0 ? { width, height } : null;
}

function webpDimensions(head: Uint8Array, view: DataView): Dimensions | null {
  const chunk = ascii(head, 12, 4);
  if (chunk === 'VP8 ' && head.length >= 30) {
    // Lossy: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
    return dims(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  }
  if (chunk === 'VP8L' && head.length >= 25) {
    // Lossless: signature 0x2f, then 14 bits width-1 and 14 bits height-1.
    const bits = view.getUint32(21, true);
    return dims((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X' && head.length >= 30) {
    // Extended: 24-bit canvas width-1 and height-1 at 24 and 27.
    const w = head[24] | (head[25] << 8) | (head[26] << 16);
    const h = head[27] | (head[28] << 8) | (head[29] << 16);
    return dims(w + 1, h + 1);
  }
  return null;
}

/** Walks the JPEG segments to the first start-of-frame marker. */
function jpegDimensions(head: Uint8Array, view: DataView): Dimensions | null {
  let at = 2;
  while (at + 9 < head.length) {
    if (head[at] !== 0xff) return null; // lost sync: a damaged file, let the decoder judge
    const marker = head[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return dims(view.getUint16(at + 7), view.getUint16(at + 5));
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

export type Classification =
  | { readonly kind: 'image'; readonly format: ImageFormat; readonly size: Dimensions | null }
  | { readonly kind: 'zip' }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * Decides what to do with one file from its name (for messages only), byte size and first
 * bytes. Skip reasons are written to follow the file's name: "a.txt is not an image".
 */
export function classifyFile(
  file: { readonly size: number; readonly head: Uint8Array },
  limits: ImportLimits,
): Classification {
  if (file.size === 0) return { kind: 'skip', reason: 'is empty' };
  const format = sniffFormat(file.head);
  if (format === null) {
    return { kind: 'skip', reason: 'is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip' };
  }
  if (format === 'zip') {
    if (file.size > limits.maxZipBytes) {
      return {
        kind: 'skip',
        reason: `is a zip of ${formatBytes(file.size)}, over the limit of ${formatBytes(limits.maxZipBytes)}`,
      };
    }
    return { kind: 'zip' };
  }
  if (file.size > limits.maxImageBytes) {
    return {
      kind: 'skip',
      reason: `is ${formatBytes(file.size)}, over the limit of ${formatBytes(limits.maxImageBytes)} per image`,
    };
  }
  const size = imageDimensions(file.head, format);
  if (size !== null) {
    const reason = pixelLimitReason(size, limits);
    if (reason !== null) return { kind: 'skip', reason };
  }
  return { kind: 'image', format, size };
}

/** Why an image is too small for a dataset of `target` pixels a side, or null when it is fine. */
export function tooSmallReason(
  size: Dimensions,
  target: number,
  limits: ImportLimits,
): string | null {
  const min = minSideFor(target, limits);
  if (Math.min(size.width, size.height) >= min) return null;
  return `is ${size.width}x${size.height}, too small: a ${target}x${target} set takes images of at least ${min} pixels a side`;
}

/** Why an image of this size is refused, or null when it is fine. */
export function pixelLimitReason(size: Dimensions, limits: ImportLimits): string | null {
  const pixels = size.width * size.height;
  if (pixels <= limits.maxPixels) return null;
  const mp = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} megapixels`;
  return `is ${size.width}x${size.height} (${mp(pixels)}), over the limit of ${mp(limits.maxPixels)}`;
}
