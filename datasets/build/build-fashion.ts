// Fashion-MNIST from the fashion-mnist package: src/clothes/<class>.json holds {data: number[][]},
// one 784-value uint8 row per image, grouped by class and without the original train/test split.
// Split: the last FASHION_TEST_PER_CLASS images of every class are the test set. Within a split
// the classes are interleaved (image i has class i % 10) so that any prefix is balanced.

import { readFile } from 'node:fs/promises';
import { FASHION_TEST_PER_CLASS, fashionInfo } from '../../src/datasets/fashion';
import { packageId, packagePath } from './package-source';
import { imageShards, labelFile, type DatasetRecipe } from './recipe';

const PACKAGE = 'fashion-mnist';
const PIXELS = 28 * 28;
/** Every class of the package holds this many images (class 0 also has two empty rows, skipped). */
const PER_CLASS = 7_000;

/** One class's images as [count, 28, 28] bytes; throws on any malformed row. */
async function readClass(label: number): Promise<Uint8Array> {
  const name = `src/clothes/${label}.json`;
  const json = JSON.parse(await readFile(packagePath(PACKAGE, name), 'utf8')) as {
    data: number[][];
  };
  // Two rows of class 0 (indices 1000 and 7001) are empty arrays: a packaging artifact.
  const rows = json.data.filter((row) => row.length > 0);
  if (rows.length !== PER_CLASS) {
    throw new Error(`${name}: ${rows.length} non-empty images, expected ${PER_CLASS}`);
  }
  const images = new Uint8Array(rows.length * PIXELS);
  rows.forEach((row, i) => {
    if (row.length !== PIXELS) throw new Error(`${name}: image ${i} has ${row.length} values`);
    for (let p = 0; p < PIXELS; p++) {
      const v = row[p];
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`${name}: bad value ${v}`);
      images[i * PIXELS + p] = v;
    }
  });
  return images;
}

export const fashionRecipe: DatasetRecipe = {
  id: 'fashion',
  source: () => packageId(PACKAGE),
  keyParts: { recipe: 1, testPerClass: FASHION_TEST_PER_CLASS },
  async build() {
    const classes = fashionInfo.labelNames.length;
    const trainPerClass = PER_CLASS - FASHION_TEST_PER_CLASS;
    const counts = { train: trainPerClass * classes, test: FASHION_TEST_PER_CLASS * classes };
    const train = new Uint8Array(counts.train * PIXELS); // [60000, 28, 28]
    const test = new Uint8Array(counts.test * PIXELS); // [10000, 28, 28]
    const trainLabels = new Uint16Array(counts.train);
    const testLabels = new Uint16Array(counts.test);
    // One class at a time: a parsed JSON class is ~100 MB of JS numbers.
    for (let label = 0; label < classes; label++) {
      const images = await readClass(label);
      for (let k = 0; k < PER_CLASS; k++) {
        const isTest = k >= trainPerClass;
        const slot = (isTest ? k - trainPerClass : k) * classes + label; // interleaved by class
        (isTest ? test : train).set(images.subarray(k * PIXELS, (k + 1) * PIXELS), slot * PIXELS);
        (isTest ? testLabels : trainLabels)[slot] = label;
      }
    }
    return {
      shape: fashionInfo.shape,
      counts,
      labelNames: fashionInfo.labelNames,
      files: [
        ...imageShards('train', train, counts.train, PIXELS),
        labelFile('train', trainLabels, classes),
        ...imageShards('test', test, counts.test, PIXELS),
        labelFile('test', testLabels, classes),
      ],
    };
  },
};
