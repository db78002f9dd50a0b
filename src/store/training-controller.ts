// Connects the page's buttons to the training worker and the worker's events to the store.
// The only page module that calls the worker client; components call these actions.

import { Rng } from '../lib/rng';
import type { EngineEvent, RunSpec, StepEvent } from '../ml/engine/types';
import type { ModelKind } from '../ml/config';
import {
  progressProxy,
  WorkerCrashedError,
  type TrainingApi,
  type TrainingClient,
} from '../worker/client';
import type { AppStore } from './app-store';
import type { RunPhase } from './run-slice';
import { modelConfigFor } from './url-params';

export interface TrainingController {
  /** Starts the worker and its backend; errors go to the banner. */
  start(): Promise<void>;
  train(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  /** Frees the run (and restarts the worker if it crashed). */
  reset(): Promise<void>;
  /** The weights JSON bytes and a file name for them. */
  exportWeights(): Promise<{ bytes: ArrayBuffer; fileName: string }>;
  importWeights(bytes: ArrayBuffer): Promise<void>;
  /**
   * The worker API of the current client, for feature controllers (latent explorer, custom
   * datasets). Ask each time: a crash and Reset replace the client.
   */
  workerApi(): TrainingApi;
}

export interface ControllerOptions {
  readonly store: AppStore;
  readonly createClient: () => TrainingClient;
  /** Absolute URL of the bundled data folder. */
  readonly dataBaseUrl: string;
}

/** Step events can come many times a second; the store hears of at most this many per second. */
const STEP_UPDATES_PER_SEC = 8;

export function createTrainingController(options: ControllerOptions): TrainingController {
  const { store, dataBaseUrl } = options;
  let client: TrainingClient = options.createClient();
  let pendingStep: StepEvent | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let memoryInFlight = false;
  // True while a run() call is in flight: the loop is still going even after a 'paused' event.
  let loopActive = false;

  const fail = (err: unknown): void => store.getState().showError(messageOf(err));

  const refreshMemory = (): void => {
    if (memoryInFlight || !hasRun()) return;
    memoryInFlight = true;
    client.api
      .memory()
      .then((memory) => store.getState().setMemory(memory))
      .catch(() => {}) // a run disposed meanwhile has no memory to report
      .finally(() => (memoryInFlight = false));
  };

  const flushStep = (): void => {
    flushTimer = null;
    if (pendingStep === null) return;
    store.getState().applyStep(pendingStep);
    pendingStep = null;
    refreshMemory();
  };

  const onEvent = (event: EngineEvent): void => {
    const state = store.getState();
    switch (event.type) {
      case 'step':
        pendingStep = event;
        flushTimer ??= setTimeout(flushStep, 1000 / STEP_UPDATES_PER_SEC);
        break;
      case 'samples':
        state.setSamples(event);
        break;
      case 'epoch':
        state.applyEpoch(event);
        break;
      case 'state':
        // The engine reports 'paused' when asked, but the step in flight still finishes; the
        // loop has really stopped only when run() resolves (see train).
        if (loopActive && event.state === 'paused') state.setRunPhase('pausing');
        else state.setRunPhase(event.state);
        break;
      case 'error':
        state.showError(`${event.kind} error at step ${event.step}: ${event.message}`);
        break;
    }
  };

  const hasRun = (): boolean => {
    const phase = store.getState().runPhase;
    return phase !== 'none' && phase !== 'loading' && phase !== 'creating';
  };

  /** Brings counters and phase in line with the worker once the loop has stopped. */
  const syncStatus = async (): Promise<void> => {
    const status = await client.api.status();
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushStep();
    store.getState().setCounters(status.step, status.epoch);
    store.getState().setRunPhase(status.spec === null ? 'none' : status.state);
    refreshMemory();
  };

  const connect = async (): Promise<void> => {
    const state = store.getState();
    state.setWorkerPhase('starting');
    client.onCrash((err) => {
      store.getState().setWorkerPhase('crashed');
      store.getState().showError(`${err.message}. Press Reset to start a new worker.`);
    });
    const { backend, failed } = await client.api.init({
      backend: state.options.backend,
      wasmThreads: state.options.wasmThreads,
      dataBaseUrl,
    });
    for (const f of failed) console.warn(`Backend ${f.backend} unavailable: ${f.message}`);
    await client.subscribe(onEvent);
    store.getState().setWorkerReady(backend, await client.api.listDatasets());
  };

  const buildSpec = (datasetId: string, kind: ModelKind): RunSpec => {
    const { options } = store.getState();
    return {
      datasetId,
      model: modelConfigFor(kind, datasetId, options.modelOverrides),
      train: {
        seed: options.seed,
        stepsPerEpoch: options.stepsPerEpoch,
        sampleEverySteps: options.sampleEverySteps,
      },
    };
  };

  /** Creates the run from the selected dataset and model unless one exists. */
  const ensureRun = async (): Promise<void> => {
    if (hasRun()) return;
    const { datasetId, modelKind, setRunPhase, setLoadProgress } = store.getState();
    setRunPhase('loading');
    try {
      await client.api.loadDataset(datasetId, progressProxy(setLoadProgress));
      setRunPhase('creating');
      const status = await client.api.createRun(buildSpec(datasetId, modelKind));
      store.getState().setCounters(status.step, status.epoch);
      setRunPhase(status.state);
    } catch (err) {
      setRunPhase('none');
      throw err;
    }
  };

  // Every button action clears the banner first and puts its own failure there.
  const guarded =
    <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        store.getState().clearError();
        await action(...args);
      } catch (err) {
        // A crash is already in the banner (with what to do) through onCrash.
        if (!(err instanceof WorkerCrashedError)) fail(err);
      }
    };

  return {
    workerApi: () => client.api,

    start: guarded(connect),

    train: guarded(async () => {
      if (isBusy(store.getState().runPhase)) return;
      if (store.getState().runPhase === 'stopped') {
        await client.api.disposeRun();
        store.getState().clearRun();
      }
      await ensureRun();
      store.getState().setRunPhase('running');
      loopActive = true;
      try {
        // Resolves once the loop has finished its last step after a pause or stop.
        await client.api.run();
      } finally {
        loopActive = false;
        await syncStatus().catch(() => {}); // a crashed worker is reported by onCrash
      }
    }),

    pause: guarded(async () => {
      if (store.getState().runPhase !== 'running') return;
      store.getState().setRunPhase('pausing');
      await client.api.pause();
    }),

    step: guarded(async () => {
      if (isBusy(store.getState().runPhase)) return;
      await ensureRun();
      await client.api.stepOnce();
      await syncStatus();
    }),

    reset: guarded(async () => {
      const state = store.getState();
      if (state.workerPhase === 'crashed') {
        client.terminate();
        client = options.createClient();
        state.clearRun();
        state.clearSamples();
        await connect();
        return;
      }
      await client.api.disposeRun();
      state.clearRun();
      state.clearSamples();
    }),

    async exportWeights() {
      const { datasetId, modelKind, step } = store.getState();
      const bytes = await client.api.exportWeights({ includeOptimizer: false });
      return { bytes, fileName: `${datasetId}-${modelKind}-step${step}.json` };
    },

    importWeights: guarded(async (bytes: ArrayBuffer) => {
      const state = store.getState();
      state.setRunPhase('creating');
      try {
        const spec = await client.api.importWeights(bytes);
        const status = await client.api.status();
        state.clearRun();
        state.clearSamples();
        state.setDatasetId(spec.datasetId);
        state.setModelKind(spec.model.kind);
        state.setCounters(status.step, status.epoch);
        state.setRunPhase(status.state);
        refreshMemory();
        // No samples event comes until the next interval: show what the weights draw now.
        const n = 64; // 8 x 8, like the engine's grid
        const latents = new Rng(spec.train.seed).normals(n * spec.model.latentDim);
        state.setGrid(await client.api.generate(latents, 8), status.step, status.epoch);
      } catch (err) {
        state.setRunPhase('none');
        throw err;
      }
    }),
  };
}

/** Phases in which Train and Step must wait. */
export function isBusy(phase: RunPhase): boolean {
  return ['loading', 'creating', 'running', 'pausing'].includes(phase);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
