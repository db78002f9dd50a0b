import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { frechetDistance } from './frechet';
import { fitGaussian, type GaussianFit } from './gaussian';
import { matmul, sqrtPsd, symmetricEigen, trace } from './linalg';

// ---- independent references (no eigendecomposition) ---------------------------------------

/** Inverse by Gauss-Jordan elimination with partial pivoting. */
function inverse(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    }
    for (let k = 0; k < n; k++) {
      [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[col * n + k]];
      [inv[col * n + k], inv[pivot * n + k]] = [inv[pivot * n + k], inv[col * n + k]];
    }
    const d = m[col * n + col];
    for (let k = 0; k < n; k++) {
      m[col * n + k] /= d;
      inv[col * n + k] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col];
      for (let k = 0; k < n; k++) {
        m[r * n + k] -= f * m[col * n + k];
        inv[r * n + k] -= f * inv[col * n + k];
      }
    }
  }
  return inv;
}

/** Principal square root of a (non-symmetric) matrix with positive eigenvalues: Denman-Beavers. */
function sqrtDenmanBeavers(a: Float64Array, n: number): Float64Array {
  let y = Float64Array.from(a);
  let z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  for (let it = 0; it < 100; it++) {
    const yi = inverse(y, n);
    const zi = inverse(z, n);
    const ny = y.map((v, i) => 0.5 * (v + zi[i]));
    const nz = z.map((v, i) => 0.5 * (v + yi[i]));
    const change = ny.reduce((s, v, i) => s + Math.abs(v - y[i]), 0);
    y = ny;
    z = nz;
    if (change < 1e-14 * n * n) break;
  }
  return y;
}

/** Closed form ||mu1-mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)) with the Denman-Beavers root. */
function referenceFrechet(a: GaussianFit, b: GaussianFit): number {
  const n = a.dim;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const root = sqrtDenmanBeavers(matmul(a.cov, b.cov, n), n);
  return meanTerm + trace(a.cov, n) + trace(b.cov, n) - 2 * trace(root, n);
}

function randomSpd(n: number, rng: Rng): Float64Array {
  // B B^T / n + 0.1 I: symmetric, positive definite, condition number in the tens.
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      out[i * n + j] = s / n + (i === j ? 0.1 : 0);
    }
  }
  return out;
}

function gaussian(mean: number[], cov: Float64Array): GaussianFit {
  return { dim: mean.length, count: 1000, mean: Float64Array.from(mean), cov };
}

// ---- tests ----------------------------------------------------------------------------------

describe('symmetricEigen', () => {
  it('reconstructs a random symmetric matrix with orthonormal eigenvectors', () => {
    const n = 20;
    const rng = new Rng(11);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    }
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let back = 0;
        let dot = 0;
        for (let k = 0; k < n; k++) {
          back += vectors[i * n + k] * values[k] * vectors[j * n + k];
          dot += vectors[k * n + i] * vectors[k * n + j];
        }
        expect(back).toBeCloseTo(a[i * n + j], 10);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it('takes the square root of a PSD matrix: R R = S', () => {
    const n = 16;
    const s = randomSpd(n, new Rng(4));
    const r = sqrtPsd(s, n);
    const rr = matmul(r, r, n);
    rr.forEach((v, i) => expect(v).toBeCloseTo(s[i], 10));
  });
});

describe('frechetDistance', () => {
  it('is ~0 between a feature set and itself', () => {
    const rng = new Rng(2);
    const count = 600;
    const dim = 128;
    // Correlated, non-negative features like ReLU activations: [count, dim]
    const mix = Float64Array.from({ length: 8 * dim }, () => rng.normal());
    const features = new Float32Array(count * dim);
    for (let i = 0; i < count; i++) {
      const z = Array.from({ length: 8 }, () => rng.normal());
      for (let j = 0; j < dim; j++) {
        let v = 0.05 * rng.normal();
        for (let k = 0; k < 8; k++) v += z[k] * mix[k * dim + j];
        features[i * dim + j] = Math.max(0, v);
      }
    }
    const fit = fitGaussian(features, count, dim);
    const d = frechetDistance(fit, fit);
    expect(d.value).toBeLessThan(1e-8 * trace(fit.cov, dim));
    expect(Math.abs(d.covTerm)).toBeLessThan(1e-8 * trace(fit.cov, dim));
  });

  it('matches the closed form worked out by hand for diagonal covariances', () => {
    // ||(0,0,0) - (1,2,2)||^2 = 9; per axis a + b - 2 sqrt(ab): (1+4-4) + (4+1-4) + (9+9-18) = 2
    const a = gaussian([0, 0, 0], Float64Array.from([1, 0, 0, 0, 4, 0, 0, 0, 9]));
    const b = gaussian([1, 2, 2], Float64Array.from([4, 0, 0, 0, 1, 0, 0, 0, 9]));
    const d = frechetDistance(a, b);
    expect(d.meanTerm).toBeCloseTo(9, 12);
    expect(d.covTerm).toBeCloseTo(2, 12);
    expect(d.value).toBeCloseTo(11, 12);
  });

  it('matches an eigen-free Denman-Beavers reference on random SPD covariances', () => {
    for (const [n, seed] of [
      [5, 1],
      [12, 2],
      [30, 3],
    ]) {
      const rng = new Rng(seed);
      const a = gaussian(
        Array.from({ length: n }, () => rng.normal()),
        randomSpd(n, rng),
      );
      const b = gaussian(
        Array.from({ length: n }, () => rng.normal()),
        randomSpd(n, rng),
      );
      const ours = frechetDistance(a, b).value;
      const reference = referenceFrechet(a, b);
      expect(Math.abs(ours - reference)).toBeLessThan(1e-9 * reference);
      // Symmetric in its arguments, as a distance should be.
      expect(frechetDistance(b, a).value).toBeCloseTo(ours, 9);
    }
  });

  it('estimates the true distance from samples of two known Gaussians', () => {
    // N(0, I) vs N(m, 4 I) in 4-d: ||m||^2 + 4 * (1 + 4 - 2 * 2) = 4 + 4 = 8 with m = (1, 1, 1, 1).
    const rng = new Rng(9);
    const count = 20_000;
    const x = new Float32Array(count * 4).map(() => rng.normal());
    const y = new Float32Array(count * 4).map(() => 1 + 2 * rng.normal());
    const d = frechetDistance(fitGaussian(x, count, 4), fitGaussian(y, count, 4)).value;
    expect(d).toBeGreaterThan(7.6);
    expect(d).toBeLessThan(8.4);
  });
});

describe('fitGaussian', () => {
  it('computes the unbiased covariance', () => {
    // Points (0,0), (2,0), (0,2), (2,2): means (1,1), variances 4/3, covariance 0.
    const fit = fitGaussian([0, 0, 2, 0, 0, 2, 2, 2], 4, 2);
    expect(Array.from(fit.mean)).toEqual([1, 1]);
    expect(Array.from(fit.cov)).toEqual([4 / 3, 0, 0, 4 / 3]);
  });
});
