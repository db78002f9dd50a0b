// Scores a set of generated images against a dataset's real images with the metric that fits it:
//   - sets with a bundled classifier (MNIST, Fashion-MNIST): Fréchet distance in the classifier's
//     128-d feature space ("FID") against the test split, class coverage and the Inception Score,
//     all from one pass of the classifier over the same samples, and for a class-conditional
//     model the class agreement (how often the classifier sees the class a sample was drawn for);
//   - colour sets (flags, faces, a user's folder): nearest training image per sample with a
//     memorisation flag, and pixel-statistics distances to the training split.
// The real side is summarised once (plain numbers, no tensors kept) and reused for every scoring.

import * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../../datasets/types';
import type { Classifier } from '../classifiers/classifier';
import { classAgreement, classAgreementByClass } from './class-agreement';
import { classCoverage, effectiveClasses, classHistogram, type CoverageResult } from './coverage';
import { frechetDistance } from './frechet';
import { fitGaussian, type GaussianFit } from './gaussian';
import { inceptionScore } from './inception-score';
import { nearestTraining } from './nearest';
import {
  pixelStats,
  pixelStatsDistance,
  type PixelStats,
  type PixelStatsDistance,
} from './pixel-stats';
import type { VaeQuality } from './vae-elbo';

export interface FidResult {
  /** Fréchet distance between Gaussian fits of sample and real-test features. Lower is better. */
  readonly value: number;
  readonly meanTerm: number;
  readonly covTerm: number;
  readonly sampleCount: number;
  readonly realCount: number;
  readonly classifierId: string;
}

export interface CoverageReport extends CoverageResult {
  readonly labelNames: readonly string[];
  /** Effective classes of the classifier's predictions on the real test images (the ceiling). */
  readonly realEffectiveClasses: number;
}

export interface InceptionReport {
  /** exp(mean_x KL(p(y|x) || p(y))) in the classifier's predictions; 1 to `classes`. */
  readonly value: number;
  readonly sampleCount: number;
  readonly classes: number;
  readonly classifierId: string;
  /** The same score of the real test images (what a perfect copy of the data would get). */
  readonly realValue: number;
}

export interface NearestReport {
  readonly meanDistance: number;
  readonly medianDistance: number;
  readonly minDistance: number;
  readonly memorizedFraction: number;
  readonly threshold: number;
  /** Median distance of real test images to their nearest training image (null: no test split). */
  readonly realMedianDistance: number | null;
  /** Samples searched (the first ones; the first 64 are the trainer's fixed grid). */
  readonly sampleCount: number;
  /** Nearest training-image index and RMS distance per searched sample. */
  readonly indices: readonly number[];
  readonly distances: readonly number[];
}

export interface PixelReport extends PixelStatsDistance {
  readonly sampleMean: readonly number[];
  readonly sampleStd: readonly number[];
  readonly realMean: readonly number[];
  readonly realStd: readonly number[];
}

export interface SampleQuality {
  readonly sampleCount: number;
  readonly fid?: FidResult;
  readonly coverage?: CoverageReport;
  /** Absent from reports stored before the score existed. */
  readonly inception?: InceptionReport;
  /**
   * A class-conditional model on a set with a classifier: the fraction of samples the classifier
   * sees as the class they were drawn for (src/ml/metrics/class-agreement.ts). Absent for an
   * unconditional model, a set without a classifier and reports stored before the score existed.
   */
  readonly classAgreement?: number;
  /** The same per asked class (index = class; null: no sample asked for that class). */
  readonly classAgreementByClass?: readonly (number | null)[];
  readonly nearest?: NearestReport;
  readonly pixels?: PixelReport;
}

/** Everything measured at one point of a run (what a `metrics` event carries). */
export interface QualityReport extends SampleQuality {
  readonly vae?: VaeQuality;
  /** Wall time of the whole evaluation. */
  readonly seconds: number;
  /** Set when the evaluation failed; the run itself goes on. */
  readonly error?: string;
}

export interface ReferenceOptions {
  /** Real test images for the Fréchet reference (default: the whole test split). */
  readonly realCount?: number;
  /** Samples searched for their nearest training image (default 256). */
  readonly nearestCount?: number;
  /** Real test images whose nearest training image sets the baseline (default 200). */
  readonly nearestBaselineCount?: number;
}

/** The real side, summarised. Build once per dataset with `QualityReference.create`. */
export class QualityReference {
  private constructor(
    private readonly dataset: LoadedDataset,
    private readonly classifier: Classifier | null,
    private readonly real: {
      readonly gaussian?: GaussianFit;
      readonly realEffective?: number;
      readonly realInception?: number;
      readonly pixels?: PixelStats;
      readonly nearestBaseline?: number | null;
    },
    private readonly options: ReferenceOptions,
  ) {}

  /**
   * `classifier` (optional) must take the dataset's images (28x28x1); it is used here and by
   * `score`, and stays owned by the caller.
   */
  static async create(
    dataset: LoadedDataset,
    classifier: Classifier | null,
    options: ReferenceOptions = {},
  ): Promise<QualityReference> {
    const { shape } = dataset.info;
    const usable =
      classifier !== null && shape.height === 28 && shape.width === 28 && shape.channels === 1;
    if (usable) {
      const count = Math.min(options.realCount ?? dataset.test.count, dataset.test.count);
      const emb = await classifier.classifyBytes(dataset.test.images, count);
      const classes = classifier.info.labelNames.length;
      return new QualityReference(
        dataset,
        classifier,
        {
          gaussian: fitGaussian(emb.features, emb.count, emb.featureDim),
          realEffective: effectiveClasses(classHistogram(emb.predictions, classes)),
          realInception: inceptionScore(emb.logits, emb.count, classes).value,
        },
        options,
      );
    }
    const p = shape.height * shape.width * shape.channels;
    let baseline: number | null = null;
    const nTest = Math.min(options.nearestBaselineCount ?? 200, dataset.test.count);
    if (nTest > 0) {
      const test = Float32Array.from(dataset.test.images.subarray(0, nTest * p), (v) => v / 255);
      baseline = (await nearestTraining(test, dataset.train, p)).medianDistance;
    }
    return new QualityReference(
      dataset,
      null,
      {
        pixels: pixelStats(dataset.train.images, shape.channels, { scale: 1 / 255 }),
        nearestBaseline: baseline,
      },
      options,
    );
  }

  /**
   * The same real-side summary scored through another instance of the same classifier (the
   * epoch hook rebuilds the network each time so that no tensor outlives an evaluation).
   */
  withClassifier(classifier: Classifier | null): QualityReference {
    if (classifier === this.classifier) return this;
    if ((classifier === null) !== (this.classifier === null)) {
      throw new Error('withClassifier cannot add or remove the classifier of a reference');
    }
    if (classifier !== null && classifier.info.id !== this.classifier?.info.id) {
      throw new Error(`This reference was built with the ${this.classifier?.info.id} classifier`);
    }
    return new QualityReference(this.dataset, classifier, this.real, this.options);
  }

  get usesClassifier(): boolean {
    return this.real.gaussian !== undefined;
  }

  /**
   * Scores samples: float pixels in [0, 1], row-major [count, H, W, C]. `askedClasses` (a
   * conditional model's class of each sample) adds the class agreement where a classifier scores.
   */
  async score(
    samples: Float32Array,
    count: number,
    askedClasses?: Int32Array,
  ): Promise<SampleQuality> {
    const { shape, labelNames } = this.dataset.info;
    const p = shape.height * shape.width * shape.channels;
    if (samples.length !== count * p) {
      throw new Error(`Expected ${count * p} sample values, got ${samples.length}`);
    }
    if (this.classifier !== null && this.real.gaussian !== undefined) {
      const images = tf.tensor4d(samples, [count, shape.height, shape.width, shape.channels]);
      let emb;
      try {
        emb = await this.classifier.embed(images);
      } finally {
        images.dispose();
      }
      const fid = frechetDistance(
        fitGaussian(emb.features, count, emb.featureDim),
        this.real.gaussian,
      );
      const classes = this.classifier.info.labelNames.length;
      const agreement =
        askedClasses === undefined
          ? {}
          : {
              classAgreement: classAgreement(emb.predictions, askedClasses),
              classAgreementByClass: classAgreementByClass(emb.predictions, askedClasses, classes),
            };
      return {
        sampleCount: count,
        ...agreement,
        fid: {
          ...fid,
          sampleCount: count,
          realCount: this.real.gaussian.count,
          classifierId: this.classifier.info.id,
        },
        coverage: {
          ...classCoverage(emb.predictions, classes, { confidence: emb.confidence }),
          labelNames: this.classifier.info.labelNames ?? labelNames,
          realEffectiveClasses: this.real.realEffective ?? 0,
        },
        inception: {
          value: inceptionScore(emb.logits, count, classes).value,
          sampleCount: count,
          classes,
          classifierId: this.classifier.info.id,
          realValue: this.real.realInception ?? NaN,
        },
      };
    }

    const nn = Math.min(this.options.nearestCount ?? 256, count);
    const nearest = await nearestTraining(samples.subarray(0, nn * p), this.dataset.train, p);
    const sampleStats = pixelStats(samples, shape.channels);
    const realStats = this.real.pixels as PixelStats;
    return {
      sampleCount: count,
      nearest: {
        meanDistance: nearest.meanDistance,
        medianDistance: nearest.medianDistance,
        minDistance: nearest.minDistance,
        memorizedFraction: nearest.memorizedFraction,
        threshold: nearest.threshold,
        realMedianDistance: this.real.nearestBaseline ?? null,
        sampleCount: nn,
        indices: Array.from(nearest.indices),
        distances: Array.from(nearest.distances),
      },
      pixels: {
        ...pixelStatsDistance(sampleStats, realStats),
        sampleMean: sampleStats.mean,
        sampleStd: sampleStats.std,
        realMean: realStats.mean,
        realStd: realStats.std,
      },
    };
  }
}
