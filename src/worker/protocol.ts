// The one definition of what the training worker offers the page. Types only: the worker
// implements `TrainingWorkerApi` (worker-api.ts) and the page reaches it through Comlink
// (client.ts), so both sides are checked against this file.
//
// Over Comlink every method returns a promise on the page side, callbacks are passed wrapped in
// `Comlink.proxy(...)`, and an error thrown in the worker becomes a rejected promise carrying the
// original message.

import type { AttributeInfo, DatasetInfo, LoadProgress } from '../datasets/types';
import type {
  CustomImportOptions,
  CustomImportResult,
  ImportSource,
  StoredDatasetSummary,
} from '../datasets/custom/types';
import type { DirectionResult, DirectionSpec } from '../ml/latent/directions';
import type { BackendName } from '../ml/backends/init-backend';
import type { Trainer } from '../ml/train/trainer';
import type { MeasureSpec } from './backend-measure';
import type { BackendReport, BackendSelection } from './backend-report';
import type { EngineEvent, HistoryPoint, ImageGrid, RunSpec, RunState } from '../ml/train/types';

export type { BackendName };
export type { MeasureSpec };
export type {
  BackendProbe,
  BackendReport,
  BackendSelection,
  BackendSwitch,
  ResumeSource,
} from './backend-report';
export type {
  CustomImportOptions,
  CustomImportResult,
  ImportSource,
  SkippedFile,
  StoredDatasetSummary,
} from '../datasets/custom/types';

/**
 * 'auto' times a few training steps on each backend worth trying and keeps the fastest (see
 * backend-selection.ts); software WebGL/WebGPU are not measured, cpu only if wasm fails.
 */
export type BackendChoice = BackendName | 'auto';

export interface InitOptions {
  readonly backend: BackendChoice;
  /** Absolute URL of the folder holding the bundled data files (public/data/ in the build). */
  readonly dataBaseUrl: string;
  /**
   * wasm only: use the multi-threaded binary (needs a cross-origin isolated page). Off unless
   * asked for: the pthread helper script breaks when the worker bundle is minified.
   */
  readonly wasmThreads?: boolean;
  /** Time between checkpoints within an epoch (default 60 s; tests shorten it). */
  readonly checkpointEveryMs?: number;
  /** wasm with threads: how many (default: tfjs's, half the logical cores; see wasm-threads.ts). */
  readonly wasmThreadCount?: number;
  /** 'auto' only: the model to time on each backend (default: the default DCGAN on 28x28x1). */
  readonly measure?: MeasureSpec;
}

export interface BackendFailure {
  readonly backend: BackendName;
  readonly message: string;
}

export interface InitResult {
  /** The backend tfjs actually runs on. */
  readonly backend: BackendName;
  /** Backends tried before it (auto mode) and why each failed. */
  readonly failed: readonly BackendFailure[];
  /** The WebGL renderer 'auto' saw (null: no WebGL; absent: not probed, a backend was forced). */
  readonly renderer?: string | null;
  /** One sentence on why 'auto' chose its order, for the page. */
  readonly autoReason?: string;
  /** 'auto' only: what each backend measured (images/s) or why it was not. */
  readonly selection?: BackendSelection;
}

/** A few real images of a dataset, for the dataset picker, and the dataset's facts. */
export interface DatasetPreview {
  readonly info: DatasetInfo;
  readonly grid: ImageGrid;
}

/** The run's state at an epoch end: weights JSON with Adam's state, as UTF-8 bytes. */
export interface CheckpointBytes {
  readonly step: number;
  readonly epoch: number;
  readonly bytes: ArrayBuffer;
}

/** Where the worker's single run stands; `spec` is null before a run is created. */
export interface RunStatus {
  readonly state: RunState;
  readonly step: number;
  readonly epoch: number;
  readonly spec: RunSpec | null;
}

/** The worker has taken a checkpoint (fetch it with `latestCheckpoint`). */
export interface CheckpointEvent {
  readonly type: 'checkpoint';
  readonly step: number;
  readonly epoch: number;
}

/**
 * The run moved to another backend because its own failed (a lost WebGL context, say) and goes on
 * there: the one notice of a switch, with the report as it stands after it.
 */
export interface BackendSwitchedEvent {
  readonly type: 'backend-switched';
  /** The step the failed backend had reached. */
  readonly step: number;
  /** Where and from which step training continues, in words for the page. */
  readonly message: string;
  readonly report: BackendReport;
}

/** What a subscriber hears: the engine's events and the worker's own. */
export type WorkerEvent = EngineEvent | CheckpointEvent | BackendSwitchedEvent;

/** Receives every event; sample grids arrive with their pixel buffers transferred. */
export type EventSink = (event: WorkerEvent) => void;

export interface ExportOptions {
  /** Include Adam's moment estimates so an imported run resumes exactly. */
  readonly includeOptimizer: boolean;
}

/**
 * The run's controls the worker passes straight to its Trainer (src/ml/train/trainer.ts, where
 * each is described); a switch to another backend keeps `run` going (backend-failover.ts).
 */
type TrainerControls = Pick<
  Trainer,
  'run' | 'pause' | 'setLearningRates' | 'memory' | 'generate' | 'fixedNoiseGrid'
>;

export interface TrainingWorkerApi
  extends LatentWorkerApi, CustomDatasetWorkerApi, TrainerControls {
  /** Picks and initializes the tfjs backend; call once before anything else. */
  init(options: InitOptions): Promise<InitResult>;
  /** The bundled datasets (registry order), then the custom sets stored in this browser. */
  listDatasets(): Promise<readonly DatasetInfo[]>;
  /** Downloads and decodes a dataset (kept for the next run); progress goes to `onProgress`. */
  loadDataset(id: string, onProgress?: LoadProgress): Promise<DatasetInfo>;
  /** Builds a fresh run (disposing any previous one), loading its dataset if needed. */
  createRun(spec: RunSpec): Promise<RunStatus>;
  /** Replaces the run with one rebuilt from a weights file (JSON bytes); returns its spec. */
  importWeights(bytes: ArrayBuffer): Promise<RunSpec>;
  /** Stops the current run, if any, and frees it once its step in flight has finished. */
  disposeRun(): Promise<void>;
  status(): RunStatus;
  /** Trainer.trainStep on the run: one training step while paused or idle. */
  trainStep(): Promise<void>;
  /**
   * Turns epoch-end quality metrics ('metrics' events: FID, class coverage, nearest training
   * images, VAE test NELBO) on or off for this and later runs. On by default where the worker
   * was built with them; they run on a time budget (at most about a tenth of training).
   */
  setQualityMetrics(enabled: boolean): void;
  /** The weights JSON as UTF-8 bytes; the buffer is transferred, not copied. */
  exportWeights(options: ExportOptions): Promise<ArrayBuffer>;
  /**
   * Loads the dataset (progress to `onProgress`) and packs `count` of its training images, one
   * of each class in turn (src/datasets/preview.ts).
   */
  previewDataset(id: string, count: number, onProgress?: LoadProgress): Promise<DatasetPreview>;
  /** Every recorded loss of the run (an imported run brings its history). */
  lossHistory(): readonly HistoryPoint[];
  /**
   * The newest epoch-end checkpoint of this run (taken in the worker); null if there is none or
   * none after step `after` (so the page is not sent the same bytes again).
   */
  latestCheckpoint(after?: number): Promise<CheckpointBytes | null>;
  /** The generator (VAE: encoder and decoder) as tfjs Layers models, zipped. */
  exportLayersZip(): Promise<ArrayBuffer>;
  /**
   * The active backend, the 'auto' figures and every switch away from a failed backend (a switch
   * also sends a 'backend-switched' event with the new report).
   */
  backendReport(): BackendReport;
  /**
   * Holds the Web Lock `name` until the worker ends, so the page learns of an exit that fires no
   * error event (see life-lock.ts). Resolves true once held; false without Web Locks.
   */
  holdLifeLock(name: string): Promise<boolean>;
  /**
   * Calls `sink` (wrapped in Comlink.proxy) every `everyMs` from a timer, which fires only while
   * the worker's event loop turns: the page learns it is stuck when the calls stop
   * (stall-watch.ts). null stops.
   */
  heartbeat(sink: (() => void) | null, everyMs: number): void;
  /** Adds an event sink; returns an id for `unsubscribe`. Sinks survive new runs. */
  subscribe(sink: EventSink): number;
  unsubscribe(id: number): void;
}

// ---- Latent space explorer (src/worker/latent-handlers.ts) ------------------------------------

/** What the current run offers the latent explorer. */
export interface LatentModelInfo {
  readonly kind: 'dcgan' | 'vae';
  readonly latentDim: number;
  readonly datasetId: string;
  /** True for the VAE: its encoder maps real images to latents (a GAN has no encoder). */
  readonly canEncode: boolean;
  readonly labelNames: readonly string[];
  readonly attributes: readonly AttributeInfo[];
  readonly testCount: number;
  /**
   * A class-conditional model's classes (generate() takes their indices, or rows of class
   * weights for a blend); absent for an unconditional one.
   */
  readonly classNames?: readonly string[];
}

/** Encoded test images: posterior means [n, latentDim] and the images themselves as a grid. */
export interface EncodedImages {
  readonly latents: Float32Array;
  readonly grid: ImageGrid;
  /** A conditional VAE's classes of the images (their labels, which it encoded them with). */
  readonly classes?: Int32Array;
}

/** Posterior means of test images in a 2-dimensional latent, for a scatter plot. */
export interface LatentScatter {
  /** [n, 2] row-major. */
  readonly points: Float32Array;
  readonly labels: Uint16Array;
  readonly labelNames: readonly string[];
}

export interface LatentWorkerApi {
  /** The current run's latent facts; null before a run exists. */
  latentInfo(): LatentModelInfo | null;
  /** Test images by index, as a grid `cols` wide (for picking what to encode). */
  testImages(indices: readonly number[], cols: number): Promise<ImageGrid>;
  /** VAE only: posterior means of the test images at `indices`. */
  encodeTestImages(indices: readonly number[], cols: number): Promise<EncodedImages>;
  /** VAE only: posterior means of up to `maxPoints` test images (any latent size; the page plots 2-D). */
  encodeScatter(maxPoints: number): Promise<LatentScatter>;
  /**
   * VAE only: mean posterior mean of the `to` group minus that of the `from` group, over up to
   * `maxImages` images of the test split (topped up from the train split when it is small).
   */
  attributeDirection(spec: DirectionSpec, maxImages: number): Promise<DirectionResult>;
}

// ---- Custom datasets (src/worker/custom-dataset-handlers.ts) ----------------------------------

export interface CustomDatasetWorkerApi {
  /**
   * Decodes, crops and resizes the images (zips are opened; other files are skipped with a
   * reason), stores the set in IndexedDB and registers it for training. `emptyFolders` are
   * folders of the drop that held no files (reported as skipped).
   */
  importCustomDataset(
    sources: readonly ImportSource[],
    options: CustomImportOptions,
    emptyFolders: readonly string[],
    onProgress?: LoadProgress,
  ): Promise<CustomImportResult>;
  listCustomDatasets(): Promise<readonly StoredDatasetSummary[]>;
  deleteCustomDataset(id: string): Promise<void>;
}
