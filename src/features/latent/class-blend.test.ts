import { describe, expect, it } from 'vitest';
import { classBlend, classBlendPath, repeatRows } from './class-blend';

describe('class blends', () => {
  it('walks the one-hot weights linearly from class A to class B', () => {
    expect(Array.from(classBlend(3, 0, 2, 0))).toEqual([1, 0, 0]);
    expect(Array.from(classBlend(3, 0, 2, 0.25))).toEqual([0.75, 0, 0.25]);
    expect(Array.from(classBlend(3, 0, 2, 1))).toEqual([0, 0, 1]);
    // The same class at both ends stays that class all the way.
    expect(Array.from(classBlend(3, 1, 1, 0.4))).toEqual([0, 1, 0]);
  });

  it('lays a path out as rows, both ends included, each summing to 1', () => {
    const path = classBlendPath(2, 1, 0, 5);
    expect(Array.from(path)).toEqual([0, 1, 0.25, 0.75, 0.5, 0.5, 0.75, 0.25, 1, 0]);
    for (let r = 0; r < 5; r++) expect(path[2 * r] + path[2 * r + 1]).toBeCloseTo(1, 6);
  });

  it('refuses a class the model does not have', () => {
    expect(() => classBlend(3, 0, 3, 0.5)).toThrow('Class 3 is out of range');
  });

  it('repeats one noise vector for every image of a strip', () => {
    expect(Array.from(repeatRows(Float32Array.of(1, 2), 3))).toEqual([1, 2, 1, 2, 1, 2]);
  });
});
