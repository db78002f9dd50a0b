// The engine's public contract: what the worker, the command line and the tests see.
// Plain data only (structured-clone friendly), so events cross the worker boundary unchanged.

import type { ModelConfig, TrainConfig } from '../config';
import type { QualityReport } from '../metrics/quality';

export type RunState = 'idle' | 'running' | 'paused' | 'stopped';

export interface GanLosses {
  readonly kind: 'dcgan';
  readonly dLoss: number;
  readonly gLoss: number;
  /** Mean D(x) on real images, as a probability (sigmoid of the logit). */
  readonly dReal: number;
  /** Mean D(G(z)) on generated images, as a probability. */
  readonly dFake: number;
  /**
   * Global L2 norm, over all the generator's trainable variables, of the gradient of its loss
   * before Adam. NaN in history points of files written before it was recorded.
   */
  readonly gGradNorm: number;
  /** The same for the discriminator and its loss (penalty included), at the step's last D update. */
  readonly dGradNorm: number;
  /**
   * mean(D(real)) - mean(D(fake)) of the raw logits of the step's last D update: for WGAN-GP the
   * critic's estimate of the Wasserstein distance.
   */
  readonly wDistance: number;
}

export interface VaeLosses {
  readonly kind: 'vae';
  /** Negative ELBO per image (with the current KL weight), in nats. */
  readonly total: number;
  readonly recon: number;
  readonly kl: number;
  /** The KL weight in force at this step (after warm-up). */
  readonly klWeight: number;
}

export type Losses = GanLosses | VaeLosses;

/**
 * Each model kind's loss fields, in one order: weights files, the page's loss log and charts, and
 * the divergence check all take their lists from here (a test holds it equal to the interfaces).
 */
export const LOSS_KEYS = {
  dcgan: ['dLoss', 'gLoss', 'dReal', 'dFake', 'gGradNorm', 'dGradNorm', 'wDistance'],
  vae: ['total', 'recon', 'kl', 'klWeight'],
} as const satisfies {
  readonly [K in Losses['kind']]: readonly Exclude<keyof Extract<Losses, { kind: K }>, 'kind'>[];
};

export type GanLossKey = (typeof LOSS_KEYS.dcgan)[number];

/** Keys added after weights files were first written: a history point without them reads as NaN. */
export const LOSS_KEYS_ADDED_LATER: ReadonlySet<LossKey> = new Set([
  'gGradNorm',
  'dGradNorm',
  'wDistance',
]);
export type VaeLossKey = (typeof LOSS_KEYS.vae)[number];
export type LossKey = GanLossKey | VaeLossKey;

/** A grid of images packed into one RGBA picture, ready for ImageData or a PNG encoder. */
export interface ImageGrid {
  readonly rows: number;
  readonly cols: number;
  readonly cellHeight: number;
  readonly cellWidth: number;
  /** Pixels between cells (filled with the background). */
  readonly gap: number;
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

export interface MemoryInfo {
  readonly numTensors: number;
  readonly numBytes: number;
}

export interface StepEvent {
  readonly type: 'step';
  readonly step: number;
  readonly epoch: number;
  readonly stepInEpoch: number;
  readonly stepsPerEpoch: number;
  readonly losses: Losses;
  /** Images per second over the recent steps. */
  readonly imagesPerSec: number;
}

export interface SamplesEvent {
  readonly type: 'samples';
  readonly step: number;
  readonly epoch: number;
  readonly reason: 'initial' | 'interval' | 'epoch';
  /** 8x8 grid from the run's fixed noise. */
  readonly grid: ImageGrid;
  /** VAE only: fixed test images and their reconstructions. */
  readonly originals?: ImageGrid;
  readonly reconstructions?: ImageGrid;
}

export interface EpochEvent {
  readonly type: 'epoch';
  /** The epoch that just ended (1-based count of completed epochs). */
  readonly epoch: number;
  readonly step: number;
  readonly imagesPerSec: number;
  readonly memory: MemoryInfo;
  /** Mean of each loss over the epoch. */
  readonly meanLosses: Losses;
}

export interface StateEvent {
  readonly type: 'state';
  readonly state: RunState;
}

export interface ErrorEvent {
  readonly type: 'error';
  /** 'diverged': a loss or weight became NaN or Inf; the run is paused. */
  readonly kind: 'diverged' | 'backend' | 'data' | 'internal';
  readonly message: string;
  readonly step: number;
}

/**
 * Measured quality at an epoch end (only when the trainer has an epoch-metrics hook; see
 * src/ml/train/epoch-metrics.ts and docs/quality.md): FID and class coverage for sets with a
 * classifier, nearest-neighbour and pixel statistics for colour sets, test NELBO for a VAE.
 */
export interface MetricsEvent {
  readonly type: 'metrics';
  /** The epoch that just ended (as in EpochEvent). */
  readonly epoch: number;
  readonly step: number;
  readonly report: QualityReport;
  /** Colour sets, from the worker: the grid samples closest to a training image, beside it. */
  readonly nearestPairs?: readonly NearestPair[];
}

/** One generated sample and its nearest training image (RMS pixel distance, pixels in [0, 1]). */
export interface NearestPair {
  /** Cell of the 8x8 sample grid (the grid's fixed noise). */
  readonly sampleIndex: number;
  /** Index into the training split. */
  readonly trainIndex: number;
  readonly distance: number;
  /** One-cell grids. */
  readonly sample: ImageGrid;
  readonly neighbour: ImageGrid;
}

export type EngineEvent =
  StepEvent | SamplesEvent | EpochEvent | StateEvent | ErrorEvent | MetricsEvent;

export type EngineListener = (event: EngineEvent) => void;

/** What a run was created with. */
export interface RunSpec {
  readonly model: ModelConfig;
  readonly train: TrainConfig;
  readonly datasetId: string;
}

/** One point of the loss history kept for export and charts. */
export interface HistoryPoint {
  readonly step: number;
  readonly epoch: number;
  readonly losses: Losses;
}

/** Learning rates that can change while a run is going (GAN: lrG/lrD; VAE: lr). */
export interface LearningRates {
  readonly lrG?: number;
  readonly lrD?: number;
  readonly lr?: number;
}
