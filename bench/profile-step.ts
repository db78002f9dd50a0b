// Where a training step's time goes on the wasm backend, for the default configs the page trains
// (src/ml/config.ts with the dataset presets): DCGAN and VAE on MNIST and on the RGB faces.
// For each: the wall time of a whole step (runtime.trainStep, losses read back included), the
// time spent preparing and uploading the real batch (Batcher.next), and a tf.profile of one step
// grouped by kernel family. A measurement, not a test.
//
//   npx tsx bench/profile-step.ts [--steps 5] [--only dcgan-mnist,vae-faces]
//
// Node runs wasm on one thread with SIMD, as Chromium does on a 2-core machine (tfjs gives
// XNNPACK half the logical cores). Writes bench/results/profile.{json,md}.

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createNodeSource } from '../src/datasets/node-source';
import { getDataset } from '../src/datasets/registry';
import { Rng } from '../src/lib/rng';
import { initBackend } from '../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../src/ml/backends/wasm-paths-node';
import { presetConfig, type ModelKind } from '../src/ml/config';
import { Batcher } from '../src/ml/train/batcher';
import { createRuntime } from '../src/ml/train/create-runtime';
import { measureLoopExtras, type LoopExtras } from './lib/loop-extras';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Kernel families, matched in order; the first that matches a kernel name wins. */
const FAMILIES: readonly [string, RegExp][] = [
  ['transposed conv / input gradient (Conv2DBackpropInput)', /^Conv2DBackpropInput$/],
  ['filter gradient (Conv2DBackpropFilter)', /^Conv2DBackpropFilter$/],
  ['forward convolutions (Conv2D, FusedConv2D)', /^(Fused)?Conv2D$/],
  ['matrix products (dense layers)', /MatMul/],
  ['batch norm (FusedBatchNorm)', /BatchNorm/],
  ['reductions (Sum, Mean, Max)', /^(Sum|Mean|Max|Min|Prod|ArgMax)$/],
  [
    'layout (Transpose, Reshape, Pad, Slice, Concat, Tile)',
    /^(Transpose|Reshape|PadV2|Slice|StridedSlice|Concat|Tile|Pack|Unpack|MirrorPad|DepthToSpace|Cast|Identity)$/,
  ],
  ['elementwise (activations, Adam, losses)', /.*/],
];

interface CaseResult {
  readonly id: string;
  readonly batch: number;
  readonly imagesPerStep: number;
  readonly stepMs: number;
  readonly imagesPerSecond: number;
  readonly batchMs: number;
  readonly kernelMs: number;
  /** Kernel calls in one step. */
  readonly kernelCalls: number;
  readonly loop: LoopExtras;
  readonly families: { name: string; ms: number }[];
  readonly topKernels: { name: string; ms: number; calls: number }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function profileCase(kind: ModelKind, datasetId: string, steps: number): Promise<CaseResult> {
  const dataset = await getDataset(datasetId).load({ source: createNodeSource() });
  const config = presetConfig(kind, datasetId);
  const runtime = createRuntime(config, dataset.info.shape, 1);
  const batcher = new Batcher(dataset.train, dataset.info.shape, runtime.range, 1);
  const rng = new Rng(1);
  let step = 0;
  for (let w = 0; w < 2; w++) await runtime.trainStep(batcher, rng, step++); // Adam slots, kernels

  const stepTimes: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    await runtime.trainStep(batcher, rng, step++);
    stepTimes.push(performance.now() - t0);
  }
  const batchTimes: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    batcher.next(config.batchSize).dispose();
    batchTimes.push(performance.now() - t0);
  }
  // One real batch per step for the VAE; D steps per G step of them for the GAN.
  const batchesPerStep = runtime.imagesPerStep / config.batchSize;

  const info = await tf.profile(async () => {
    await runtime.trainStep(batcher, rng, step++);
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  let kernelMs = 0;
  let kernelCalls = 0;
  for (const k of info.kernels) {
    // Ops with a custom gradient also show as a scope (`fusedConv2d__op`) around their kernel.
    if (k.name.endsWith('__op')) continue;
    const ms = k.kernelTimeMs as number; // awaited by tf.profile
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls++;
    byKernel.set(k.name, entry);
    kernelMs += ms;
    kernelCalls++;
  }
  const families = FAMILIES.map(([name]) => ({ name, ms: 0 }));
  for (const [name, { ms }] of byKernel) {
    const index = FAMILIES.findIndex(([, re]) => re.test(name));
    families[index].ms += ms;
  }
  const topKernels = [...byKernel.entries()]
    .map(([name, v]) => ({ name, ...v }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  runtime.dispose();

  const stepMs = median(stepTimes);
  const loop = await measureLoopExtras(config, dataset, stepMs);
  return {
    id: `${kind} ${datasetId}`,
    batch: config.batchSize,
    imagesPerStep: runtime.imagesPerStep,
    stepMs,
    imagesPerSecond: (1000 * runtime.imagesPerStep) / stepMs,
    batchMs: median(batchTimes) * batchesPerStep,
    kernelMs,
    kernelCalls,
    loop,
    families: families.filter((f) => f.ms > 0).sort((a, b) => b.ms - a.ms),
    topKernels,
  };
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;
const ms = (v: number) => v.toFixed(v < 10 ? 1 : 0);

function markdown(results: CaseResult[], started: Date): string {
  const out: string[] = [
    '# Where a wasm training step spends its time',
    '',
    `${started.toISOString().slice(0, 10)}, \`npx tsx bench/profile-step.ts\`, tfjs ${tf.version.tfjs}, ` +
      `Node ${process.version}, wasm single-threaded with SIMD, ${os.cpus().length} cores, load ` +
      `average ${os
        .loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')}. Default configs of ` +
      'src/ml/config.ts (dataset presets applied). Kernel times come from `tf.profile` of one step; ' +
      'the step time is the median of timed steps without profiling.',
    '',
    "Profiling reads every kernel's output back, so profiled kernel times add up to more than an " +
      'unprofiled step: read the shares, not the sums. The real batch column is the time to ' +
      "gather, scale and upload the step's real images (Batcher.next), outside the kernels.",
    '',
    '| Model | Batch | Step (ms) | Images/s | Profiled kernel time (ms) | Real batch: prepare + upload (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    out.push(
      `| ${r.id} | ${r.batch} | ${ms(r.stepMs)} | ${r.imagesPerSecond.toFixed(1)} | ` +
        `${ms(r.kernelMs)} | ${ms(r.batchMs)} (${pct(r.batchMs, r.stepMs)} of a step) |`,
    );
  }
  out.push(
    '',
    '## Around the step: the loop, and the cost of a kernel call',
    '',
    "The trainer's weight check (every 10 steps), its sample grid (every 20, the page's default) " +
      "and the worker's checkpoint with Adam's state (once a minute), each timed once and spread " +
      'over the steps between two of them; the fixed cost of a kernel call is that of adding two ' +
      'one-element tensors, times the kernel calls of a step.',
    '',
    '| Model | Weight check (ms) | Grid (ms) | Checkpoint (ms) | Loop extras per step | Kernel calls a step | Fixed cost of those calls |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of results) {
    const fixedMs = (r.kernelCalls * r.loop.kernelCallUs) / 1000;
    out.push(
      `| ${r.id} | ${ms(r.loop.weightCheckMs)} | ${ms(r.loop.gridMs)} | ${ms(r.loop.checkpointMs)} | ` +
        `${(100 * r.loop.shareOfStep).toFixed(1)}% | ${r.kernelCalls} | ${ms(fixedMs)} ms ` +
        `(${pct(fixedMs, r.stepMs)}; ${r.loop.kernelCallUs.toFixed(1)} µs a call) |`,
    );
  }
  for (const r of results) {
    out.push('', `## ${r.id}: kernel time by family (${ms(r.kernelMs)} ms in kernels)`, '');
    out.push('| Family | ms | share of kernel time |', '| --- | ---: | ---: |');
    for (const f of r.families) out.push(`| ${f.name} | ${ms(f.ms)} | ${pct(f.ms, r.kernelMs)} |`);
    out.push(
      '',
      'Top kernels: ' +
        r.topKernels.map((k) => `${k.name} ${ms(k.ms)} ms (${k.calls} calls)`).join(', ') +
        '.',
    );
  }
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: '5' },
      only: { type: 'string', default: 'dcgan-mnist,vae-mnist,dcgan-faces,vae-faces' },
      out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
    },
  });
  const started = new Date();
  await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
  const results: CaseResult[] = [];
  for (const id of values.only.split(',')) {
    const [kind, datasetId] = id.split('-') as [ModelKind, string];
    const r = await profileCase(kind, datasetId, Number(values.steps));
    console.log(
      `${r.id}: ${ms(r.stepMs)} ms/step, ${r.imagesPerSecond.toFixed(1)} images/s; kernels ` +
        `${ms(r.kernelMs)} ms in ${r.kernelCalls} calls, batch ${ms(r.batchMs)} ms; loop extras ` +
        `${(100 * r.loop.shareOfStep).toFixed(1)}% of a step, ${r.loop.kernelCallUs.toFixed(1)} µs a call; ` +
        r.families.map((f) => `${f.name.split(' (')[0]} ${pct(f.ms, r.kernelMs)}`).join(', '),
    );
    results.push(r);
  }
  await mkdir(values.out, { recursive: true });
  await writeFile(path.join(values.out, 'profile.json'), JSON.stringify(results, null, 2) + '\n');
  await writeFile(path.join(values.out, 'profile.md'), markdown(results, started));
  console.log(`wrote ${path.join(values.out, 'profile.md')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
