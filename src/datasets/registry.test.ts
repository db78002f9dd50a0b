import { describe, expect, it } from 'vitest';
import { DATASET_IDS, getDataset, listDatasets } from './registry';
import { DatasetError } from './types';

describe('dataset registry', () => {
  it('registers the bundled datasets under their ids', () => {
    for (const id of ['mnist', 'fashion', 'flags', 'faces']) {
      expect(DATASET_IDS).toContain(id);
      expect(getDataset(id).info.id).toBe(id);
    }
    expect(listDatasets().map((d) => d.id)).toEqual([...DATASET_IDS]);
  });

  it('gives every dataset a license, source and consistent label names', () => {
    for (const info of listDatasets()) {
      expect(info.license.length).toBeGreaterThan(0);
      expect(info.source.length).toBeGreaterThan(0);
      expect(info.labelNames.length).toBeGreaterThan(0);
      expect(info.trainCount).toBeGreaterThan(info.testCount);
    }
  });

  it('rejects an unknown id with a DatasetError listing the valid ids', () => {
    expect(() => getDataset('cifar')).toThrow(DatasetError);
    expect(() => getDataset('cifar')).toThrow(
      /Unknown dataset "cifar".*mnist, fashion, flags, faces/,
    );
  });
});
