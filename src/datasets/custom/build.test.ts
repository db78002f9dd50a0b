import { describe, expect, it } from 'vitest';
import {
  buildCustomDataset,
  customDatasetId,
  customDatasetInfo,
  importSummary,
  isCustomDatasetId,
  testCountFor,
} from './build';

const shape = { height: 2, width: 2, channels: 1 as const };
/** Image k is four pixels of value k: easy to track through the split. */
const images = (n: number) => Array.from({ length: n }, (_, k) => new Uint8Array(4).fill(k));

describe('buildCustomDataset', () => {
  it('holds out 10% for test, at least one image once there are two', () => {
    expect([0, 1, 2, 9, 10, 42, 1000].map(testCountFor)).toEqual([0, 0, 1, 1, 1, 4, 100]);
  });

  it('splits every image into exactly one split, the same way each time', () => {
    const info = { id: 'custom-x-1', name: 'x', shape };
    const data = buildCustomDataset(info, images(20), 1);
    expect(data.info.description).toMatch(/^20 of your own images/);
    expect([data.train.count, data.test.count]).toEqual([18, 2]);
    expect([data.info.trainCount, data.info.testCount]).toEqual([18, 2]);
    const values = (split: { images: Uint8Array; count: number }) =>
      Array.from({ length: split.count }, (_, k) => split.images[k * 4]);
    const all = [...values(data.train), ...values(data.test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(Array.from(data.train.labels)).toEqual(new Array(18).fill(0));
    expect(values(buildCustomDataset(info, images(20), 1).test)).toEqual(values(data.test));
    // Shuffled, not the first images in file order.
    expect(values(data.train)).not.toEqual(Array.from({ length: 18 }, (_, k) => k));
  });

  it('rejects images of the wrong size', () => {
    const info = { id: 'custom-x-1', name: 'x', shape };
    expect(() => buildCustomDataset(info, [new Uint8Array(3)])).toThrow(/expected 4/);
  });

  it('describes the set like a bundled one, with one label', () => {
    const info = customDatasetInfo('custom-cats-1', 'Cats', { ...shape, channels: 3 }, 9, 1);
    expect(info.labelNames).toEqual(['image']);
    expect(info.description).toMatch(/^10 of your own images, centre-cropped to 2x2 RGB/);
  });
});

describe('ids and summaries', () => {
  it('makes readable custom ids', () => {
    const id = customDatasetId('My Cats & Dogs!', 1_700_000_000_000);
    expect(id).toBe(`custom-my-cats-dogs-${(1_700_000_000_000).toString(36)}`);
    expect(isCustomDatasetId(id)).toBe(true);
    expect(isCustomDatasetId('mnist')).toBe(false);
    expect(customDatasetId('***', 1)).toBe('custom-images-1');
  });

  it('summarizes imports with the first reasons', () => {
    expect(importSummary(1, [])).toBe('1 image imported.');
    const skipped = [
      { path: 'a.txt', reason: 'is not an image' },
      { path: 'b.png', reason: 'could not be decoded' },
      { path: 'c.jpg', reason: 'is 30 MB, over the limit' },
    ];
    expect(importSummary(42, skipped)).toBe(
      '42 images imported, 3 skipped: a.txt is not an image, b.png could not be decoded, c.jpg is 30 MB, over the limit.',
    );
    expect(importSummary(42, skipped, 1)).toBe(
      '42 images imported, 3 skipped: a.txt is not an image, and 2 more.',
    );
  });
});
