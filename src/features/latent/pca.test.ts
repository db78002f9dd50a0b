import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { pca2 } from './pca';

describe('pca2', () => {
  it('finds the axes of a cloud stretched along known directions, with their variance shares', () => {
    // 3-D points: variance 9 along (1, 1, 0)/√2, 1 along (0, 0, 1), 0.01 along (1, -1, 0)/√2.
    const rng = new Rng(7);
    const n = 4000;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const [a, b, c] = rng.normals(3);
      const u = 3 * a;
      const w = 0.1 * c;
      data[3 * i] = (u + w) / Math.SQRT2 + 5; // an offset the centring must remove
      data[3 * i + 1] = (u - w) / Math.SQRT2 - 2;
      data[3 * i + 2] = b;
    }
    const { points, explained } = pca2(data, 3);
    // The first coordinate is the projection on (1, 1, 0)/√2 (up to the fixed sign), the second
    // on the z axis: compare point by point with those hand-made projections (root mean square:
    // a sample's axes tilt slightly away from the true ones).
    // PCA centres on the sample's mean, so the references do too.
    const along = Array.from({ length: n }, (_, i) => (data[3 * i] + data[3 * i + 1]) / Math.SQRT2);
    const up = Array.from({ length: n }, (_, i) => data[3 * i + 2]);
    const centre = (v: number[]) => {
      const mean = v.reduce((sum, x) => sum + x, 0) / n;
      return v.map((x) => x - mean);
    };
    const [a, b] = [centre(along), centre(up)];
    let err1 = 0;
    let err2 = 0;
    for (let i = 0; i < n; i++) {
      err1 += (Math.abs(points[2 * i]) - Math.abs(a[i])) ** 2 / n;
      err2 += (Math.abs(points[2 * i + 1]) - Math.abs(b[i])) ** 2 / n;
    }
    expect(Math.sqrt(err1)).toBeLessThan(0.03);
    expect(Math.sqrt(err2)).toBeLessThan(0.03);
    // Shares of the total variance 9 + 1 + 0.01, to sampling noise.
    expect(explained[0]).toBeCloseTo(9 / 10.01, 1);
    expect(explained[1]).toBeCloseTo(1 / 10.01, 1);
  });

  it('gives the exact projection of a small hand-computed example', () => {
    // Four points on a line y = 2x through (1, 1): one component carries everything.
    const data = Float32Array.from([0, -1, 1, 1, 2, 3, 3, 5]);
    const { points, explained } = pca2(data, 2);
    const s = Math.sqrt(5); // |(1, 2)|; centred x is -1.5, -0.5, 0.5, 1.5
    const expected = [-1.5, -0.5, 0.5, 1.5].map((x) => (x * s) as number);
    expect(Array.from({ length: 4 }, (_, i) => points[2 * i])).toEqual(
      expected.map((e) => expect.closeTo(e, 5)),
    );
    for (let i = 0; i < 4; i++) expect(points[2 * i + 1]).toBeCloseTo(0, 5);
    expect(explained[0]).toBeCloseTo(1, 6);
    expect(explained[1]).toBeCloseTo(0, 6);
  });

  it('is deterministic in sign, and copes with no points', () => {
    const data = Float32Array.from([1, 0, -1, 0, 2, 0.1, -2, -0.1]);
    expect(pca2(data, 2).points).toEqual(pca2(data, 2).points);
    expect(pca2(new Float32Array(0), 4)).toEqual({
      points: new Float32Array(0),
      explained: [0, 0],
    });
  });
});
