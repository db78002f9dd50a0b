import { describe, expect, it } from 'vitest';
import { previewImages, previewIndices, takeImages } from './preview';
import type { DatasetSplit, ImageShape } from './types';

const shape: ImageShape = { height: 2, width: 2, channels: 1 };

/** Image i is filled with the value i; its label is 100 + i. */
function fakeSplit(count: number): DatasetSplit {
  const images = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) images.fill(i, i * 4, (i + 1) * 4);
  const labels = Uint16Array.from({ length: count }, (_, i) => 100 + i);
  const attributes = Float32Array.from({ length: count * 2 }, (_, k) => k);
  return { images, labels, count, attributes };
}

describe('previewImages', () => {
  it('picks images spread evenly over the split, with their labels and attributes', () => {
    const preview = previewImages(fakeSplit(10), shape, 5);
    expect(preview.count).toBe(5);
    expect([...preview.labels]).toEqual([100, 102, 104, 106, 108]);
    expect([...preview.images.subarray(4, 8)]).toEqual([2, 2, 2, 2]);
    expect([...preview.attributes!.subarray(2, 4)]).toEqual([4, 5]);
  });

  it('returns the whole split when asked for more than it has', () => {
    expect(previewImages(fakeSplit(3), shape, 10).count).toBe(3);
  });

  it('rejects an index outside the split', () => {
    expect(() => takeImages(fakeSplit(3), shape, [3])).toThrow(RangeError);
  });

  it('previews one image of each class in turn', () => {
    const train = { labels: Uint16Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]), count: 9 };
    const picked = previewIndices(train, 3, 6);
    expect(picked.map((i) => train.labels[i])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(new Set(picked).size).toBe(6);
  });
});
