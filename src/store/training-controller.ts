// The page's actions: what each button does, in terms of the worker session (worker-session.ts),
// the run's lifecycle (run-lifecycle.ts), its downloads (run-exports.ts) and the checkpoint
// keeper. Components call these; each action puts its own failure in the banner
// (action-guard.ts). Panels that need more of the worker ask `workerApi()`, which follows the
// worker across restarts.

import type { LearningRates } from '../ml/train/types';
import { progressProxy, type TrainingApi, type TrainingClient } from '../worker/client';
import type { BackendChoice } from '../worker/protocol';
import { createGuard } from './action-guard';
import { createCheckpointKeeper } from './checkpoint-keeper';
import { configFromDrafts } from './drafts';
import { halvedRates, ratesOf, retypedRates, type RateDrafts } from './learning-rates';
import { createRunExports, type RunExports } from './run-exports';
import { createRunLifecycle } from './run-lifecycle';
import { importSentence, replaceQuestion, type RunAt } from './run-notes';
import type { RunStorage } from './run-storage';
import { createSavedRuns } from './saved-runs';
import { hasRun } from './run-slice';
import type { AppStore } from './state';
import type { Frame } from './timeline';
import { createUnsavedRun } from './unsaved-run';
import { createWorkerSession } from './worker-session';

/** Also the run's downloads (run-exports.ts). */
export interface TrainingController extends RunExports {
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
   * Replaces the run with one from a weights file (`fileName` names it in the note that says what
   * was loaded); a bad file leaves the run as it was. A run with progress not yet saved or
   * exported is saved in this browser, under its own id, before it is replaced.
   */
  importWeights(bytes: ArrayBuffer, fileName?: string): Promise<void>;
  /** The question to ask before an import replaces the run, or null when nothing would be lost. */
  replaceQuestion(): string | null;
  /** Continues a run saved in this browser: `runId`'s, else the newest no other tab trains. */
  resumeSaved(runId?: string): Promise<void>;
  /** A stored run's newest checkpoint as a weights JSON download (saved-runs.ts). */
  exportSavedRun(runId: string): Promise<{ bytes: ArrayBuffer; fileName: string }>;
  /** Deletes a stored run that no tab is training. */
  deleteSavedRun(runId: string): Promise<void>;
  /** Brings back the newest epoch-end checkpoint (after a divergence). */
  rollback(): Promise<void>;
  /** Halves the form's learning rates and applies them to the run. */
  halveLearningRates(): Promise<void>;
  /**
   * A fresh worker (on `backend`, if given); `resume` continues from the newest checkpoint, which
   * also works when the old worker can no longer export anything (crash, lost WebGL context).
   */
  restartWorker(resume: boolean, backend?: BackendChoice): Promise<void>;
  /**
   * Restarts the worker on another backend, carrying the run over (Adam state included); a run
   * that was training goes on training there.
   */
  switchBackend(choice: BackendChoice): Promise<void>;
  /** After a stall warning: leave the worker be, and ask again only after twice the silence. */
  keepWaiting(): void;
  /** Asks the worker for the dataset list again (custom sets come and go). */
  refreshDatasets(): Promise<void>;
  /**
   * The current worker's API, for panels that ask the worker directly (latent, custom datasets,
   * quality). It changes when the worker restarts: ask again each time, do not keep it.
   */
  workerApi(): TrainingApi;
}

export interface ControllerOptions {
  readonly store: AppStore;
  readonly createClient: () => TrainingClient;
  /** Absolute URL of the bundled data folder. */
  readonly dataBaseUrl: string;
  readonly storage: RunStorage;
}

/** The preview grid in the dataset picker: 2 rows of 8. */
const PREVIEW_COUNT = 16;

export function createTrainingController(options: ControllerOptions): TrainingController {
  const { store } = options;
  const s = () => store.getState();
  const savedRuns = createSavedRuns(store, options.storage, () => keeper.runId);
  const keeper = createCheckpointKeeper(store, options.storage, () => void savedRuns.changed());
  const session = createWorkerSession({
    store,
    createClient: options.createClient,
    dataBaseUrl: options.dataBaseUrl,
    onEvent: (event) => run.onEvent(event),
    onCrash: () => run.onWorkerCrash(),
  });
  const api = session.api;
  const run = createRunLifecycle(store, api, keeper);
  const guarded = createGuard(store);
  const exports = createRunExports(store, api);
  let previewToken = 0;
  const unsaved = createUnsavedRun(store, api, keeper);

  /** A fresh worker; the old one's run is gone from the page. */
  const restart = async (): Promise<void> => {
    run.forget();
    await session.restart();
  };

  /** Puts rates in the form and, if the form is valid and a run exists, in the run. */
  const applyRates = async (texts: RateDrafts): Promise<void> => {
    for (const [key, text] of Object.entries(texts)) s().setDraft(key, text);
    const { modelKind, drafts, runPhase } = s();
    if (configFromDrafts(modelKind, drafts) !== null && hasRun(runPhase))
      await api().setLearningRates(ratesOf(texts));
  };

  /** Makes a checkpoint the run again, under the current run's id (its grids and saves go on). */
  const restore = (point: { bytes: ArrayBuffer; frames: readonly Frame[] }) =>
    run.adopt(point.bytes, point.frames, keeper.runId ?? run.newRunId());

  const train = guarded(run.train);

  return {
    ...exports,
    workerApi: api,

    async exportWeights(options) {
      const step = s().step;
      const file = await exports.exportWeights(options);
      unsaved.exportedAt(step);
      return file;
    },

    start: guarded(async () => {
      await session.connect();
      await keeper.refreshSavedOffer();
      savedRuns.watch();
    }),

    train,
    pause: guarded(run.pause),
    step: guarded(run.step),

    reset: guarded(async () => {
      if (s().workerPhase === 'crashed') await restart();
      else await api().disposeRun();
      run.clearView();
      keeper.endRun();
      await keeper.refreshSavedOffer();
      await savedRuns.changed();
    }),

    // Keeps the banner: typing a lower rate after a divergence must not take the rollback away.
    setLearningRates: guarded(async (rates: LearningRates) => {
      if (!hasRun(s().runPhase)) return;
      await api().setLearningRates(rates);
    }, true),

    previewDataset: guarded(async (id: string) => {
      if (s().workerPhase !== 'ready') return;
      const token = ++previewToken;
      s().setDatasetLoad({ id, fraction: 0, message: 'Loading' });
      try {
        const onProgress = (fraction: number, message: string) => {
          if (token === previewToken) s().setDatasetLoad({ id, fraction, message });
        };
        const preview = await api().previewDataset(id, PREVIEW_COUNT, progressProxy(onProgress));
        s().setPreview(id, preview.grid);
      } finally {
        if (token === previewToken) s().setDatasetLoad(null);
      }
    }),

    importWeights: guarded(async (bytes: ArrayBuffer, fileName = 'the file') => {
      const wasTraining = s().runPhase === 'running';
      await run.stopLoop();
      const replaced = unsaved.currentRun();
      const kept = unsaved.hasProgress() ? await unsaved.save() : null;
      const before = s().runPhase;
      s().setRunPhase('creating');
      let loaded: RunAt;
      try {
        loaded = await run.adopt(bytes, 'same-run', run.newRunId());
      } catch (err) {
        s().setRunPhase(before); // the worker kept the run: so does the page
        if (wasTraining) void train();
        throw err;
      }
      const was = replaced === null ? null : { run: replaced, kept };
      s().setNotice(importSentence(loaded, fileName, was, s().datasets));
    }),

    replaceQuestion() {
      const current = unsaved.currentRun();
      return current !== null && unsaved.hasProgress()
        ? replaceQuestion(current, s().datasets)
        : null;
    },

    resumeSaved: guarded(async (runId?: string) => {
      const saved = await keeper.loadSaved(runId);
      if (saved === null) throw new Error('No saved run was found in this browser.');
      await run.stopLoop();
      s().setRunPhase('creating');
      try {
        // The same run id: its next checkpoints join the saved ones (and its grids).
        await run.adopt(saved.bytes, saved.frames, saved.meta.runId, true);
        s().restoreQualityReports(saved.quality);
      } catch (err) {
        s().setRunPhase('none');
        throw err;
      }
      await savedRuns.changed();
    }),

    exportSavedRun: (runId: string) => savedRuns.exportRun(runId),

    deleteSavedRun: guarded(async (runId: string) => {
      await savedRuns.deleteRun(runId);
      await keeper.refreshSavedOffer();
    }),

    rollback: guarded(async () => {
      const point = await keeper.restorable();
      if (point === null) throw new Error('There is no good epoch to roll back to yet.');
      // Learning rates lowered since (the banner suggests it) apply to the restored run too.
      const typed = s().drafts;
      await run.stopLoop();
      await restore(point);
      const retyped = retypedRates(typed, s().drafts);
      if (Object.keys(retyped).length > 0) await applyRates(retyped);
    }),

    halveLearningRates: guarded(() => applyRates(halvedRates(s().drafts)), true),

    restartWorker: guarded(async (resume: boolean, backend?: BackendChoice) => {
      const point = resume ? await keeper.restorable() : null;
      if (backend !== undefined) s().setBackendChoice(backend);
      await restart();
      if (point !== null) await restore(point);
      else {
        run.clearView();
        keeper.endRun();
      }
    }),

    switchBackend: guarded(async (choice: BackendChoice) => {
      if (choice === s().backendChoice && s().workerPhase === 'ready') return;
      const { runPhase, backend, imagesPerSec } = s();
      const wasTraining = runPhase === 'running';
      let carried: { bytes: ArrayBuffer; frames: readonly Frame[] } | null = null;
      s().setSwitchingTo(choice);
      // The speed it had, for the header to compare with the new backend's.
      const before = wasTraining && backend !== null && imagesPerSec !== null;
      s().setRateBefore(before ? { backend, imagesPerSec } : null);
      try {
        if (hasRun(s().runPhase) && s().workerPhase === 'ready') {
          await run.stopLoop();
          const stopped = s().runPhase;
          // 'creating' keeps Train and Step disabled until the run is back on the new worker.
          s().setRunPhase('creating');
          const bytes = await api()
            .exportWeights({ includeOptimizer: true })
            .catch((err: unknown) => {
              s().setRunPhase(stopped); // still on the old worker, as it was
              throw err;
            });
          carried = { bytes, frames: s().frames };
        }
        s().setBackendChoice(choice);
        await restart();
        if (carried !== null) {
          s().setRunPhase('creating');
          await restore(carried);
        }
      } finally {
        s().setSwitchingTo(null);
      }
      if (wasTraining && carried !== null) void train();
    }),

    keepWaiting: () => session.keepWaiting(),

    refreshDatasets: guarded(async () => {
      s().setDatasets(await api().listDatasets());
    }),
  };
}
