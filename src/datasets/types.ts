// Types shared by every dataset module, the registry and the engine.
// Nothing here imports tfjs, React or the DOM: loaders run in the worker, in Node and in tests.

export type DatasetId = 'mnist' | 'fashion' | 'flags' | 'faces';

/** Image shape in pixels, channels last (1 = grey, 3 = RGB). */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
}

/** A per-image attribute of a labelled set (faces): categorical values or a continuous 0..1 score. */
export interface AttributeInfo {
  readonly name: string;
  readonly kind: 'categorical' | 'continuous';
  /** Names of the categories, for categorical attributes. */
  readonly values?: readonly string[];
}

export interface DatasetInfo {
  readonly id: DatasetId | string;
  readonly name: string;
  readonly description: string;
  readonly shape: ImageShape;
  readonly trainCount: number;
  readonly testCount: number;
  /** Class names; labels index into this array. */
  readonly labelNames: readonly string[];
  /**
   * Why these labels make no classes a conditional model can learn (one image per class, an
   * imported set without class folders); absent when they do. See src/datasets/classes.ts.
   */
  readonly classNote?: string;
  /** Extra labelled attributes (faces), stored per image in `DatasetSplit.attributes`. */
  readonly attributes?: readonly AttributeInfo[];
  /** Where the data comes from (package name and version, or generator). */
  readonly source: string;
  readonly license: string;
  /** Approximate bytes a browser downloads to load it (0 for generated sets). */
  readonly downloadBytes: number;
}

export interface DatasetSplit {
  /** Pixels, uint8, row-major [count, height, width, channels]. */
  readonly images: Uint8Array;
  /** Class label per image, indexes `DatasetInfo.labelNames`. */
  readonly labels: Uint16Array;
  readonly count: number;
  /** Attribute values per image, [count, attributes.length]; categorical values are indices. */
  readonly attributes?: Float32Array;
}

export interface LoadedDataset {
  readonly info: DatasetInfo;
  readonly train: DatasetSplit;
  readonly test: DatasetSplit;
}

/** Reads a bundled data file by its path relative to the data root (fetch in a browser, fs in Node). */
export type ByteSource = (relativePath: string) => Promise<Uint8Array>;

export type LoadProgress = (fraction: number, message: string) => void;

export interface LoadOptions {
  readonly source: ByteSource;
  readonly onProgress?: LoadProgress;
}

/** Raised with a message a person can act on: missing file, truncated file, checksum mismatch. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}
