// The training worker's implementation of `TrainingWorkerApi`. It owns all tfjs state: the
// backend, the loaded dataset and the one Trainer. Nothing here touches `self` or the DOM, so
// Node tests can expose the same object over a MessageChannel (training.worker.ts exposes it on
// the worker's global scope).
//
// Over 300 lines: it is the one object behind TrainingWorkerApi, most methods a few lines each;
// whatever has logic of its own lives beside it (backend-startup, backend-failover, checkpoints,
// latent-handlers, custom-dataset-handlers, quality-metrics).

import * as Comlink from 'comlink';
import type { ByteSource, DatasetInfo, LoadedDataset, LoadProgress } from '../datasets/types';
import { previewImages } from '../datasets/preview';
import { getDataset, listDatasets } from '../datasets/registry';
import type { InitBackendOptions } from '../ml/backends/init-backend';
import { isConditional } from '../ml/config';
import { trainerFromWeights } from '../ml/train/resume';
import { Trainer } from '../ml/train/trainer';
import type { ImageGrid } from '../ml/train/types';
import { packGrid } from '../ml/images';
import { parseWeightsFile } from '../ml/weights/parse';
import { createBackendFailover } from './backend-failover';
import { createBackendStartup } from './backend-startup';
import { CHECKPOINT_EVERY_MS, Checkpointer } from './checkpoints';
import { createCustomDatasets, type CustomDatasetDeps } from './custom-dataset-handlers';
import { createLatentHandlers } from './latent-handlers';
import { layersZip } from './layers-zip';
import { WorkerQualityMetrics, type QualityMetricsOptions } from './quality-metrics';
import { holdLifeLock } from './life-lock';
import type {
  BackendName,
  EventSink,
  InitOptions,
  RunStatus,
  TrainingWorkerApi,
  WorkerEvent,
} from './protocol';

export interface WorkerApiDeps {
  /** Turns the page's data URL into a byte reader (fetch in a browser, files in Node tests). */
  readonly sourceFor: (dataBaseUrl: string) => ByteSource;
  /** Extra options for initBackend (the browser passes where the wasm binaries live). */
  readonly backendOptions?: (backend: BackendName) => InitBackendOptions;
  /** The WebGL renderer's name for 'auto' (default: probe an OffscreenCanvas; null: no WebGL). */
  readonly probeRenderer?: () => string | null;
  /** Storage and decoder for custom datasets (defaults: IndexedDB and createImageBitmap). */
  readonly customDatasets?: CustomDatasetDeps;
  /**
   * Epoch-end quality metrics for every run (see quality-metrics.ts); absent: none. The
   * classifiers are read through `classifierSourceFor(dataBaseUrl)`.
   */
  readonly quality?: Omit<QualityMetricsOptions, 'classifierSource'> & {
    readonly classifierSourceFor: (dataBaseUrl: string) => ByteSource | null;
  };
  /** The checkpoints' clock (default performance.now; tests hold it still or move it by hand). */
  readonly now?: () => number;
}

export function createTrainingWorkerApi(deps: WorkerApiDeps): TrainingWorkerApi {
  let source: ByteSource | null = null;
  // Only the most recent dataset is kept: MNIST alone is ~50 MB of pixels.
  let dataset: LoadedDataset | null = null;
  let trainer: Trainer | null = null;
  // The training loop or single step in flight: a trainer is disposed only after it settles,
  // never under a step that is still reading its variables.
  let inFlight: Promise<void> = Promise.resolve();
  const sinks = new Map<number, EventSink>();
  let nextSinkId = 1;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  // Within an epoch, a checkpoint this often (InitOptions.checkpointEveryMs; tests shorten it).
  let checkpointEveryMs = CHECKPOINT_EVERY_MS;
  // Checkpoints of `run` (none: no run yet); each one taken is announced, so the page can fetch
  // and store it.
  const newCheckpointer = (run: Trainer | null): Checkpointer => {
    const made = new Checkpointer({
      ...(deps.now !== undefined ? { now: deps.now } : {}),
      everyMs: checkpointEveryMs,
      onTaken: ({ step, epoch }) => emit({ type: 'checkpoint', step, epoch }),
    });
    if (run !== null) made.attach(run);
    return made;
  };
  // One per run: a new run never sees the last one's checkpoints, nor waits for one still being
  // read (on a dead GPU backend that read may never finish).
  let checkpointer = newCheckpointer(null);
  // Built at init (the classifiers live next to the data); kept across runs with its caches.
  let quality: WorkerQualityMetrics | null = null;
  let qualityOn = true;

  // The listener every trainer gets: epoch ends, and steps once a minute has passed, start a
  // checkpoint before the event goes out.
  const onTrainerEvent = (event: WorkerEvent): void => {
    if (event.type === 'epoch' && trainer !== null) checkpointer.onEpochEnd(trainer);
    else if (event.type === 'step' && trainer !== null) checkpointer.onStep(trainer);
    emit(event);
  };

  const adopt = (next: Trainer): void => {
    checkpointer = newCheckpointer(next);
    quality?.startRun();
    next.setEpochMetrics(quality);
    trainer = next;
  };

  // The backend: 'auto' measures each one at init; a failing GPU backend hands the run over.
  const startup = createBackendStartup(deps);
  const failover = createBackendFailover(
    { startup, listener: onTrainerEvent },
    {
      current: () => trainer,
      replace: adopt,
      newestCheckpoint: () => checkpointer.newest(),
    },
  );

  // Events go to every sink. A lone sink gets the grid buffers transferred (the engine hands
  // each grid over and keeps no reference); with several sinks they are copied.
  const emit = (event: WorkerEvent): void => {
    const transfers = sinks.size === 1 ? transferablesOf(event) : [];
    for (const [id, sink] of sinks) {
      const payload = transfers.length > 0 ? Comlink.transfer(event, transfers) : event;
      // A proxied sink returns a promise; a closed page rejects it, so drop that sink.
      Promise.resolve(sink(payload) as unknown).catch(() => sinks.delete(id));
    }
  };

  const requireSource = (): ByteSource => {
    if (source === null) throw new Error('The worker is not initialized: call init() first.');
    return source;
  };

  const requireTrainer = (): Trainer => {
    if (trainer === null) throw new Error('No run yet: create a run or import weights first.');
    return trainer;
  };

  const custom = createCustomDatasets(deps.customDatasets);
  const latent = createLatentHandlers({ trainer: () => trainer, dataset: () => dataset });

  // The page may ask for the same dataset twice at once (its preview, then Train): one load.
  let loading: { readonly id: string; readonly promise: Promise<LoadedDataset> } | null = null;
  const ensureDataset = (id: string, onProgress?: LoadProgress): Promise<LoadedDataset> => {
    if (dataset !== null && dataset.info.id === id) return Promise.resolve(dataset);
    if (loading !== null && loading.id === id) return loading.promise;
    const promise = loadDatasetNow(id, onProgress).finally(() => {
      if (loading?.promise === promise) loading = null;
    });
    loading = { id, promise };
    return promise;
  };

  const loadDatasetNow = async (id: string, onProgress?: LoadProgress): Promise<LoadedDataset> => {
    dataset = null; // free the old pixels before decoding the new ones
    dataset = custom.owns(id)
      ? await custom.load(id)
      : await getDataset(id).load({ source: requireSource(), onProgress });
    return dataset;
  };

  const track = (work: Promise<void>): Promise<void> => {
    inFlight = work.catch(() => {}); // the caller sees the rejection; disposal only waits
    return work;
  };

  const disposeTrainer = async (): Promise<void> => {
    if (trainer === null) return;
    const old = trainer;
    trainer = null;
    old.stop();
    await inFlight;
    old.dispose();
  };

  const status = (): RunStatus =>
    trainer === null
      ? { state: 'idle', step: 0, epoch: 0, spec: null }
      : { state: trainer.state, step: trainer.step, epoch: trainer.epoch, spec: trainer.spec };

  return {
    ...latent,
    ...custom.api,

    async init(options: InitOptions) {
      source = deps.sourceFor(options.dataBaseUrl);
      if (options.checkpointEveryMs !== undefined) {
        checkpointEveryMs = options.checkpointEveryMs;
        checkpointer = newCheckpointer(trainer);
      }
      if (deps.quality !== undefined && quality === null) {
        const { classifierSourceFor, ...rest } = deps.quality;
        quality = new WorkerQualityMetrics({
          ...rest,
          classifierSource: classifierSourceFor(options.dataBaseUrl),
        });
        quality.setEnabled(qualityOn);
      }
      const started = await startup.init(options);
      failover.follow(started.backend);
      return started;
    },

    async listDatasets(): Promise<readonly DatasetInfo[]> {
      return [...listDatasets(), ...(await custom.infos())];
    },

    async loadDataset(id, onProgress) {
      return (await ensureDataset(id, onProgress)).info;
    },

    async createRun(runSpec) {
      await disposeTrainer();
      const data = await ensureDataset(runSpec.datasetId);
      adopt(new Trainer({ spec: runSpec, dataset: data, listener: failover.listener() }));
      return status();
    },

    async importWeights(bytes) {
      // The size first, then UTF-8, JSON and every field (parseWeightsFile), so an oversized
      // file is refused before it is decoded.
      const weights = parseWeightsFile(bytes);
      // The new run is built and filled beside the current one, which goes only once the file
      // has loaded: a file that does not fit the model its own config describes (or its
      // dataset) is refused with the current run, and its dataset, untouched.
      const kept = dataset;
      try {
        const data = await ensureDataset(weights.meta.dataset.id);
        const listener = failover.listener();
        const next = await trainerFromWeights({ weights, dataset: data, listener });
        await disposeTrainer();
        adopt(next);
        return next.spec;
      } catch (err) {
        if (trainer !== null && kept !== null) dataset = kept;
        throw err;
      }
    },

    disposeRun() {
      return disposeTrainer();
    },

    status,

    run() {
      return track(failover.train('run'));
    },

    pause() {
      requireTrainer().pause();
    },

    trainStep() {
      return track(failover.train('step'));
    },

    setLearningRates(rates) {
      requireTrainer().setLearningRates(rates);
    },

    memory() {
      return requireTrainer().memory();
    },

    setQualityMetrics(enabled) {
      qualityOn = enabled;
      quality?.setEnabled(enabled);
    },

    async exportWeights(options) {
      const json = await requireTrainer().exportWeights(options);
      const bytes = new TextEncoder().encode(json);
      return Comlink.transfer(bytes.buffer, [bytes.buffer]);
    },

    async generate(latents, cols, classes) {
      const grid: ImageGrid = await requireTrainer().generate(latents, cols, classes);
      return Comlink.transfer(grid, transferablesOfGrid(grid));
    },

    async previewDataset(id, count, onProgress) {
      const data = await ensureDataset(id, onProgress);
      const { shape } = data.info;
      const picked = previewImages(data.train, shape, count, data.info.labelNames.length);
      const pixels = new Float32Array(picked.images.length);
      for (let i = 0; i < pixels.length; i++) pixels[i] = picked.images[i] / 255;
      const grid = packGrid(pixels, {
        count: picked.count,
        ...shape,
        cols: Math.min(8, picked.count),
        range: 'unit',
      });
      return Comlink.transfer({ info: data.info, grid }, transferablesOfGrid(grid));
    },

    async fixedNoiseGrid() {
      const grid = await requireTrainer().fixedNoiseGrid();
      return Comlink.transfer(grid, transferablesOfGrid(grid));
    },

    lossHistory() {
      return requireTrainer().lossHistory;
    },

    async latestCheckpoint(after = -1) {
      const checkpoint = await checkpointer.newest();
      if (checkpoint === null || checkpoint.step <= after) return null;
      const bytes = new TextEncoder().encode(checkpoint.json);
      const result = { step: checkpoint.step, epoch: checkpoint.epoch, bytes: bytes.buffer };
      return Comlink.transfer(result, [bytes.buffer]);
    },

    async exportLayersZip() {
      const t = requireTrainer();
      const zip = await layersZip(
        t.runtime,
        t.spec.model,
        `${t.spec.datasetId} ${t.spec.model.kind}`,
        isConditional(t.spec.model) ? t.dataset.info.labelNames : [],
      );
      const { buffer } = zip.slice(); // its own ArrayBuffer, exactly the zip's bytes
      return Comlink.transfer(buffer, [buffer]);
    },

    backendReport() {
      return failover.report();
    },

    holdLifeLock,

    heartbeat(sink, everyMs) {
      clearInterval(heartbeatTimer);
      if (sink === null) return;
      heartbeatTimer = setInterval(() => {
        // A page that went away takes the proxy with it: stop rather than throw every beat.
        Promise.resolve(sink()).catch(() => clearInterval(heartbeatTimer));
      }, everyMs);
    },

    subscribe(sink) {
      const id = nextSinkId++;
      sinks.set(id, sink);
      return id;
    },

    unsubscribe(id) {
      sinks.delete(id);
    },
  };
}

function transferablesOf(event: WorkerEvent): ArrayBuffer[] {
  if (event.type !== 'samples') return [];
  const grids = [event.grid, event.originals, event.reconstructions];
  return grids.flatMap((g) => (g === undefined ? [] : transferablesOfGrid(g)));
}

/** A grid's buffer can move only if its pixels fill it (not a view into a larger buffer). */
function transferablesOfGrid(grid: ImageGrid): ArrayBuffer[] {
  const { buffer, byteOffset, byteLength } = grid.rgba;
  if (!(buffer instanceof ArrayBuffer)) return [];
  return byteOffset === 0 && byteLength === buffer.byteLength ? [buffer] : [];
}
