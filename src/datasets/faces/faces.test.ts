import { createHash } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../types';
import {
  ATTRIBUTE_KEYS,
  FACE_ATTRIBUTES,
  FACE_BYTES,
  FACE_LABEL_NAMES,
  faceSeed,
  facesInfo,
  loadFaces,
} from './index';

const PIXEL_BYTES = 64 * 64 * 3;

describe('facesInfo', () => {
  it('describes a generated 64x64 RGB set with labelled attributes', () => {
    expect(facesInfo.id).toBe('faces');
    expect(facesInfo.shape).toEqual({ height: 64, width: 64, channels: 3 });
    expect(facesInfo.trainCount).toBe(10_000);
    expect(facesInfo.testCount).toBe(1_000);
    expect(facesInfo.downloadBytes).toBe(0);
    expect(facesInfo.labelNames).toEqual(FACE_LABEL_NAMES);
    expect(facesInfo.attributes).toHaveLength(ATTRIBUTE_KEYS.length);
    expect(FACE_BYTES).toBe(PIXEL_BYTES);
    const glasses = FACE_ATTRIBUTES.find((a) => a.name === 'glasses');
    expect(glasses).toEqual({ name: 'glasses', kind: 'categorical', values: ['no', 'yes'] });
    expect(FACE_ATTRIBUTES.find((a) => a.name === 'smile')?.kind).toBe('continuous');
  });
});

describe('faceSeed', () => {
  it('gives train and test faces disjoint seeds', () => {
    const train = new Set(Array.from({ length: 10_000 }, (_, k) => faceSeed(3, 'train', k)));
    const test = Array.from({ length: 1_000 }, (_, k) => faceSeed(3, 'test', k));
    expect(train.size).toBe(10_000);
    expect(new Set(test).size).toBe(1_000);
    expect(test.some((s) => train.has(s))).toBe(false);
  });
});

describe('loadFaces determinism and progress', () => {
  it('gives identical bytes for the same seed and different bytes for another', async () => {
    const a = await loadFaces({ trainCount: 12, testCount: 4, seed: 7 });
    const b = await loadFaces({ trainCount: 12, testCount: 4, seed: 7 });
    const c = await loadFaces({ trainCount: 12, testCount: 4, seed: 8 });
    expect(a.train.images).toEqual(b.train.images);
    expect(a.test.images).toEqual(b.test.images);
    expect(a.train.attributes).toEqual(b.train.attributes);
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.train.images).not.toEqual(c.train.images);
    expect(a.info.trainCount).toBe(12);
    expect(a.test.count).toBe(4);
  });

  it('reports progress in chunks up to 1 and lets the event loop run between them', async () => {
    const fractions: number[] = [];
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    let firedBeforeEnd = false;
    await loadFaces({
      trainCount: 600,
      testCount: 100,
      onProgress: (f) => {
        fractions.push(f);
        if (f < 1 && timerFired) firedBeforeEnd = true;
      },
    });
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions.at(-1)).toBe(1);
    for (let k = 1; k < fractions.length; k++) {
      expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1]);
    }
    // A timer queued before loading ran while loading was still in progress.
    expect(firedBeforeEnd).toBe(true);
  });
});

describe('the full set (10,000 train + 1,000 test)', () => {
  let data: LoadedDataset;
  beforeAll(async () => {
    // The same source, loaded by Node's own module loader (through tsx) rather than Vitest's
    // module runner: the runner turns every call between modules into a property lookup on
    // an exports object, which makes this call-heavy pixel code several times slower.
    const native = (await tsImport('./index.ts', import.meta.url)) as typeof import('./index');
    data = await native.loadFaces({});
  });

  it('has the declared sizes and value ranges', () => {
    for (const split of [data.train, data.test]) {
      expect(split.images.length).toBe(split.count * PIXEL_BYTES);
      expect(split.labels.length).toBe(split.count);
      expect(split.attributes?.length).toBe(split.count * ATTRIBUTE_KEYS.length);
      for (const label of split.labels) expect(label).toBeLessThan(FACE_LABEL_NAMES.length);
    }
    expect(data.train.count).toBe(10_000);
    expect(data.test.count).toBe(1_000);
    // Pixels use most of the byte range (not all black, not washed out).
    let lo = 255;
    let hi = 0;
    for (const v of data.test.images) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    expect(lo).toBeLessThan(15);
    expect(hi).toBeGreaterThan(240);
  });

  it('has 11,000 distinct images', () => {
    const seen = new Set<string>();
    for (const split of [data.train, data.test]) {
      for (let k = 0; k < split.count; k++) {
        const face = split.images.subarray(k * PIXEL_BYTES, (k + 1) * PIXEL_BYTES);
        seen.add(createHash('sha1').update(face).digest('hex'));
      }
    }
    expect(seen.size).toBe(11_000);
  });

  it('labels each face with its hair style attribute', () => {
    const column = ATTRIBUTE_KEYS.indexOf('hairStyle');
    const n = ATTRIBUTE_KEYS.length;
    for (let k = 0; k < data.train.count; k++) {
      expect(data.train.labels[k]).toBe(data.train.attributes![k * n + column]);
    }
  });

  it('covers every category and the whole 0..1 range of continuous attributes', () => {
    const n = ATTRIBUTE_KEYS.length;
    const attrs = data.train.attributes!;
    FACE_ATTRIBUTES.forEach((info, j) => {
      const column = Array.from({ length: data.train.count }, (_, k) => attrs[k * n + j]);
      if (info.kind === 'categorical') {
        const counts = new Array(info.values!.length).fill(0);
        for (const v of column) {
          expect(Number.isInteger(v)).toBe(true);
          counts[v]++;
        }
        for (const c of counts) expect(c, `${info.name} value count`).toBeGreaterThan(100);
      } else {
        expect(Math.min(...column), info.name).toBeGreaterThanOrEqual(0);
        expect(Math.min(...column), info.name).toBeLessThan(0.01);
        expect(Math.max(...column), info.name).toBeLessThan(1);
        expect(Math.max(...column), info.name).toBeGreaterThan(0.99);
      }
    });
  });

  it('draws attributes independently: every pairwise |correlation| < 0.05', () => {
    const n = ATTRIBUTE_KEYS.length;
    const rows = data.train.count + data.test.count;
    const all = new Float64Array(rows * n);
    all.set(data.train.attributes!);
    all.set(data.test.attributes!, data.train.count * n);
    const mean = new Float64Array(n);
    const sd = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < rows; k++) s += all[k * n + j];
      mean[j] = s / rows;
      let v = 0;
      for (let k = 0; k < rows; k++) v += (all[k * n + j] - mean[j]) ** 2;
      sd[j] = Math.sqrt(v / rows);
    }
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let c = 0;
        for (let k = 0; k < rows; k++) c += (all[k * n + i] - mean[i]) * (all[k * n + j] - mean[j]);
        const r = c / rows / (sd[i] * sd[j]);
        expect(Math.abs(r), `${ATTRIBUTE_KEYS[i]} vs ${ATTRIBUTE_KEYS[j]}`).toBeLessThan(0.05);
        worst = Math.max(worst, Math.abs(r));
      }
    }
    expect(worst).toBeGreaterThan(0); // the check really ran
  });
});
