// Weights files written before the discriminator could have a minibatch-discrimination layer
// have no `minibatchKernels` in their model config. They were trained without the layer, so
// they must load as exactly that (not as today's default, which has it), keep training, and be
// written back with the field filled in.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNodeSource } from '../../src/datasets/node-source';
import { DEFAULT_DCGAN, type DcganConfig } from '../../src/ml/config';
import type { RunSpec } from '../../src/ml/train/types';
import { parseWeightsFile } from '../../src/ml/weights/parse';
import type { TrainingWorkerApi } from '../../src/worker/protocol';
import { createTrainingWorkerApi } from '../../src/worker/worker-api';

const OLD_MODEL: DcganConfig = {
  ...DEFAULT_DCGAN,
  latentDim: 4,
  baseFilters: 4,
  batchSize: 4,
  minibatchKernels: 0,
};
const OLD_GAN: RunSpec = {
  datasetId: 'mnist',
  model: OLD_MODEL,
  train: { seed: 3, stepsPerEpoch: 2, sampleEverySteps: null },
};

let api: TrainingWorkerApi;

beforeAll(async () => {
  api = createTrainingWorkerApi({ sourceFor: () => createNodeSource() });
  await api.init({ backend: 'cpu', dataBaseUrl: 'file:///unused/' });
});

afterAll(async () => {
  await api.disposeRun();
});

it('loads a file without minibatchKernels as a discriminator without the layer', async () => {
  await api.createRun(OLD_GAN);
  await api.trainStep();
  const written = new TextDecoder().decode(await api.exportWeights({ includeOptimizer: true }));
  const json = JSON.parse(written) as { model: Record<string, unknown> };
  expect(json.model.minibatchKernels).toBe(0);
  delete json.model.minibatchKernels; // as every file before the field existed
  const before = parseWeightsFile(new TextEncoder().encode(JSON.stringify(json)));
  expect(before.networks.discriminator.map((w) => w.name)).not.toContain('d_minibatch/kernel');

  // A run of today's default (with the layer) is replaced by the older file's run.
  await api.createRun({ ...OLD_GAN, model: { ...OLD_MODEL, minibatchKernels: 16 } });
  const spec = await api.importWeights(new TextEncoder().encode(JSON.stringify(json)).buffer);
  expect(spec.model).toEqual(OLD_GAN.model);
  await api.trainStep(); // and it trains on
  const again = parseWeightsFile(
    new Uint8Array(await api.exportWeights({ includeOptimizer: true })),
  );
  expect(again.meta.model).toEqual(OLD_GAN.model);
  expect(again.meta.step).toBe(2);
  const names = (file: typeof again) => file.networks.discriminator.map((w) => w.name);
  expect(names(again)).toEqual(names(before));
});
