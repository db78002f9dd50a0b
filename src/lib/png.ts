// A small PNG encoder for RGBA pictures (sample grids, contact sheets). It uses the standard
// CompressionStream('deflate') (zlib format, which is what PNG's IDAT holds), available in
// browsers, workers and Node 18+, so one implementation serves the page, the CLI and scripts.
// Its parts (scanlines, chunks, the file around IDAT) also serve the Node-only writers of other
// colour types: the faces contact sheets and the custom-dataset test fixtures.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Update(0, bytes, start, end);
}

/** Continues a CRC-32 (start from 0) over bytes[start, end): for inputs that come in pieces. */
export function crc32Update(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function zlibDeflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA (8 bits per sample in this module). */
export type PngColorType = 0 | 2 | 3 | 4 | 6;

/** Samples per pixel of each colour type. */
export const PNG_SAMPLES: Readonly<Record<PngColorType, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/**
 * What IDAT compresses: row-major pixels [height, width * samples] with each row prefixed by
 * filter type 0 (none), [height, 1 + width * samples].
 */
export function pngScanlines(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  samples: number,
): Uint8Array {
  const row = width * samples;
  const raw = new Uint8Array(height * (row + 1));
  for (let y = 0; y < height; y++)
    raw.set(pixels.subarray(y * row, (y + 1) * row), y * (row + 1) + 1);
  return raw;
}

/**
 * A whole PNG file (8 bits per sample, no interlace) around `idat`, the zlib-compressed
 * scanlines. Each caller brings its own deflate: CompressionStream here, Node's zlib in scripts
 * and test fixtures. `beforeIdat` holds chunks such as PLTE.
 */
export function pngFile(
  width: number,
  height: number,
  colorType: PngColorType,
  idat: Uint8Array,
  beforeIdat: readonly Uint8Array[] = [],
): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = colorType;
  const parts = [
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    ...beforeIdat,
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Encodes RGBA pixels (row-major, 4 bytes per pixel) as a PNG file. */
export async function encodePng(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): Promise<Uint8Array> {
  if (rgba.length !== width * height * 4) {
    throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${rgba.length}`);
  }
  return pngFile(width, height, 6, await zlibDeflate(pngScanlines(rgba, width, height, 4)));
}
