// The custom-dataset import: walks the dropped files (opening zips), classifies each by its
// bytes, decodes images through an injected decoder (createImageBitmap in the worker), and
// centre-crops and resizes them to the dataset's size. Anything it cannot use is skipped with a
// reason a person can act on. No DOM here: the decoder is the only browser-specific part.

import {
  classifyFile,
  HEAD_BYTES,
  imageDimensions,
  tooSmallReason,
  type Classification,
  type Dimensions,
} from './classify';
import { resizeRgbaSquare } from './crop-resize';
import type { ImportLimits } from './limits';
import type { ImportSource, SkippedFile } from './types';
import { isIgnoredEntry, readZip, ZipError } from './zip';

/** A decoded image, centre-cropped to a square and (cheaply) scaled to `side`: RGBA bytes. */
export interface SquareRgba {
  readonly rgba: Uint8Array | Uint8ClampedArray;
  readonly side: number;
  /** Side of the centre square in the source image, before any scaling. */
  readonly cropSide: number;
}

/** Raised by a decoder for a file it cannot use; `reason` follows the file name in messages. */
export class ImageSkip extends Error {
  override readonly name = 'ImageSkip';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Decodes `blob`, crops its centre square and scales it to a side between `target` and a few
 * times `target`. Throws ImageSkip when it does not decode or its decoded size passes
 * `maxPixels`. `known` is the size the header gave, when it gave one.
 */
export type SquareDecoder = (
  blob: Blob,
  target: number,
  maxPixels: number,
  known: Dimensions | null,
) => Promise<SquareRgba>;

export interface ImportDeps {
  readonly decode: SquareDecoder;
  readonly limits: ImportLimits;
  /** 0..1 and what is being read. */
  readonly onProgress?: (fraction: number, message: string) => void;
}

export interface ImportedImages {
  /** Each [size, size, channels] uint8. */
  readonly images: Uint8Array[];
  /** Where each image came from (its path in the drop, or zip/entry), in the order of `images`. */
  readonly paths: string[];
  readonly skipped: SkippedFile[];
  /** Images smaller than the dataset's side, scaled up (kept, but blurry). */
  readonly upscaled: number;
}

export async function importImages(
  sources: readonly ImportSource[],
  target: { readonly size: number; readonly channels: 1 | 3 },
  emptyFolders: readonly string[],
  deps: ImportDeps,
): Promise<ImportedImages> {
  const { limits } = deps;
  const onProgress = throttled(deps.onProgress);
  const images: Uint8Array[] = [];
  const paths: string[] = [];
  const skipped: SkippedFile[] = emptyFolders.map((path) => ({
    path,
    reason: 'is an empty folder',
  }));
  // Sorted by path: the same drop always gives the same dataset, whatever order the OS listed.
  const files = [...sources]
    .filter((s) => !isIgnoredEntry(s.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let limitReported = false;
  let upscaled = 0;

  /** Classifies, decodes and resizes one image file or zip entry; false once the set is full. */
  const addImage = async (path: string, blob: Blob, head: Uint8Array): Promise<boolean> => {
    if (images.length >= limits.maxImages) {
      if (!limitReported) {
        skipped.push({
          path,
          reason: `and the files after it were not imported: a dataset holds at most ${limits.maxImages} images`,
        });
        limitReported = true;
      }
      return false;
    }
    const kind = await classifyDeeply(blob, head, limits);
    if (kind.kind === 'skip') {
      skipped.push({ path, reason: kind.reason });
      return true;
    }
    if (kind.kind === 'zip') {
      skipped.push({ path, reason: 'is a zip inside a zip, which is not opened' });
      return true;
    }
    const small = kind.size === null ? null : tooSmallReason(kind.size, target.size, limits);
    if (small !== null) {
      skipped.push({ path, reason: small });
      return true;
    }
    try {
      const square = await deps.decode(blob, target.size, limits.maxPixels, kind.size);
      // The header may not have said (AVIF, a JPEG with a large preamble): judge the decoded size.
      const cropped = { width: square.cropSide, height: square.cropSide };
      const tooSmall = tooSmallReason(cropped, target.size, limits);
      if (tooSmall !== null) throw new ImageSkip(tooSmall);
      if (square.cropSide < target.size) upscaled++;
      images.push(resizeRgbaSquare(square.rgba, square.side, target.size, target.channels));
      paths.push(path);
    } catch (err) {
      const reason =
        err instanceof ImageSkip
          ? err.reason
          : `could not be decoded (${err instanceof Error ? err.message : String(err)})`;
      skipped.push({ path, reason });
    }
    return true;
  };

  for (let k = 0; k < files.length; k++) {
    const { path, file } = files[k];
    onProgress?.(k / files.length, `Reading ${k + 1} / ${files.length}: ${path}`);
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const kind = classifyFile({ size: file.size, head }, limits);
    if (kind.kind !== 'zip') {
      if (!(await addImage(path, file, head))) break;
      continue;
    }
    try {
      const items = readZip(new Uint8Array(await file.arrayBuffer()), path, limits);
      let full = false;
      for (const item of items) {
        if (item.kind === 'skip') {
          skipped.push(item.skipped);
          continue;
        }
        onProgress?.(
          (k + item.index / item.total) / files.length,
          `Unzipping ${path}: ${item.index + 1} / ${item.total}`,
        );
        const entryHead = item.data.subarray(0, HEAD_BYTES);
        if (!(await addImage(item.path, new Blob([item.data as BlobPart]), entryHead))) {
          full = true;
          break;
        }
      }
      if (full) break;
    } catch (err) {
      if (!(err instanceof ZipError)) throw err;
      skipped.push({ path, reason: err.message });
    }
  }
  onProgress?.(1, `Read ${files.length} file${files.length === 1 ? '' : 's'}`, true);
  return { images, paths, skipped, upscaled };
}

/**
 * classifyFile, and for a JPEG whose frame size lies past the first HEAD_BYTES (a large EXIF
 * block), a second look at the whole file (at most `maxImageBytes`), so even then a huge image
 * is refused from its header rather than decoded.
 */
async function classifyDeeply(
  blob: Blob,
  head: Uint8Array,
  limits: ImportLimits,
): Promise<Classification> {
  const kind = classifyFile({ size: blob.size, head }, limits);
  if (kind.kind !== 'image' || kind.size !== null || kind.format !== 'jpeg') return kind;
  if (blob.size <= head.length) return kind;
  const whole = new Uint8Array(await blob.arrayBuffer());
  if (imageDimensions(whole, 'jpeg') === null) return kind;
  return classifyFile({ size: blob.size, head: whole }, limits);
}

/** Every message crosses to the page: pass at most ten a second, plus the first and the last. */
const PROGRESS_INTERVAL_MS = 100;

function throttled(
  report: ImportDeps['onProgress'],
): ((fraction: number, message: string, last?: boolean) => void) | undefined {
  if (report === undefined) return undefined;
  let sentAt = -Infinity;
  return (fraction, message, last = false) => {
    const now = Date.now();
    if (!last && now - sentAt < PROGRESS_INTERVAL_MS) return;
    sentAt = now;
    report(fraction, message);
  };
}
