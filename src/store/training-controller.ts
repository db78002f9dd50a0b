// Connects the page's buttons to the training worker and the worker's events to the store.
// The only page module that holds the worker client; components call these actions (panels that
// need more of the worker use `controller.api`, which follows the worker across restarts).

import type { ModelKind } from '../ml/config';
import type { ErrorEvent as EngineErrorEvent, LearningRates, RunSpec } from '../ml/engine/types';
import {
  callbackProxy,
  progressProxy,
  WorkerCrashedError,
  type TrainingApi,
  type TrainingClient,
} from '../worker/client';
import type { BackendChoice, WorkerEvent } from '../worker/protocol';
import type { AppStore } from './state';
import { createCheckpointKeeper } from './checkpoint-keeper';
import { configFromDrafts, LIVE_FIELDS, runSettingsFromDrafts } from './drafts';
import { pytorchZip, runFileStem, type DownloadFile } from './downloads';
import type { RunStorage } from './run-storage';
import { hasRun, isBusy } from './run-slice';
import { createStepStream } from './step-stream';
import type { Frame } from './timeline';

export { isBusy } from './run-slice';
export type { DownloadFile } from './downloads';

export interface TrainingController {
  /** Starts the worker and its backend; errors go to the banner. */
  start(): Promise<void>;
  train(): Promise<void>;
  pause(): Promise<void>;
  step(): Promise<void>;
  /** Frees the run (and restarts the worker if it crashed). */
  reset(): Promise<void>;
  /** Changes learning rates of the running run (GAN: lrG/lrD; VAE: lr). */
  setLearningRates(rates: LearningRates): Promise<void>;
  /** Loads a dataset in the worker and puts a few of its images in the store. */
  previewDataset(id: string): Promise<void>;
  /**
   * The weights JSON bytes and a file name for them; with Adam's state unless
   * `includeOptimizer` is false (3x smaller, but a continued run restarts Adam).
   */
  exportWeights(options?: {
    includeOptimizer?: boolean;
  }): Promise<{ bytes: ArrayBuffer; fileName: string }>;
  /** The tfjs Layers models (generator, or encoder + decoder), zipped. */
  exportLayers(): Promise<DownloadFile>;
  /** The PyTorch script and README for the run (or the form's setup before a run). */
  pytorchScript(): DownloadFile;
  /** Replaces the run with one from a weights file; a bad file leaves the run as it was. */
  importWeights(bytes: ArrayBuffer): Promise<void>;
  /** Continues the run an earlier visit saved in this browser. */
  resumeSaved(): Promise<void>;
  /** Brings back the newest epoch-end checkpoint (after a divergence). */
  rollback(): Promise<void>;
  /** Halves the form's learning rates and applies them to the run. */
  halveLearningRates(): Promise<void>;
  /**
   * A fresh worker (on `backend`, if given); `resume` continues from the newest checkpoint, which
   * also works when the old worker can no longer export anything (crash, lost WebGL context).
   */
  restartWorker(resume: boolean, backend?: BackendChoice): Promise<void>;
  /** Restarts the worker on another backend, carrying the run over (Adam state included). */
  switchBackend(choice: BackendChoice): Promise<void>;
  /** After a stall warning: leave the worker be, and ask again only after twice the silence. */
  keepWaiting(): void;
  /** Asks the worker for the dataset list again (custom sets come and go). */
  refreshDatasets(): Promise<void>;
  /** The current worker's API (it changes when the worker restarts: do not keep it). */
  readonly api: TrainingApi;
  /** The same, as a call (for panels that ask the worker directly: latent, custom datasets). */
  workerApi(): TrainingApi;
}

export interface ControllerOptions {
  readonly store: AppStore;
  readonly createClient: () => TrainingClient;
  /** Absolute URL of the bundled data folder. */
  readonly dataBaseUrl: string;
  readonly storage: RunStorage;
}

/** Messages of failures that come from the GPU backend rather than the run. */
const BACKEND_FAILURE = /webgl|webgpu|\bgpu\b|context (was )?lost/i;

/** The preview grid in the dataset picker: 2 rows of 8. */
export const PREVIEW_COUNT = 16;

export function createTrainingController(options: ControllerOptions): TrainingController {
  const { store, dataBaseUrl } = options;
  let client: TrainingClient = options.createClient();
  let memoryInFlight = false;
  let lastMemoryAt = 0;
  // The run() call in flight: the loop is still going even after a 'paused' event.
  let loop: Promise<void> | null = null;
  // Settles when Train's work is over: the loop has stopped and the page has caught up.
  let trainDone: Promise<void> | null = null;
  // An engine error event already explains why run() rejected: keep it in the banner.
  let engineErrorShown = false;
  let previewToken = 0;
  let runCounter = 0;
  const keeper = createCheckpointKeeper(store, options.storage);

  const s = () => store.getState();

  const refreshMemory = (force = false): void => {
    const now = performance.now();
    if (memoryInFlight || !hasRun(s().runPhase) || (!force && now - lastMemoryAt < 500)) return;
    memoryInFlight = true;
    lastMemoryAt = now;
    client.api
      .memory()
      .then((memory) => s().setMemory(memory))
      .catch(() => {}) // a run disposed meanwhile has no memory to report
      .finally(() => (memoryInFlight = false));
  };

  const steps = createStepStream(store, () => refreshMemory());

  const showEngineError = (event: EngineErrorEvent): void => {
    engineErrorShown = true;
    if (event.kind === 'diverged') s().showError({ kind: 'diverged', message: event.message });
    else if (event.kind === 'backend')
      // The worker has already moved the run to another backend; its message says where to.
      s().showError({ kind: 'switched', message: event.message });
    else s().showError(`Training stopped at step ${event.step}: ${event.message}`);
  };

  const onEvent = (event: WorkerEvent): void => {
    switch (event.type) {
      case 'step':
      case 'samples':
        steps.push(event);
        break;
      case 'epoch':
        steps.flush();
        s().applyEpoch(event);
        break;
      case 'checkpoint':
        // Taken at an epoch end or after a minute of training: fetch it and store it.
        void keeper.keep((after) => client.api.latestCheckpoint(after));
        break;
      case 'state':
        // 'paused' comes when the loop has stopped, but run() resolving is what ends it here.
        if (loop !== null && event.state === 'paused') s().setRunPhase('pausing');
        else s().setRunPhase(event.state);
        break;
      case 'error':
        showEngineError(event);
        break;
      case 'metrics':
        s().addQualityEvent(event);
        void keeper.keepQuality();
        break;
    }
  };

  const newRunId = (): string => `${Date.now().toString(36)}-${(++runCounter).toString(36)}`;

  /** Brings counters and phase in line with the worker once the loop has stopped. */
  const syncStatus = async (): Promise<void> => {
    const status = await client.api.status();
    steps.flush();
    s().setCounters(status.step, status.epoch);
    s().setRunPhase(status.spec === null ? 'none' : status.state);
    refreshMemory(true);
  };

  /** Where the run stopped, drawn from the fixed noise, unless a grid of that step is shown. */
  const drawCurrentGrid = async (reason: Frame['reason']): Promise<void> => {
    const { frames, step, epoch, runPhase } = s();
    if (!hasRun(runPhase) || frames.some((f) => f.step === step)) return;
    const grid = await client.api.fixedNoiseGrid();
    s().addFrame({ step, epoch, reason, grid });
  };

  const connect = async (): Promise<void> => {
    s().setWorkerPhase('starting');
    const own = client;
    own.onCrash((err) => {
      if (own !== client) return; // a worker ended on purpose
      loop = null;
      steps.discard();
      s().setWorkerPhase('crashed');
      s().setRunPhase('none');
      s().showError({ kind: 'crashed', message: err.message });
    });
    own.onStall((report) => {
      if (own !== client) return;
      if (report !== null) {
        const seconds = Math.round(report.silentMs / 1000);
        s().showError({
          kind: 'stalled',
          message:
            `No word from the training worker for ${seconds} s: it may be stuck in an endless ` +
            'computation or a hung graphics driver. Restart it to go on from the last saved ' +
            'epoch, or keep waiting.',
        });
      } else if (s().error?.kind === 'stalled') s().clearError(); // it came back by itself
    });
    const { backendChoice, wasmThreads, options } = s();
    const init = await client.api.init({
      backend: backendChoice,
      wasmThreads,
      ...(options.wasmThreadCount !== null ? { wasmThreadCount: options.wasmThreadCount } : {}),
      ...(options.checkpointEverySeconds !== null
        ? { checkpointEveryMs: options.checkpointEverySeconds * 1000 }
        : {}),
      dataBaseUrl,
    });
    await client.subscribe(onEvent);
    const datasets = await client.api.listDatasets();
    s().setWorkerReady(init.backend, datasets, init);
    s().setBackendReport(await client.api.backendReport());
    // A backend that fails mid-run hands the run to another: keep the page's report current.
    await client.api.watchBackend(callbackProxy((report) => s().setBackendReport(report)));
  };

  const previewDataset = async (id: string): Promise<void> => {
    if (s().workerPhase !== 'ready') return;
    const token = ++previewToken;
    s().setDatasetLoad({ id, fraction: 0, message: 'Loading' });
    try {
      const onProgress = (fraction: number, message: string) => {
        if (token === previewToken) s().setDatasetLoad({ id, fraction, message });
      };
      const preview = await client.api.previewDataset(id, PREVIEW_COUNT, progressProxy(onProgress));
      s().setPreview(id, preview.grid);
    } finally {
      if (token === previewToken) s().setDatasetLoad(null);
    }
  };

  const specFromForm = (datasetId: string, kind: ModelKind): RunSpec => {
    const { drafts, runDrafts } = s();
    const model = configFromDrafts(kind, drafts);
    const settings = runSettingsFromDrafts(runDrafts);
    if (model === null || settings === null) {
      throw new Error('Some settings are not valid: fix the fields marked in red first.');
    }
    return {
      datasetId,
      model,
      train: {
        seed: settings.seed,
        stepsPerEpoch: settings.stepsPerEpoch,
        sampleEverySteps: settings.sampleEverySteps,
      },
    };
  };

  const clearRunView = (): void => {
    steps.discard();
    s().clearRun();
    s().clearSamples();
    s().clearLosses();
  };

  /** Creates the run from the form unless one exists. */
  const ensureRun = async (): Promise<void> => {
    if (hasRun(s().runPhase)) return;
    const { datasetId, modelKind } = s();
    const spec = specFromForm(datasetId, modelKind); // throws before anything changes
    clearRunView();
    s().setRunPhase('loading');
    try {
      const onProgress = (fraction: number, message: string) =>
        s().setDatasetLoad({ id: datasetId, fraction, message });
      await client.api.loadDataset(datasetId, progressProxy(onProgress));
      s().setDatasetLoad(null);
      s().setRunPhase('creating');
      const status = await client.api.createRun(spec);
      keeper.startRun(newRunId());
      s().setRunSpec(spec);
      s().setCounters(status.step, status.epoch);
      s().setRunPhase(status.state);
    } catch (err) {
      s().setDatasetLoad(null);
      s().setRunPhase('none');
      throw err;
    }
  };

  /** Waits until no training loop runs (asking it to pause if it does). */
  const stopLoop = async (): Promise<void> => {
    const done = trainDone;
    if (done === null) return;
    if (s().runPhase === 'running') {
      s().setRunPhase('pausing');
      await client.api.pause();
    }
    await done;
  };

  /**
   * Makes a weights file the run: the form shows its setup, the charts its history and the
   * timeline `frames` plus a grid drawn now. Throws (leaving the run untouched) for a bad file.
   */
  const adoptWeights = async (
    bytes: ArrayBuffer,
    frames: readonly Frame[],
    runId: string,
    stored = false,
  ): Promise<void> => {
    // The worker receives a copy: `bytes` stays usable as the rollback point.
    const spec = await client.api.importWeights(bytes.slice(0));
    const status = await client.api.status();
    const history = await client.api.lossHistory();
    steps.discard();
    const state = s();
    state.clearRun();
    state.loadSpec(spec);
    state.setRunSpec(spec);
    state.setCounters(status.step, status.epoch);
    state.setRunPhase(status.state);
    state.loadLosses(history);
    state.setFrames(frames.filter((f) => f.step <= status.step));
    keeper.startRun(runId, { step: status.step, epoch: status.epoch, bytes }, stored);
    refreshMemory(true);
    await drawCurrentGrid('imported');
  };

  const restart = async (): Promise<void> => {
    const old = client;
    client = options.createClient();
    old.terminate();
    loop = null;
    trainDone = null;
    steps.discard();
    s().clearRun();
    await connect();
  };

  // Every button action clears the banner first (unless it acts on what the banner says) and
  // puts its own failure there.
  const guarded =
    <A extends unknown[]>(action: (...args: A) => Promise<void>, keepBanner = false) =>
    async (...args: A): Promise<void> => {
      try {
        if (!keepBanner) s().clearError();
        await action(...args);
      } catch (err) {
        // A crash is already in the banner (with what to do) through onCrash.
        if (err instanceof WorkerCrashedError) return;
        const message = messageOf(err);
        // A GPU backend that failed beyond the worker's own rescue: offer to move to wasm.
        const kind = BACKEND_FAILURE.test(message) ? 'backend' : 'generic';
        s().showError({ kind, message });
      }
    };

  const controller: TrainingController = {
    get api() {
      return client.api;
    },

    workerApi() {
      return client.api;
    },

    start: guarded(async () => {
      await connect();
      await keeper.refreshSavedOffer();
    }),

    train: guarded(async () => {
      if (isBusy(s().runPhase)) return;
      if (s().runPhase === 'stopped') {
        await client.api.disposeRun();
        clearRunView();
      }
      await ensureRun();
      s().setRunPhase('running');
      engineErrorShown = false;
      let finish = () => {};
      trainDone = new Promise<void>((resolve) => (finish = resolve));
      const running = client.api.run();
      loop = running;
      try {
        await running;
      } catch (err) {
        if (!engineErrorShown) throw err;
      } finally {
        loop = null;
        await syncStatus().catch(() => {}); // a crashed worker is reported by onCrash
        await drawCurrentGrid('paused').catch(() => {});
        trainDone = null;
        finish();
      }
    }),

    pause: guarded(async () => {
      if (s().runPhase !== 'running') return;
      s().setRunPhase('pausing');
      await client.api.pause();
    }),

    step: guarded(async () => {
      if (isBusy(s().runPhase)) return;
      await ensureRun();
      await client.api.stepOnce();
      await syncStatus();
      await drawCurrentGrid('paused');
    }),

    reset: guarded(async () => {
      if (s().workerPhase === 'crashed') {
        await restart();
        clearRunView();
      } else {
        await client.api.disposeRun();
        clearRunView();
      }
      keeper.endRun();
      await keeper.refreshSavedOffer();
    }),

    // Keeps the banner: typing a lower rate after a divergence must not take the rollback away.
    setLearningRates: guarded(async (rates: LearningRates) => {
      if (!hasRun(s().runPhase)) return;
      await client.api.setLearningRates(rates);
    }, true),

    previewDataset: guarded(previewDataset),

    async exportWeights(options = {}) {
      const { runSpec, step } = s();
      if (runSpec === null) throw new Error('No run to export yet.');
      const includeOptimizer = options.includeOptimizer ?? true;
      const bytes = await client.api.exportWeights({ includeOptimizer });
      return {
        bytes,
        fileName: `${runFileStem(runSpec.datasetId, runSpec.model.kind, step)}.json`,
      };
    },

    async exportLayers() {
      const { runSpec, step } = s();
      if (runSpec === null) throw new Error('No run to export yet.');
      const bytes = await client.api.exportLayersZip();
      const stem = runFileStem(runSpec.datasetId, runSpec.model.kind, step);
      return { fileName: `${stem}-tfjs.zip`, type: 'application/zip', bytes };
    },

    pytorchScript() {
      const { runSpec, step, datasets, datasetId, modelKind } = s();
      const spec = runSpec ?? specFromForm(datasetId, modelKind);
      const info = datasets.find((d) => d.id === spec.datasetId);
      if (info === undefined) throw new Error(`Unknown dataset ${spec.datasetId}.`);
      return pytorchZip(spec.model, info.shape, spec.datasetId, spec.train, step);
    },

    importWeights: guarded(async (bytes: ArrayBuffer) => {
      await stopLoop();
      const before = s().runPhase;
      s().setRunPhase('creating');
      try {
        await adoptWeights(bytes, [], newRunId());
      } catch (err) {
        s().setRunPhase(before); // the worker kept the run: so does the page
        throw err;
      }
    }),

    resumeSaved: guarded(async () => {
      const saved = await keeper.loadSaved();
      if (saved === null) throw new Error('No saved run was found in this browser.');
      await stopLoop();
      s().setRunPhase('creating');
      try {
        // The same run id: its next checkpoints join the saved ones (and its grids).
        await adoptWeights(saved.bytes, saved.frames, saved.meta.runId, true);
        s().restoreQualityReports(saved.quality);
      } catch (err) {
        s().setRunPhase('none');
        throw err;
      }
    }),

    rollback: guarded(async () => {
      const point = await keeper.restorable();
      if (point === null) throw new Error('There is no good epoch to roll back to yet.');
      // Learning rates lowered since (the banner suggests it) apply to the restored run too.
      const { drafts, modelKind } = s();
      await stopLoop();
      await adoptWeights(point.bytes, point.frames, keeper.runId ?? newRunId());
      const restored = s().drafts;
      const rates: Record<string, number> = {};
      for (const key of LIVE_FIELDS) {
        if (drafts[key] === undefined || drafts[key] === restored[key]) continue;
        s().setDraft(key, drafts[key]);
        rates[key] = Number(drafts[key]);
      }
      if (Object.keys(rates).length > 0 && configFromDrafts(modelKind, s().drafts) !== null)
        await client.api.setLearningRates(rates);
    }),

    halveLearningRates: guarded(async () => {
      const { drafts, modelKind, setDraft } = s();
      const rates: Record<string, number> = {};
      for (const key of LIVE_FIELDS) {
        const value = Number(drafts[key]);
        if (drafts[key] !== undefined && Number.isFinite(value)) rates[key] = value / 2;
      }
      for (const [key, value] of Object.entries(rates)) setDraft(key, value.toExponential());
      const config = configFromDrafts(modelKind, s().drafts);
      if (config !== null && hasRun(s().runPhase)) await client.api.setLearningRates(rates);
    }, true),

    restartWorker: guarded(async (resume: boolean, backend?: BackendChoice) => {
      const point = resume ? await keeper.restorable() : null;
      if (backend !== undefined) s().setBackendChoice(backend);
      await restart();
      if (point !== null) await adoptWeights(point.bytes, point.frames, keeper.runId ?? newRunId());
      else {
        clearRunView();
        keeper.endRun();
      }
    }),

    switchBackend: guarded(async (choice: BackendChoice) => {
      if (choice === s().backendChoice && s().workerPhase === 'ready') return;
      let carried: { bytes: ArrayBuffer; frames: readonly Frame[] } | null = null;
      if (hasRun(s().runPhase) && s().workerPhase === 'ready') {
        await stopLoop();
        const bytes = await client.api.exportWeights({ includeOptimizer: true });
        carried = { bytes, frames: s().frames };
      }
      s().setBackendChoice(choice);
      await restart();
      if (carried !== null)
        await adoptWeights(carried.bytes, carried.frames, keeper.runId ?? newRunId());
    }),

    keepWaiting() {
      client.keepWaiting();
      if (s().error?.kind === 'stalled') s().clearError();
    },

    refreshDatasets: guarded(async () => {
      s().setDatasets(await client.api.listDatasets());
    }),
  };
  return controller;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
