// Quality per training step of one recipe (a model config with overrides), for choosing the
// defaults by how fast they learn: trains the product's own runtime (src/ml/train) on MNIST or
// Fashion-MNIST in Node and scores fixed-noise samples with the bundled classifier every --every
// steps (a class-conditional config, `--set conditional=true`, draws sample i as class i mod k
// and also prints the class agreement). Node's wasm runs one thread, so the step times printed
// are relative costs; the page's figures come from `npm run bench:learning`. docs/quality.md
// tables what this found.
//
//   npx tsx bench/learning/recipe-search.ts --dataset mnist --steps 1500 --every 250 \
//       --set baseFilters=24 --set lrG=1e-3 --set lrD=1e-3

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createNodeSource } from '../../src/datasets/node-source';
import { getDataset } from '../../src/datasets/registry';
import { encodePng } from '../../src/lib/png';
import { Rng } from '../../src/lib/rng';
import { initBackend } from '../../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../../src/ml/backends/wasm-paths-node';
import { loadClassifier } from '../../src/ml/classifiers/load';
import { classifierNodeSource } from '../../src/ml/classifiers/node-source';
import { requireClasses } from '../../src/datasets/classes';
import { isConditional, parseModelConfig, presetConfig, type ModelKind } from '../../src/ml/config';
import { packGrid } from '../../src/ml/images';
import { QualityReference } from '../../src/ml/metrics/quality';
import { Batcher } from '../../src/ml/train/batcher';
import { createRuntime } from '../../src/ml/train/create-runtime';
import { parseOverrides } from '../../src/cli/args';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'mnist' },
      model: { type: 'string', default: 'dcgan' },
      steps: { type: 'string', default: '1500' },
      every: { type: 'string', default: '250' },
      eval: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      set: { type: 'string', multiple: true, default: [] },
      label: { type: 'string', default: '' },
      grids: { type: 'string' },
    },
  });
  const kind = values.model as ModelKind;
  const [steps, every, evalCount, seed] = [
    values.steps,
    values.every,
    values.eval,
    values.seed,
  ].map(Number);
  const overrides = parseOverrides(kind, values.set);
  const parsed = parseModelConfig(
    { ...presetConfig(kind, values.dataset), ...overrides },
    'strict',
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const config = parsed.value;
  const label = values.label || values.set.join(' ') || 'preset';
  const gridPrefix = values.grids;

  tf.env().set('PROD', true);
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  const data = await getDataset(values.dataset).load({ source: createNodeSource() });
  const reference = await QualityReference.create(
    data,
    await loadClassifier(
      values.dataset === 'fashion' ? 'fashion' : 'mnist',
      classifierNodeSource(),
    ),
  );
  const classCount = isConditional(config) ? requireClasses(data.info).length : 0;
  const runtime = createRuntime(config, data.info.shape, seed, classCount);
  const batcher = new Batcher(data.train, data.info.shape, runtime.range, seed);
  const noise = Float32Array.from(new Rng(7).normals(evalCount * runtime.latentDim));
  const k = runtime.classes ?? 0;
  const asked = k > 0 ? Int32Array.from({ length: evalCount }, (_, i) => i % k) : undefined;
  let trainMs = 0;
  for (let step = 0; step < steps;) {
    const t0 = performance.now();
    await runtime.trainStep(batcher, new Rng(seed).fork(0x5eed0000 + step), step);
    trainMs += performance.now() - t0;
    step++;
    if (step % every !== 0) continue;
    const pixels = tf.tidy(() => {
      const images = runtime.generate(tf.tensor2d(noise, [evalCount, runtime.latentDim]), asked);
      return runtime.range === 'tanh' ? images.add(1).div(2) : images;
    });
    const values = (await pixels.data()) as Float32Array;
    pixels.dispose();
    const q = await reference.score(values, evalCount, asked);
    const agreement =
      q.classAgreement !== undefined ? ` | agreement ${(100 * q.classAgreement).toFixed(1)}%` : '';
    const scores =
      q.fid !== undefined
        ? `fid ${q.fid.value.toFixed(1)} | effective ${q.coverage?.effectiveClasses.toFixed(2)}${agreement}`
        : `pixel distance ${q.pixels?.histogramDistance.toFixed(3)} | nearest ${q.nearest?.medianDistance.toFixed(2)} (real ${q.nearest?.realMedianDistance?.toFixed(2)})`;
    console.log(
      `RESULT ${label} | step ${step} | ${(trainMs / step).toFixed(0)} ms/step | ${scores} | ` +
        `tensors ${tf.memory().numTensors}`,
    );
    if (gridPrefix !== undefined) await writeGrid(gridPrefix, step, values, data.info.shape);
  }
}

/** The first 64 samples as an 8x8 PNG: `<prefix>-<step>.png`. */
async function writeGrid(
  prefix: string,
  step: number,
  samples: Float32Array,
  shape: { height: number; width: number; channels: 1 | 3 },
): Promise<void> {
  const n = 64;
  const grid = packGrid(samples.subarray(0, n * shape.height * shape.width * shape.channels), {
    count: n,
    ...shape,
    cols: 8,
    range: 'unit',
  });
  await writeFile(`${prefix}-${step}.png`, await encodePng(grid.rgba, grid.width, grid.height));
}

void main();
