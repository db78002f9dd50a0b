// A class-conditional VAE (and DCGAN) wherever a model goes: the weights file names its classes,
// resumes into the same classes only, refuses to load across conditional and unconditional with
// a sentence saying so, and its decoder exports as a stock Layers model with two inputs.

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE, type DcganConfig, type VaeConfig } from '../config';
import { buildDcgan } from '../models/dcgan';
import { buildVae, decoderImageModel } from '../models/vae';
import { syntheticDataset } from '../testing/synthetic-dataset';
import { trainerFromWeights } from '../train/resume';
import { oneHotClasses } from '../train/runtime';
import { Trainer } from '../train/trainer';
import { applyWeights, exportLayersModel, parseWeightsFile } from './index';

const SHAPE = { height: 8, width: 8, channels: 1 } as const;
const dataset = syntheticDataset(SHAPE, 32, 8);
const CLASSES = dataset.info.labelNames;
const cvae: VaeConfig = {
  ...DEFAULT_VAE,
  latentDim: 3,
  baseFilters: 4,
  batchSize: 8,
  conditional: true,
};
const spec = {
  model: cvae,
  datasetId: 'synthetic',
  train: { seed: 4, stepsPerEpoch: 4, sampleEverySteps: null },
};

let trainer: Trainer;
let json: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  trainer = new Trainer({ spec, dataset, listener: () => {} });
  for (let i = 0; i < 2; i++) await trainer.trainStep();
  json = await trainer.exportWeights({ includeOptimizer: true });
});

afterAll(() => trainer.dispose());

const z = tf.tensor2d([0.5, -1, 0.2, 1, 0, -0.3], [2, 3]);
const asked = Int32Array.of(3, 1);

describe('conditional weights files', () => {
  it('name the classes and resume into the same model, drawing the same images', async () => {
    const file = parseWeightsFile(json);
    expect(file.meta.dataset.classes).toEqual(CLASSES);
    expect(file.meta.model).toMatchObject({ kind: 'vae', conditional: true });
    const resumed = await trainerFromWeights({ weights: file, dataset, listener: () => {} });
    const want = await trainer.runtime.generate(z, asked).data();
    expect(await resumed.runtime.generate(z, asked).data()).toEqual(want);
    resumed.dispose();
  });

  it('refuse to resume on a dataset with other classes, or none', async () => {
    const file = parseWeightsFile(json);
    const renamed = { ...dataset, info: { ...dataset.info, labelNames: ['a', 'b', 'c', 'd'] } };
    await expect(
      trainerFromWeights({ weights: file, dataset: renamed, listener: () => {} }),
    ).rejects.toThrow(
      /draws 4 classes \(top-left, top-right, bottom-left and 1 more\), but this one draws 4 classes \(a, b, c and 1 more\)/,
    );
    const none = { ...dataset, info: { ...dataset.info, labelNames: ['image'] } };
    await expect(
      trainerFromWeights({ weights: file, dataset: none, listener: () => {} }),
    ).rejects.toThrow(/cannot train on Synthetic blobs: its images have no classes/);
  });

  it('say why a conditional file does not load into an unconditional model, and back', async () => {
    const file = parseWeightsFile(json);
    const plain = buildVae({ ...cvae, conditional: false }, SHAPE, 1);
    await expect(applyWeights(file, plain, null, { classes: [] })).rejects.toThrow(
      /^The file holds a class-conditional model of 4 classes .* but an unconditional model is being loaded: switch the conditional option on to load it\.$/,
    );
    const plainTrainer = new Trainer({
      spec: { ...spec, model: { ...cvae, conditional: false } },
      dataset,
      listener: () => {},
    });
    const plainFile = parseWeightsFile(
      await plainTrainer.exportWeights({ includeOptimizer: false }),
    );
    expect(plainFile.meta.dataset.classes).toBeUndefined();
    const conditional = buildVae(cvae, SHAPE, 1, 4);
    await expect(applyWeights(plainFile, conditional, null, { classes: CLASSES })).rejects.toThrow(
      /^The file holds an unconditional model, but a class-conditional model of 4 classes/,
    );
    plainTrainer.dispose();
    for (const net of [...Object.values(plain), ...Object.values(conditional)]) net.dispose();
  });

  it('must list the classes of a conditional model, and only then', () => {
    const raw = JSON.parse(json) as {
      dataset: Record<string, unknown>;
      model: Record<string, unknown>;
    };
    const without = { ...raw, dataset: { ...raw.dataset, classes: undefined } };
    expect(() => parseWeightsFile(JSON.stringify(without))).toThrow(/does not name its classes/);
    const unconditional = { ...raw, model: { ...raw.model, conditional: false } };
    expect(() => parseWeightsFile(JSON.stringify(unconditional))).toThrow(
      /dataset.classes is only for a class-conditional model/,
    );
    const one = { ...raw, dataset: { ...raw.dataset, classes: ['x'] } };
    expect(() => parseWeightsFile(JSON.stringify(one))).toThrow(/2 to 1000 classes, found 1/);
  });
});

describe('conditional Layers export', () => {
  it('writes a decoder with two inputs, z and the one-hot class, that stock tfjs loads', async () => {
    const model = decoderImageModel(trainer.runtime.nets.decoder);
    const out = await exportLayersModel(model, 'decoder');
    const topology = JSON.parse(out.modelJson) as tf.io.ModelJSON;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: topology.modelTopology,
        weightSpecs: topology.weightsManifest[0].weights,
        weightData: out.weightsBin.buffer.slice(
          out.weightsBin.byteOffset,
          out.weightsBin.byteOffset + out.weightsBin.byteLength,
        ) as ArrayBuffer,
      }),
    );
    expect(loaded.inputs.map((i) => i.shape)).toEqual([
      [null, 3],
      [null, 4],
    ]);
    const got = loaded.predict([z, oneHotClasses(2, 4, asked)]) as tf.Tensor;
    expect(Array.from(await got.data())).toEqual(
      Array.from(await trainer.runtime.generate(z, asked).data()),
    );
  });
});

describe('conditional DCGAN weights files', () => {
  it('name the classes, resume drawing the same images, and refuse to cross conditional and unconditional', async () => {
    const cgan: DcganConfig = {
      ...DEFAULT_DCGAN,
      latentDim: 3,
      baseFilters: 4,
      batchSize: 8,
      conditional: true,
    };
    const gan = new Trainer({ spec: { ...spec, model: cgan }, dataset, listener: () => {} });
    await gan.trainStep();
    const file = parseWeightsFile(await gan.exportWeights({ includeOptimizer: true }));
    expect(file.meta.dataset.classes).toEqual(CLASSES);
    expect(file.meta.model).toMatchObject({ kind: 'dcgan', conditional: true });
    const resumed = await trainerFromWeights({ weights: file, dataset, listener: () => {} });
    const want = await gan.runtime.generate(z, asked).data();
    expect(await resumed.runtime.generate(z, asked).data()).toEqual(want);

    const plain = buildDcgan({ ...cgan, conditional: false }, SHAPE, 1);
    await expect(applyWeights(file, plain, null, { classes: [] })).rejects.toThrow(
      /^The file holds a class-conditional model of 4 classes .* but an unconditional model is being loaded/,
    );
    const renamed = { ...dataset, info: { ...dataset.info, labelNames: ['a', 'b', 'c', 'd'] } };
    await expect(
      trainerFromWeights({ weights: file, dataset: renamed, listener: () => {} }),
    ).rejects.toThrow(/draws 4 classes \(top-left, top-right, bottom-left and 1 more\)/);
    for (const t of [gan, resumed]) t.dispose();
    for (const net of Object.values(plain)) net.dispose();
  });
});
