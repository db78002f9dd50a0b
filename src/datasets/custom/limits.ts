// What the custom-dataset import accepts. Numbers a person can read in a skip message.

export interface ImportLimits {
  /** Larger image files are skipped before reading them. */
  readonly maxImageBytes: number;
  /** Larger images (width x height) are skipped before decoding them where the header says. */
  readonly maxPixels: number;
  /** Larger zip files are skipped before reading them. */
  readonly maxZipBytes: number;
  /** Zip bomb guard: total uncompressed bytes read from one zip. */
  readonly maxZipTotalBytes: number;
  /** Zip bomb guard: uncompressed / compressed size of one entry (checked above 1 MB). */
  readonly maxZipRatio: number;
  /** Entries read from one zip. */
  readonly maxZipEntries: number;
  /** Images kept in one dataset (memory: 20,000 RGB images at 64x64 are 245 MB). */
  readonly maxImages: number;
  /**
   * Smallest shorter side, as a fraction of the dataset's side: images between this and the
   * side are upscaled (blurry, but kept); smaller ones are skipped (an icon of a few pixels
   * blown up to 64x64 teaches a model nothing but blocks).
   */
  readonly minSideFraction: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxImageBytes: 20 * 2 ** 20,
  maxPixels: 40_000_000,
  maxZipBytes: 1024 * 2 ** 20,
  maxZipTotalBytes: 1024 * 2 ** 20,
  maxZipRatio: 100,
  maxZipEntries: 50_000,
  maxImages: 20_000,
  minSideFraction: 0.25,
};

/** The smallest shorter side an image may have for a dataset of `target` pixels a side. */
export function minSideFor(target: number, limits: ImportLimits): number {
  return Math.max(1, Math.ceil(target * limits.minSideFraction));
}

/** "20 MB", "1.5 GB": sizes for messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 && !Number.isInteger(value) ? 1 : 0;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
