// Quality metrics for the worker's runs: the engine's EpochMetrics (FID and class coverage for
// sets with a classifier, nearest training image and pixel statistics for colour sets, test
// NELBO for a VAE) at epoch ends, on a time budget so that tiny epochs (demos, tests) are not
// dominated by it, plus a few samples beside their nearest training images for the page.
//
// What an evaluation costs: on MNIST, 1,000 samples through the generator and the classifier
// (and 1,000 test images for a VAE's NELBO), a small share of an epoch of the default configs;
// the first evaluation on a dataset also summarises its real test images, once. Colour sets are
// dominated by the nearest-neighbour search of 256 samples through the training set, which on a
// set as small as flags rivals an epoch itself: hence the budget.

import * as tf from '@tensorflow/tfjs';
import { takeImages } from '../datasets/preview';
import type { ByteSource } from '../datasets/types';
import { classifierFor } from '../ml/classifiers/catalog';
import {
  EpochMetrics,
  type EpochMetricsContext,
  type EpochMetricsHook,
} from '../ml/train/epoch-metrics';
import type { MetricsEvent, NearestPair } from '../ml/train/types';
import { packGrid } from '../ml/images';

export interface QualityMetricsOptions {
  /** Where public/classifiers/ is read from; null: no classifier-based metrics. */
  readonly classifierSource: ByteSource | null;
  /** Samples scored on sets with a classifier (FID, coverage). */
  readonly classifierSamples?: number;
  /** Samples scored on colour sets (pixel statistics; the first 256 are searched). */
  readonly colourSamples?: number;
  /** VAE: test images for the negative ELBO. */
  readonly vaeTestCount?: number;
  /** Pairs of sample and nearest training image sent to the page (colour sets). */
  readonly nearestPairs?: number;
  /** The time budget (defaults below; tests pass 0 to measure every epoch end). */
  readonly minIntervalMs?: number;
  readonly costFactor?: number;
  /** Between epoch ends: the first measurement after this much training... */
  readonly firstAfterMs?: number;
  /** ...then one each time this much more training has passed. */
  readonly everyMs?: number;
  /** The clock the budget reads (tests pass a fake one). */
  readonly now?: () => number;
}

/** Evaluations are at least this far apart (wall time from the end of the previous one)... */
export const METRICS_MIN_INTERVAL_MS = 5000;
/** ...and this many times the previous one's duration: metrics take at most about a tenth. */
export const METRICS_COST_FACTOR = 9;

/** Between epoch ends, the first scores after this much training, then this often. */
export const METRICS_FIRST_AFTER_MS = 45_000;
export const METRICS_EVERY_MS = 120_000;

export const DEFAULT_CLASSIFIER_SAMPLES = 1000;
export const DEFAULT_COLOUR_SAMPLES = 500;
export const DEFAULT_VAE_TEST_COUNT = 1000;
export const DEFAULT_NEAREST_PAIRS = 6;

/** Whether an epoch end may be measured, given the last evaluation's end and its duration. */
export function metricsDue(
  now: number,
  last: { readonly endedAt: number; readonly durationMs: number } | null,
  minIntervalMs = METRICS_MIN_INTERVAL_MS,
  costFactor = METRICS_COST_FACTOR,
): boolean {
  if (last === null) return true;
  const wait = Math.max(minIntervalMs, costFactor * last.durationMs);
  return now - last.endedAt >= wait;
}

/**
 * The hook every worker run gets. `evaluate` returns null for an epoch it skips (switched off,
 * or too soon after the previous evaluation). Failures come back as a report with `error` set:
 * training never stops for them.
 */
export class WorkerQualityMetrics implements EpochMetricsHook {
  private readonly withClassifier: EpochMetrics;
  private readonly withoutClassifier: EpochMetrics;
  private last: { endedAt: number; durationMs: number } | null = null;
  // Training time at the last measurement of this run (null: none yet).
  private lastTrainingMs: number | null = null;
  private readonly now: () => number;
  // Datasets already measured: the first evaluation on one also summarises its real images
  // (seconds, once), which is not what the following evaluations will cost.
  private readonly seen = new WeakSet<object>();
  private on = true;

  constructor(private readonly options: QualityMetricsOptions) {
    this.now = options.now ?? now;
    const vaeTestCount = options.vaeTestCount ?? DEFAULT_VAE_TEST_COUNT;
    this.withClassifier = new EpochMetrics({
      classifierSource: options.classifierSource,
      sampleCount: options.classifierSamples ?? DEFAULT_CLASSIFIER_SAMPLES,
      vaeTestCount,
    });
    this.withoutClassifier = new EpochMetrics({
      classifierSource: null,
      sampleCount: options.colourSamples ?? DEFAULT_COLOUR_SAMPLES,
      vaeTestCount,
    });
  }

  get enabled(): boolean {
    return this.on;
  }

  setEnabled(on: boolean): void {
    this.on = on;
  }

  /** A new run: its first epoch end is measured whatever the previous run spent. */
  startRun(): void {
    this.last = null;
    this.lastTrainingMs = null;
  }

  dueBetweenEpochs(trainingMs: number): boolean {
    const { minIntervalMs, costFactor } = this.options;
    if (!this.on || !metricsDue(this.now(), this.last, minIntervalMs, costFactor)) return false;
    if (this.lastTrainingMs === null)
      return trainingMs >= (this.options.firstAfterMs ?? METRICS_FIRST_AFTER_MS);
    return trainingMs - this.lastTrainingMs >= (this.options.everyMs ?? METRICS_EVERY_MS);
  }

  async evaluate(ctx: EpochMetricsContext): Promise<MetricsEvent | null> {
    const { minIntervalMs, costFactor } = this.options;
    if (!this.on || !metricsDue(this.now(), this.last, minIntervalMs, costFactor)) return null;
    if (ctx.trainingMs !== undefined) this.lastTrainingMs = ctx.trainingMs;
    const started = this.now();
    const hook =
      classifierFor(ctx.dataset.info.id) !== null && this.options.classifierSource !== null
        ? this.withClassifier
        : this.withoutClassifier;
    let event: MetricsEvent = await hook.evaluate(ctx);
    try {
      const pairs = await nearestPairs(ctx, event, this.options.nearestPairs);
      if (pairs.length > 0) event = { ...event, nearestPairs: pairs };
    } catch {
      // The pictures are an extra: the numbers still go out without them.
    }
    const ended = this.now();
    const first = !this.seen.has(ctx.dataset);
    this.seen.add(ctx.dataset);
    this.last = { endedAt: ended, durationMs: first ? 0 : ended - started };
    return event;
  }
}

/**
 * The grid samples closest to a training image, each beside that image. The samples are drawn
 * again from the grid noise (inference mode, so the same images the metrics scored).
 */
async function nearestPairs(
  ctx: EpochMetricsContext,
  event: MetricsEvent,
  wanted = DEFAULT_NEAREST_PAIRS,
): Promise<NearestPair[]> {
  const nearest = event.report.nearest;
  if (nearest === undefined || ctx.gridNoise === undefined || wanted <= 0) return [];
  const gridCount = Math.min(ctx.gridNoise.shape[0], nearest.indices.length);
  const order = Array.from({ length: gridCount }, (_, i) => i)
    .sort((a, b) => nearest.distances[a] - nearest.distances[b])
    .slice(0, wanted);
  if (order.length === 0) return [];

  const { shape } = ctx.dataset.info;
  const noise = ctx.gridNoise;
  const images = tf.tidy(() => {
    const z = tf.gather(noise, order); // [k, latent]
    const grid = ctx.gridClasses;
    const classes = grid === undefined ? undefined : Int32Array.from(order, (i) => grid[i]);
    const g = ctx.runtime.generate(z, classes); // [k, H, W, C]
    return ctx.runtime.range === 'tanh' ? g.add(1).div(2) : g;
  });
  let pixels: Float32Array;
  try {
    pixels = (await images.data()) as Float32Array;
  } finally {
    images.dispose();
  }
  const p = shape.height * shape.width * shape.channels;
  const trainIndices = order.map((i) => nearest.indices[i]);
  const neighbours = takeImages(ctx.dataset.train, shape, trainIndices).images;
  const one = { count: 1, ...shape, cols: 1, range: 'unit' as const };
  return order.map((sampleIndex, k) => ({
    sampleIndex,
    trainIndex: trainIndices[k],
    distance: nearest.distances[sampleIndex],
    sample: packGrid(pixels.subarray(k * p, (k + 1) * p), one),
    neighbour: packGrid(
      Float32Array.from(neighbours.subarray(k * p, (k + 1) * p), (v) => v / 255),
      one,
    ),
  }));
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
