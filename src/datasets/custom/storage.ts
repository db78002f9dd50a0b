// Where imported datasets live between visits: IndexedDB (through idb) in browsers, a Map in
// Node and in tests. One record per dataset holds both splits' pixels.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetInfo, LoadedDataset } from '../types';
import type { StoredDatasetSummary } from './types';

export interface StoredDataset {
  readonly id: string;
  readonly createdAt: number;
  readonly info: DatasetInfo;
  readonly train: Uint8Array;
  readonly test: Uint8Array;
  /** Class per image, when the set has class folders (sets stored without them have none). */
  readonly trainLabels?: Uint16Array;
  readonly testLabels?: Uint16Array;
}

export interface CustomDatasetStorage {
  /** True when sets survive a reload (IndexedDB), false for the in-memory fallback. */
  readonly persistent: boolean;
  put(record: StoredDataset): Promise<void>;
  get(id: string): Promise<StoredDataset | undefined>;
  list(): Promise<StoredDatasetSummary[]>;
  delete(id: string): Promise<void>;
}

export function toStored(data: LoadedDataset, createdAt: number): StoredDataset {
  return {
    id: data.info.id,
    createdAt,
    info: data.info,
    train: data.train.images,
    test: data.test.images,
    ...(data.info.labelNames.length > 1
      ? { trainLabels: data.train.labels, testLabels: data.test.labels }
      : {}),
  };
}

/** The record back as a dataset; without stored labels every image has label 0 ('image'). */
export function fromStored(record: StoredDataset): LoadedDataset {
  const { shape } = record.info;
  const size = shape.height * shape.width * shape.channels;
  const split = (images: Uint8Array, labels: Uint16Array | undefined) => {
    const count = images.length / size;
    return { images, labels: labels ?? new Uint16Array(count), count };
  };
  return {
    info: record.info,
    train: split(record.train, record.trainLabels),
    test: split(record.test, record.testLabels),
  };
}

function summaryOf(record: StoredDataset): StoredDatasetSummary {
  return {
    id: record.id,
    name: record.info.name,
    shape: record.info.shape,
    count: record.info.trainCount + record.info.testCount,
    createdAt: record.createdAt,
    bytes: record.train.byteLength + record.test.byteLength,
  };
}

const byAge = (a: StoredDatasetSummary, b: StoredDatasetSummary) => a.createdAt - b.createdAt;

export function memoryStorage(): CustomDatasetStorage {
  const records = new Map<string, StoredDataset>();
  return {
    persistent: false,
    async put(record) {
      records.set(record.id, record);
    },
    async get(id) {
      return records.get(id);
    },
    async list() {
      return [...records.values()].map(summaryOf).sort(byAge);
    },
    async delete(id) {
      records.delete(id);
    },
  };
}

interface CustomDb extends DBSchema {
  datasets: { key: string; value: StoredDataset };
  summaries: { key: string; value: StoredDatasetSummary };
}

const DB_NAME = 'gan-playground-custom-datasets';

/**
 * IndexedDB storage. Summaries sit in their own store so listing the sets never reads their
 * pixels (a set can be hundreds of megabytes).
 */
export function indexedDbStorage(): CustomDatasetStorage {
  let db: Promise<IDBPDatabase<CustomDb>> | null = null;
  const open = () =>
    (db ??= openDB<CustomDb>(DB_NAME, 1, {
      upgrade(database) {
        database.createObjectStore('datasets', { keyPath: 'id' });
        database.createObjectStore('summaries', { keyPath: 'id' });
      },
    }));
  return {
    persistent: true,
    async put(record) {
      const tx = (await open()).transaction(['datasets', 'summaries'], 'readwrite');
      await Promise.all([
        tx.objectStore('datasets').put(record),
        tx.objectStore('summaries').put(summaryOf(record)),
        tx.done,
      ]);
    },
    async get(id) {
      return (await open()).get('datasets', id);
    },
    async list() {
      return (await (await open()).getAll('summaries')).sort(byAge);
    },
    async delete(id) {
      const tx = (await open()).transaction(['datasets', 'summaries'], 'readwrite');
      await Promise.all([
        tx.objectStore('datasets').delete(id),
        tx.objectStore('summaries').delete(id),
        tx.done,
      ]);
    },
  };
}

/** IndexedDB where the platform has it, otherwise memory (sets then last until the tab closes). */
export function defaultStorage(): CustomDatasetStorage {
  return typeof indexedDB !== 'undefined' ? indexedDbStorage() : memoryStorage();
}
