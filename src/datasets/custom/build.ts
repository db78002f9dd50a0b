// Turns the imported images into a LoadedDataset like the bundled ones: a seeded 90/10
// train/test split, labelled by class folder where the folders make classes (folder-classes.ts),
// else with one label, 'image', for every picture. Also writes the import summary.

import { permutation, Rng } from '../../lib/rng';
import type { DatasetInfo, DatasetSplit, ImageShape, LoadedDataset } from '../types';
import type { FolderClasses } from './folder-classes';
import type { SkippedFile } from './types';

export const CUSTOM_ID_PREFIX = 'custom-';
export const CUSTOM_LABEL_NAMES: readonly string[] = ['image'];
/** Fraction of the images held out for the test split. */
export const TEST_FRACTION = 0.1;

/** Test images for n images: 10%, at least one once there are two images, never all. */
export function testCountFor(n: number): number {
  if (n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * TEST_FRACTION)));
}

/** "custom-cats-lz3k9a": readable and unique enough for one browser. */
export function customDatasetId(name: string, createdAt: number): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 24);
  return `${CUSTOM_ID_PREFIX}${slug || 'images'}-${createdAt.toString(36)}`;
}

export function isCustomDatasetId(id: string): boolean {
  return id.startsWith(CUSTOM_ID_PREFIX);
}

export function customDatasetInfo(
  id: string,
  name: string,
  shape: ImageShape,
  trainCount: number,
  testCount: number,
  classes: Pick<FolderClasses, 'names' | 'note'> = { names: CUSTOM_LABEL_NAMES, note: null },
): DatasetInfo {
  const colour = shape.channels === 1 ? 'grey' : 'RGB';
  return {
    id,
    name,
    description: `${trainCount + testCount} of your own images, centre-cropped to ${shape.width}x${shape.height} ${colour}. Kept in this browser only.`,
    shape,
    trainCount,
    testCount,
    labelNames: classes.names,
    ...(classes.note === null ? {} : { classNote: classes.note }),
    source: 'your files (imported in this browser)',
    license: 'yours',
    downloadBytes: 0,
  };
}

/** Who the set is: its id, name and image shape (counts come from the split). */
export interface CustomDatasetMeta {
  readonly id: string;
  readonly name: string;
  readonly shape: ImageShape;
}

/**
 * Splits `images` (each [H, W, C] uint8, all of `meta.shape`) into train and test in a seeded
 * random order. `seed` makes the split reproducible for the same files. `classes` labels the
 * images (in their order); without it every image is 'image'.
 */
export function buildCustomDataset(
  meta: CustomDatasetMeta,
  images: readonly Uint8Array[],
  seed = 1,
  classes?: FolderClasses,
): LoadedDataset {
  if (classes !== undefined && classes.labels.length !== images.length) {
    throw new Error(`${classes.labels.length} labels for ${images.length} images`);
  }
  const { shape } = meta;
  const size = shape.height * shape.width * shape.channels;
  for (const image of images) {
    if (image.length !== size) throw new Error(`Image of ${image.length} bytes, expected ${size}`);
  }
  const order = permutation(images.length, new Rng(seed));
  const testCount = testCountFor(images.length);
  const pick = (from: number, to: number): DatasetSplit => {
    const count = to - from;
    const pixels = new Uint8Array(count * size);
    const labels = new Uint16Array(count);
    for (let k = 0; k < count; k++) {
      pixels.set(images[order[from + k]], k * size);
      labels[k] = classes?.labels[order[from + k]] ?? 0;
    }
    return { images: pixels, labels, count };
  };
  const test = pick(0, testCount);
  const train = pick(testCount, images.length);
  return {
    info: customDatasetInfo(meta.id, meta.name, shape, train.count, test.count, classes),
    train,
    test,
  };
}

/** "42 images imported, 3 skipped: a.txt is not an image, b.png could not be decoded, ..." */
export function importSummary(
  imported: number,
  skipped: readonly SkippedFile[],
  shown = 5,
): string {
  const images = `${imported} image${imported === 1 ? '' : 's'} imported`;
  if (skipped.length === 0) return `${images}.`;
  const reasons = skipped.slice(0, shown).map((s) => `${s.path} ${s.reason}`);
  const more = skipped.length > shown ? `, and ${skipped.length - shown} more` : '';
  return `${images}, ${skipped.length} skipped: ${reasons.join(', ')}${more}.`;
}
