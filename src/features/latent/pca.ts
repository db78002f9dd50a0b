// The two principal components of a point cloud, by power iteration on the centred data (never
// forming the d x d covariance: 2,000 points of a 512-dimensional latent cost 2·n·d per
// iteration instead of n·d² once). Used to draw a VAE's encoded test images on a plane when its
// latent has more than two dimensions. No React, no tfjs: plain arithmetic, tested in Node.

export interface Projection {
  /** [n, 2] row-major: each point's coordinates along the two components. */
  readonly points: Float32Array;
  /** Fraction of the total variance along each component. */
  readonly explained: readonly [number, number];
}

const ITERATIONS = 200;
const TOLERANCE = 1e-9;

/** Projects `data` ([n, dim] row-major) onto its two principal components. */
export function pca2(data: Float32Array, dim: number): Projection {
  const n = dim > 0 ? Math.floor(data.length / dim) : 0;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += data[i * dim + j] / n;
  const centred = new Float64Array(n * dim);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const v = data[i * dim + j] - mean[j];
      centred[i * dim + j] = v;
      total += v * v;
    }
  }
  const first = component(centred, n, dim, []);
  const second = component(centred, n, dim, dim > 1 ? [first.axis] : []);
  const points = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    points[2 * i] = dot(centred, i * dim, first.axis);
    points[2 * i + 1] = dim > 1 ? dot(centred, i * dim, second.axis) : 0;
  }
  const share = (variance: number) => (total > 0 ? variance / total : 0);
  return { points, explained: [share(first.variance), dim > 1 ? share(second.variance) : 0] };
}

/**
 * The unit axis of largest variance orthogonal to `against` (power iteration: v <- Xᵀ X v), with
 * its sum of squared projections. The sign makes the axis's largest coordinate positive, so the
 * same data always gives the same picture.
 */
function component(
  x: Float64Array,
  n: number,
  dim: number,
  against: readonly Float64Array[],
): { axis: Float64Array; variance: number } {
  let axis = new Float64Array(dim);
  // A start that is not orthogonal to any component in practice: 1, 1/2, 1/3, ...
  for (let j = 0; j < dim; j++) axis[j] = 1 / (j + 1);
  orthonormalize(axis, against);
  let variance = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      const p = dot(x, i * dim, axis);
      for (let j = 0; j < dim; j++) next[j] += p * x[i * dim + j];
    }
    // No variance left outside `against` (data of lower rank): keep the start axis rather than
    // normalizing rounding noise into a direction.
    if (orthonormalize(next, against) < 1e-12) break;
    const change = axis.reduce((sum, a, j) => sum + (a - next[j]) ** 2, 0);
    axis = next;
    if (change < TOLERANCE) break;
  }
  for (let i = 0; i < n; i++) variance += dot(x, i * dim, axis) ** 2;
  let largest = 0;
  for (let j = 1; j < dim; j++) if (Math.abs(axis[j]) > Math.abs(axis[largest])) largest = j;
  if (axis[largest] < 0) for (let j = 0; j < dim; j++) axis[j] = -axis[j];
  return { axis, variance };
}

/**
 * Removes `v`'s parts along each (unit) vector of `against`, then scales it to length 1; returns
 * the length before scaling.
 */
function orthonormalize(v: Float64Array, against: readonly Float64Array[]): number {
  for (const u of against) {
    const p = dot(v, 0, u);
    for (let j = 0; j < v.length; j++) v[j] -= p * u[j];
  }
  const norm = Math.sqrt(dot(v, 0, v));
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j] /= norm;
  return norm;
}

/** The dot product of `u` with the row of `x` that starts at `offset`. */
function dot(x: Float64Array, offset: number, u: Float64Array): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += x[offset + j] * u[j];
  return s;
}
