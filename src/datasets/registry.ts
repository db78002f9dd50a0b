// One registry of every dataset: id -> static info (shape, labels, counts, license) and loader.
// The worker, the command line and the tests all look datasets up here.

import { facesInfo, loadFaces } from './faces';
import { fashionInfo, loadFashion } from './fashion';
import { flagsInfo, loadFlags } from './flags';
import { loadMnist, mnistInfo } from './mnist';
import { DatasetError, type DatasetInfo, type LoadOptions, type LoadedDataset } from './types';

export interface DatasetEntry {
  readonly info: DatasetInfo;
  load(options: LoadOptions): Promise<LoadedDataset>;
}

const ENTRIES: readonly DatasetEntry[] = [
  { info: mnistInfo, load: loadMnist },
  { info: fashionInfo, load: loadFashion },
  { info: flagsInfo, load: loadFlags },
  // Generated in the worker by the project's own code: nothing to download.
  { info: facesInfo, load: loadFaces },
];

export const DATASET_IDS: readonly string[] = ENTRIES.map((e) => e.info.id);

export function getDataset(id: string): DatasetEntry {
  const entry = ENTRIES.find((e) => e.info.id === id);
  if (entry === undefined) {
    throw new DatasetError(`Unknown dataset "${id}". Valid ids: ${DATASET_IDS.join(', ')}.`);
  }
  return entry;
}

export function listDatasets(): DatasetInfo[] {
  return ENTRIES.map((e) => e.info);
}
