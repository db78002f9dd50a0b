// Nearest training image of each generated sample, to show beside it and to flag memorisation
// (a sample closer to a training image than `threshold` is probably a copy). Distances are the
// root-mean-square pixel difference with pixels in [0, 1]: 0 for an exact copy, about 0.3 for
// unrelated flags.
//
// The search runs on tfjs: ||s - t||^2 = ||s||^2 + ||t||^2 - 2 s.t over chunks of the training
// set ([n, P] x [P, chunk] products); the winner's distance is then recomputed exactly in float64,
// so an exact copy reports exactly 0.

import * as tf from '@tensorflow/tfjs';

/** Default RMS distance below which a sample counts as a copy of a training image (~10/255). */
export const MEMORIZATION_THRESHOLD = 0.04;

export interface NearestResult {
  /** Index into the training split of each sample's nearest image. */
  readonly indices: Int32Array;
  /** RMS pixel distance of each sample to that image. */
  readonly distances: Float32Array;
  readonly meanDistance: number;
  readonly medianDistance: number;
  readonly minDistance: number;
  /** Fraction of samples closer than `threshold` to some training image. */
  readonly memorizedFraction: number;
  readonly threshold: number;
}

/** Uint8 images row-major [count, pixelsPerImage]. */
export interface ByteImages {
  readonly images: Uint8Array;
  readonly count: number;
}

/** Training images per matrix product: bounds memory to chunk x P floats. */
const CHUNK = 256;

/**
 * samples: float pixels in [0, 1], row-major [n, P]; train: uint8 images [m, P].
 */
export async function nearestTraining(
  samples: Float32Array,
  train: ByteImages,
  pixelsPerImage: number,
  options: { threshold?: number } = {},
): Promise<NearestResult> {
  const p = pixelsPerImage;
  const n = samples.length / p;
  if (!Number.isInteger(n) || n === 0) throw new Error('samples must hold whole images');
  if (train.count === 0) throw new Error('The training split is empty');
  const best = new Float64Array(n).fill(Infinity);
  const indices = new Int32Array(n);

  const s = tf.tensor2d(samples, [n, p]); // [n, P]
  const sNorm = tf.tidy(() => tf.sum(tf.square(s), 1, true)); // [n, 1]
  try {
    for (let start = 0; start < train.count; start += CHUNK) {
      const size = Math.min(CHUNK, train.count - start);
      const [minD2, argMin] = tf.tidy(() => {
        const bytes = train.images.subarray(start * p, (start + size) * p);
        const t = tf.tensor2d(bytes, [size, p], 'int32').toFloat().div(255); // [c, P]
        const tNorm = tf.sum(tf.square(t), 1).reshape([1, size]); // [1, c]
        const d2 = sNorm.add(tNorm).sub(tf.matMul(s, t, false, true).mul(2)); // [n, c]
        return [tf.min(d2, 1), tf.argMin(d2, 1)];
      });
      const [dv, iv] = await Promise.all([minD2.data(), argMin.data()]);
      tf.dispose([minD2, argMin]);
      for (let i = 0; i < n; i++) {
        if (dv[i] < best[i]) {
          best[i] = dv[i];
          indices[i] = start + iv[i];
        }
      }
    }
  } finally {
    tf.dispose([s, sNorm]);
  }

  const distances = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    distances[i] = rmsDistance(samples, i, train.images, indices[i], p);
  }
  return summarise(indices, distances, options.threshold ?? MEMORIZATION_THRESHOLD);
}

/** Exact float64 RMS distance between sample `i` (floats in [0, 1]) and training image `j`. */
export function rmsDistance(
  samples: ArrayLike<number>,
  i: number,
  train: Uint8Array,
  j: number,
  p: number,
): number {
  let sum = 0;
  for (let k = 0; k < p; k++) {
    // fround: a float32 copy of a training image (as a tensor would hold it) is at distance 0.
    const d = samples[i * p + k] - Math.fround(train[j * p + k] / 255);
    sum += d * d;
  }
  return Math.sqrt(sum / p);
}

/** Brute force in plain JavaScript: the reference the tfjs search is tested against. */
export function nearestTrainingExact(
  samples: Float32Array,
  train: ByteImages,
  p: number,
  threshold = MEMORIZATION_THRESHOLD,
): NearestResult {
  const n = samples.length / p;
  const indices = new Int32Array(n);
  const distances = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let bestD = Infinity;
    for (let j = 0; j < train.count; j++) {
      const d = rmsDistance(samples, i, train.images, j, p);
      if (d < bestD) {
        bestD = d;
        indices[i] = j;
      }
    }
    distances[i] = bestD;
  }
  return summarise(indices, distances, threshold);
}

function summarise(indices: Int32Array, distances: Float32Array, threshold: number): NearestResult {
  const sorted = Float32Array.from(distances).sort();
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  let sum = 0;
  let close = 0;
  for (const d of distances) {
    sum += d;
    if (d < threshold) close++;
  }
  return {
    indices,
    distances,
    meanDistance: sum / n,
    medianDistance: median,
    minDistance: sorted[0],
    memorizedFraction: close / n,
    threshold,
  };
}
