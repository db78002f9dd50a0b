// The worker's latent-explorer methods: facts about the run's latent space, test images to pick
// from, and (VAE only) encoding them to posterior means for interpolation, the 2-D scatter and
// attribute directions. Generation itself is the shared `generate` method. Reads the worker's
// current trainer and dataset through getters, so it always sees the run of the moment.

import * as Comlink from 'comlink';
import type { DatasetSplit, LoadedDataset } from '../datasets/types';
import type { Trainer } from '../ml/train/trainer';
import type { ImageGrid } from '../ml/train/types';
import { packGrid } from '../ml/images';
import { attributeDirection, describeGroup, type LabelledImages } from '../ml/latent/directions';
import { encodeImages, encoderOf, spreadIndices, unitImages } from '../ml/latent/encode';
import type { VaeRuntime } from '../ml/train/vae-runtime';
import type { LatentWorkerApi } from './protocol';

export interface LatentHandlerDeps {
  readonly trainer: () => Trainer | null;
  readonly dataset: () => LoadedDataset | null;
}

interface Run {
  readonly trainer: Trainer;
  readonly data: LoadedDataset;
}

export function createLatentHandlers(deps: LatentHandlerDeps): LatentWorkerApi {
  const currentRun = (): Run | null => {
    const trainer = deps.trainer();
    const data = deps.dataset();
    if (trainer === null || data === null || data.info.id !== trainer.spec.datasetId) return null;
    return { trainer, data };
  };

  const requireRun = (): Run => {
    const run = currentRun();
    if (run === null) throw new Error('No run yet: create a run or import weights first.');
    return run;
  };

  const requireEncoder = (run: Run): VaeRuntime => {
    const vae = encoderOf(run.trainer.runtime);
    if (vae === null) {
      throw new Error(
        'Only the VAE can encode images: a GAN has no encoder from images to latents.',
      );
    }
    return vae;
  };

  /** Encoding takes several chunks; it stops if the run is replaced in between. */
  const sameRun = (run: Run) => () => deps.trainer() === run.trainer;

  const gridOf = (run: Run, split: DatasetSplit, indices: readonly number[], cols: number) => {
    const { shape } = run.data.info;
    const grid: ImageGrid = packGrid(unitImages(split, shape, indices), {
      count: indices.length,
      height: shape.height,
      width: shape.width,
      channels: shape.channels,
      cols: Math.max(1, Math.min(cols, indices.length)),
      range: 'unit',
    });
    return grid;
  };

  return {
    latentInfo() {
      const run = currentRun();
      if (run === null) return null;
      const { runtime, spec } = run.trainer;
      const { info, test } = run.data;
      return {
        kind: runtime.kind,
        latentDim: runtime.latentDim,
        datasetId: spec.datasetId,
        canEncode: encoderOf(runtime) !== null,
        labelNames: info.labelNames,
        attributes: info.attributes ?? [],
        testCount: test.count,
        ...((runtime.classes ?? 0) > 0 ? { classNames: info.labelNames } : {}),
      };
    },

    async testImages(indices, cols) {
      const run = requireRun();
      if (indices.length === 0) throw new Error('No test images were asked for');
      const grid = gridOf(run, run.data.test, indices, cols);
      return Comlink.transfer(grid, [grid.rgba.buffer as ArrayBuffer]);
    },

    async encodeTestImages(indices, cols) {
      const run = requireRun();
      const vae = requireEncoder(run);
      if (indices.length === 0) throw new Error('No test images were asked for');
      const { test, info } = run.data;
      const latents = await encodeImages(vae, test, info.shape, indices, sameRun(run));
      const grid = gridOf(run, test, indices, cols);
      const buffers = [latents.buffer, grid.rgba.buffer as ArrayBuffer];
      if (vae.classes === 0) return Comlink.transfer({ latents, grid }, buffers);
      // A conditional VAE encoded each image with its label: decoding it needs that class again.
      const classes = Int32Array.from(indices, (i) => test.labels[i]);
      return Comlink.transfer({ latents, grid, classes }, [...buffers, classes.buffer]);
    },

    async encodeScatter(maxPoints) {
      const run = requireRun();
      const vae = requireEncoder(run);
      const { test, info } = run.data;
      const indices = spreadIndices(test.count, maxPoints);
      const points = await encodeImages(vae, test, info.shape, indices, sameRun(run));
      const labels = Uint16Array.from(indices, (i) => test.labels[i]);
      return Comlink.transfer({ points, labels, labelNames: info.labelNames }, [
        points.buffer,
        labels.buffer,
      ]);
    },

    async attributeDirection(spec, maxImages) {
      const run = requireRun();
      const vae = requireEncoder(run);
      const { test, train, info } = run.data;
      const attributeCount = info.attributes?.length ?? 0;
      // The test split first (images the model did not train on); top up from the train split
      // when the test split alone is small.
      const fromTest = spreadIndices(test.count, maxImages);
      const fromTrain = spreadIndices(train.count, maxImages - fromTest.length);
      const valid = sameRun(run);
      const encTest = await encodeImages(vae, test, info.shape, fromTest, valid);
      const encTrain = await encodeImages(vae, train, info.shape, fromTrain, valid);
      const latents = new Float32Array(encTest.length + encTrain.length);
      latents.set(encTest);
      latents.set(encTrain, encTest.length);
      const images = joinLabels(test, fromTest, train, fromTrain, attributeCount);
      const describe = (rule: Parameters<typeof describeGroup>[0]) =>
        describeGroup(rule, info.labelNames, info.attributes ?? []);
      const result = attributeDirection(
        latents,
        vae.latentDim,
        images,
        attributeCount,
        spec,
        describe,
      );
      return Comlink.transfer(result, [result.direction.buffer]);
    },
  };
}

/** Labels and attributes of the chosen images of two splits, in the order they were encoded. */
function joinLabels(
  a: DatasetSplit,
  aIndices: Uint32Array,
  b: DatasetSplit,
  bIndices: Uint32Array,
  attributeCount: number,
): LabelledImages {
  const count = aIndices.length + bIndices.length;
  const labels = new Uint16Array(count);
  const attributes =
    attributeCount > 0 && a.attributes && b.attributes
      ? new Float32Array(count * attributeCount)
      : undefined;
  let k = 0;
  for (const [split, indices] of [
    [a, aIndices],
    [b, bIndices],
  ] as const) {
    for (const i of indices) {
      labels[k] = split.labels[i];
      if (attributes && split.attributes) {
        attributes.set(
          split.attributes.subarray(i * attributeCount, (i + 1) * attributeCount),
          k * attributeCount,
        );
      }
      k++;
    }
  }
  return { count, labels, attributes };
}
