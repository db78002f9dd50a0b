import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeSource } from '../../datasets/node-source';
import { getDataset } from '../../datasets/registry';
import type { ByteSource } from '../../datasets/types';
import { CLASSIFIERS } from './catalog';
import { loadClassifier } from './load';
import { FEATURE_DIM } from './lenet';
import { classifierNodeSource } from './node-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(CLASSIFIERS.map((c) => [c.id, c.datasetId]))('the %s classifier', (id, datasetId) => {
  it('loads from public/classifiers and classifies real test images correctly', async () => {
    const data = await getDataset(datasetId).load({ source: createNodeSource() });
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(id, classifierNodeSource());
    expect(classifier.info.testAccuracy).toBeGreaterThan(datasetId === 'mnist' ? 0.99 : 0.9);

    // 100 images spread over the test split; a stride coprime with 10 reaches every class
    // whether a split is sorted by class or interleaves them.
    const n = 100;
    const stride = 97;
    const pixels = new Uint8Array(n * 784);
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      pixels.set(data.test.images.subarray(i * stride * 784, (i * stride + 1) * 784), i * 784);
      labels.push(data.test.labels[i * stride]);
    }
    const emb = await classifier.classifyBytes(pixels, n);
    const correct = labels.filter((l, i) => emb.predictions[i] === l).length;
    expect(correct).toBeGreaterThanOrEqual(datasetId === 'mnist' ? 97 : 85);
    expect(new Set(labels).size).toBe(10);
    expect(emb.featureDim).toBe(FEATURE_DIM);
    expect(emb.features).toHaveLength(n * FEATURE_DIM);
    // ReLU features: non-negative, and not all zero.
    expect(emb.features.every((v) => v >= 0)).toBe(true);
    expect(emb.features.some((v) => v > 0)).toBe(true);

    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadClassifier', () => {
  it('refuses weights that do not match info.json', async () => {
    const real = classifierNodeSource();
    const tampered: ByteSource = async (p) => {
      const bytes = await real(p);
      if (!p.endsWith('.bin')) return bytes;
      const copy = new Uint8Array(bytes);
      copy[100] ^= 0xff;
      return copy;
    };
    await expect(loadClassifier('mnist', tampered)).rejects.toThrow(/do not match info.json/);
  });
});
