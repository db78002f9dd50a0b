// The build's bookkeeping on a tiny made-up dataset in a temp folder: it writes files the
// loader accepts, skips a second run, rebuilds when a file is damaged, and reports checksum drift.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundledDataset } from '../../src/datasets/load-bundled';
import { createNodeSource } from '../../src/datasets/node-source';
import type { DatasetInfo } from '../../src/datasets/types';
import { checksumsOf, compareChecksums } from './checksums';
import { imageShards, labelFile, type DatasetRecipe } from './recipe';
import { ensureDataset } from './write-dataset';

const shape = { height: 4, width: 4, channels: 1 } as const;
const info: DatasetInfo = {
  id: 'tiny',
  name: 'Tiny',
  description: 'test',
  shape,
  trainCount: 6,
  testCount: 2,
  labelNames: ['a', 'b'],
  source: 'test',
  license: 'test',
  downloadBytes: 0,
};

let builds = 0;
let fill = 7;
const recipe: DatasetRecipe = {
  id: 'tiny',
  source: async () => 'tiny@1',
  keyParts: { recipe: 1 },
  async build() {
    builds++;
    // Image i is all (fill + i); mostly constant bytes, so gzip pays.
    const images = (n: number, offset: number) =>
      Uint8Array.from({ length: n * 16 }, (_, k) => fill + offset + Math.floor(k / 16));
    return {
      shape,
      counts: { train: 6, test: 2 },
      labelNames: info.labelNames,
      files: [
        ...imageShards('train', images(6, 0), 6, 16),
        labelFile('train', [0, 1, 0, 1, 0, 1], 2),
        ...imageShards('test', images(2, 6), 2, 16),
        labelFile('test', [1, 0], 2),
      ],
    };
  },
};

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'build-'));
  builds = 0;
  fill = 7;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ensureDataset', () => {
  it('writes a dataset the loader reads back exactly', async () => {
    const { status, manifest } = await ensureDataset(recipe, root, false);
    expect(status).toBe('built');
    expect(manifest.files.map((f) => f.path)).toContain('train-images-0.u8.gz');
    const data = await loadBundledDataset(info, { source: createNodeSource(root) });
    expect([...data.train.labels]).toEqual([0, 1, 0, 1, 0, 1]);
    expect(data.train.images[5 * 16]).toBe(7 + 5);
    expect(data.test.images[1 * 16]).toBe(7 + 7);
  });

  it('skips a second run and rebuilds a damaged or forced one', async () => {
    await ensureDataset(recipe, root, false);
    expect((await ensureDataset(recipe, root, false)).status).toBe('up to date');
    expect(builds).toBe(1);

    const file = path.join(root, 'tiny', 'train-images-0.u8.gz');
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 1;
    await writeFile(file, bytes);
    expect((await ensureDataset(recipe, root, false)).status).toBe('built');
    expect(builds).toBe(2);

    expect((await ensureDataset(recipe, root, true)).status).toBe('built');
    expect(builds).toBe(3);
  });

  it('reports every file whose content drifted from the committed checksums', async () => {
    const first = await ensureDataset(recipe, root, false);
    const committed = checksumsOf(first.manifest);
    expect(compareChecksums(committed, first.manifest)).toEqual([]);

    fill = 8; // a "new package version" that changes the images but not the labels
    const second = await ensureDataset(recipe, root, true);
    const problems = compareChecksums(committed, second.manifest);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/train-images-0\.u8: built 96 bytes sha256 [0-9a-f]{64}/);
    expect(compareChecksums(undefined, second.manifest)[0]).toMatch(/no entry for "tiny"/);
  });
});
