// A dataset that is missing, truncated, corrupt or stale must fail with a DatasetError that
// names the file and says what to do. Works on temporary copies of the built flags files.

import { cp, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetManifest } from './manifest';
import { DEFAULT_DATA_DIR, createNodeSource } from './node-source';
import { getDataset } from './registry';
import { DatasetError } from './types';

let root: string;
let manifest: DatasetManifest;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'datasets-'));
  await cp(path.join(DEFAULT_DATA_DIR, 'flags'), path.join(root, 'flags'), { recursive: true });
  manifest = JSON.parse(await readFile(path.join(root, 'flags', 'manifest.json'), 'utf8'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const loadFlags = () => getDataset('flags').load({ source: createNodeSource(root) });
const biggest = () => [...manifest.files].sort((a, b) => b.bytes - a.bytes)[0];

async function expectDatasetError(pattern: RegExp): Promise<DatasetError> {
  const err = await loadFlags().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetError);
  expect((err as DatasetError).message).toMatch(pattern);
  return err as DatasetError;
}

describe('loading a damaged dataset', () => {
  it('loads the intact copy', async () => {
    const data = await loadFlags();
    expect(data.train.count + data.test.count).toBe(271);
  });

  it('names a missing file and says to run npm run data', async () => {
    const file = manifest.files.find((f) => f.kind === 'labels' && f.split === 'test')!;
    await unlink(path.join(root, 'flags', file.path));
    const err = await expectDatasetError(/Missing data file/);
    expect(err.message).toContain(file.path);
    expect(err.message).toContain('npm run data');
  });

  it('names a missing dataset folder', async () => {
    await rm(path.join(root, 'flags'), { recursive: true });
    await expectDatasetError(/Missing data file .*flags.*manifest\.json.*npm run data/);
  });

  it('calls a truncated file truncated', async () => {
    const file = biggest();
    await truncate(path.join(root, 'flags', file.path), Math.floor(file.bytes / 2));
    const err = await expectDatasetError(/is truncated/);
    expect(err.message).toContain(file.path);
    expect(err.message).toContain('npm run data');
  });

  it('catches a truncated gzip stream even when the manifest is changed to match', async () => {
    // Defeats the size check, so the gzip decoder itself must notice the missing end.
    const file = biggest();
    const short = Math.floor(file.bytes * 0.8);
    await truncate(path.join(root, 'flags', file.path), short);
    const edited = {
      ...manifest,
      files: manifest.files.map((f) => (f.path === file.path ? { ...f, bytes: short } : f)),
    };
    await writeFile(path.join(root, 'flags', 'manifest.json'), JSON.stringify(edited));
    const err = await expectDatasetError(/damaged|truncated/);
    expect(err.message).toContain(file.path);
  });

  it('catches a flipped byte', async () => {
    const file = biggest();
    const full = path.join(root, 'flags', file.path);
    const bytes = await readFile(full);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await writeFile(full, bytes);
    const err = await expectDatasetError(/damaged|corrupt/);
    expect(err.message).toContain(file.path);
  });

  it('catches a wrong label that keeps the size, by the sha256', async () => {
    const file = manifest.files.find((f) => f.kind === 'labels' && f.encoding === 'identity')!;
    const full = path.join(root, 'flags', file.path);
    const bytes = await readFile(full);
    bytes[0] ^= 1; // still a valid label index
    await writeFile(full, bytes);
    const err = await expectDatasetError(/corrupt.*sha256/);
    expect(err.message).toContain(file.path);
  });

  it('rejects a manifest from another build of the data', async () => {
    // Internally consistent, but not what the code expects: an older or newer flag list.
    const stale = { ...manifest, labelNames: ['Atlantis', ...manifest.labelNames.slice(1)] };
    await writeFile(path.join(root, 'flags', 'manifest.json'), JSON.stringify(stale));
    await expectDatasetError(/does not match this version.*npm run data/);
  });

  it('rejects a manifest that is not JSON (an HTML fallback page)', async () => {
    await writeFile(path.join(root, 'flags', 'manifest.json'), '<!doctype html><html></html>');
    await expectDatasetError(/not valid JSON \(got HTML/);
  });

  it('accepts a file a web server already un-gzipped', async () => {
    // Servers that send .gz with Content-Encoding: gzip hand the browser the decoded bytes.
    const file = biggest();
    expect(file.encoding).toBe('gzip');
    const full = path.join(root, 'flags', file.path);
    await writeFile(full, gunzipSync(await readFile(full)));
    const data = await loadFlags();
    expect(data.train.count).toBe(244);
  });
});
