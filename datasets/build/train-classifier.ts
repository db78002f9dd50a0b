// Trains the bundled digit and clothing classifiers (src/ml/classifiers/lenet.ts) on the training
// split of MNIST or Fashion-MNIST, seeded, on the wasm backend, and writes the tfjs Layers model
// plus info.json (test accuracy, seed, weights hash) to public/classifiers/<id>/, where they are
// committed. These networks are the measuring stick for FID and class coverage.
//
//   npx tsx datasets/build/train-classifier.ts --dataset mnist [--epochs 4] [--seed 1]
//   npx tsx datasets/build/train-classifier.ts --dataset fashion --epochs 6

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as prettier from 'prettier';
import { createNodeSource } from '../../src/datasets/node-source';
import { getDataset } from '../../src/datasets/registry';
import type { DatasetSplit } from '../../src/datasets/types';
import { permutation, Rng } from '../../src/lib/rng';
import { initBackend } from '../../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../../src/ml/backends/wasm-paths-node';
import { classifierFor, CLASSIFIER_FILES } from '../../src/ml/classifiers/catalog';
import type { ClassifierInfo } from '../../src/ml/classifiers/info';
import { buildLenet, FEATURE_DIM, FEATURE_LAYER } from '../../src/ml/classifiers/lenet';
import { sha256Hex } from '../../src/ml/classifiers/load';
import { CLASSIFIER_DIR } from '../../src/ml/classifiers/node-source';
import { exportLayersModel } from '../../src/ml/weights/layers-export';

const PIXELS = 28 * 28;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      epochs: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string', default: '64' },
      out: { type: 'string', default: CLASSIFIER_DIR },
    },
  });
  const entry = classifierFor(values.dataset ?? '');
  if (entry === null) throw new Error('--dataset must be mnist or fashion');
  const epochs = Number(values.epochs);
  const seed = Number(values.seed);
  const batchSize = Number(values.batch);
  // Adam at 1e-3, a tenth of that for the last epoch to settle.
  const rates = Array.from({ length: epochs }, (_, e) => (e === epochs - 1 ? 1e-4 : 1e-3));

  tf.env().set('PROD', true);
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  const data = await getDataset(entry.datasetId).load({ source: createNodeSource() });
  console.log(
    `training the ${entry.id} classifier on ${data.train.count} images, ${epochs} epochs of ` +
      `batch ${batchSize}, seed ${seed}, backend ${tf.getBackend()}`,
  );

  const net = buildLenet(entry.classes, seed);
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(rates[0], 0.9, 0.999, 1e-8);
  const started = Date.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    (optimizer as unknown as { learningRate: number }).learningRate = rates[epoch]; // protected in tfjs' types
    const order = permutation(data.train.count, new Rng(seed).fork(epoch));
    const steps = Math.floor(data.train.count / batchSize);
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      const idx = order.subarray(s * batchSize, (s + 1) * batchSize);
      const { x, y } = batchOf(data.train, idx, entry.classes);
      const cost = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor),
        true,
        variables,
      );
      if (s % 100 === 0 || s === steps - 1) lossSum = (await cost!.data())[0];
      tf.dispose([x, y, cost!]);
      if (s % 200 === 0) {
        process.stdout.write(
          `\repoch ${epoch + 1}/${epochs} step ${s}/${steps} loss ${lossSum.toFixed(4)}   `,
        );
      }
    }
    const acc = await accuracy(net, data.test);
    console.log(
      `\repoch ${epoch + 1}/${epochs}: test accuracy ${(acc * 100).toFixed(2)}% ` +
        `(${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  const trainSeconds = (Date.now() - started) / 1000;
  const testAccuracy = await accuracy(net, data.test);

  const dir = path.join(values.out as string, entry.id);
  await mkdir(dir, { recursive: true });
  const exported = await exportLayersModel(net, 'model');
  const info: ClassifierInfo = {
    id: entry.id,
    datasetId: entry.datasetId,
    labelNames: data.info.labelNames,
    featureLayer: FEATURE_LAYER,
    featureDim: FEATURE_DIM,
    inputRange: 'unit',
    testAccuracy: Math.round(testAccuracy * 1e6) / 1e6,
    testCount: data.test.count,
    trainCount: data.train.count,
    epochs,
    batchSize,
    learningRates: rates,
    seed,
    backend: tf.getBackend(),
    trainSeconds: Math.round(trainSeconds),
    parameters: net.countParams(),
    weightsSha256: await sha256Hex(exported.weightsBin),
    tfjsVersion: tf.version.tfjs,
  };
  const json = (v: unknown) => prettier.format(JSON.stringify(v), { parser: 'json' });
  await writeFile(
    path.join(dir, CLASSIFIER_FILES.model),
    await json(JSON.parse(exported.modelJson)),
  );
  await writeFile(path.join(dir, exported.weightsFileName), exported.weightsBin);
  await writeFile(path.join(dir, CLASSIFIER_FILES.info), await json(info));
  console.log(
    `wrote ${dir}: test accuracy ${(testAccuracy * 100).toFixed(2)}%, ` +
      `${info.parameters} parameters, ${(exported.weightsBin.byteLength / 1e3).toFixed(0)} kB, ` +
      `${info.trainSeconds} s`,
  );
}

/** Images [b, 28, 28, 1] in [0, 1] and one-hot labels [b, classes] for the given indices. */
function batchOf(split: DatasetSplit, idx: Uint32Array, classes: number) {
  const pixels = new Float32Array(idx.length * PIXELS);
  const labels = new Int32Array(idx.length);
  idx.forEach((i, b) => {
    const src = split.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    for (let p = 0; p < PIXELS; p++) pixels[b * PIXELS + p] = src[p] / 255;
    labels[b] = split.labels[i];
  });
  return {
    x: tf.tensor4d(pixels, [idx.length, 28, 28, 1]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat()),
  };
}

async function accuracy(net: tf.LayersModel, split: DatasetSplit): Promise<number> {
  let correct = 0;
  const chunk = 1000;
  for (let start = 0; start < split.count; start += chunk) {
    const n = Math.min(chunk, split.count - start);
    const idx = Uint32Array.from({ length: n }, (_, i) => start + i);
    const { x, y } = batchOf(split, idx, 10);
    const hits = tf.tidy(() =>
      tf.sum(tf.equal(tf.argMax(net.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)).toInt()),
    );
    correct += (await hits.data())[0];
    tf.dispose([x, y, hits]);
  }
  return correct / split.count;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
