// datasets/checksums.json: the committed sha256 of every decoded data file. The build compares
// what it produced against it, so a changed source package or a changed recipe cannot slip by.
// Decoded bytes are pinned, not the gzip files: gzip output may differ between zlib builds
// (Node bundles Chromium's zlib, whose SIMD paths can choose different matches), the content not.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetManifest } from '../../src/datasets/manifest';
import { REPO_ROOT } from './package-source';

export const CHECKSUMS_FILE = path.join(REPO_ROOT, 'datasets', 'checksums.json');

export interface FileChecksum {
  readonly rawBytes: number;
  readonly sha256: string;
}

/** dataset id -> logical file name (without ".gz") -> checksum. */
export type Checksums = Record<string, Record<string, FileChecksum>>;

const ABOUT =
  'sha256 of the decoded bytes of every file that `npm run data` writes to public/data/<id>/. ' +
  'Rewrite only on purpose: npm run data -- --update-checksums';

export async function readChecksums(file = CHECKSUMS_FILE): Promise<Checksums> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = JSON.parse(text) as Record<string, unknown>;
  delete parsed.about; // the human-readable note, not a dataset
  return parsed as Checksums;
}

export async function writeChecksums(sums: Checksums, file = CHECKSUMS_FILE): Promise<void> {
  const sorted: Record<string, unknown> = { about: ABOUT };
  for (const id of Object.keys(sums).sort()) sorted[id] = sums[id];
  await writeFile(file, JSON.stringify(sorted, null, 2) + '\n');
}

function logicalName(filePath: string): string {
  return filePath.replace(/\.gz$/, '');
}

/** The checksums a manifest's files have, in checksums.json form. */
export function checksumsOf(manifest: DatasetManifest): Record<string, FileChecksum> {
  const out: Record<string, FileChecksum> = {};
  for (const f of manifest.files) {
    out[logicalName(f.path)] = { rawBytes: f.rawBytes, sha256: f.rawSha256 };
  }
  return out;
}

/** Differences between the committed checksums and a build; empty when they agree. */
export function compareChecksums(
  expected: Readonly<Record<string, FileChecksum>> | undefined,
  manifest: DatasetManifest,
): string[] {
  if (expected === undefined) return [`no entry for "${manifest.id}" in datasets/checksums.json`];
  const actual = checksumsOf(manifest);
  const problems: string[] = [];
  for (const [name, sum] of Object.entries(actual)) {
    const want = expected[name];
    if (want === undefined) problems.push(`${name}: not in checksums.json`);
    else if (want.sha256 !== sum.sha256 || want.rawBytes !== sum.rawBytes) {
      problems.push(
        `${name}: built ${sum.rawBytes} bytes sha256 ${sum.sha256}, ` +
          `expected ${want.rawBytes} bytes sha256 ${want.sha256}`,
      );
    }
  }
  for (const name of Object.keys(expected)) {
    if (!(name in actual)) problems.push(`${name}: in checksums.json but not built`);
  }
  return problems;
}
