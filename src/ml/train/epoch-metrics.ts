// Optional quality measurement at the end of each epoch (off unless a hook is given to the
// Trainer). It draws a fixed number of samples from fixed seeded noise (the first 64 are the
// sample grid's own noise, so grid cells line up with nearest-neighbour results), scores them
// against the real data (src/ml/metrics/quality.ts), adds the test-set negative ELBO for a VAE,
// and returns a plain `metrics` event. Every tensor it makes is freed before it returns.

import * as tf from '@tensorflow/tfjs';
import type { ByteSource, LoadedDataset } from '../../datasets/types';
import { Rng } from '../../lib/rng';
import { classifierFor } from '../classifiers/catalog';
import type { Classifier } from '../classifiers/classifier';
import {
  classifierFromArtifacts,
  readClassifierArtifacts,
  type ClassifierArtifacts,
} from '../classifiers/load';
import { QualityReference, type QualityReport } from '../metrics/quality';
import { vaeTestQuality, type VaeQuality } from '../metrics/vae-elbo';
import { oneHotClasses, type ModelRuntime } from './runtime';
import type { VaeRuntime } from './vae-runtime';
import type { MetricsEvent, RunSpec } from './types';

export interface EpochMetricsOptions {
  /** Generated images scored each epoch (default 1,000). */
  readonly sampleCount?: number;
  /** Where public/classifiers/ is read from (fetch or fs); null: no classifier-based metrics. */
  readonly classifierSource: ByteSource | null;
  /** Seed of the evaluation noise (default 1234; independent of the run's seed). */
  readonly seed?: number;
  /** VAE: test images for the negative ELBO (default 1,000) and z draws per image (default 4). */
  readonly vaeTestCount?: number;
  readonly epsSamples?: number;
}

/** What the trainer hands the hook at an epoch end. */
export interface EpochMetricsContext {
  readonly runtime: ModelRuntime;
  readonly spec: RunSpec;
  readonly dataset: LoadedDataset;
  readonly epoch: number;
  readonly step: number;
  /** Milliseconds spent in training steps so far by this trainer (pauses excluded). */
  readonly trainingMs?: number;
  /** The trainer's fixed grid noise [64, latent], used for the first samples; never disposed. */
  readonly gridNoise?: tf.Tensor2D;
  /** A conditional model's class of each grid cell, in the order of `gridNoise`. */
  readonly gridClasses?: Int32Array;
}

export interface EpochMetricsHook {
  /** The epoch's measurement; null skips this epoch (a hook on a time budget). */
  evaluate(ctx: EpochMetricsContext): Promise<MetricsEvent | null>;
  /**
   * Whether to measure now, between epoch ends, after `trainingMs` of training (a hook on a
   * clock: long epochs would otherwise leave people waiting minutes for a first score).
   */
  dueBetweenEpochs?(trainingMs: number): boolean;
}

const GENERATE_BATCH = 250;

export class EpochMetrics implements EpochMetricsHook {
  private artifacts: ClassifierArtifacts | null = null;
  private reference: QualityReference | null = null;
  private referenceFor: LoadedDataset | null = null;
  private noise: Float32Array | null = null;

  constructor(private readonly options: EpochMetricsOptions) {}

  async evaluate(ctx: EpochMetricsContext): Promise<MetricsEvent> {
    const started = now();
    const base = { type: 'metrics' as const, epoch: ctx.epoch, step: ctx.step };
    let classifier: Classifier | null = null;
    try {
      // Built from cached bytes each time and disposed below, so no tensor outlives the call.
      classifier = await this.classifier(ctx.dataset);
      const reference = await this.referenceOf(ctx.dataset, classifier);
      const count = this.options.sampleCount ?? 1000;
      const { samples, classes } = await this.generate(ctx, count);
      const quality = await reference.score(samples, count, classes);
      const vae = await this.vaeQuality(ctx);
      const report: QualityReport = {
        ...quality,
        ...(vae ? { vae } : {}),
        seconds: (now() - started) / 1000,
      };
      return { ...base, report };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        ...base,
        report: { sampleCount: 0, seconds: (now() - started) / 1000, error: message },
      };
    } finally {
      classifier?.dispose();
    }
  }

  private async classifier(dataset: LoadedDataset): Promise<Classifier | null> {
    const entry = classifierFor(dataset.info.id);
    if (entry === null || this.options.classifierSource === null) return null;
    if (this.artifacts?.info.id !== entry.id) {
      this.artifacts = await readClassifierArtifacts(entry.id, this.options.classifierSource);
    }
    return classifierFromArtifacts(this.artifacts);
  }

  private async referenceOf(
    dataset: LoadedDataset,
    classifier: Classifier | null,
  ): Promise<QualityReference> {
    if (this.reference === null || this.referenceFor !== dataset) {
      this.reference = await QualityReference.create(dataset, classifier);
      this.referenceFor = dataset;
    }
    // The reference scores through the classifier it was built with; rebuild it around this
    // epoch's instance (the real-side numbers are cached, so this costs nothing).
    return this.reference.withClassifier(classifier);
  }

  /**
   * `count` images in [0, 1], row-major [count, H, W, C]; the first 64 from the grid noise. For a
   * conditional model also the class each was drawn for (scored as the class agreement).
   */
  private async generate(
    ctx: EpochMetricsContext,
    count: number,
  ): Promise<{ samples: Float32Array; classes?: Int32Array }> {
    const latent = ctx.runtime.latentDim;
    if (this.noise === null || this.noise.length !== count * latent) {
      this.noise = new Rng(this.options.seed ?? 1234).fork(0x3e7a1).normals(count * latent);
    }
    const z = Float32Array.from(this.noise);
    if (ctx.gridNoise !== undefined) {
      const grid = (await ctx.gridNoise.data()) as Float32Array;
      z.set(grid.subarray(0, Math.min(grid.length, z.length)));
    }
    // A conditional model: the grid's classes for the grid's noise, then every class in turn.
    const k = ctx.runtime.classes ?? 0;
    const classes = Int32Array.from({ length: count }, (_, i) => i % Math.max(k, 1));
    if (ctx.gridClasses !== undefined) {
      classes.set(ctx.gridClasses.subarray(0, Math.min(ctx.gridClasses.length, count)));
    }
    const { height, width, channels } = ctx.dataset.info.shape;
    const p = height * width * channels;
    const out = new Float32Array(count * p);
    for (let start = 0; start < count; start += GENERATE_BATCH) {
      const b = Math.min(GENERATE_BATCH, count - start);
      const images = tf.tidy(() => {
        const g = ctx.runtime.generate(
          tf.tensor2d(z.subarray(start * latent, (start + b) * latent), [b, latent]),
          k === 0 ? undefined : classes.subarray(start, start + b),
        );
        // GAN output is tanh in [-1, 1]; the metrics take [0, 1].
        return ctx.runtime.range === 'tanh' ? g.add(1).div(2) : g;
      });
      out.set((await images.data()) as Float32Array, start * p);
      images.dispose();
    }
    return k === 0 ? { samples: out } : { samples: out, classes };
  }

  private async vaeQuality(ctx: EpochMetricsContext): Promise<VaeQuality | null> {
    if (
      ctx.runtime.kind !== 'vae' ||
      ctx.spec.model.kind !== 'vae' ||
      ctx.dataset.test.count === 0
    ) {
      return null;
    }
    const { nets, classes } = ctx.runtime as VaeRuntime;
    const labels = ctx.dataset.test.labels;
    return vaeTestQuality(
      nets,
      ctx.spec.model.likelihood,
      ctx.dataset.test,
      ctx.dataset.info.shape,
      {
        count: this.options.vaeTestCount ?? 1000,
        epsSamples: this.options.epsSamples ?? 4,
        seed: this.options.seed ?? 1234,
        ...(classes === 0
          ? {}
          : {
              classesOf: (start: number, n: number) =>
                oneHotClasses(n, classes, Int32Array.from(labels.subarray(start, start + n))),
            }),
      },
    );
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
