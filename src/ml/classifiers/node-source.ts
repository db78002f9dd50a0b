// Node only (CLI, benchmarks, tests): reads the committed classifiers from public/classifiers.
// Browser code uses createFetchSource(new URL('classifiers/', base)) instead.

import { fileURLToPath } from 'node:url';
import { createNodeSource } from '../../datasets/node-source';
import type { ByteSource } from '../../datasets/types';

export const CLASSIFIER_DIR = fileURLToPath(
  new URL('../../../public/classifiers/', import.meta.url),
);

export function classifierNodeSource(dir: string = CLASSIFIER_DIR): ByteSource {
  return createNodeSource(dir);
}
