// Bad custom datasets, the pure parts: headers that lie or stop short, an image too big to
// decode, zip bombs honest and lying, images too small, and the fixtures that build them.

import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { classifyFile, HEAD_BYTES, imageDimensions, sniffFormat, tooSmallReason } from './classify';
import { importImages, type SquareDecoder } from './import-images';
import { DEFAULT_LIMITS, minSideFor } from './limits';
import { decodeBmpSquare, encodeBmp, rampImage } from './testing/bmp';
import {
  crc32Update,
  crc32Zeros,
  deflatedEntry,
  encodePngMode,
  flatGreyPng,
  storedEntry,
  writeZip,
  zerosEntry,
} from './testing/fixtures';
import type { ImportSource } from './types';
import { readZip, type ZipItem } from './zip';

const blob = (bytes: Uint8Array | string) => new Blob([bytes as BlobPart]);
const text = (s: string) => new TextEncoder().encode(s);
const skips = (items: ZipItem[]) =>
  items.flatMap((i) => (i.kind === 'skip' ? [`${i.skipped.path} ${i.skipped.reason}`] : []));
const u16be = (n: number) => [n >> 8, n & 0xff];

/** A decoder that records what reached it, delegating to the BMP decoder. */
function recordingDecoder(): { decode: SquareDecoder; seen: number[] } {
  const seen: number[] = [];
  return {
    seen,
    decode: async (file, target, maxPixels, known) => {
      seen.push(file.size);
      return decodeBmpSquare(file, target, maxPixels, known);
    },
  };
}

describe('fixtures', () => {
  it('computes the CRC of a gigabyte of zeros without reading it', () => {
    for (const n of [0, 1, 7, 1000, 65_537]) {
      expect(crc32Zeros(n)).toBe(crc32Update(0, new Uint8Array(n)));
    }
    const abc = crc32Update(0, text('abc'));
    expect(crc32Zeros(99, abc)).toBe(crc32Update(abc, new Uint8Array(99)));
  });

  it('writes zips another reader accepts, CRCs included', async () => {
    const zip = writeZip([
      storedEntry('a.txt', text('stored')),
      deflatedEntry('b.txt', text('deflated '.repeat(20))),
      await zerosEntry('zeros.bin', 2 ** 21),
    ]);
    const files = unzipSync(zip);
    expect(new TextDecoder().decode(files['a.txt'])).toBe('stored');
    expect(new TextDecoder().decode(files['b.txt'])).toBe('deflated '.repeat(20));
    expect(files['zeros.bin']).toEqual(new Uint8Array(2 ** 21));
  });
});

describe('refused from the header, before any decoding', () => {
  it('a real one-colour 10,000 x 10,000 PNG: small file, 100 megapixels', async () => {
    const png = await flatGreyPng(10_000, 10_000, 200);
    expect(png.length).toBeLessThan(DEFAULT_LIMITS.maxImageBytes); // the size limit does not catch it
    const head = png.subarray(0, HEAD_BYTES);
    expect(imageDimensions(head, 'png')).toEqual({ width: 10_000, height: 10_000 });
    expect(classifyFile({ size: png.length, head }, DEFAULT_LIMITS)).toEqual({
      kind: 'skip',
      reason: 'is 10000x10000 (100 megapixels), over the limit of 40 megapixels',
    });
    const { decode, seen } = recordingDecoder();
    const result = await importImages(
      [{ path: 'huge.png', file: blob(png) }],
      { size: 32, channels: 1 },
      [],
      { decode, limits: DEFAULT_LIMITS },
    );
    expect(seen).toEqual([]); // never decoded
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'is 10000x10000 (100 megapixels), over the limit of 40 megapixels',
    ]);
  });

  it('a JPEG whose frame size lies past the first 256 KB (large metadata)', async () => {
    // SOI, five 64 KB APP1 segments, then SOF0 for 12,000 x 9,000.
    const app1 = [0xff, 0xe1, ...u16be(0xfff0), ...new Array(0xfff0 - 2).fill(0x20)];
    const sof = [0xff, 0xc0, ...u16be(17), 8, ...u16be(9000), ...u16be(12_000), 3, 1, 0x22, 0];
    const jpeg = Uint8Array.from([0xff, 0xd8, ...Array(5).fill(app1).flat(), ...sof, 0xff, 0xd9]);
    expect(jpeg.length).toBeGreaterThan(HEAD_BYTES);
    expect(imageDimensions(jpeg.subarray(0, HEAD_BYTES), 'jpeg')).toBeNull();
    const { decode, seen } = recordingDecoder();
    const result = await importImages(
      [{ path: 'exif.jpg', file: blob(jpeg) }],
      { size: 32, channels: 3 },
      [],
      { decode, limits: DEFAULT_LIMITS },
    );
    expect(seen).toEqual([]);
    expect(result.skipped[0].reason).toBe(
      'is 12000x9000 (108 megapixels), over the limit of 40 megapixels',
    );
  });
});

describe('files with image names that are not images', () => {
  it('text, a truncated PNG and a JPEG header alone: sniffed, then left to the decoder', async () => {
    const png = encodePngMode({ width: 16, height: 16, colorType: 2, pixel: () => [9, 9, 9] });
    const jpegHeaderOnly = Uint8Array.from([
      ...[0xff, 0xd8, 0xff, 0xe0, ...u16be(16)],
      ...text('JFIF'),
      ...[0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    ]);
    expect(classifyFile({ size: 11, head: text('hello world') }, DEFAULT_LIMITS)).toEqual({
      kind: 'skip',
      reason: 'is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip',
    });
    // Their headers are right: only decoding can tell they are broken.
    const cut = png.subarray(0, 40);
    expect(sniffFormat(cut)).toBe('png');
    expect(classifyFile({ size: cut.length, head: cut }, DEFAULT_LIMITS)).toMatchObject({
      kind: 'image',
      size: { width: 16, height: 16 },
    });
    expect(classifyFile({ size: 20, head: jpegHeaderOnly }, DEFAULT_LIMITS)).toEqual({
      kind: 'image',
      format: 'jpeg',
      size: null,
    });
  });
});

describe('small images', () => {
  it('the minimum is a quarter of the side', () => {
    expect([28, 32, 64].map((s) => minSideFor(s, DEFAULT_LIMITS))).toEqual([7, 8, 16]);
    expect(tooSmallReason({ width: 8, height: 8 }, 32, DEFAULT_LIMITS)).toBeNull();
    expect(tooSmallReason({ width: 40, height: 7 }, 32, DEFAULT_LIMITS)).toBe(
      'is 40x7, too small: a 32x32 set takes images of at least 8 pixels a side',
    );
  });

  it('upscales images between the minimum and the side, skips smaller ones', async () => {
    const bmp = (w: number, h: number) => blob(encodeBmp(rampImage(w, h, 7), w, h));
    const sources: ImportSource[] = [
      { path: 'big.bmp', file: bmp(48, 40) },
      { path: 'tiny.bmp', file: bmp(8, 8) },
      { path: 'speck.bmp', file: bmp(5, 6) },
    ];
    const result = await importImages(sources, { size: 32, channels: 3 }, [], {
      decode: decodeBmpSquare,
      limits: DEFAULT_LIMITS,
    });
    expect(result.images).toHaveLength(2);
    expect(result.upscaled).toBe(1);
    expect(result.skipped.map((s) => `${s.path} ${s.reason}`)).toEqual([
      'speck.bmp is 5x6, too small: a 32x32 set takes images of at least 8 pixels a side',
    ]);
  });
});

describe('zip bombs', () => {
  it('an honest entry of 64 MB of zeros is refused by its declared size, unread', async () => {
    const bomb = await zerosEntry('zeros.png', 64 * 2 ** 20);
    expect(bomb.data.length).toBeLessThan(100_000);
    const zip = writeZip([bomb, storedEntry('note.txt', text('hi'))]);
    const items = [...readZip(zip, 'bomb.zip', DEFAULT_LIMITS)];
    expect(skips(items)).toEqual([
      'bomb.zip/zeros.png is 64 MB, over the limit of 20 MB per image',
    ]);
    expect(items.filter((i) => i.kind === 'file')).toHaveLength(1);
  });

  it('a lying entry (says 1 KB, inflates to 256 MB) stops after one piece', async () => {
    const liar = await zerosEntry('small.png', 256 * 2 ** 20, 1000);
    const zip = writeZip([liar]);
    const before = process.memoryUsage().arrayBuffers;
    const items = [...readZip(zip, 'liar.zip', DEFAULT_LIMITS)];
    const grew = process.memoryUsage().arrayBuffers - before;
    expect(skips(items)).toEqual([
      'liar.zip/small.png expands past the size its zip header declares (damaged, or a zip bomb)',
    ]);
    // Inflating all of it would hold 256 MB; one 16 KB piece of input inflates to ~16 MB.
    expect(grew).toBeLessThan(64 * 2 ** 20);
  });

  it('a lying entry just under the per-image limit is refused by its ratio, unread', async () => {
    const liar = await zerosEntry('almost.png', 64 * 2 ** 20, 19 * 2 ** 20);
    const items = [...readZip(writeZip([liar]), 'z.zip', DEFAULT_LIMITS)];
    expect(skips(items)).toEqual([
      'z.zip/almost.png expands 305 times when unzipped, which looks like a zip bomb',
    ]);
  });
});
