// Minimal .npy (NumPy format 1.0) reader and writer for the arrays the quality bench exchanges
// with bench/quality/reference.py: little-endian uint8, uint32 and float32, C order.

import { readFile, writeFile } from 'node:fs/promises';

type Dtype = '|u1' | '<u4' | '<f4';
export type NpyData = Uint8Array | Uint32Array | Float32Array;

export interface NpyArray<T extends NpyData = NpyData> {
  readonly data: T;
  readonly shape: readonly number[];
}

function dtypeOf(data: NpyData): Dtype {
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint32Array) return '<u4';
  return '<f4';
}

export async function writeNpy(
  file: string,
  data: NpyData,
  shape: readonly number[],
): Promise<void> {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`${file}: shape ${shape} does not hold ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtypeOf(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  await writeFile(file, out);
}

export async function readNpy(file: string): Promise<NpyArray> {
  const bytes = await readFile(file);
  if (bytes[0] !== 0x93 || bytes.subarray(1, 6).toString('latin1') !== 'NUMPY') {
    throw new Error(`${file} is not a .npy file`);
  }
  const major = bytes[6];
  const headerLen = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  if (fortran !== 'False') throw new Error(`${file}: Fortran order is not supported`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const offset = start + headerLen;
  const body = new Uint8Array(
    bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + bytes.byteLength),
  );
  switch (descr) {
    case '|u1':
      return { data: body, shape };
    case '<u4':
      return { data: new Uint32Array(body.buffer), shape };
    case '<f4':
      return { data: new Float32Array(body.buffer), shape };
    default:
      throw new Error(`${file}: dtype ${descr} is not supported`);
  }
}
