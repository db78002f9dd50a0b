// Pixel statistics of an image set, for colour sets that have no classifier: per-channel mean
// and standard deviation and a joint colour histogram, and distances between two such summaries.
// They catch washed-out, too dark or wrongly coloured samples, not whether shapes are right.

export interface PixelStats {
  readonly channels: number;
  /** Per-channel mean in [0, 1]. */
  readonly mean: readonly number[];
  /** Per-channel standard deviation. */
  readonly std: readonly number[];
  /** Bins per channel of the joint histogram (bins^channels cells). */
  readonly bins: number;
  /** Normalised joint histogram, sums to 1; cell index = sum_c bin_c * bins^c. */
  readonly histogram: Float64Array;
}

export interface PixelStatsDistance {
  /** Euclidean distance between the per-channel means. */
  readonly meanDistance: number;
  /** Euclidean distance between the per-channel standard deviations. */
  readonly stdDistance: number;
  /** Total variation between the colour histograms: 0 identical, 1 disjoint. */
  readonly histogramDistance: number;
}

/** Default bins per channel: 16 grey levels, or 8 x 8 x 8 colour cells. */
export function defaultBins(channels: number): number {
  return channels === 1 ? 16 : 8;
}

/**
 * Summarises interleaved pixels [..., channels]; `scale` maps stored values to [0, 1]
 * (1/255 for uint8 images, 1 for floats already in [0, 1]).
 */
export function pixelStats(
  pixels: ArrayLike<number>,
  channels: number,
  options: { scale?: number; bins?: number } = {},
): PixelStats {
  const scale = options.scale ?? 1;
  const bins = options.bins ?? defaultBins(channels);
  const count = Math.floor(pixels.length / channels);
  if (count === 0) throw new Error('No pixels to summarise');
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  const histogram = new Float64Array(bins ** channels);
  for (let i = 0; i < count; i++) {
    let cell = 0;
    let stride = 1;
    for (let c = 0; c < channels; c++) {
      const v = Math.min(1, Math.max(0, pixels[i * channels + c] * scale));
      sum[c] += v;
      sumSq[c] += v * v;
      cell += Math.min(bins - 1, Math.floor(v * bins)) * stride;
      stride *= bins;
    }
    histogram[cell]++;
  }
  for (let k = 0; k < histogram.length; k++) histogram[k] /= count;
  const mean = Array.from(sum, (s) => s / count);
  const std = Array.from(sumSq, (s, c) => Math.sqrt(Math.max(0, s / count - mean[c] ** 2)));
  return { channels, mean, std, bins, histogram };
}

export function pixelStatsDistance(a: PixelStats, b: PixelStats): PixelStatsDistance {
  if (a.channels !== b.channels || a.bins !== b.bins) {
    throw new Error('Pixel statistics differ in channels or bins');
  }
  const euclid = (x: readonly number[], y: readonly number[]) =>
    Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0));
  let tv = 0;
  for (let k = 0; k < a.histogram.length; k++) tv += Math.abs(a.histogram[k] - b.histogram[k]);
  return {
    meanDistance: euclid(a.mean, b.mean),
    stdDistance: euclid(a.std, b.std),
    histogramDistance: tv / 2,
  };
}
