// Reader for the IDX format of the original MNIST files: a big-endian header (magic number,
// then one uint32 per dimension) followed by the uint8 data.

const IDX_UBYTE_1D = 0x00000801; // labels: [count]
const IDX_UBYTE_3D = 0x00000803; // images: [count, rows, cols]

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** [count, rows, cols], a view into the file's bytes. */
  readonly pixels: Uint8Array;
}

export function parseIdxImages(bytes: Uint8Array, name: string): IdxImages {
  const view = header(bytes, name, 16, IDX_UBYTE_3D);
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  checkLength(bytes, name, 16 + count * rows * cols);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export function parseIdxLabels(bytes: Uint8Array, name: string): Uint8Array {
  const view = header(bytes, name, 8, IDX_UBYTE_1D);
  const count = view.getUint32(4);
  checkLength(bytes, name, 8 + count);
  return bytes.subarray(8);
}

function header(bytes: Uint8Array, name: string, size: number, magic: number): DataView {
  if (bytes.length < size) throw new Error(`${name}: ${bytes.length} bytes, too short for IDX`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    throw new Error(`${name}: IDX magic 0x${found.toString(16)}, expected 0x${magic.toString(16)}`);
  }
  return view;
}

function checkLength(bytes: Uint8Array, name: string, expected: number): void {
  if (bytes.length !== expected) {
    throw new Error(`${name}: ${bytes.length} bytes, the IDX header implies ${expected}`);
  }
}
