import { describe, expect, it } from 'vitest';
import type { AttributeInfo } from '../../datasets/types';
import {
  addDirection,
  attributeDirection,
  defaultDirection,
  describeDirection,
  groupMask,
  maskedMean,
  tercileCuts,
} from './directions';

// Six images with 2-d latents, labels and two attributes: glasses (categorical) and smile.
const latents = Float32Array.from([1, 0, 3, 0, 5, 2, 0, 4, 2, 6, 4, 8]);
const labels = Uint16Array.from([0, 0, 0, 1, 1, 1]);
const attrs = Float32Array.from([
  // glasses, smile
  0, 0.1, 1, 0.9, 0, 0.5, 1, 0.2, 0, 0.8, 1, 0.4,
]);
const images = { count: 6, labels, attributes: attrs };
const attributes: AttributeInfo[] = [
  { name: 'glasses', kind: 'categorical', values: ['no', 'yes'] },
  { name: 'smile', kind: 'continuous' },
];

describe('attribute directions', () => {
  it('is the mean of the "to" group minus the mean of the "from" group (labels)', () => {
    const r = attributeDirection(latents, 2, images, 2, {
      from: { by: 'label', value: 0 },
      to: { by: 'label', value: 1 },
    });
    // Class 0: (1,0), (3,0), (5,2) -> mean (3, 2/3). Class 1: (0,4), (2,6), (4,8) -> (2, 6).
    expect(Array.from(r.meanFrom)).toEqual([3, Math.fround(2 / 3)]);
    expect(Array.from(r.meanTo)).toEqual([2, 6]);
    expect(r.direction[0]).toBeCloseTo(-1, 6);
    expect(r.direction[1]).toBeCloseTo(6 - 2 / 3, 6);
    expect([r.countFrom, r.countTo]).toEqual([3, 3]);
  });

  it('groups by a categorical attribute', () => {
    const r = attributeDirection(latents, 2, images, 2, {
      from: { by: 'category', attribute: 0, value: 0 },
      to: { by: 'category', attribute: 0, value: 1 },
    });
    // No glasses: images 0, 2, 4 -> (1,0),(5,2),(2,6) mean (8/3, 8/3); glasses: 1, 3, 5 -> (7/3, 4).
    expect(r.direction[0]).toBeCloseTo(7 / 3 - 8 / 3, 6);
    expect(r.direction[1]).toBeCloseTo(4 - 8 / 3, 6);
  });

  it('groups a continuous attribute by its lowest and highest thirds', () => {
    // Smile values 0.1 0.9 0.5 0.2 0.8 0.4: sorted 0.1 0.2 0.4 0.5 0.8 0.9; cuts at ranks 2 and 4.
    expect(tercileCuts([0.1, 0.9, 0.5, 0.2, 0.8, 0.4]).map((v) => Math.fround(v))).toEqual([
      Math.fround(0.4),
      Math.fround(0.8),
    ]);
    const low = groupMask({ by: 'tercile', attribute: 1, tercile: 'low' }, images, 2);
    const high = groupMask({ by: 'tercile', attribute: 1, tercile: 'high' }, images, 2);
    expect(Array.from(low)).toEqual([1, 0, 0, 1, 0, 1]);
    expect(Array.from(high)).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('says which group is empty', () => {
    expect(() =>
      attributeDirection(
        latents,
        2,
        images,
        2,
        { from: { by: 'label', value: 0 }, to: { by: 'label', value: 7 } },
        () => 'seven',
      ),
    ).toThrow(/"seven"/);
    expect(maskedMean(latents, 2, new Uint8Array(6))).toBeNull();
  });

  it('rejects attributes the set does not have', () => {
    const plain = { count: 6, labels };
    expect(() => groupMask({ by: 'category', attribute: 0, value: 1 }, plain, 0)).toThrow(
      /no attribute/,
    );
  });

  it('adds a scaled direction', () => {
    expect(Array.from(addDirection([1, 1], [2, -4], 0.5))).toEqual([2, -1]);
  });

  it('names directions the way the panel shows them', () => {
    const names = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    const digits = defaultDirection(names, []);
    expect(digits).toEqual({ from: { by: 'label', value: 3 }, to: { by: 'label', value: 8 } });
    expect(describeDirection(digits!, names, [])).toBe('3 towards 8');
    const glasses = defaultDirection(['bald', 'short'], attributes);
    expect(describeDirection(glasses!, [], attributes)).toBe('add glasses');
    expect(
      describeDirection(
        {
          from: { by: 'tercile', attribute: 1, tercile: 'low' },
          to: { by: 'tercile', attribute: 1, tercile: 'high' },
        },
        [],
        attributes,
      ),
    ).toBe('more smile');
    expect(defaultDirection(['image'], [])).toBeNull();
  });
});
