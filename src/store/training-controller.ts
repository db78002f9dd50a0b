// Connects the page's buttons to the training worker and the worker's events to the store.
// The only page module that calls the worker client; components call these actions.

import type { EngineEvent, RunSpec, StepEvent } from '../ml/engine/types';
import type { ModelKind } from '../ml/config';
import { progressProxy, type TrainingClient } from '../worker/client';
import type { AppStore } from './app-store';
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
        if (event.state !== 'running' && pendingStep !== null) flushStep();
        state.setRunPhase(event.state);
        refreshMemory();
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

  const connect = async (): Promise<void> => {
    const state = store.getState();
    state.setWorkerPhase('starting');
    client.onCrash((err) => {
      store.getState().setWorkerPhase('crashed');
      store.getState().showError(`${err.message}. Press Reset to start a new worker.`);
    });
    const { backend, failed } = await client.api.init({
      backend: state.options.backend,
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
        fail(err);
      }
    };

  return {
    start: guarded(connect),

    train: guarded(async () => {
      const phase = store.getState().runPhase;
      if (phase === 'running' || phase === 'loading' || phase === 'creating') return;
      if (phase === 'stopped')
        await client.api.disposeRun().then(() => store.getState().clearRun());
      await ensureRun();
      store.getState().setRunPhase('running');
      // Resolves when the loop pauses or stops; the state events carry that to the store.
      await client.api.run();
    }),

    pause: guarded(async () => {
      if (store.getState().runPhase === 'running') await client.api.pause();
    }),

    step: guarded(async () => {
      const phase = store.getState().runPhase;
      if (phase === 'running' || phase === 'loading' || phase === 'creating') return;
      await ensureRun();
      await client.api.stepOnce();
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
      } catch (err) {
        state.setRunPhase('none');
        throw err;
      }
    }),
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
