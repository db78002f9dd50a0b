// The worker's custom-dataset methods: import dropped files into a dataset (decoding happens
// here, off the page's thread), keep it in IndexedDB, list and delete stored sets, and load one
// for a run exactly like a bundled dataset.

import {
  buildCustomDataset,
  customDatasetId,
  importSummary,
  isCustomDatasetId,
} from '../datasets/custom/build';
import { decodeWithImageBitmap } from '../datasets/custom/decode-bitmap';
import { classesSummary, folderClasses } from '../datasets/custom/folder-classes';
import { ImageSkip, importImages, type SquareDecoder } from '../datasets/custom/import-images';
import { DEFAULT_LIMITS, type ImportLimits } from '../datasets/custom/limits';
import {
  defaultStorage,
  fromStored,
  toStored,
  type CustomDatasetStorage,
} from '../datasets/custom/storage';
import { CUSTOM_SIZES, type CustomImportOptions } from '../datasets/custom/types';
import { DatasetError, type DatasetInfo, type LoadedDataset } from '../datasets/types';
import type { CustomDatasetWorkerApi } from './protocol';

export interface CustomDatasetDeps {
  /** Default: IndexedDB where available, else memory. */
  readonly storage?: CustomDatasetStorage;
  /** Default: createImageBitmap + OffscreenCanvas. */
  readonly decode?: SquareDecoder;
  readonly limits?: ImportLimits;
  readonly now?: () => number;
}

export interface CustomDatasets {
  /** The methods the worker exposes to the page. */
  readonly api: CustomDatasetWorkerApi;
  owns(id: string): boolean;
  /** A stored (or just imported) set, ready for a run. */
  load(id: string): Promise<LoadedDataset>;
  /** Infos of every set this worker can load, oldest first. */
  infos(): Promise<DatasetInfo[]>;
}

const noDecoder: SquareDecoder = async () => {
  throw new ImageSkip('cannot be decoded here (this environment has no image decoder)');
};

export function createCustomDatasets(deps: CustomDatasetDeps = {}): CustomDatasets {
  const storage = deps.storage ?? defaultStorage();
  const decode =
    deps.decode ?? (typeof createImageBitmap === 'function' ? decodeWithImageBitmap : noDecoder);
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const now = deps.now ?? Date.now;
  // Sets the storage refused (quota, private mode): usable until the worker ends.
  const unsaved = new Map<string, LoadedDataset>();

  const infos = async (): Promise<DatasetInfo[]> => {
    const stored = await storage.list().catch(() => []);
    const ids = new Set(stored.map((s) => s.id));
    const storedInfos = await Promise.all(
      stored.map(async (s) => (await storage.get(s.id))?.info ?? null),
    );
    return [
      ...storedInfos.filter((i): i is DatasetInfo => i !== null),
      ...[...unsaved.values()].filter((d) => !ids.has(d.info.id)).map((d) => d.info),
    ];
  };

  const api: CustomDatasetWorkerApi = {
    async importCustomDataset(sources, options, emptyFolders, onProgress) {
      checkOptions(options);
      const name = options.name.trim() || 'My images';
      const { images, paths, skipped, upscaled } = await importImages(
        sources,
        { size: options.size, channels: options.channels },
        emptyFolders,
        { decode, limits, onProgress },
      );
      if (images.length === 0) {
        const why = skipped.length === 0 ? 'the files held no images.' : importSummary(0, skipped);
        return { info: null, imported: 0, skipped, summary: `No dataset made: ${why}` };
      }
      const createdAt = now();
      const id = customDatasetId(name, createdAt);
      const shape = { height: options.size, width: options.size, channels: options.channels };
      const classes = folderClasses(paths);
      const data = buildCustomDataset({ id, name, shape }, images, 1, classes);
      let summary = [importSummary(images.length, skipped), classesSummary(classes)]
        .filter((part) => part !== '')
        .join(' ');
      if (upscaled > 0) {
        const side = `${options.size}x${options.size}`;
        summary += ` ${upscaled} ${upscaled === 1 ? 'was' : 'were'} smaller than ${side} and scaled up.`;
      }
      try {
        await storage.put(toStored(data, createdAt));
        if (!storage.persistent) unsaved.set(id, data);
      } catch (err) {
        unsaved.set(id, data);
        const why = err instanceof Error ? err.message : String(err);
        summary += ` It could not be saved in this browser (${why}): it lasts until the page closes.`;
      }
      return { info: data.info, imported: images.length, skipped, summary };
    },

    async listCustomDatasets() {
      const stored = await storage.list();
      const ids = new Set(stored.map((s) => s.id));
      const extra = [...unsaved.values()]
        .filter((d) => !ids.has(d.info.id))
        .map((d) => ({
          id: d.info.id,
          name: d.info.name,
          shape: d.info.shape,
          count: d.train.count + d.test.count,
          createdAt: 0,
          bytes: d.train.images.byteLength + d.test.images.byteLength,
        }));
      return [...stored, ...extra];
    },

    async deleteCustomDataset(id) {
      unsaved.delete(id);
      await storage.delete(id);
    },
  };

  return {
    api,
    owns: isCustomDatasetId,
    infos,
    async load(id) {
      const inMemory = unsaved.get(id);
      if (inMemory !== undefined) return inMemory;
      const record = await storage.get(id);
      if (record === undefined) {
        throw new DatasetError(
          `The custom dataset "${id}" is not stored in this browser (deleted, or imported in another browser). Import the images again.`,
        );
      }
      return fromStored(record);
    },
  };
}

function checkOptions(options: CustomImportOptions): void {
  if (!CUSTOM_SIZES.includes(options.size)) {
    throw new Error(`Image size must be one of ${CUSTOM_SIZES.join(', ')}, got ${options.size}`);
  }
  if (options.channels !== 1 && options.channels !== 3) {
    throw new Error(`Channels must be 1 (grey) or 3 (RGB), got ${options.channels}`);
  }
}
