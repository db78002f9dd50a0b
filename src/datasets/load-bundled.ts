// Loads a dataset built by `npm run data`: reads <id>/manifest.json through the ByteSource,
// checks it against the dataset's static info, then fetches, decodes and verifies every file
// straight into the final arrays. Used by mnist, fashion and flags alike.

import { decodeFileInto } from './decode';
import {
  MANIFEST_NAME,
  dtypeBytes,
  imageBytes,
  parseManifest,
  type DatasetManifest,
  type ManifestFile,
  type SplitName,
} from './manifest';
import {
  DatasetError,
  type DatasetInfo,
  type DatasetSplit,
  type LoadOptions,
  type LoadedDataset,
} from './types';

/** Files fetched at once: overlaps download with decoding without flooding the connection. */
const PARALLEL_FILES = 2;

export async function loadBundledDataset(
  info: DatasetInfo,
  options: LoadOptions,
): Promise<LoadedDataset> {
  const { source, onProgress } = options;
  const fix = `Run \`npm run data\` to rebuild the ${info.id} files in public/data/${info.id}/.`;
  onProgress?.(0, `Reading ${info.name} manifest`);

  const manifestPath = `${info.id}/${MANIFEST_NAME}`;
  const manifestText = new TextDecoder().decode(await source(manifestPath));
  const manifest = parseManifest(manifestText, manifestPath, fix);
  checkMatchesInfo(manifest, info, manifestPath, fix);

  const perImage = imageBytes(info.shape);
  const images: Record<SplitName, Uint8Array> = {
    train: new Uint8Array(manifest.counts.train * perImage), // [count, height, width, channels]
    test: new Uint8Array(manifest.counts.test * perImage),
  };
  const labels: Record<SplitName, Uint16Array> = {
    train: new Uint16Array(manifest.counts.train),
    test: new Uint16Array(manifest.counts.test),
  };

  let bytesDone = 0;
  const total = Math.max(1, manifest.totalBytes);
  const loadFile = async (file: ManifestFile): Promise<void> => {
    const where = `${info.id}/${file.path}`;
    const stored = await source(where);
    if (file.kind === 'images') {
      const start = file.start * perImage;
      const target = images[file.split].subarray(start, start + file.rawBytes);
      await decodeFileInto(stored, file, target, where, fix);
    } else {
      const raw = new Uint8Array(file.rawBytes);
      await decodeFileInto(stored, file, raw, where, fix);
      readLabels(raw, file, labels[file.split], manifest.labelNames.length, where, fix);
    }
    bytesDone += file.bytes;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    onProgress?.(
      Math.min(0.99, bytesDone / total),
      `Loading ${info.name}: ${mb(bytesDone)} of ${mb(manifest.totalBytes)} MB`,
    );
  };
  await runPool(manifest.files, PARALLEL_FILES, loadFile);

  onProgress?.(1, `${info.name} loaded`);
  const split = (name: SplitName): DatasetSplit => ({
    images: images[name],
    labels: labels[name],
    count: manifest.counts[name],
  });
  return { info, train: split('train'), test: split('test') };
}

/** The code's idea of the dataset (shape, counts, labels) must be what was built. */
function checkMatchesInfo(m: DatasetManifest, info: DatasetInfo, where: string, fix: string): void {
  const problems: string[] = [];
  if (m.id !== info.id) problems.push(`id ${m.id}, expected ${info.id}`);
  const s = info.shape;
  if (m.shape.height !== s.height || m.shape.width !== s.width || m.shape.channels !== s.channels) {
    problems.push(
      `shape ${m.shape.height}x${m.shape.width}x${m.shape.channels}, expected ${s.height}x${s.width}x${s.channels}`,
    );
  }
  if (m.counts.train !== info.trainCount || m.counts.test !== info.testCount) {
    problems.push(
      `${m.counts.train}/${m.counts.test} train/test images, expected ${info.trainCount}/${info.testCount}`,
    );
  }
  const sameLabels =
    m.labelNames.length === info.labelNames.length &&
    m.labelNames.every((name, i) => name === info.labelNames[i]);
  if (!sameLabels) problems.push('different label names');
  if (problems.length > 0) {
    throw new DatasetError(
      `${where} does not match this version of the code (${problems.join('; ')}). ${fix}`,
    );
  }
}

function readLabels(
  raw: Uint8Array,
  file: ManifestFile,
  out: Uint16Array,
  classCount: number,
  where: string,
  fix: string,
): void {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const step = dtypeBytes(file.dtype);
  for (let i = 0; i < file.count; i++) {
    const label = step === 1 ? raw[i] : view.getUint16(i * 2, true);
    if (label >= classCount) {
      throw new DatasetError(`${where} holds label ${label}, but there are ${classCount}. ${fix}`);
    }
    out[file.start + i] = label;
  }
}

/** Runs `task` over `items`, at most `width` at a time; the first failure rejects. */
async function runPool<T>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
