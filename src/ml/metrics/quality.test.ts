// The Inception Score as the quality report gives it: the bundled classifier's predictions on the
// same samples as FID and class coverage. Real test images score high: of at most 10, the 200
// below score 9.35 (MNIST) and 8.38 (Fashion-MNIST, whose classifier is less sure between shirts,
// pullovers and coats); 500 others 9.54 and 8.15, MNIST's whole test split 9.71. A hundred images
// of one class score 1.017 and 1.003, and one image repeated scores 1.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends/init-backend';
import { nodeWasmPaths } from '../backends/wasm-paths-node';
import { createNodeSource } from '../../datasets/node-source';
import { getDataset } from '../../datasets/registry';
import { CLASSIFIERS } from '../classifiers/catalog';
import { loadClassifier } from '../classifiers/load';
import { classifierNodeSource } from '../classifiers/node-source';
import { inceptionScore } from './inception-score';
import { QualityReference } from './quality';

beforeAll(async () => {
  // wasm with the page's training kernels: the cpu backend is several times slower here.
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
});

const P = 28 * 28;

describe.each(
  CLASSIFIERS.map((c) => [c.id, c.datasetId, c.datasetId === 'mnist' ? 9 : 7.5] as const),
)('the Inception Score of the %s classifier', (id, datasetId, realFloor) => {
  it('is high for real test images, near 1 for one class and 1 for one image', async () => {
    const data = await getDataset(datasetId).load({ source: createNodeSource() });
    const classifier = await loadClassifier(id, classifierNodeSource());
    const reference = await QualityReference.create(data, classifier, { realCount: 100 });
    const images = (indices: readonly number[]) => {
      const out = new Float32Array(indices.length * P);
      indices.forEach((src, i) => {
        for (let k = 0; k < P; k++) out[i * P + k] = data.test.images[src * P + k] / 255;
      });
      return out;
    };

    // 200 test images after the reference's 100, a stride coprime with 10 to reach every class.
    const real = Array.from({ length: 200 }, (_, i) => 100 + i * 37);
    const scored = await reference.score(images(real), real.length);
    const is = scored.inception;
    expect(is?.classifierId).toBe(id);
    expect(is?.sampleCount).toBe(200);
    expect(is?.classes).toBe(10);
    expect(is?.value).toBeGreaterThan(realFloor);
    expect(is?.value).toBeLessThanOrEqual(10);
    // The reference's 100 images (9.09 and 8.52): fewer images, less even over the classes.
    expect(is?.realValue).toBeGreaterThan(realFloor - 0.5);

    // The number is the classifier's: its own logits of the same images give the same score.
    const batch = tf.tensor4d(images(real), [200, 28, 28, 1]);
    const emb = await classifier.embed(batch);
    batch.dispose();
    expect(is?.value).toBeCloseTo(inceptionScore(emb.logits, 200, 10).value, 10);

    // Only images labelled 1: confident but not varied.
    const ones: number[] = [];
    for (let i = 0; ones.length < 100; i++) if (data.test.labels[i] === 1) ones.push(i);
    const one = (await reference.score(images(ones), ones.length)).inception?.value ?? NaN;
    expect(one).toBeGreaterThanOrEqual(1);
    expect(one).toBeLessThan(1.1);

    const same = (await reference.score(images(new Array<number>(50).fill(7)), 50)).inception;
    expect(same?.value).toBeCloseTo(1, 6);

    classifier.dispose();
  }, 120_000);
});

describe('the class agreement of the quality report', () => {
  it('is the classifier accuracy for real images asked as their labels, low for wrong labels', async () => {
    const data = await getDataset('mnist').load({ source: createNodeSource() });
    const classifier = await loadClassifier('mnist', classifierNodeSource());
    const reference = await QualityReference.create(data, classifier, { realCount: 100 });
    const n = 300;
    const images = Float32Array.from(data.test.images.subarray(0, n * P), (v) => v / 255);
    const labels = Int32Array.from(data.test.labels.subarray(0, n));

    // No asked classes (an unconditional model): no agreement in the report.
    const plain = await reference.score(images, n);
    expect(plain.classAgreement).toBeUndefined();
    expect(plain.classAgreementByClass).toBeUndefined();

    // Asked as their own labels: agreement is the classifier's accuracy (99% on MNIST).
    const right = await reference.score(images, n, labels);
    expect(right.classAgreement).toBeGreaterThan(0.95);
    expect(right.classAgreementByClass).toHaveLength(10);
    for (const c of right.classAgreementByClass ?? []) expect(c).toBeGreaterThan(0.8);

    // Asked as the next digit: the classifier (almost) never sees the asked-for class.
    const shifted = labels.map((c) => (c + 1) % 10);
    expect((await reference.score(images, n, shifted)).classAgreement).toBeLessThan(0.05);
    classifier.dispose();
  }, 120_000);
});
