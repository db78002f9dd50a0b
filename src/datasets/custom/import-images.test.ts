import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../lib/png';
import { importImages } from './import-images';
import { DEFAULT_LIMITS } from './limits';
import type { ImportSource } from './types';
import { decodeBmpSquare, encodeBmp, rampImage } from './testing/bmp';

const blob = (bytes: Uint8Array | string) => new Blob([bytes as BlobPart]);
const bmp = (w: number, h: number, blue: number) => encodeBmp(rampImage(w, h, blue), w, h);
const deps = { decode: decodeBmpSquare, limits: DEFAULT_LIMITS };

describe('importImages', () => {
  it('imports images from files and zips and skips the rest with reasons', async () => {
    const sources: ImportSource[] = [
      { path: 'set/b.bmp', file: blob(bmp(40, 20, 50)) },
      { path: 'set/a.bmp', file: blob(bmp(16, 16, 10)) },
      { path: 'set/notes.txt', file: blob('not a picture') },
      { path: 'set/fake.png', file: blob('text with an image name') },
      { path: 'set/.DS_Store', file: blob('ignored quietly') },
      {
        path: 'more.zip',
        file: blob(zipSync({ 'c.bmp': bmp(8, 8, 90), 'readme.md': new TextEncoder().encode('#') })),
      },
      { path: 'set/empty.bmp', file: blob(new Uint8Array(0)) },
    ];
    const progress: number[] = [];
    const result = await importImages(sources, { size: 4, channels: 3 }, ['set/nothing/'], {
      ...deps,
      onProgress: (f) => progress.push(f),
    });
    expect(result.images).toHaveLength(3);
    expect(result.images.every((img) => img.length === 4 * 4 * 3)).toBe(true);
    expect(result.skipped.map((s) => `${s.path} ${s.reason}`)).toEqual([
      'set/nothing/ is an empty folder',
      'more.zip/readme.md is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip',
      'set/empty.bmp is empty',
      'set/fake.png is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip',
      'set/notes.txt is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip',
    ]);
    // Sorted by path: more.zip/c.bmp, set/a.bmp, set/b.bmp; blue identifies each.
    expect(result.images.map((img) => img[2])).toEqual([90, 10, 50]);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
  });

  it('centre-crops: a wide image keeps its middle columns', async () => {
    // 12x4 ramp: red 0..255 left to right. The centre crop is columns 4..7, red 93..162.
    const result = await importImages(
      [{ path: 'wide.bmp', file: blob(bmp(12, 4, 0)) }],
      { size: 1, channels: 3 },
      [],
      deps,
    );
    const expected = Math.round(((4 + 5 + 6 + 7) / 4) * (255 / 11));
    expect(result.images[0][0]).toBe(expected);
  });

  it('reports images that are real but that the decoder cannot read', async () => {
    const png = await encodePng(new Uint8Array(4 * 4 * 4), 4, 4); // the BMP decoder cannot
    const truncated = bmp(10, 10, 0).subarray(0, 80);
    const result = await importImages(
      [
        { path: 'p.png', file: blob(png) },
        { path: 'cut.bmp', file: blob(truncated) },
      ],
      { size: 4, channels: 1 },
      [],
      deps,
    );
    expect(result.images).toHaveLength(0);
    expect(result.skipped.map((s) => `${s.path} ${s.reason}`)).toEqual([
      'cut.bmp could not be decoded (damaged, or not really an image)',
      'p.png could not be decoded (damaged, or not really an image)',
    ]);
  });

  it('skips files over the size limit and stops at the image limit', async () => {
    const limits = { ...DEFAULT_LIMITS, maxImageBytes: 1000, maxImages: 2 };
    const result = await importImages(
      [
        { path: '1.bmp', file: blob(bmp(4, 4, 1)) },
        { path: '2.bmp', file: blob(bmp(40, 40, 2)) }, // 4,854 bytes
        { path: '3.bmp', file: blob(bmp(4, 4, 3)) },
        { path: '4.bmp', file: blob(bmp(4, 4, 4)) },
        { path: '5.bmp', file: blob(bmp(4, 4, 5)) },
      ],
      { size: 2, channels: 3 },
      [],
      { decode: decodeBmpSquare, limits },
    );
    expect(result.images.map((img) => img[2])).toEqual([1, 3]);
    expect(result.skipped.map((s) => `${s.path} ${s.reason}`)).toEqual([
      '2.bmp is 4.7 KB, over the limit of 1000 bytes per image',
      '4.bmp and the files after it were not imported: a dataset holds at most 2 images',
    ]);
  });
});
