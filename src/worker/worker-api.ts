// The training worker's implementation of `TrainingWorkerApi`. It owns all tfjs state: the
// backend, the loaded dataset and the one Trainer. Nothing here touches `self` or the DOM, so
// Node tests can expose the same object over a MessageChannel (training.worker.ts exposes it on
// the worker's global scope).

import * as Comlink from 'comlink';
import type { ByteSource, DatasetInfo, LoadedDataset, LoadProgress } from '../datasets/types';
import { getDataset, listDatasets } from '../datasets/registry';
import { initBackend, type InitBackendOptions } from '../ml/backends/init-backend';
import { Trainer } from '../ml/engine/trainer';
import type { EngineEvent, ImageGrid, RunSpec } from '../ml/engine/types';
import { WEIGHTS_FORMAT_ID } from '../ml/weights/format';
import { createCustomDatasets, type CustomDatasetDeps } from './custom-dataset-handlers';
import { createLatentHandlers } from './latent-handlers';
import type {
  BackendFailure,
  BackendName,
  EventSink,
  InitOptions,
  RunStatus,
  TrainingWorkerApi,
} from './protocol';

/** The order 'auto' tries backends in: fastest first where it works, cpu always works. */
export const AUTO_BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface WorkerApiDeps {
  /** Turns the page's data URL into a byte reader (fetch in a browser, files in Node tests). */
  readonly sourceFor: (dataBaseUrl: string) => ByteSource;
  /** Extra options for initBackend (the browser passes where the wasm binaries live). */
  readonly backendOptions?: (backend: BackendName) => InitBackendOptions;
  /** Storage and decoder for custom datasets (defaults: IndexedDB and createImageBitmap). */
  readonly customDatasets?: CustomDatasetDeps;
}

export function createTrainingWorkerApi(deps: WorkerApiDeps): TrainingWorkerApi {
  let source: ByteSource | null = null;
  // Only the most recent dataset is kept: MNIST alone is ~50 MB of pixels.
  let dataset: LoadedDataset | null = null;
  let trainer: Trainer | null = null;
  let spec: RunSpec | null = null;
  // The training loop or single step in flight: a trainer is disposed only after it settles,
  // never under a step that is still reading its variables.
  let inFlight: Promise<void> = Promise.resolve();
  const sinks = new Map<number, EventSink>();
  let nextSinkId = 1;

  // Events go to every sink. A lone sink gets the grid buffers transferred (the engine hands
  // each grid over and keeps no reference); with several sinks they are copied.
  const emit = (event: EngineEvent): void => {
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

  const ensureDataset = async (id: string, onProgress?: LoadProgress): Promise<LoadedDataset> => {
    if (dataset !== null && dataset.info.id === id) return dataset;
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
    spec = null;
    old.stop();
    await inFlight;
    old.dispose();
  };

  const status = (): RunStatus =>
    trainer === null
      ? { state: 'idle', step: 0, epoch: 0, spec: null }
      : { state: trainer.state, step: trainer.step, epoch: trainer.epoch, spec };

  return {
    ...latent,
    ...custom.api,

    async init(options: InitOptions) {
      source = deps.sourceFor(options.dataBaseUrl);
      const order = options.backend === 'auto' ? AUTO_BACKEND_ORDER : [options.backend];
      const failed: BackendFailure[] = [];
      for (const backend of order) {
        try {
          const active = await initBackend(backend, {
            ...deps.backendOptions?.(backend),
            ...(backend === 'wasm' ? { threads: options.wasmThreads ?? false } : {}),
          });
          return { backend: active as BackendName, failed };
        } catch (err) {
          failed.push({ backend, message: messageOf(err) });
        }
      }
      const detail = failed.map((f) => `${f.backend}: ${f.message}`).join('; ');
      throw new Error(`No tfjs backend could start (${detail})`);
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
      trainer = await Trainer.create({ spec: runSpec, dataset: data, listener: emit });
      spec = runSpec;
      return status();
    },

    async importWeights(bytes) {
      const weightsJson = new TextDecoder().decode(bytes);
      const datasetId = datasetIdOf(weightsJson);
      await disposeTrainer();
      const data = await ensureDataset(datasetId);
      trainer = await Trainer.fromWeights({ weightsJson, dataset: data, listener: emit });
      spec = trainer.spec;
      return spec;
    },

    disposeRun() {
      return disposeTrainer();
    },

    status,

    run() {
      return track(requireTrainer().run());
    },

    pause() {
      requireTrainer().pause();
    },

    stepOnce() {
      return track(requireTrainer().stepOnce());
    },

    stop() {
      requireTrainer().stop();
    },

    setLearningRates(rates) {
      requireTrainer().setLearningRates(rates);
    },

    memory() {
      return requireTrainer().memory();
    },

    async exportWeights(options) {
      const json = await requireTrainer().exportWeights(options);
      const bytes = new TextEncoder().encode(json);
      return Comlink.transfer(bytes.buffer, [bytes.buffer]);
    },

    async generate(latents, cols) {
      const grid: ImageGrid = await requireTrainer().generate(latents, cols);
      return Comlink.transfer(grid, transferablesOfGrid(grid));
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

/** The dataset a weights file was trained on, read before the (costly) model rebuild. */
function datasetIdOf(weightsJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(weightsJson);
  } catch (err) {
    throw new Error(`The weights file is not valid JSON: ${messageOf(err)}`, { cause: err });
  }
  const file = parsed as { format?: unknown; dataset?: { id?: unknown } } | null;
  if (file?.format !== WEIGHTS_FORMAT_ID) {
    throw new Error(`This is not a weights file (expected format "${WEIGHTS_FORMAT_ID}").`);
  }
  const id = file.dataset?.id;
  if (typeof id !== 'string')
    throw new Error('The weights file does not say which dataset it uses.');
  return id;
}

function transferablesOf(event: EngineEvent): ArrayBuffer[] {
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

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
