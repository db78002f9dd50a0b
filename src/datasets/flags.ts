// World flags: every 4:3 flag of the flag-icons package, rasterized once at build time to RGB
// 64x48 (width 64, height 48). Label i is FLAGS[i] (sorted by code); every 10th is held out.

import { FLAG_NAMES, FLAGS, isFlagTestIndex } from './flag-list';
import { loadBundledDataset } from './load-bundled';
import type { DatasetInfo, LoadOptions, LoadedDataset } from './types';

export { FLAG_CODES, FLAG_NAMES, FLAGS, isFlagTestIndex } from './flag-list';

const testCount = FLAGS.filter((_, i) => isFlagTestIndex(i)).length;

export const flagsInfo: DatasetInfo = {
  id: 'flags',
  name: 'World flags',
  description: `${FLAGS.length} flags of countries and regions, RGB 64x48; every 10th (by code) held out for test.`,
  shape: { height: 48, width: 64, channels: 3 },
  trainCount: FLAGS.length - testCount,
  testCount,
  labelNames: FLAG_NAMES,
  classNote:
    'every flag is a class of its own with a single image, so there is nothing to learn per class.',
  source: 'flag-icons@7.5.0 (npm), rendered with @resvg/resvg-js',
  license: 'flag-icons: MIT, Copyright (c) 2013 Panayiotis Lipiridis',
  // Sum of the gzip files in public/data/flags/manifest.json (zlib level 6), measured.
  downloadBytes: 220_000,
};

export function loadFlags(options: LoadOptions): Promise<LoadedDataset> {
  return loadBundledDataset(flagsInfo, options);
}
