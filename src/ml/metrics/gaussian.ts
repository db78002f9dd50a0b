// The Gaussian fit behind the Fréchet distance: mean and (unbiased) covariance of a set of feature
// vectors, accumulated in float64.

export interface GaussianFit {
  readonly dim: number;
  /** Number of vectors the fit was made from. */
  readonly count: number;
  /** [dim] */
  readonly mean: Float64Array;
  /** [dim, dim] row-major, divided by count - 1. */
  readonly cov: Float64Array;
}

/** Fits a Gaussian to `count` row-major vectors of length `dim` ([count, dim]). */
export function fitGaussian(vectors: ArrayLike<number>, count: number, dim: number): GaussianFit {
  if (count < 2) throw new Error(`A covariance needs at least 2 vectors, got ${count}`);
  if (vectors.length < count * dim) {
    throw new Error(`Expected ${count * dim} values for ${count} x ${dim}, got ${vectors.length}`);
  }
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) mean[j] += vectors[i * dim + j];
  }
  for (let j = 0; j < dim; j++) mean[j] /= count;

  // Upper triangle of sum (x - mean)(x - mean)^T, then mirrored.
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) centred[j] = vectors[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      const row = a * dim;
      for (let b = a; b < dim; b++) cov[row + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const value = cov[a * dim + b] / (count - 1);
      cov[a * dim + b] = value;
      cov[b * dim + a] = value;
    }
  }
  return { dim, count, mean, cov };
}
