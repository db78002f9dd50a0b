// Fréchet distance between two Gaussians (the "FID" when the features come from a classifier):
//   d^2 = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)).
// S1 S2 is not symmetric, but it is similar to the symmetric PSD matrix A S2 A with A = S1^(1/2),
// so Tr((S1 S2)^(1/2)) = sum_i sqrt(lambda_i(A S2 A)): two symmetric eigendecompositions in
// float64, no complex square roots and no iteration that can stall.

import type { GaussianFit } from './gaussian';
import { matmul, sqrtPsd, symmetricEigen, trace } from './linalg';

export interface FrechetParts {
  /** The distance d^2 (what FID reports), >= 0 up to rounding. */
  readonly value: number;
  /** ||mu1 - mu2||^2 */
  readonly meanTerm: number;
  /** Tr(S1 + S2 - 2 (S1 S2)^(1/2)) */
  readonly covTerm: number;
}

export function frechetDistance(a: GaussianFit, b: GaussianFit): FrechetParts {
  if (a.dim !== b.dim) throw new Error(`Feature sizes differ: ${a.dim} vs ${b.dim}`);
  const n = a.dim;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;

  const root = sqrtPsd(a.cov, n); // S1^(1/2)
  const inner = matmul(matmul(root, b.cov, n), root, n); // S1^(1/2) S2 S1^(1/2), symmetric PSD
  const { values } = symmetricEigen(inner, n);
  let traceRoot = 0;
  for (const l of values) traceRoot += Math.sqrt(Math.max(l, 0));

  const covTerm = trace(a.cov, n) + trace(b.cov, n) - 2 * traceRoot;
  // Rounding can leave a tiny negative value for identical inputs; distances are not negative.
  return { value: Math.max(0, meanTerm + covTerm), meanTerm, covTerm };
}
