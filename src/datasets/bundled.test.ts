// Loads the real built datasets (public/data, via `npm run data`) through the registry and the
// Node byte source, and checks what a trainer relies on: counts, shapes, pixel ranges, labels.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactSheet } from '../../datasets/build/contact-sheet';
import { encodePng } from '../lib/png';
import { FLAG_CODES } from './flags';
import { imageBytes, parseManifest } from './manifest';
import { DEFAULT_DATA_DIR, createNodeSource } from './node-source';
import { getDataset } from './registry';
import type { DatasetSplit, LoadedDataset } from './types';

const ARTIFACTS = fileURLToPath(new URL('../../tests/artifacts/', import.meta.url));

function pixelStats(images: Uint8Array): { mean: number; min: number; max: number } {
  let sum = 0;
  let min = 255;
  let max = 0;
  for (let i = 0; i < images.length; i++) {
    const v = images[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mean: sum / images.length, min, max };
}

function labelCounts(split: DatasetSplit, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of split.labels) counts[label]++;
  return counts;
}

// Each dataset is loaded once per test file, whichever test asks first.
const loaded = new Map<string, Promise<LoadedDataset>>();
function load(id: string): Promise<LoadedDataset> {
  if (!loaded.has(id)) loaded.set(id, loadChecked(id));
  return loaded.get(id)!;
}

async function loadChecked(id: string): Promise<LoadedDataset> {
  const fractions: number[] = [];
  const data = await getDataset(id).load({
    source: createNodeSource(),
    onProgress: (f) => fractions.push(f),
  });
  // Progress starts at 0, never goes back, and ends at 1.
  expect(fractions[0]).toBe(0);
  expect(fractions.at(-1)).toBe(1);
  for (let i = 1; i < fractions.length; i++)
    expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  return data;
}

async function manifestTotal(id: string): Promise<number> {
  const text = await readFile(path.join(DEFAULT_DATA_DIR, id, 'manifest.json'), 'utf8');
  return parseManifest(text, id, '').totalBytes;
}

function checkSplit(data: LoadedDataset, split: DatasetSplit, expectedCount: number): void {
  expect(split.count).toBe(expectedCount);
  expect(split.images).toBeInstanceOf(Uint8Array);
  expect(split.images.length).toBe(expectedCount * imageBytes(data.info.shape));
  expect(split.labels).toBeInstanceOf(Uint16Array);
  expect(split.labels.length).toBe(expectedCount);
}

describe.each([
  // Published means of the pixel values: MNIST 0.1307*255 = 33.3, Fashion-MNIST 0.2860*255 = 72.9.
  {
    id: 'mnist',
    train: 60_000,
    test: 10_000,
    mean: 33.3,
    perClass: [5_000, 7_000],
    testPerClass: [800, 1_200],
  },
  {
    id: 'fashion',
    train: 60_000,
    test: 10_000,
    mean: 72.9,
    perClass: [6_000, 6_000],
    testPerClass: [1_000, 1_000],
  },
])('$id', ({ id, train, test, mean, perClass, testPerClass }) => {
  let data: LoadedDataset;
  beforeAll(async () => {
    data = await load(id);
  });

  it('has the expected counts and shapes', () => {
    expect(data.info.shape).toEqual({ height: 28, width: 28, channels: 1 });
    checkSplit(data, data.train, train);
    checkSplit(data, data.test, test);
    expect(data.info.trainCount).toBe(train);
    expect(data.info.testCount).toBe(test);
  });

  it('has plausible pixel values', () => {
    for (const split of [data.train, data.test]) {
      const stats = pixelStats(split.images);
      expect(stats.min).toBe(0);
      expect(stats.max).toBe(255);
      expect(Math.abs(stats.mean - mean)).toBeLessThan(3);
    }
  });

  it('has 10 classes with plausible counts in each split', () => {
    expect(data.info.labelNames).toHaveLength(10);
    for (const [split, [lo, hi]] of [
      [data.train, perClass],
      [data.test, testPerClass],
    ] as const) {
      for (const n of labelCounts(split, 10)) {
        expect(n).toBeGreaterThanOrEqual(lo);
        expect(n).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('writes a contact sheet of the first test images', async () => {
    const sheet = contactSheet(data.test.images, data.info.shape, 100, 20);
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(
      path.join(ARTIFACTS, `${id}-contact-sheet.png`),
      await encodePng(sheet.rgba, sheet.width, sheet.height),
    );
  });

  it('states a download size close to the built files', async () => {
    const total = await manifestTotal(id);
    expect(Math.abs(data.info.downloadBytes - total) / total).toBeLessThan(0.05);
  });
});

describe('mnist download', () => {
  it('stays under 15 MB', async () => {
    expect(await manifestTotal('mnist')).toBeLessThan(15e6);
  });
});

describe('fashion split', () => {
  it('has no image in both train and test', async () => {
    const data = await load('fashion');
    const size = imageBytes(data.info.shape);
    const key = (s: DatasetSplit, i: number) =>
      Buffer.from(s.images.subarray(i * size, (i + 1) * size)).toString('base64');
    const testImages = new Set(
      Array.from({ length: data.test.count }, (_, i) => key(data.test, i)),
    );
    let shared = 0;
    for (let i = 0; i < data.train.count; i++) if (testImages.has(key(data.train, i))) shared++;
    // The package repeats a few images (54 byte-identical pairs within classes); a handful may
    // straddle the split, but a split that mixed the sets would share thousands.
    expect(shared).toBeLessThan(20);
  });
});

describe('flags', () => {
  let data: LoadedDataset;
  beforeAll(async () => {
    data = await load('flags');
  });

  it('holds all 271 flags as RGB 64x48, every 10th held out', () => {
    expect(data.info.shape).toEqual({ height: 48, width: 64, channels: 3 });
    expect(data.train.count + data.test.count).toBe(271);
    checkSplit(data, data.train, 244);
    checkSplit(data, data.test, 27);
    expect(data.info.labelNames).toHaveLength(271);
    const all = [...data.train.labels, ...data.test.labels].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 271 }, (_, i) => i));
    expect([...data.test.labels].every((label) => label % 10 === 9)).toBe(true);
  });

  it('has unique codes and names', () => {
    expect(new Set(FLAG_CODES).size).toBe(271);
    expect(new Set(data.info.labelNames).size).toBe(271);
    expect(FLAG_CODES).toContain('fr');
    expect(data.info.labelNames[FLAG_CODES.indexOf('fr')]).toBe('France');
  });

  it('has colourful, mostly opaque-looking pixels', () => {
    const stats = pixelStats(data.train.images);
    expect(stats.mean).toBeGreaterThan(60);
    expect(stats.mean).toBeLessThan(200);
    expect(stats.max).toBe(255);
  });

  it('renders known flags with their colours', () => {
    // Pixels away from edges against the fills in flag-icons' fr.svg and de.svg.
    const pixel = (code: string, x: number, y: number): number[] => {
      const label = FLAG_CODES.indexOf(code);
      const inTrain = [...data.train.labels].indexOf(label);
      const split = inTrain >= 0 ? data.train : data.test;
      const index = inTrain >= 0 ? inTrain : [...data.test.labels].indexOf(label);
      const o = ((index * 48 + y) * 64 + x) * 3;
      return [...split.images.subarray(o, o + 3)];
    };
    const near = (got: number[], want: number[]) =>
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThanOrEqual(2);
    // France: #000091 | #fff | #e1000f, vertical thirds.
    near(pixel('fr', 8, 24), [0x00, 0x00, 0x91]);
    near(pixel('fr', 32, 24), [0xff, 0xff, 0xff]);
    near(pixel('fr', 56, 24), [0xe1, 0x00, 0x0f]);
    // Germany: #000001 / red / #fc0 top to bottom (checks orientation).
    near(pixel('de', 32, 6), [0x00, 0x00, 0x01]);
    near(pixel('de', 32, 24), [0xff, 0x00, 0x00]);
    near(pixel('de', 32, 42), [0xff, 0xcc, 0x00]);
  });

  it('writes a contact sheet to look at', async () => {
    // Train and test merged back into label order: the sheet reads alphabetically by code.
    const size = imageBytes(data.info.shape);
    const ordered = new Uint8Array(271 * size);
    for (const split of [data.train, data.test]) {
      split.labels.forEach((label, i) =>
        ordered.set(split.images.subarray(i * size, (i + 1) * size), label * size),
      );
    }
    const sheet = contactSheet(ordered, data.info.shape, 271, 16);
    await mkdir(ARTIFACTS, { recursive: true });
    const png = await encodePng(sheet.rgba, sheet.width, sheet.height);
    await writeFile(path.join(ARTIFACTS, 'flags-contact-sheet.png'), png);
    expect(png.length).toBeGreaterThan(1000);
  });
});
