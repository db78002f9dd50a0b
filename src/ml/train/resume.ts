// The one way to a trainer that continues a run from a weights file (parsed and validated by
// parseWeightsFile; a fresh run is `new Trainer(init)`): the same architecture from the file's
// config, every weight (and Adam's state, when present) restored, and the step, epoch and loss history
// carried on. Nothing is touched if the file does not fit the dataset.

import { conditionalClasses } from '../../datasets/classes';
import type { LoadedDataset } from '../../datasets/types';
import { classesProblem } from '../weights/compatible';
import { WeightsImportError } from '../weights/errors';
import type { WeightsFile } from '../weights/format';
import { createRuntime } from './create-runtime';
import { Trainer } from './trainer';
import type { EngineListener } from './types';

export interface ResumeInit {
  readonly weights: WeightsFile;
  readonly dataset: LoadedDataset;
  readonly listener: EngineListener;
}

export async function trainerFromWeights(init: ResumeInit): Promise<Trainer> {
  const { meta } = init.weights;
  const want = meta.dataset.shape;
  const have = init.dataset.info.shape;
  if (want.height !== have.height || want.width !== have.width || want.channels !== have.channels) {
    throw new WeightsImportError(
      'dataset',
      `These weights were trained on ${meta.dataset.id} images of ${`${want.height}x${want.width}x${want.channels}`}, ` +
        `but ${init.dataset.info.id} images are ${`${have.height}x${have.width}x${have.channels}`}.`,
    );
  }
  const fileClasses = meta.dataset.classes;
  if (fileClasses !== undefined) {
    // A conditional model continues on a dataset with the same classes, in the same order.
    const classes = conditionalClasses(init.dataset.info);
    if (!classes.ok) throw new WeightsImportError('dataset', classes.message);
    const problem = classesProblem(fileClasses, classes.names);
    if (problem !== null) {
      throw new WeightsImportError('dataset', `${problem} (${init.dataset.info.name})`);
    }
  }
  const runtime = createRuntime(meta.model, have, meta.train.seed, fileClasses?.length ?? 0);
  try {
    const { applyWeights } = await import('../weights');
    await applyWeights(
      init.weights,
      runtime.nets,
      init.weights.optimizers ? runtime.optimizers : null,
    );
  } catch (err) {
    runtime.dispose();
    throw err;
  }
  return new Trainer(
    {
      spec: { model: meta.model, train: meta.train, datasetId: init.dataset.info.id },
      dataset: init.dataset,
      listener: init.listener,
    },
    { runtime, step: meta.step, epoch: meta.epoch, history: meta.history },
  );
}
