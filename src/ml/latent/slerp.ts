// Spherical interpolation between latent vectors. Samples from N(0, I) in many dimensions lie
// near a sphere of radius sqrt(dim); a straight line between two of them passes through the
// low-norm middle the generator rarely saw in training, while the great-circle arc stays on the
// shell (White, "Sampling Generative Networks", 2016).

/** Below this sin(angle) the vectors count as parallel (or opposite) and we interpolate linearly. */
const PARALLEL_EPS = 1e-6;

/** Linear interpolation (1 - t) a + t b. */
export function lerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  checkSameLength(a, b);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - t) * a[i] + t * b[i];
  return out;
}

/**
 * Spherical interpolation: sin((1-t)w)/sin(w) a + sin(tw)/sin(w) b with w the angle between a
 * and b. Exact at the endpoints; for unit vectors every point is a unit vector, and for vectors
 * of equal length the length stays constant along the path. Falls back to `lerp` when the angle
 * is undefined (a zero vector) or sin(w) is tiny (parallel or opposite vectors).
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  checkSameLength(a, b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return lerp(a, b, t);
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)));
  const omega = Math.acos(cos);
  const sin = Math.sin(omega);
  if (sin < PARALLEL_EPS) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / sin;
  const wb = Math.sin(t * omega) / sin;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i] + wb * b[i];
  return out;
}

/**
 * `steps` evenly spaced points from a to b (both included) along the slerp path, packed row-major
 * as [steps, dim] for one `generate` call.
 */
export function slerpPath(a: ArrayLike<number>, b: ArrayLike<number>, steps: number): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`steps must be >= 2, got ${steps}`);
  const out = new Float32Array(steps * a.length);
  for (let s = 0; s < steps; s++) out.set(slerp(a, b, s / (steps - 1)), s * a.length);
  return out;
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new Error(`Latent vectors differ in length: ${a.length} and ${b.length}`);
  }
}
