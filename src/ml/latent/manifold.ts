// Coordinates for the classic picture of a 2-dimensional VAE latent (Kingma & Welling 2014,
// fig. 4): decode a square grid whose points are evenly spaced in probability, not in z, so
// every cell covers the same prior mass of N(0, I).

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error below
 * 1.2e-9 over (0, 1)).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * `size` quantiles of N(0, 1) at probabilities evenly spaced from `margin` to 1 - `margin`
 * (0.05 to 0.95 by default: about -1.64 to 1.64).
 */
export function gaussianQuantiles(size: number, margin = 0.05): Float64Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`size must be >= 1, got ${size}`);
  if (!(margin > 0 && margin < 0.5)) throw new Error(`margin must be in (0, 0.5), got ${margin}`);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const p = size === 1 ? 0.5 : margin + ((1 - 2 * margin) * i) / (size - 1);
    out[i] = normalQuantile(p);
  }
  return out;
}

/**
 * Latent points [size * size, 2] for a size x size manifold picture, row-major as the picture is
 * laid out: z1 grows left to right, z2 grows bottom to top (row 0 is the highest z2), as on a
 * plot's axes.
 */
export function manifoldGrid(size: number, margin = 0.05): Float32Array {
  const q = gaussianQuantiles(size, margin);
  const out = new Float32Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const k = (row * size + col) * 2;
      out[k] = q[col];
      out[k + 1] = q[size - 1 - row];
    }
  }
  return out;
}
