import { describe, expect, it } from 'vitest';
import { parseIdxImages, parseIdxLabels } from './idx';

function idx(magic: number, dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe('IDX reader', () => {
  it('reads images and labels', () => {
    const images = parseIdxImages(idx(0x803, [2, 1, 3], [1, 2, 3, 4, 5, 6]), 'x');
    expect([images.count, images.rows, images.cols]).toEqual([2, 1, 3]);
    expect([...images.pixels]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...parseIdxLabels(idx(0x801, [3], [7, 8, 9]), 'y')]).toEqual([7, 8, 9]);
  });

  it('rejects a wrong magic number or length, naming the file', () => {
    expect(() => parseIdxLabels(idx(0x803, [1], [1]), 'labels.idx')).toThrow(/labels\.idx.*magic/);
    expect(() => parseIdxImages(idx(0x803, [2, 1, 3], [1, 2]), 'im.idx')).toThrow(
      /im\.idx.*implies 22/,
    );
  });
});
