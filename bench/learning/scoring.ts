// Scores the samples of both sides with the product's own code (QualityReference): FID and
// effective classes in the bundled classifier's features on MNIST and Fashion-MNIST (and a
// conditional config's class agreement, each sample asked as evaluationClasses gives it), pixel
// statistics and the nearest training image on colour sets. Runs in Node on tfjs-wasm while
// neither side trains; datasets and their real-side summaries are built once and kept.

import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createNodeSource } from '../../src/datasets/node-source';
import { getDataset } from '../../src/datasets/registry';
import type { LoadedDataset } from '../../src/datasets/types';
import { initBackend } from '../../src/ml/backends/init-backend';
import { nodeWasmPaths } from '../../src/ml/backends/wasm-paths-node';
import { classifierFor } from '../../src/ml/classifiers/catalog';
import { loadClassifier } from '../../src/ml/classifiers/load';
import { classifierNodeSource } from '../../src/ml/classifiers/node-source';
import { QualityReference, type SampleQuality } from '../../src/ml/metrics/quality';
import { evaluationClasses, type LearningConfig } from './plan';
import { writeSampleGrid } from './samples';

/** The figures a table row shows (the full reports are large: nearest indices per sample). */
export interface PointQuality {
  readonly fid?: number;
  readonly effectiveClasses?: number;
  /** A conditional config: the fraction of samples the classifier sees as their asked class. */
  readonly classAgreement?: number;
  /** The same per asked class (index = class; null: not asked). */
  readonly classAgreementByClass?: readonly (number | null)[];
  /** Colour histograms' total variation against the training split: 0 same, 1 disjoint. */
  readonly pixelDistance?: number;
  readonly meanColourDistance?: number;
  readonly stdDistance?: number;
  /** Median RMS distance of a sample to its nearest training image (pixels in [0, 1]). */
  readonly nearestDistance?: number;
  readonly memorizedFraction?: number;
}

/** What real images score: the scale the samples' figures are read against. */
export interface RealFigures {
  readonly effectiveClasses?: number;
  readonly nearestDistance?: number | null;
}

/** Where one side stood at one time point. */
export interface PointResult {
  /** The time point asked for (training seconds). */
  readonly target: number;
  /** Training seconds actually reached: the step that crossed the point finishes first. */
  readonly seconds: number;
  readonly steps: number;
  readonly sampleSeconds: number;
  readonly scoreSeconds: number;
  readonly quality: PointQuality;
  readonly real: RealFigures;
  /** The 8x8 grid of the first 64 samples, relative to the results folder. */
  readonly png: string;
}

export type Side = 'tfjs' | 'torch';

/** A side's position at a point, before scoring. */
export interface RawPoint {
  readonly target: number;
  readonly seconds: number;
  readonly steps: number;
  readonly sampleSeconds: number;
}

export class Scoring {
  private readonly datasets = new Map<string, Promise<LoadedDataset>>();
  private readonly references = new Map<string, Promise<QualityReference>>();

  private constructor(private readonly outDir: string) {}

  /** Starts tfjs on wasm in Node (the classifier's convolutions). */
  static async create(outDir: string): Promise<Scoring> {
    tf.env().set('PROD', true);
    await initBackend('wasm', { wasmPaths: nodeWasmPaths() });
    return new Scoring(outDir);
  }

  dataset(id: string): Promise<LoadedDataset> {
    let loaded = this.datasets.get(id);
    if (loaded === undefined) {
      loaded = getDataset(id).load({ source: createNodeSource() });
      this.datasets.set(id, loaded);
    }
    return loaded;
  }

  reference(id: string): Promise<QualityReference> {
    let reference = this.references.get(id);
    if (reference === undefined) {
      reference = this.buildReference(id);
      this.references.set(id, reference);
    }
    return reference;
  }

  /** Scores one side's samples at one point and writes their grid PNG. */
  async score(
    config: LearningConfig,
    side: Side,
    point: RawPoint,
    pixels: Float32Array,
  ): Promise<PointResult> {
    const t0 = performance.now();
    const reference = await this.reference(config.datasetId);
    const quality = await reference.score(pixels, config.sampleCount, evaluationClasses(config));
    const scoreSeconds = (performance.now() - t0) / 1000;
    const png = path.join('learning', `${config.name}-${point.target}s-${side}.png`);
    await writeSampleGrid(path.join(this.outDir, png), pixels, config.shape);
    return { ...point, scoreSeconds, quality: summarize(quality), real: realFigures(quality), png };
  }

  private async buildReference(id: string): Promise<QualityReference> {
    const entry = classifierFor(id);
    const classifier =
      entry === null ? null : await loadClassifier(entry.id, classifierNodeSource());
    // The classifier stays alive with the reference for the whole benchmark.
    return QualityReference.create(await this.dataset(id), classifier);
  }
}

function summarize(q: SampleQuality): PointQuality {
  return {
    fid: q.fid?.value,
    effectiveClasses: q.coverage?.effectiveClasses,
    classAgreement: q.classAgreement,
    classAgreementByClass: q.classAgreementByClass,
    pixelDistance: q.pixels?.histogramDistance,
    meanColourDistance: q.pixels?.meanDistance,
    stdDistance: q.pixels?.stdDistance,
    nearestDistance: q.nearest?.medianDistance,
    memorizedFraction: q.nearest?.memorizedFraction,
  };
}

function realFigures(q: SampleQuality): RealFigures {
  return {
    effectiveClasses: q.coverage?.realEffectiveClasses,
    nearestDistance: q.nearest?.realMedianDistance,
  };
}
