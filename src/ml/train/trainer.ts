// The training loop shared by the worker, the command line and the tests. It owns the model
// runtime, the data order, the fixed noise for sample grids and the run state, and reports
// everything through typed events.
//
// Over 300 lines: it is one class whose parts (the loop, the step's events, samples, epoch ends)
// share its private state (step count, batcher, fixed noise, run state); split up, each part
// would need that state handed to it.

import * as tf from '@tensorflow/tfjs';
import { requireClasses } from '../../datasets/classes';
import type { LoadedDataset } from '../../datasets/types';
import { Rng } from '../../lib/rng';
import { yieldToEventLoop } from '../../lib/yield';
import { isConditional } from '../config';
import { packGrid } from '../images';
import { Batcher, firstImages } from './batcher';
import type { EpochMetricsHook } from './epoch-metrics';
import { createRuntime } from './create-runtime';
import type { ClassChoice, ModelRuntime } from './runtime';
import {
  countNonFiniteWeights,
  describeBadLoss,
  describeBadWeights,
  describeDivergence,
  WEIGHT_CHECK_EVERY,
} from './divergence';
import { LossHistory, LossMean } from './loss-stats';
import { ThroughputMeter } from './throughput';
import type {
  EngineEvent,
  EngineListener,
  HistoryPoint,
  ImageGrid,
  LearningRates,
  Losses,
  MemoryInfo,
  RunSpec,
  RunState,
  SamplesEvent,
} from './types';

/**
 * The sample grid is 8 x 8 images drawn from the same noise every time. A conditional model's
 * grid has one row per class instead (the first GRID_MAX_CLASS_ROWS classes), each row drawn
 * from the same 8 noise vectors: the style stays in a column while the class changes.
 */
export const GRID_SIZE = 8;
export const GRID_MAX_CLASS_ROWS = 16;
/** Fixed test images shown beside their VAE reconstructions. */
export const RECON_COUNT = 16;

export interface TrainerInit {
  readonly spec: RunSpec;
  readonly dataset: LoadedDataset;
  readonly listener: EngineListener;
  /** Optional quality metrics at each epoch end (off by default: they take seconds). */
  readonly metrics?: EpochMetricsHook;
}

/** Where a resumed run continues from. */
export interface ResumePoint {
  readonly step: number;
  readonly epoch: number;
  readonly history: readonly HistoryPoint[];
}

/** A resumed run: its runtime with the weights already loaded, and where it continues from. */
export interface ResumeFrom extends ResumePoint {
  readonly runtime: ModelRuntime;
}

/**
 * Awaited before every training step: the step waits until it resolves. The worker's
 * checkpoints use one so that no step changes the weights while they are being read.
 */
export type StepGate = () => Promise<void>;

export class Trainer {
  readonly runtime: ModelRuntime;
  private runState: RunState = 'idle';
  private stepCount: number;
  private epochCount: number;
  private readonly history: LossHistory;
  private readonly epochMean = new LossMean();
  private readonly meter = new ThroughputMeter();
  private readonly batcher: Batcher;
  private readonly fixedNoise: tf.Tensor2D; // [64, latent]; conditional: [rows * 8, latent]
  /** A conditional model's class of each grid cell (row-major); undefined otherwise. */
  private readonly gridClasses: Int32Array | undefined;
  private readonly fixedImages: tf.Tensor4D | null; // [16, H, W, C], VAE only
  private readonly fixedLabels: Int32Array; // the fixed images' classes
  private readonly stepsPerEpoch: number;
  private loop: Promise<void> | null = null;
  private pauseRequested = false;
  private disposed = false;
  private metricsHook: EpochMetricsHook | null;
  /** Time spent in training steps by this trainer, for quality measured on a clock. */
  private trainingMs = 0;
  private readonly stepGates: StepGate[] = [];

  /**
   * A fresh run: `new Trainer(init)`. A run continued from a weights file comes from
   * `trainerFromWeights` (resume.ts), which passes the runtime it filled and where it stands.
   */
  constructor(
    private readonly init: TrainerInit,
    from?: ResumeFrom,
  ) {
    const { spec, dataset } = init;
    const resume: ResumePoint = from ?? { step: 0, epoch: 0, history: [] };
    // A conditional model learns the dataset's classes; refused, with the reason, where it has none.
    const classes = isConditional(spec.model) ? requireClasses(dataset.info).length : 0;
    this.runtime =
      from?.runtime ?? createRuntime(spec.model, dataset.info.shape, spec.train.seed, classes);
    const runtime = this.runtime;
    this.metricsHook = init.metrics ?? null;
    this.stepCount = resume.step;
    this.epochCount = resume.epoch;
    this.history = new LossHistory(20_000, resume.history);
    this.stepsPerEpoch =
      spec.train.stepsPerEpoch ??
      Math.max(1, Math.floor(dataset.train.count / runtime.imagesPerStep));
    this.batcher = new Batcher(
      dataset.train,
      dataset.info.shape,
      runtime.range,
      spec.train.seed,
      resume.step * runtime.imagesPerStep,
    );
    const grid = gridLatents(spec.train.seed, runtime.latentDim, runtime.classes ?? 0);
    this.fixedNoise = tf.tensor2d(grid.noise, [
      grid.noise.length / runtime.latentDim,
      runtime.latentDim,
    ]);
    this.gridClasses = grid.classes;
    this.fixedImages =
      runtime.reconstruct !== undefined && dataset.test.count > 0
        ? firstImages(dataset.test, dataset.info.shape, runtime.range, RECON_COUNT)
        : null;
    this.fixedLabels = Int32Array.from(
      dataset.test.labels.subarray(0, this.fixedImages?.shape[0] ?? 0),
    );
  }

  get spec(): RunSpec {
    return this.init.spec;
  }
  get dataset(): LoadedDataset {
    return this.init.dataset;
  }
  get state(): RunState {
    return this.runState;
  }
  get step(): number {
    return this.stepCount;
  }
  get epoch(): number {
    return this.epochCount;
  }
  get epochLength(): number {
    return this.stepsPerEpoch;
  }
  get lossHistory(): readonly HistoryPoint[] {
    return this.history.all;
  }

  /**
   * Starts the loop, or resumes it after a pause. Resolves when the loop stops or pauses; rejects
   * with the error of a step that failed.
   */
  run(): Promise<void> {
    if (this.runState === 'running' && this.loop) return this.loop;
    if (this.runState === 'stopped' || this.disposed) return Promise.resolve();
    this.pauseRequested = false;
    this.setState('running');
    this.loop = this.runLoop().finally(() => {
      this.loop = null;
    });
    return this.loop;
  }

  /** Asks the loop to pause after the step in flight; the 'paused' state event comes when it has. */
  pause(): void {
    if (this.runState === 'running') this.pauseRequested = true;
  }

  /** One training step while paused or idle (the loop's step, with the same events). */
  async trainStep(): Promise<void> {
    if (this.runState === 'running' || this.runState === 'stopped' || this.disposed) return;
    if (this.stepCount === 0) await this.emitSamples('initial');
    await this.trainStepAndReport();
    if (this.runState === 'idle') this.setState('paused');
  }

  /** Stops for good; the trainer can still export and sample. */
  stop(): void {
    if (this.runState !== 'stopped') this.setState('stopped');
  }

  /**
   * Changes learning rates mid-run, keeping Adam's moments. Any positive finite rate is taken: the page's form keeps people to 1e-6..0.1, but the engine
   * (like tfjs) does not judge, so a developer can push a run into divergence on purpose.
   */
  setLearningRates(rates: LearningRates): void {
    for (const v of Object.values(rates)) {
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
        throw new Error(`Learning rate must be a positive finite number, got ${v}`);
      }
    }
    this.runtime.setLearningRates(rates);
  }

  /** Turns epoch-end quality metrics on (a hook, e.g. `new EpochMetrics(...)`) or off (null). */
  setEpochMetrics(hook: EpochMetricsHook | null): void {
    this.metricsHook = hook;
  }

  /** tfjs's tensor count and bytes on the active backend. */
  memory(): MemoryInfo {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  /** Weights JSON (docs/weights-format.md), optionally with optimizer state for exact resume. */
  async exportWeights(options: { includeOptimizer: boolean }): Promise<string> {
    const { serializeWeights } = await import('../weights');
    return serializeWeights(
      {
        model: this.init.spec.model,
        train: this.init.spec.train,
        dataset: {
          id: this.init.dataset.info.id,
          shape: this.init.dataset.info.shape,
          ...(isConditional(this.init.spec.model)
            ? { classes: this.init.dataset.info.labelNames }
            : {}),
        },
        step: this.stepCount,
        epoch: this.epochCount,
        history: [...this.history.all],
      },
      this.runtime.nets,
      options.includeOptimizer ? this.runtime.optimizers : null,
    );
  }

  /**
   * Generator (VAE: decoder) images for latents [n, latentDim] row-major, laid out `cols` wide.
   * A conditional model draws vector i as class `classes` (one for all), `classes[i]`, or row i
   * of a blend (see ClassChoice); by default class 0.
   */
  async generate(
    latents: Float32Array,
    cols: number,
    classes: number | ClassChoice = 0,
  ): Promise<ImageGrid> {
    const dim = this.runtime.latentDim;
    if (latents.length === 0 || latents.length % dim !== 0) {
      throw new Error(`Latent vectors must have ${dim} values each, got ${latents.length} values`);
    }
    const count = latents.length / dim;
    const perVector = typeof classes === 'number' ? new Int32Array(count).fill(classes) : classes;
    const conditional = (this.runtime.classes ?? 0) > 0;
    const images = tf.tidy(() =>
      this.runtime.generate(
        tf.tensor2d(latents, [count, dim]),
        conditional ? perVector : undefined,
      ),
    );
    return this.toGrid(images, cols);
  }

  /**
   * The current grid from the run's fixed noise (the same noise as every samples event),
   * without emitting an event.
   */
  async fixedNoiseGrid(): Promise<ImageGrid> {
    return this.toGrid(this.runtime.generate(this.fixedNoise, this.gridClasses), GRID_SIZE);
  }

  /**
   * Adds a gate every later training step waits for (see StepGate). Call between steps or from
   * a trainer event, so a step already past its gate is never held.
   */
  addStepGate(gate: StepGate): void {
    this.stepGates.push(gate);
  }

  /** Stops and frees every tensor of the run. */
  dispose(): void {
    if (this.disposed) return;
    this.stop();
    this.disposed = true;
    this.fixedNoise.dispose();
    this.fixedImages?.dispose();
    this.runtime.dispose();
  }

  // ---- the loop ---------------------------------------------------------------------------

  private async runLoop(): Promise<void> {
    if (this.stepCount === 0) await this.emitSamples('initial');
    while (this.runState === 'running' && !this.pauseRequested) {
      await this.trainStepAndReport();
      // Let pause/stop messages in between steps.
      await yieldToEventLoop();
    }
    this.pauseRequested = false;
    if (this.runState === 'running') this.setState('paused');
  }

  /** One step of the runtime, then its events: step, samples, epoch end, divergence. */
  private async trainStepAndReport(): Promise<void> {
    const t0 = now();
    const rng = new Rng(this.init.spec.train.seed).fork(0x5eed0000 + this.stepCount);
    let losses: Losses;
    for (const gate of this.stepGates) await gate();
    try {
      losses = await this.runtime.trainStep(this.batcher, rng, this.stepCount);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    const stepMs = now() - t0;
    this.trainingMs += stepMs;
    this.meter.record(this.runtime.imagesPerStep, stepMs / 1000);
    this.stepCount++;

    const badLoss = describeBadLoss(losses);
    if (badLoss !== null) {
      // Say whether the weights broke too (they usually have, by the step's update).
      const weights = await countNonFiniteWeights(this.runtime.nets);
      this.diverged(describeDivergence(badLoss, describeBadWeights(weights)));
      return;
    }
    this.history.push({ step: this.stepCount, epoch: this.epochCount, losses });
    this.epochMean.add(losses);
    const stepInEpoch = this.stepCount % this.stepsPerEpoch;
    this.emit({
      type: 'step',
      step: this.stepCount,
      epoch: this.epochCount,
      stepInEpoch: stepInEpoch === 0 ? this.stepsPerEpoch : stepInEpoch,
      stepsPerEpoch: this.stepsPerEpoch,
      losses,
      imagesPerSec: this.meter.imagesPerSec,
    });

    // A step's losses are computed before its update, and batch norm's moving statistics never
    // reach a loss: the weights are checked on their own, and always before an epoch's end (so a
    // checkpoint never holds a NaN).
    if (stepInEpoch === 0 || this.stepCount % WEIGHT_CHECK_EVERY === 0) {
      const badWeights = describeBadWeights(await countNonFiniteWeights(this.runtime.nets));
      if (badWeights !== null) {
        this.diverged(describeDivergence(null, badWeights));
        return;
      }
    }

    const every = this.init.spec.train.sampleEverySteps;
    if (stepInEpoch === 0) await this.endEpoch();
    else {
      if (every !== null && every > 0 && this.stepCount % every === 0) {
        await this.emitSamples('interval');
      }
      if (this.metricsHook?.dueBetweenEpochs?.(this.trainingMs) === true) await this.measure();
    }
  }

  private async endEpoch(): Promise<void> {
    this.epochCount++;
    await this.emitSamples('epoch');
    const meanLosses = this.epochMean.mean();
    this.epochMean.reset();
    if (meanLosses === null) return;
    this.emit({
      type: 'epoch',
      epoch: this.epochCount,
      step: this.stepCount,
      imagesPerSec: this.meter.imagesPerSec,
      memory: this.memory(),
      meanLosses,
    });
    await this.measure();
  }

  /** Sample quality now, if a metrics hook is set (it may decline: a time budget). */
  private async measure(): Promise<void> {
    if (this.metricsHook === null) return;
    const { spec, dataset } = this.init;
    const event = await this.metricsHook.evaluate({
      runtime: this.runtime,
      spec,
      dataset,
      epoch: this.epochCount,
      step: this.stepCount,
      trainingMs: this.trainingMs,
      gridNoise: this.fixedNoise,
      ...(this.gridClasses === undefined ? {} : { gridClasses: this.gridClasses }),
    });
    if (event !== null) this.emit(event);
  }

  private async emitSamples(reason: SamplesEvent['reason']): Promise<void> {
    const grid = await this.fixedNoiseGrid();
    let originals: ImageGrid | undefined;
    let reconstructions: ImageGrid | undefined;
    if (this.fixedImages !== null && this.runtime.reconstruct) {
      const recon = this.runtime.reconstruct(this.fixedImages, this.fixedLabels);
      reconstructions = await this.toGrid(recon, RECON_COUNT / 2);
      originals = await this.toGrid(this.fixedImages.clone(), RECON_COUNT / 2);
    }
    this.emit({
      type: 'samples',
      step: this.stepCount,
      epoch: this.epochCount,
      reason,
      grid,
      ...(originals ? { originals, reconstructions } : {}),
    });
  }

  /** Reads images [n, H, W, C] (and disposes them) into an RGBA grid. */
  private async toGrid(images: tf.Tensor4D, cols: number): Promise<ImageGrid> {
    const [n, h, w, c] = images.shape;
    const pixels = (await images.data()) as Float32Array;
    images.dispose();
    return packGrid(pixels, {
      count: n,
      height: h,
      width: w,
      channels: c,
      cols,
      range: this.runtime.range,
    });
  }

  private diverged(what: string): void {
    this.setState('paused');
    this.emit({
      type: 'error',
      kind: 'diverged',
      step: this.stepCount,
      message: `Training diverged at step ${this.stepCount}, ${what}. Roll back to the last good checkpoint and lower the learning rate.`,
    });
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const kind = /webgl|context|backend|gpu/i.test(message) ? 'backend' : 'internal';
    this.setState('paused');
    this.emit({ type: 'error', kind, step: this.stepCount, message });
  }

  private setState(state: RunState): void {
    this.runState = state;
    this.emit({ type: 'state', state });
  }

  private emit(event: EngineEvent): void {
    this.init.listener(event);
  }
}

/**
 * The fixed grid's latents, row-major: 64 noise vectors; for a conditional model (k classes)
 * the first 8 of them repeated in each of min(k, GRID_MAX_CLASS_ROWS) rows, row r of class r.
 */
export function gridLatents(
  seed: number,
  latentDim: number,
  classes: number,
): { noise: Float32Array; classes: Int32Array | undefined } {
  const n = GRID_SIZE * GRID_SIZE;
  const noise = new Rng(seed).fork(77).normals(n * latentDim);
  if (classes === 0) return { noise, classes: undefined };
  const rows = Math.min(classes, GRID_MAX_CLASS_ROWS);
  const columns = noise.subarray(0, GRID_SIZE * latentDim);
  const out = new Float32Array(rows * columns.length);
  for (let r = 0; r < rows; r++) out.set(columns, r * columns.length);
  const rowClasses = Int32Array.from({ length: rows * GRID_SIZE }, (_, i) =>
    Math.floor(i / GRID_SIZE),
  );
  return { noise: out, classes: rowClasses };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
