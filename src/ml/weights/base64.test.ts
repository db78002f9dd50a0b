import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { Base64Error, decodeBase64, decodedLength, encodeBase64 } from './base64';
import { bytesLEToFloat32, firstNonFinite, float32ToBytesLE } from './float32-bytes';

// Node's Buffer is the independent reference here; the module itself must not use it.
const reference = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('base64', () => {
  it('matches Node for every length 0..64 and random content', () => {
    const rng = new Rng(7);
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, () => rng.int(256));
      const text = encodeBase64(bytes);
      expect(text).toBe(reference(bytes));
      expect(decodedLength(text)).toBe(n);
      expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
    }
  });

  it('round-trips a large buffer', () => {
    const rng = new Rng(8);
    const bytes = Uint8Array.from({ length: 300_001 }, () => rng.int(256));
    const text = encodeBase64(bytes);
    expect(text).toBe(reference(bytes));
    // Buffer.equals: an element-by-element toEqual over 300 KB is needlessly slow.
    expect(Buffer.from(decodeBase64(text)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rejects malformed text with the position of the problem', () => {
    expect(() => decodeBase64('QUJD!A==')).toThrow(/"!" at position 4/);
    expect(() => decodeBase64('QUJDR')).toThrow(/length 5 is not a multiple of 4/);
    expect(() => decodeBase64('QU==QUJD')).toThrow(/'=' padding before the end/);
    expect(() => decodeBase64('QUJ\u00e9')).toThrow(Base64Error);
    expect(() => decodeBase64('QUJ\u20ac')).toThrow(/at position 3/);
    expect(() => decodeBase64('QUJD\nQUJD')).toThrow(Base64Error);
  });
});

describe('float32 bytes', () => {
  it('writes little-endian IEEE 754 floats', () => {
    const values = new Float32Array([1, -2.5, 3.4e38]);
    const bytes = float32ToBytesLE(values);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(Array.from(bytes.slice(0, 4))).toEqual([0, 0, 0x80, 0x3f]);
    expect(view.getFloat32(4, true)).toBe(-2.5);
    expect(Array.from(bytesLEToFloat32(bytes.slice()))).toEqual(Array.from(values));
  });

  it('reads from an unaligned view', () => {
    const buffer = new Uint8Array(9);
    buffer.set(float32ToBytesLE(new Float32Array([0.5, -7])), 1);
    expect(Array.from(bytesLEToFloat32(buffer.subarray(1)))).toEqual([0.5, -7]);
  });

  it('finds the first non-finite value', () => {
    expect(firstNonFinite(new Float32Array([0, 1, -1e30]))).toBe(-1);
    expect(firstNonFinite(new Float32Array([0, NaN, 1]))).toBe(1);
    expect(firstNonFinite(new Float32Array([0, 1, -Infinity]))).toBe(2);
  });
});
