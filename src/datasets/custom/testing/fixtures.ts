// Real files for the custom-dataset tests, made with real encoders (Node's zlib; Node only): PNGs
// of every colour type, a one-colour PNG of any size that stays small (its scanlines are streamed
// through deflate, never held whole), zips written byte by byte (so a test can state an entry's
// size honestly or lie about it), and deflate streams of gigabytes of zeros for zip bombs.

import {
  createDeflate,
  createDeflateRaw,
  deflateRawSync,
  deflateSync,
  type Deflate,
  type DeflateRaw,
} from 'node:zlib';
import {
  PNG_SAMPLES,
  type PngColorType,
  crc32,
  crc32Update,
  pngChunk,
  pngFile,
} from '../../../lib/png';

export { crc32Update, type PngColorType };

// CRC-32 of n zero bytes without reading them: the register's update for a zero bit is linear,
// so n bytes are one 32x32 matrix over GF(2) raised to the n-th power (as zlib's crc32_combine).
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
  return sum >>> 0;
}

function gf2Square(mat: Uint32Array): Uint32Array {
  const out = new Uint32Array(32);
  for (let n = 0; n < 32; n++) out[n] = gf2Times(mat, mat[n]);
  return out;
}

/** CRC-32 of `crc`'s input followed by `n` zero bytes (start from 0 for n zeros alone). */
export function crc32Zeros(n: number, crc = 0): number {
  let op: Uint32Array = new Uint32Array(32); // one zero bit: column i is the image of register bit i
  op[0] = 0xedb88320;
  for (let i = 1; i < 32; i++) op[i] = 1 << (i - 1);
  op = gf2Square(gf2Square(gf2Square(op))); // eight bits: one byte
  let reg = (crc ^ 0xffffffff) >>> 0;
  for (let left = n; left > 0; left = Math.floor(left / 2)) {
    if (left % 2 === 1) reg = gf2Times(op, reg);
    if (left > 1) op = gf2Square(op);
  }
  return (reg ^ 0xffffffff) >>> 0;
}

// ---- Streaming deflate of a repeated chunk --------------------------------------------------

export interface Deflated {
  readonly compressed: Uint8Array;
  /** CRC-32 of the uncompressed input (only when asked: it costs a pass over every byte). */
  readonly crc: number;
  readonly size: number;
}

/**
 * Deflates `chunk` repeated `times` times (zlib format for PNG, raw for zip), writing one chunk
 * at a time so memory holds only the compressed output.
 */
export async function deflateRepeated(
  chunk: Uint8Array,
  times: number,
  format: 'zlib' | 'raw',
  withCrc = false,
): Promise<Deflated> {
  const stream: Deflate | DeflateRaw =
    format === 'zlib' ? createDeflate({ level: 9 }) : createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  let crc = 0;
  // The chunk's CRC step is the same every time, but CRC-32 is not additive: run it each time.
  for (let k = 0; k < times; k++) {
    if (withCrc) crc = crc32Update(crc, chunk);
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await ended;
  return { compressed: new Uint8Array(Buffer.concat(parts)), crc, size: chunk.length * times };
}

// ---- PNG ------------------------------------------------------------------------------------

export interface PngSpec {
  readonly width: number;
  readonly height: number;
  readonly colorType: PngColorType;
  /** The samples of pixel (x, y) for the colour type (a palette index for type 3). */
  readonly pixel: (x: number, y: number) => readonly number[];
  /** Type 3: RGB triples. */
  readonly palette?: readonly (readonly [number, number, number])[];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An 8-bit PNG of any colour type, every scanline with filter 0. */
export function encodePngMode(spec: PngSpec): Uint8Array {
  const { width, height, colorType } = spec;
  const samples = PNG_SAMPLES[colorType];
  const raw = new Uint8Array(height * (1 + width * samples)); // [height, 1 + width * samples]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = spec.pixel(x, y);
      for (let s = 0; s < samples; s++)
        raw[y * (1 + width * samples) + 1 + x * samples + s] = px[s];
    }
  }
  const extra: Uint8Array[] = [];
  if (colorType === 3) {
    if (!spec.palette) throw new Error('a palette PNG needs a palette');
    extra.push(pngChunk('PLTE', Uint8Array.from(spec.palette.flat())));
  }
  return pngFile(width, height, colorType, deflateSync(raw, { level: 9 }), extra);
}

/** A one-colour grey PNG of width x height, valid and complete, a few hundred KB at most. */
export async function flatGreyPng(
  width: number,
  height: number,
  grey: number,
): Promise<Uint8Array> {
  const row = new Uint8Array(1 + width).fill(grey);
  row[0] = 0; // filter: none
  const { compressed } = await deflateRepeated(row, height, 'zlib');
  return pngFile(width, height, 0, compressed);
}

// ---- Zip --------------------------------------------------------------------------------------

export interface ZipEntrySpec {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: 0 | 8;
  /** The entry's bytes as they sit in the zip (compressed for method 8). */
  readonly data: Uint8Array;
  readonly crc: number;
  /** The uncompressed size the zip declares (a lie, if a test wants one). */
  readonly size: number;
}

export function storedEntry(name: string, bytes: Uint8Array): ZipEntrySpec {
  return { name, method: 0, data: bytes, crc: crc32(bytes), size: bytes.length };
}

export function deflatedEntry(name: string, bytes: Uint8Array): ZipEntrySpec {
  const data = new Uint8Array(deflateRawSync(bytes, { level: 9 }));
  return { name, method: 8, data, crc: crc32(bytes), size: bytes.length };
}

/**
 * An entry of `bytes` zeros, deflated in 1 MB pieces. `declaredSize` (default: the truth) is
 * what the zip's headers claim.
 */
export async function zerosEntry(
  name: string,
  bytes: number,
  declaredSize = bytes,
): Promise<ZipEntrySpec> {
  const piece = 2 ** 20;
  if (bytes % piece !== 0) throw new Error('zerosEntry takes whole megabytes');
  const { compressed } = await deflateRepeated(new Uint8Array(piece), bytes / piece, 'raw');
  return { name, method: 8, data: compressed, crc: crc32Zeros(bytes), size: declaredSize };
}

/** A zip (no ZIP64, no data descriptors) holding `entries` in order. */
export function writeZip(entries: readonly ZipEntrySpec[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, e.method, true);
    lv.setUint16(10, 0, true); // time
    lv.setUint16(12, 0x21, true); // date: 1980-01-01
    lv.setUint32(14, e.crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, e.method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, e.crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const dirSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, end]);
}
