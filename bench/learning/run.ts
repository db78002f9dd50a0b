// `npm run bench:learning`: how good the samples get per second of training, in the page beside
// PyTorch on the same CPU.
//
// For each config (the page's default for a dataset, src/ml/config.ts; --set overrides apply to
// all): the page trains in headless Chromium on wasm (press Train, Pause at each time point, draw
// samples from fixed noise with the worker's generate(), score them in Node, Resume), then the
// playground's PyTorch export of the same config trains for the same times
// (bench/learning/torch_learning.py) and its samples from the same noise are scored by the same
// code. One config after the other, never both sides at once: the machine has 2 cores.
// Results: bench/results/learning.json, learning.md, learning.svg and learning/*.png.
//
//   npm run bench:learning                                          everything (hours)
//   npm run bench:learning -- --configs dcgan:mnist --points 10,20 --torch-threads 1   a check
//   npm run bench:learning -- --configs dcgan:mnist --set baseFilters=32 --set minibatchKernels=0
//
// Options: --configs kind:dataset,... --points s,s,... --set name=value (repeatable)
//          --torch-threads N (default: the faster of 1 and 2) --no-torch --python PATH
//          --page-metrics (keep the page's epoch-end metrics on) --out DIR
//          --dist DIR (build the app there: checkouts benchmarking at once must not share one)

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import * as tf from '@tensorflow/tfjs';
import { launchBenchBrowser } from '../lib/browser';
import { buildAndServe } from '../lib/serve';
import { trainInPage } from './page-run';
import { parsePlan, type LearningConfig, type LearningPlan } from './plan';
import { renderLearningSvg } from './plot';
import {
  metricsFor,
  renderLearningMarkdown,
  type ConfigResult,
  type LearningResults,
} from './report';
import { Scoring, type PointResult, type Side } from './scoring';
import { trainInTorch, type TorchRunResult } from './torch-run';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const started = Date.now();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const plan = parsePlan(argv, ROOT);
  const loadAverageStart = os.loadavg();
  await mkdir(path.join(plan.out, 'learning'), { recursive: true });
  const scoring = await Scoring.create(plan.out);
  log('building (if stale) and serving the app');
  const server = await buildAndServe(ROOT, plan.dist);
  if (server.rebuilt) log('built the app');
  const browser = await launchBenchBrowser();
  const chromium = browser.version();
  const configs: ConfigResult[] = [];
  try {
    log(`Chromium ${chromium} at ${server.url}`);
    for (const config of plan.configs) {
      configs.push(await runConfig(config, plan, browser, server.url, scoring));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
  const results: LearningResults = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    command: `npm run bench:learning${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    points: plan.points,
    sets: plan.sets,
    pageMetrics: plan.pageMetrics,
    machine: {
      cpus: os.cpus().length,
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
      chromium,
      node: process.version,
      tfjs: tf.version.tfjs,
      torch: configs.find((c) => c.torch?.torch)?.torch?.torch ?? null,
    },
    configs,
    wallSeconds: (Date.now() - started) / 1000,
  };
  await writeResults(plan.out, results);
}

/** One config: its page run, then its PyTorch run, each scored at every point. */
async function runConfig(
  config: LearningConfig,
  plan: LearningPlan,
  browser: Browser,
  url: string,
  scoring: Scoring,
): Promise<ConfigResult> {
  log(`${config.name}: loading the data and the real-image reference`);
  const data = await scoring.dataset(config.datasetId);
  await scoring.reference(config.datasetId);
  const score = (side: Side) => (point: Parameters<Scoring['score']>[2], pixels: Float32Array) =>
    scoring.score(config, side, point, pixels).then((r) => logPoint(config, side, r));

  log(`${config.name}: tfjs in the page, points ${plan.points.join(', ')} s`);
  const tfjs = await trainInPage(
    browser,
    url,
    config,
    plan.points,
    plan.pageMetrics,
    score('tfjs'),
  );
  if (tfjs.error !== undefined) log(`${config.name}: tfjs stopped: ${tfjs.error}`);

  let torch: TorchRunResult | null = null;
  if (plan.torch) {
    log(`${config.name}: PyTorch`);
    torch = await trainInTorch(
      config,
      data,
      plan.points,
      plan.python,
      plan.torchThreads,
      score('torch'),
    );
    if (torch.error !== undefined) log(`${config.name}: PyTorch stopped: ${torch.error}`);
  }
  const { name, kind, datasetId, shape, model, overrides, sampleCount } = config;
  return { name, kind, datasetId, shape, model, overrides, sampleCount, tfjs, torch };
}

function logPoint(config: LearningConfig, side: Side, r: PointResult): PointResult {
  const figures = metricsFor(config)
    .map((m) => `${m.title} ${m.value(r.quality)?.toFixed(m.digits) ?? '–'}`)
    .join(', ');
  log(
    `${config.name} ${side} at ${r.target} s: step ${r.steps} (${r.seconds.toFixed(1)} s), ` +
      `${figures}; sampled in ${r.sampleSeconds.toFixed(1)} s, scored in ${r.scoreSeconds.toFixed(1)} s`,
  );
  return r;
}

async function writeResults(out: string, results: LearningResults): Promise<void> {
  const markdown = renderLearningMarkdown(results);
  await writeFile(path.join(out, 'learning.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(out, 'learning.md'), markdown);
  await writeFile(path.join(out, 'learning.svg'), renderLearningSvg(results));
  console.log(`\n${markdown}`);
  log(`wrote ${path.relative(ROOT, path.join(out, 'learning.md'))}, learning.json, learning.svg`);
}

function log(line: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
