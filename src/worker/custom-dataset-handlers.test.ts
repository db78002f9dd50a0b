// Custom datasets through the real worker API (cpu backend, Node): import BMP files and a text
// file, find the set in listDatasets, train a tiny DCGAN on it, and see it survive a "reload"
// (a second worker API on the same storage) and go away when deleted.

import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../datasets/custom/storage';
import { decodeBmpSquare, encodeBmp, rampImage } from '../datasets/custom/testing/bmp';
import { createNodeSource } from '../datasets/node-source';
import { DEFAULT_DCGAN } from '../ml/config';
import { createTrainingWorkerApi } from './worker-api';

const storage = memoryStorage();
const makeApi = () =>
  createTrainingWorkerApi({
    sourceFor: () => createNodeSource(),
    customDatasets: { storage, decode: decodeBmpSquare, now: () => 1_700_000_000_000 },
  });

const bmpFile = (k: number) => {
  const w = 20 + k;
  const h = 16;
  return new Blob([encodeBmp(rampImage(w, h, k * 20), w, h) as BlobPart]);
};

describe('custom datasets in the worker API', () => {
  const api = makeApi();
  let id = '';

  it('imports images, skips a text file, and lists the new set with the bundled ones', async () => {
    await api.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
    const sources = [
      ...Array.from({ length: 10 }, (_, k) => ({ path: `ramps/${k}.bmp`, file: bmpFile(k) })),
      { path: 'ramps/notes.txt', file: new Blob(['hello']) },
    ];
    const progress: string[] = [];
    const result = await api.importCustomDataset(
      sources,
      { name: 'Ramps', size: 28, channels: 1 },
      [],
      (_f, message) => progress.push(message),
    );
    expect(result.summary).toBe(
      '10 images imported, 1 skipped: ramps/notes.txt is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip. 10 were smaller than 28x28 and scaled up.',
    );
    expect(result.info).toMatchObject({
      name: 'Ramps',
      shape: { height: 28, width: 28, channels: 1 },
      trainCount: 9,
      testCount: 1,
      labelNames: ['image'],
    });
    expect(progress[0]).toBe('Reading 1 / 11: ramps/0.bmp');
    id = result.info!.id;
    const ids = (await api.listDatasets()).map((d) => d.id);
    expect(ids.slice(0, 2)).toEqual(['mnist', 'fashion']);
    expect(ids.at(-1)).toBe(id);
    expect(await api.listCustomDatasets()).toEqual([
      {
        id,
        name: 'Ramps',
        shape: { height: 28, width: 28, channels: 1 },
        count: 10,
        createdAt: 1_700_000_000_000,
        bytes: 10 * 28 * 28,
      },
    ]);
  });

  it('trains on it exactly like a bundled set', async () => {
    const spec = {
      datasetId: id,
      model: { ...DEFAULT_DCGAN, latentDim: 4, baseFilters: 4, batchSize: 4 },
      train: { seed: 1, stepsPerEpoch: 2, sampleEverySteps: null },
    };
    await api.createRun(spec);
    await api.trainStep();
    await api.trainStep();
    expect((await api.status()).step).toBe(2);
    expect(api.latentInfo()).toMatchObject({ datasetId: id, canEncode: false, testCount: 1 });
    const grid = await api.generate(new Float32Array(8), 2);
    expect([grid.cellWidth, grid.cellHeight, grid.cols]).toEqual([28, 28, 2]);
    await api.disposeRun();
  });

  it('is still there for a new worker on the same storage, and goes away when deleted', async () => {
    const again = makeApi();
    await again.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
    const info = await again.loadDataset(id);
    expect(info.trainCount + info.testCount).toBe(10);
    await again.deleteCustomDataset(id);
    expect(await again.listCustomDatasets()).toEqual([]);
    expect((await again.listDatasets()).map((d) => d.id)).not.toContain(id);
    // A run that already holds the pixels keeps them; a new worker cannot load the set.
    const later = makeApi();
    await later.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
    await expect(later.loadDataset(id)).rejects.toThrow(/not stored in this browser/);
  });

  it('makes no dataset when nothing decodes, and says why', async () => {
    const result = await api.importCustomDataset(
      [{ path: 'a.txt', file: new Blob(['text']) }],
      { name: 'Nothing', size: 32, channels: 3 },
      ['empty/'],
    );
    expect(result.info).toBeNull();
    expect(result.summary).toBe(
      'No dataset made: 0 images imported, 2 skipped: empty/ is an empty folder, a.txt is not an image (PNG, JPEG, GIF, WebP, BMP) or a zip.',
    );
  });

  it('rejects sizes the models are not built for', async () => {
    await expect(
      api.importCustomDataset([], { name: 'x', size: 48 as 32, channels: 3 }, []),
    ).rejects.toThrow(/one of 28, 32, 64/);
  });
});
