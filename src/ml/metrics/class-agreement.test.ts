import { describe, expect, it } from 'vitest';
import { classAgreement, classAgreementByClass, predictedClasses } from './class-agreement';

describe('class agreement', () => {
  it('counts the samples predicted as the class they were asked for', () => {
    // Asked 0,1,2,0,1,2; seen 0,1,1,0,2,2: samples 0, 1, 3 and 5 agree, 4 of 6.
    expect(classAgreement([0, 1, 1, 0, 2, 2], Int32Array.from([0, 1, 2, 0, 1, 2]))).toBeCloseTo(
      4 / 6,
      12,
    );
    expect(classAgreement(Uint16Array.from([3, 3]), [3, 3])).toBe(1);
    expect(classAgreement([1, 0], [0, 1])).toBe(0);
  });

  it('splits the agreement by asked class, null for a class nobody asked for', () => {
    // Class 0: asked at 0 and 3, both seen as 0 -> 1. Class 1: asked at 1 and 4, seen 1 and 2
    // -> 0.5. Class 2: asked at 2 and 5, seen 1 and 2 -> 0.5. Class 3: never asked.
    expect(classAgreementByClass([0, 1, 1, 0, 2, 2], [0, 1, 2, 0, 1, 2], 4)).toEqual([
      1,
      0.5,
      0.5,
      null,
    ]);
  });

  it('takes probabilities through their most probable class', () => {
    const probabilities = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3];
    const seen = predictedClasses(probabilities, 3);
    expect(Array.from(seen)).toEqual([0, 2, 1]);
    // Asked 0, 1, 1: the first and the last agree.
    expect(classAgreement(seen, [0, 1, 1])).toBeCloseTo(2 / 3, 12);
  });

  it('refuses mismatched lengths, no samples and classes out of range', () => {
    expect(() => classAgreement([0, 1], [0])).toThrow(/2 predictions for 1/);
    expect(() => classAgreement([], [])).toThrow(/at least one/);
    expect(() => classAgreementByClass([0], [5], 4)).toThrow(/out of range/);
    expect(() => predictedClasses([0.5, 0.5, 1], 2)).toThrow(/rows of 2/);
  });
});
