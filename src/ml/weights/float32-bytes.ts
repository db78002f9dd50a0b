// Float32 values <-> little-endian bytes, the byte order the weights file fixes for every tensor.
// On little-endian machines (every browser platform in practice) both directions are views or a
// single copy; the DataView path keeps the format correct elsewhere.

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The values' bytes in little-endian order (a view when the platform is little-endian). */
export function float32ToBytesLE(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/** Reads little-endian float32 values; the result owns a fresh, aligned buffer when it must copy. */
export function bytesLEToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0)
    throw new RangeError(`${bytes.length} bytes is not a whole number of float32`);
  const n = bytes.length / 4;
  if (LITTLE_ENDIAN) {
    if (bytes.byteOffset % 4 === 0 && bytes.byteLength === bytes.buffer.byteLength) {
      return new Float32Array(bytes.buffer, bytes.byteOffset, n);
    }
    return new Float32Array(bytes.slice().buffer, 0, n);
  }
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Index of the first NaN or +-Infinity, or -1. */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    // x - x is 0 for finite x and NaN for NaN and both infinities; cheaper than Number.isFinite.
    if (x - x !== 0) return i;
  }
  return -1;
}
