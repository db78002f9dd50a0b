// Headless trainer: the same datasets, models and engine as the page, driven from a terminal.
//   npm run train -- --model vae --dataset mnist --steps 200 --out vae.json

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createNodeSource } from '../datasets/node-source';
import { DATASET_IDS, getDataset } from '../datasets/registry';
import type { ImageShape, LoadedDataset } from '../datasets/types';
import { encodePng } from '../lib/png';
import { initBackend } from '../ml/backends/init-backend';
import { isConditional } from '../ml/config';
import { trainerFromWeights } from '../ml/train/resume';
import { Trainer } from '../ml/train/trainer';
import type { EngineEvent, MetricsEvent } from '../ml/train/types';
import { formatQualityReport } from '../ml/metrics/format';
import { parseWeightsFile } from '../ml/weights';
import { layersExportFiles } from '../ml/weights/layers-models';
import { generatePytorchScript, pytorchReadme } from '../ml/export-python';
import { cliModelConfig, parseCliArgs, USAGE, UsageError, type CliOptions } from './args';
import { describeBudget, TrainingBudget } from './budget';
import { formatLosses, ProgressBar } from './progress';

async function main(argv: readonly string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv, DATASET_IDS);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) process.stderr.write(`error: ${err.message}\n\n`);
      process.stderr.write(`${USAGE}\n`);
      return err.message ? 2 : 0;
    }
    throw err;
  }

  // Quiet tfjs's advice to install tfjs-node: this tool runs on the pure-JS and wasm backends.
  tf.env().set('PROD', true);
  if (opts.backend === 'wasm') {
    const { nodeWasmPaths } = await import('../ml/backends/wasm-paths-node');
    await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  } else {
    await initBackend('cpu');
  }
  log(`backend: ${tf.getBackend()}`);

  const dataset = await loadDataset(opts.dataset);
  let bar: ProgressBar | null = null;
  const metricsEvents: MetricsEvent[] = [];
  // A loss or a weight became NaN/Inf: the trainer paused and said so in an error event.
  let diverged = false;
  const listener = (e: EngineEvent) => {
    if (e.type === 'step') bar?.update(e.step, e.epoch, e.losses, e.imagesPerSec);
    else if (e.type === 'metrics') metricsEvents.push(e);
    else if (e.type === 'error') {
      if (e.kind === 'diverged') diverged = true;
      bar?.finish();
      log(`error: ${e.message}`);
    }
  };

  const trainer = opts.init
    ? await resumeFrom(opts, dataset, listener)
    : new Trainer({
        spec: {
          model: cliModelConfig(opts),
          datasetId: opts.dataset,
          train: { seed: opts.seed, stepsPerEpoch: opts.stepsPerEpoch, sampleEverySteps: null },
        },
        dataset,
        listener,
      });

  const metrics = opts.metrics ? await epochMetrics() : null;
  trainer.setEpochMetrics(metrics);

  // No steps or epochs: only --minutes was given, and time alone ends the run.
  const total = opts.steps ?? (opts.epochs === null ? null : opts.epochs * trainer.epochLength);
  log(
    `training ${trainer.spec.model.kind} on ${opts.dataset} for ${describeBudget(total, opts.minutes)} ` +
      `(${trainer.epochLength} steps per epoch, batch ${trainer.spec.model.batchSize})`,
  );
  // The clock starts here, with the dataset loaded and the networks built.
  const budget = new TrainingBudget({
    startStep: trainer.step,
    targetStep: total === null ? null : trainer.step + total,
    budgetMs: opts.minutes === null ? null : opts.minutes * 60_000,
  });
  bar = new ProgressBar(budget);
  let stopped = budget.stopReason(trainer.step);
  while (stopped === null) {
    await trainer.trainStep();
    if (diverged) break;
    stopped = budget.stopReason(trainer.step);
  }
  bar.finish();
  const seconds = budget.elapsedMs() / 1000;
  const last = trainer.lossHistory.at(-1);
  log(
    `done: step ${trainer.step}, epoch ${trainer.epoch}, ${seconds.toFixed(1)} s` +
      (stopped === 'time' ? ` (the ${opts.minutes} min budget ran out)` : '') +
      (last ? `, ${formatLosses(last.losses)}` : ''),
  );

  if (metrics !== null) {
    // Measured at each epoch end; measure once more if the run stopped mid-epoch.
    if (metricsEvents.at(-1)?.step !== trainer.step) {
      const { spec, runtime, epoch, step } = trainer;
      metricsEvents.push(await metrics.evaluate({ runtime, spec, dataset, epoch, step }));
    }
    for (const e of metricsEvents) {
      log(`quality at step ${e.step} (epoch ${e.epoch}):\n${formatQualityReport(e.report)}`);
    }
  }

  await writeOutputs(opts, trainer);
  if (opts.exportPython && opts.out) {
    await writePythonExport(opts.exportPython, opts.out, trainer, dataset.info.shape);
  }
  trainer.dispose();
  return diverged ? 1 : 0;
}

async function epochMetrics() {
  const { EpochMetrics } = await import('../ml/train/epoch-metrics');
  const { classifierNodeSource } = await import('../ml/classifiers/node-source');
  return new EpochMetrics({ classifierSource: classifierNodeSource() });
}

async function loadDataset(id: string): Promise<LoadedDataset> {
  let lastReport = -1;
  return getDataset(id).load({
    source: createNodeSource(),
    onProgress: (fraction, message) => {
      const pct = Math.floor(fraction * 10) * 10;
      if (pct !== lastReport) {
        lastReport = pct;
        log(`loading ${id}: ${pct}% ${message}`);
      }
    },
  });
}

async function resumeFrom(
  opts: CliOptions,
  dataset: LoadedDataset,
  listener: (e: EngineEvent) => void,
): Promise<Trainer> {
  const file = parseWeightsFile(await readFile(opts.init as string));
  if (file.meta.model.kind !== opts.model) {
    throw new UsageError(
      `--init holds a ${file.meta.model.kind} model, but --model says ${opts.model}`,
    );
  }
  if (opts.latent !== null && opts.latent !== file.meta.model.latentDim) {
    throw new UsageError(
      `--latent ${opts.latent} differs from the latent size ${file.meta.model.latentDim} in --init`,
    );
  }
  const trainer = await trainerFromWeights({ weights: file, dataset, listener });
  log(`continuing from ${opts.init} at step ${trainer.step}`);
  return trainer;
}

async function writeOutputs(opts: CliOptions, trainer: Trainer) {
  if (opts.out !== null) {
    await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
    const json = await trainer.exportWeights({ includeOptimizer: opts.includeOptimizer });
    await writeFile(opts.out, json);
    log(`wrote ${opts.out} (${(json.length / 1e6).toFixed(1)} MB)`);
  }

  if (opts.exportLayers) {
    const { runtime, spec } = trainer;
    const title = `${spec.datasetId} ${spec.model.kind}`;
    const classes = isConditional(spec.model) ? trainer.dataset.info.labelNames : [];
    const files = await layersExportFiles(runtime.nets, spec.model, title, classes);
    for (const [file, bytes] of Object.entries(files)) {
      const target = path.join(opts.exportLayers, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
      if (file.endsWith('model.json')) log(`wrote ${target}`);
    }
  }

  if (opts.samples) {
    const g = await trainer.fixedNoiseGrid();
    await writeFile(opts.samples, await encodePng(g.rgba, g.width, g.height));
    const names = trainer.dataset.info.labelNames;
    const rows = isConditional(trainer.spec.model)
      ? ` (one row per class: ${names.slice(0, g.rows).join(', ')}; the same noise down each column)`
      : '';
    log(`wrote ${opts.samples}${rows}`);
  }
}

/** DIR/model.py (the run's PyTorch script) and DIR/README.md with commands that find the weights. */
async function writePythonExport(
  dir: string,
  weightsPath: string,
  trainer: Trainer,
  shape: ImageShape,
) {
  await mkdir(dir, { recursive: true });
  const meta = {
    datasetId: trainer.spec.datasetId,
    train: trainer.spec.train,
    weightsFileName: path.relative(dir, path.resolve(weightsPath)) || 'weights.json',
    ...(isConditional(trainer.spec.model) ? { classes: trainer.dataset.info.labelNames } : {}),
  };
  const { model } = trainer.spec;
  await writeFile(path.join(dir, 'model.py'), generatePytorchScript(model, shape, meta));
  await writeFile(path.join(dir, 'README.md'), pytorchReadme(model, shape, meta));
  log(`wrote ${path.join(dir, 'model.py')} and README.md (PyTorch; see docs/pytorch-export.md)`);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
