import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from './png';

describe('PNG encoder', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes a valid PNG whose pixels decode back', async () => {
    const w = 3;
    const h = 2;
    const rgba = new Uint8Array(w * h * 4).map((_, i) => (i * 37) % 256);
    const png = await encodePng(rgba, w, h);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(w);
    expect(view.getUint32(20)).toBe(h);
    // IDAT follows the 25-byte IHDR chunk.
    const idatLen = view.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(raw.length).toBe(h * (w * 4 + 1));
    expect(Array.from(raw.subarray(1, 1 + w * 4))).toEqual(Array.from(rgba.subarray(0, w * 4)));
    expect(crc32(png, 37, 41 + idatLen)).toBe(view.getUint32(41 + idatLen));
  });

  it('refuses a buffer of the wrong size', async () => {
    await expect(encodePng(new Uint8Array(5), 2, 2)).rejects.toThrow(/expected 16 bytes/);
  });
});
