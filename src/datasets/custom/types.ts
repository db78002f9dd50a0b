// Types of the custom-dataset import, shared by the pipeline, the worker protocol and the page.

import type { DatasetInfo, ImageShape } from '../types';

/** One dropped or picked file; `path` is its name with any folder inside the drop. */
export interface ImportSource {
  readonly path: string;
  readonly file: Blob;
}

export interface CustomImportOptions {
  readonly name: string;
  /** Square side in pixels. */
  readonly size: 28 | 32 | 64;
  readonly channels: 1 | 3;
}

/** A file (or zip entry, or empty folder) that was not imported, and why. */
export interface SkippedFile {
  readonly path: string;
  /** Follows the file's name in messages: "a.txt" + " is not an image". */
  readonly reason: string;
}

export interface CustomImportResult {
  /** The registered dataset, or null when no image could be imported. */
  readonly info: DatasetInfo | null;
  readonly imported: number;
  readonly skipped: readonly SkippedFile[];
  /** "42 images imported, 3 skipped: a.txt is not an image, ..." */
  readonly summary: string;
}

/** A custom dataset kept in this browser's IndexedDB. */
export interface StoredDatasetSummary {
  readonly id: string;
  readonly name: string;
  readonly shape: ImageShape;
  readonly count: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly bytes: number;
}

export const CUSTOM_SIZES: readonly CustomImportOptions['size'][] = [28, 32, 64];
