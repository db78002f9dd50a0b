// Reads the entries of a zip file one at a time, with a zip bomb guard. The central directory
// is listed here (names, sizes, offsets); fflate's streaming Inflate decompresses each entry in
// small pieces, counting what comes out, so an entry that expands past its declared size or
// past the limits is stopped after at most one piece, whatever its header claims.

import { Inflate } from 'fflate';
import { formatBytes, type ImportLimits } from './limits';
import type { SkippedFile } from './types';

export interface ZipEntryInfo {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  readonly compressedSize: number;
  /** Uncompressed size as the zip declares it. */
  readonly size: number;
  /** Offset of the entry's local header. */
  readonly localOffset: number;
  readonly encrypted: boolean;
}

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** Compressed bytes handed to the inflater at a time: at most ~16 MB of output per piece. */
const INFLATE_PIECE = 16 * 1024;

/** The entries listed in the zip's central directory, in order. Throws ZipError if unreadable. */
export function listZip(bytes: Uint8Array): ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('is not a readable zip (no end-of-archive record)');
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) {
    throw new ZipError('is a ZIP64 archive, which is not supported: zip fewer or smaller files');
  }
  const entries: ZipEntryInfo[] = [];
  let at = dirOffset;
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIG) {
      throw new ZipError('has a damaged central directory');
    }
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // Names are UTF-8 when bit 11 is set; older tools wrote CP437, the same bytes for ASCII.
    const name = new TextDecoder().decode(nameBytes);
    entries.push({
      name,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      encrypted: (flags & 1) === 1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What reading one entry gave: its bytes, or why it was skipped. */
export type ZipItem =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly data: Uint8Array;
      /** Position among the zip's files (hidden entries not counted), for progress. */
      readonly index: number;
      readonly total: number;
    }
  | { readonly kind: 'skip'; readonly skipped: SkippedFile };

/** Directories, macOS resource forks and hidden files: not worth a message. */
export function isIgnoredEntry(name: string): boolean {
  if (name.endsWith('/')) return true;
  return name.split('/').some((part) => part === '__MACOSX' || part.startsWith('.'));
}

/**
 * Yields each file entry of the zip, decompressed, or a skip with its reason. `zipPath` prefixes
 * entry paths in messages ("photos.zip/cat.png"). Limits: per entry `maxImageBytes` (declared
 * and actual), ratio `maxZipRatio` above 1 MB, total `maxZipTotalBytes`, `maxZipEntries`.
 */
export function* readZip(
  bytes: Uint8Array,
  zipPath: string,
  limits: ImportLimits,
): Generator<ZipItem> {
  const entries = listZip(bytes).filter((e) => !isIgnoredEntry(e.name));
  const skip = (name: string, reason: string): ZipItem => ({
    kind: 'skip',
    skipped: { path: `${zipPath}/${name}`, reason },
  });
  let total = 0;
  for (let k = 0; k < entries.length; k++) {
    const entry = entries[k];
    if (k >= limits.maxZipEntries) {
      yield {
        kind: 'skip',
        skipped: {
          path: zipPath,
          reason: `has ${entries.length} files; only the first ${limits.maxZipEntries} were read`,
        },
      };
      return;
    }
    if (entry.encrypted) {
      yield skip(entry.name, 'is encrypted');
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8) {
      yield skip(entry.name, `uses compression method ${entry.method}, which is not supported`);
      continue;
    }
    if (entry.size > limits.maxImageBytes) {
      yield skip(
        entry.name,
        `is ${formatBytes(entry.size)}, over the limit of ${formatBytes(limits.maxImageBytes)} per image`,
      );
      continue;
    }
    const ratio = entry.size / Math.max(1, entry.compressedSize);
    if (entry.size > 2 ** 20 && ratio > limits.maxZipRatio) {
      yield skip(
        entry.name,
        `expands ${Math.round(ratio)} times when unzipped, which looks like a zip bomb`,
      );
      continue;
    }
    if (total + entry.size > limits.maxZipTotalBytes) {
      yield {
        kind: 'skip',
        skipped: {
          path: zipPath,
          reason: `unzips to more than ${formatBytes(limits.maxZipTotalBytes)}; the rest of it was not read`,
        },
      };
      return;
    }
    let data: Uint8Array;
    try {
      data = extractEntry(bytes, entry);
    } catch (err) {
      yield skip(
        entry.name,
        err instanceof ZipError ? err.message : 'could not be unzipped (damaged)',
      );
      continue;
    }
    total += data.length;
    yield { kind: 'file', path: `${zipPath}/${entry.name}`, data, index: k, total: entries.length };
  }
}

/** One entry's bytes; stops and throws as soon as the output passes the declared size. */
export function extractEntry(bytes: Uint8Array, entry: ZipEntryInfo): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIG) {
    throw new ZipError('has a damaged local header');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError('is cut short (the zip is truncated)');
  const compressed = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipError('has inconsistent sizes (damaged)');
    return compressed.slice();
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (overflow) return;
    if (written + chunk.length > out.length) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  for (let p = 0; p < compressed.length && !overflow; p += INFLATE_PIECE) {
    const piece = compressed.subarray(p, p + INFLATE_PIECE);
    inflater.push(piece, p + INFLATE_PIECE >= compressed.length);
  }
  if (overflow) {
    throw new ZipError('expands past the size its zip header declares (damaged, or a zip bomb)');
  }
  if (written !== entry.size) throw new ZipError('is shorter than its zip header says (damaged)');
  return out;
}
