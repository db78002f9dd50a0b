// The run's lifecycle in the current worker: created from the form, trained (Train, Pause, Step),
// followed through the worker's events, and replaced by one from a weights file (import, resume,
// rollback, a restarted worker). Holds what only the run needs between calls: the training loop
// in flight, the queued step events, and whether an engine error already explains a stop.

import type { ErrorEvent as EngineErrorEvent } from '../ml/train/types';
import { progressProxy, type TrainingApi } from '../worker/client';
import type { WorkerEvent } from '../worker/protocol';
import type { CheckpointKeeper } from './checkpoint-keeper';
import { runSpecFromForm } from './drafts';
import { createMemoryPoll } from './memory-poll';
import { hasRun, isBusy } from './run-slice';
import type { AppStore } from './state';
import { sameRunFrames, type RunAt } from './run-notes';
import { createStepStream } from './step-stream';
import type { Frame } from './timeline';

export interface RunLifecycle {
  /** Every event of the worker: steps, grids, epochs, checkpoints, state, errors, metrics. */
  onEvent(event: WorkerEvent): void;
  /** The worker died: the loop and the queued events went with it, and so did the run. */
  onWorkerCrash(): void;
  /** Before the worker is replaced: forgets the loop, the queued events and the run's state. */
  forget(): void;
  /** Creates the run from the form unless one exists, then trains until paused. */
  train(): Promise<void>;
  pause(): Promise<void>;
  /** One training step (creating the run first if there is none). */
  step(): Promise<void>;
  /** Waits until no training loop runs (asking it to pause if it does). */
  stopLoop(): Promise<void>;
  /** Empties the page's view of the run: counters, grids, losses. */
  clearView(): void;
  /**
   * Makes a weights file the run: the form shows its setup, the charts its history and the
   * timeline `frames` plus a grid drawn now. Throws (leaving the run untouched) for a bad file.
   * `frames` 'same-run': the grids of the run it replaces, if the file was exported earlier in
   * that run (run-notes.ts). `stored`: the file is already saved in this browser (a resume).
   * Resolves to the loaded run's setup and step.
   */
  adopt(
    bytes: ArrayBuffer,
    frames: readonly Frame[] | 'same-run',
    runId: string,
    stored?: boolean,
  ): Promise<RunAt>;
  /** An id for a run this page starts. */
  newRunId(): string;
}

export function createRunLifecycle(
  store: AppStore,
  api: () => TrainingApi,
  keeper: CheckpointKeeper,
): RunLifecycle {
  const s = () => store.getState();
  // The run() call in flight: the loop is still going even after a 'paused' event.
  let loop: Promise<void> | null = null;
  // Settles when Train's work is over: the loop has stopped and the page has caught up.
  let trainDone: Promise<void> | null = null;
  // An engine error event already explains why run() rejected: keep it in the banner.
  let engineErrorShown = false;
  let runCounter = 0;

  const refreshMemory = createMemoryPoll(store, api);
  const steps = createStepStream(store, () => refreshMemory());

  const showEngineError = (event: EngineErrorEvent): void => {
    engineErrorShown = true;
    if (event.kind === 'diverged') s().showError({ kind: 'diverged', message: event.message });
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
      case 'backend-switched':
        // The worker has already moved the run to another backend; its message says where to.
        s().setBackendReport(event.report);
        s().showError({ kind: 'switched', message: event.message });
        break;
      case 'checkpoint':
        // Taken at an epoch end or after a minute of training: fetch it and store it.
        void keeper.keep((after) => api().latestCheckpoint(after));
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
    const status = await api().status();
    steps.flush();
    s().setCounters(status.step, status.epoch);
    s().setRunPhase(status.spec === null ? 'none' : status.state);
    refreshMemory(true);
  };

  /** Where the run stopped, drawn from the fixed noise, unless a grid of that step is shown. */
  const drawCurrentGrid = async (reason: Frame['reason']): Promise<void> => {
    const { frames, step, epoch, runPhase } = s();
    if (!hasRun(runPhase) || frames.some((f) => f.step === step)) return;
    const grid = await api().fixedNoiseGrid();
    s().setGrid(grid, step, epoch, reason);
  };

  const clearView = (): void => {
    steps.discard();
    s().clearRun();
    s().clearSamples();
    s().clearLosses();
    s().setRateBefore(null); // a speed before a backend switch belongs to the run it measured
  };

  /** Creates the run from the form unless one exists. */
  const ensureRun = async (): Promise<void> => {
    if (hasRun(s().runPhase)) return;
    const spec = runSpecFromForm(s()); // throws before anything changes
    const { datasetId } = spec;
    clearView();
    s().setRunPhase('loading');
    try {
      const onProgress = (fraction: number, message: string) =>
        s().setDatasetLoad({ id: datasetId, fraction, message });
      await api().loadDataset(datasetId, progressProxy(onProgress));
      s().setDatasetLoad(null);
      s().setRunPhase('creating');
      const status = await api().createRun(spec);
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

  const train = async (): Promise<void> => {
    if (isBusy(s().runPhase)) return;
    if (s().runPhase === 'stopped') {
      await api().disposeRun();
      clearView();
    }
    await ensureRun();
    s().setRunPhase('running');
    engineErrorShown = false;
    let finish = () => {};
    trainDone = new Promise<void>((resolve) => (finish = resolve));
    const running = api().run();
    loop = running;
    try {
      await running;
    } catch (err) {
      if (!engineErrorShown) throw err;
    } finally {
      loop = null;
      await syncStatus().catch(() => {}); // a crashed worker is reported by the worker session
      await drawCurrentGrid('paused').catch(() => {});
      trainDone = null;
      finish();
    }
  };

  const pause = async (): Promise<void> => {
    if (s().runPhase !== 'running') return;
    s().setRunPhase('pausing');
    await api().pause();
  };

  return {
    onEvent,

    onWorkerCrash() {
      loop = null;
      steps.discard();
      s().setRunPhase('none');
    },

    forget() {
      loop = null;
      trainDone = null;
      steps.discard();
      s().clearRun();
    },

    train,
    pause,

    async step() {
      if (isBusy(s().runPhase)) return;
      await ensureRun();
      await api().trainStep();
      await syncStatus();
      await drawCurrentGrid('paused');
    },

    async stopLoop() {
      const done = trainDone;
      if (done === null) return;
      if (s().runPhase === 'running') await pause();
      await done;
    },

    clearView,

    async adopt(bytes, frames, runId, stored = false) {
      // The worker receives a copy: `bytes` stays usable as the rollback point.
      const spec = await api().importWeights(bytes.slice(0));
      const status = await api().status();
      const history = await api().lossHistory();
      steps.discard();
      const state = s();
      const kept =
        frames === 'same-run'
          ? sameRunFrames(
              { spec: state.runSpec, frames: state.frames, log: state.lossLog },
              { spec, step: status.step, history },
            )
          : frames;
      state.clearRun();
      state.loadSpec(spec);
      state.setRunSpec(spec);
      state.setCounters(status.step, status.epoch);
      state.setRunPhase(status.state);
      state.loadLosses(history);
      state.setFrames(kept.filter((f) => f.step <= status.step));
      keeper.startRun(runId, { step: status.step, epoch: status.epoch, bytes }, stored);
      refreshMemory(true);
      await drawCurrentGrid('imported');
      return { spec, step: status.step };
    },

    newRunId,
  };
}
