import { describe, expect, it } from 'vitest';
import { lerp, slerp, slerpPath } from './slerp';

const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));

describe('slerp', () => {
  it('returns the endpoints at t = 0 and t = 1', () => {
    const a = [0.3, -1.2, 2.5, 0.1];
    const b = [-0.7, 0.4, 1.1, -2.0];
    expect(Array.from(slerp(a, b, 0))).toEqual(Array.from(Float32Array.from(a)));
    const end = slerp(a, b, 1);
    b.forEach((v, i) => expect(end[i]).toBeCloseTo(v, 6));
  });

  it('follows the unit circle in 2-D (independent reference: angles)', () => {
    const ta = 0.2;
    const tb = 1.9;
    const a = [Math.cos(ta), Math.sin(ta)];
    const b = [Math.cos(tb), Math.sin(tb)];
    for (const t of [0.1, 0.25, 0.5, 0.8]) {
      const angle = ta + t * (tb - ta);
      const p = slerp(a, b, t);
      expect(p[0]).toBeCloseTo(Math.cos(angle), 6);
      expect(p[1]).toBeCloseTo(Math.sin(angle), 6);
    }
  });

  it('keeps unit vectors on the unit sphere and equal norms constant; lerp does not', () => {
    const a = [1, 2, -2, 4].map((v) => v / 5);
    const b = [-3, 0, 4, 0].map((v) => v / 5);
    for (let t = 0; t <= 1; t += 0.125) {
      expect(norm(slerp(a, b, t))).toBeCloseTo(1, 6);
      const scaled = slerp(
        a.map((v) => v * 7),
        b.map((v) => v * 7),
        t,
      );
      expect(norm(scaled)).toBeCloseTo(7, 5);
    }
    expect(norm(lerp(a, b, 0.5))).toBeLessThan(0.8); // the straight line cuts inside
  });

  it('falls back to lerp for parallel, opposite and zero vectors', () => {
    const a = [1, 2, 3];
    for (const b of [
      [2, 4, 6],
      [-1, -2, -3],
      [0, 0, 0],
    ]) {
      expect(Array.from(slerp(a, b, 0.3))).toEqual(Array.from(lerp(a, b, 0.3)));
      expect(slerp(a, b, 0.3).every(Number.isFinite)).toBe(true);
    }
  });

  it('rejects vectors of different lengths', () => {
    expect(() => slerp([1, 2], [1, 2, 3], 0.5)).toThrow(/differ in length/);
  });
});

describe('slerpPath', () => {
  it('packs evenly spaced points, both ends included, as [steps, dim]', () => {
    const a = [1, 0, 0];
    const b = [0, 1, 0];
    const path = slerpPath(a, b, 5);
    expect(path.length).toBe(15);
    expect(Array.from(path.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(path[12]).toBeCloseTo(0, 6);
    expect(path[13]).toBeCloseTo(1, 6);
    // Middle point: 45 degrees.
    expect(path[6]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(path[7]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(() => slerpPath(a, b, 1)).toThrow();
  });
});
