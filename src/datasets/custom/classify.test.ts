import { describe, expect, it } from 'vitest';
import { encodePng } from '../../lib/png';
import { classifyFile, imageDimensions, sniffFormat } from './classify';
import { DEFAULT_LIMITS } from './limits';
import { encodeBmp } from './testing/bmp';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );
const u16le = (n: number) => [n & 0xff, n >> 8];
const u16be = (n: number) => [n >> 8, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

/** A JPEG start: SOI, an APP0 segment, then SOF0 with the size. */
function jpegHead(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16be(16), ...bytes('JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])];
  const sof = [0xff, 0xc0, ...u16be(17), 8, ...u16be(height), ...u16be(width), 3, 1, 0x22, 0];
  return bytes([0xff, 0xd8], app0, sof, [0, 0, 0, 0, 0, 0]);
}

describe('sniffFormat and imageDimensions', () => {
  it('reads a real PNG (our encoder) and its size', async () => {
    const png = await encodePng(new Uint8Array(7 * 5 * 4), 7, 5);
    expect(sniffFormat(png)).toBe('png');
    expect(imageDimensions(png, 'png')).toEqual({ width: 7, height: 5 });
  });

  it('reads a BMP and its size', () => {
    const bmp = encodeBmp(new Uint8Array(3 * 4 * 3), 3, 4);
    expect(sniffFormat(bmp)).toBe('bmp');
    expect(imageDimensions(bmp, 'bmp')).toEqual({ width: 3, height: 4 });
  });

  it('walks JPEG segments to the frame size', () => {
    const jpeg = jpegHead(640, 480);
    expect(sniffFormat(jpeg)).toBe('jpeg');
    expect(imageDimensions(jpeg, 'jpeg')).toEqual({ width: 640, height: 480 });
  });

  it('reads GIF and the three WebP flavours', () => {
    const gif = bytes('GIF89a', u16le(320), u16le(200), [0, 0, 0]);
    expect(sniffFormat(gif)).toBe('gif');
    expect(imageDimensions(gif, 'gif')).toEqual({ width: 320, height: 200 });

    const riff = (chunk: string, body: number[]) =>
      bytes('RIFF', u32le(100), 'WEBP', chunk, u32le(body.length), body);
    const lossy = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(400), ...u16le(300), 0, 0]);
    expect(sniffFormat(lossy)).toBe('webp');
    expect(imageDimensions(lossy, 'webp')).toEqual({ width: 400, height: 300 });
    // VP8L: 0x2f, then (w-1) in 14 bits and (h-1) in the next 14.
    const packed = (1000 - 1) | ((750 - 1) << 14);
    const lossless = riff('VP8L', [0x2f, ...u32le(packed), 0, 0, 0, 0]);
    expect(imageDimensions(lossless, 'webp')).toEqual({ width: 1000, height: 750 });
    const w = 5000 - 1;
    const h = 9000 - 1;
    const extended = riff('VP8X', [
      0,
      0,
      0,
      0,
      w & 0xff,
      (w >> 8) & 0xff,
      w >> 16,
      h & 0xff,
      (h >> 8) & 0xff,
      h >> 16,
    ]);
    expect(imageDimensions(extended, 'webp')).toEqual({ width: 5000, height: 9000 });
  });

  it('knows zips and refuses text, even text that starts like a bitmap', () => {
    expect(sniffFormat(bytes([0x50, 0x4b, 0x03, 0x04], [0, 0]))).toBe('zip');
    expect(sniffFormat(bytes('hello, this is a text file'))).toBeNull();
    expect(sniffFormat(bytes('BMW is a car brand, not a bitmap'))).toBeNull();
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
  });
});

describe('classifyFile', () => {
  const limits = DEFAULT_LIMITS;

  it('skips empty files and non-images with a reason', () => {
    expect(classifyFile({ size: 0, head: new Uint8Array(0) }, limits)).toEqual({
      kind: 'skip',
      reason: 'is empty',
    });
    const text = classifyFile({ size: 11, head: bytes('hello world') }, limits);
    expect(text.kind === 'skip' && text.reason).toMatch(/^is not an image/);
  });

  it('skips images over the byte limit before reading them', () => {
    const head = jpegHead(100, 100);
    const big = classifyFile({ size: 25 * 2 ** 20, head }, limits);
    expect(big.kind === 'skip' && big.reason).toBe('is 25 MB, over the limit of 20 MB per image');
    expect(classifyFile({ size: 20 * 2 ** 20, head }, limits).kind).toBe('image');
  });

  it('skips images over the pixel limit from the header alone', () => {
    const huge = classifyFile({ size: 5000, head: jpegHead(8000, 6000) }, limits);
    expect(huge.kind === 'skip' && huge.reason).toBe(
      'is 8000x6000 (48 megapixels), over the limit of 40 megapixels',
    );
    expect(classifyFile({ size: 5000, head: jpegHead(8000, 5000) }, limits)).toEqual({
      kind: 'image',
      format: 'jpeg',
      size: { width: 8000, height: 5000 },
    });
  });

  it('accepts zips up to their own limit', () => {
    const head = bytes([0x50, 0x4b, 0x03, 0x04]);
    expect(classifyFile({ size: 100 * 2 ** 20, head }, limits)).toEqual({ kind: 'zip' });
    expect(classifyFile({ size: 2 * 2 ** 30, head }, limits).kind).toBe('skip');
  });
});
