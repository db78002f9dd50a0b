// Moving a run to another backend mid-run when its own stops working, without losing the run.
// The failover owns train(): it races each run or step against the loss of the backend.
//
// Why a switch needs saved state: after a WebGL context loss every read of the GPU's tensors
// hangs (async) or returns zeros (sync), so the weights cannot be exported from the dead backend.
// On GPU backends the failover therefore keeps rescue snapshots (rescue-snapshots.ts). On failure
// it takes, in order of preference: an export from the failing backend (when it threw but is not
// lost), the newest of the rescue snapshot and the worker's newest checkpoint, or, with nothing
// saved, the same run from scratch. The new trainer is built from that state on the next backend
// and, if the loop was running, keeps running.

import { messageOf } from '../lib/error-message';
import {
  abortBackend,
  isBackendFailure,
  isBackendLost,
  watchBackendLoss,
} from '../ml/backends/backend-health';
import type { BackendName } from '../ml/backends/init-backend';
import { trainerFromWeights } from '../ml/train/resume';
import { Trainer } from '../ml/train/trainer';
import type { EngineListener } from '../ml/train/types';
import { parseWeightsFile } from '../ml/weights/parse';
import {
  capitalize,
  describeSwitch,
  type BackendReport,
  type BackendSwitch,
  type ResumeSource,
} from './backend-report';
import { newLoss, type Loss } from './backend-loss';
import { fallbackOrder } from './backend-selection';
import type { BackendStartup } from './backend-startup';
import type { WorkerEvent } from './protocol';
import { RescueSnapshots } from './rescue-snapshots';

/** How often a running GPU backend saves a rescue snapshot (besides first step and pauses). */
export const RESCUE_INTERVAL_MS = 30_000;

/** How long a switch waits for saved state that a dead backend may never deliver. */
const SAVED_STATE_WAIT_MS = 3000;

/** The operations on a live backend the failover performs (backend-health.ts). */
export interface FailoverHooks {
  watchLoss(backend: BackendName, onLost: (reason: string) => void): () => void;
  isLost(backend: BackendName): boolean;
  abort(backend: BackendName): void;
}

const REAL_HOOKS: FailoverHooks = {
  watchLoss: watchBackendLoss,
  isLost: isBackendLost,
  abort: (backend) => void abortBackend(backend),
};

/** The worker's run as the failover sees it. */
export interface FailoverRun {
  /** The run's trainer; null before there is a run. */
  current(): Trainer | null;
  /** Makes `next` the run, with checkpoints of its own (the old ones may never settle). */
  replace(next: Trainer): void;
  /** The run's newest checkpoint (may never settle on a dead backend). */
  newestCheckpoint(): Promise<{ readonly step: number; readonly json: string } | null>;
}

export interface BackendFailoverDeps {
  /** Starts the backends a switch tries, with the options init was given. */
  readonly startup: BackendStartup;
  /** The worker's listener for trainer events; a switch's notice goes out through it too. */
  readonly listener: (event: WorkerEvent) => void;
  readonly rescueIntervalMs?: number;
  readonly now?: () => number;
  /** Replacements for the tfjs-facing operations (tests fake a GPU backend with them). */
  readonly hooks?: Partial<FailoverHooks>;
}

export interface BackendFailover {
  /** Makes `backend` (started) the one training runs on, and watches it for loss. */
  follow(backend: BackendName): void;
  /**
   * The listener to give the next trainer: forwards to the worker's, takes rescue snapshots,
   * and lets a switch silence the trainer it leaves behind. One call per trainer.
   */
  listener(): EngineListener;
  /** Runs (or steps) the current trainer; moves to another backend if this one fails. */
  train(mode: 'run' | 'step'): Promise<void>;
  report(): BackendReport;
}

interface Saved {
  readonly step: number;
  readonly json: string;
  readonly source: ResumeSource;
}

export function createBackendFailover(
  deps: BackendFailoverDeps,
  run: FailoverRun,
): BackendFailover {
  const { startup } = deps;
  const now = deps.now ?? (() => performance.now());
  const hooks: FailoverHooks = { ...REAL_HOOKS, ...deps.hooks };
  const rescueEvery = deps.rescueIntervalMs ?? RESCUE_INTERVAL_MS;
  let active: BackendName = 'cpu';
  const switches: BackendSwitch[] = [];
  const givenUp: BackendName[] = [];

  // Loss of the active backend: a promise a running loop races against, and its reason.
  let lost: Loss = newLoss();
  let stopWatching: () => void = () => {};
  let switching: Promise<void> | null = null;
  let training = false;

  // Rescue snapshots (GPU backends only), forgotten at every switch.
  const rescue = new RescueSnapshots(rescueEvery, now);
  // The silencer of the newest trainer's listener.
  let muteCurrent: () => void = () => {};

  const onGpu = (): boolean => active === 'webgl' || active === 'webgpu';

  const follow = (backend: BackendName): void => {
    active = backend;
    stopWatching();
    lost = newLoss();
    const loss = lost;
    stopWatching = hooks.watchLoss(backend, (reason) => {
      loss.fire(reason);
      // Nobody is training: switch now, so the page sees the new backend at once.
      if (!training && switching === null && run.current() !== null) {
        switching = failover(reason, false).finally(() => (switching = null));
        switching.catch(() => {});
      }
    });
  };

  const report = (): BackendReport => ({
    active,
    requested: startup.requested,
    selection: startup.selection,
    switches: [...switches],
    threads: active === 'wasm' ? startup.wasmThreads : null,
  });

  /** The best saved state of the run, newest first; null if none arrives in time. */
  const savedState = async (old: Trainer, canExport: boolean): Promise<Saved | null> => {
    if (canExport) {
      const json = await within(old.exportWeights({ includeOptimizer: true }), SAVED_STATE_WAIT_MS);
      if (json !== null) return { step: old.step, json, source: 'exported' };
    }
    const checkpoint = await within(run.newestCheckpoint(), SAVED_STATE_WAIT_MS);
    const fromCheckpoint: Saved | null =
      checkpoint === null
        ? null
        : { step: checkpoint.step, json: checkpoint.json, source: 'snapshot' };
    const rescued = rescue.newest;
    if (rescued !== null && (fromCheckpoint === null || rescued.step >= fromCheckpoint.step)) {
      return { step: rescued.step, json: rescued.json, source: 'snapshot' };
    }
    return fromCheckpoint;
  };

  /** Moves the run to the next backend that starts; the old trainer is silenced and freed. */
  const failover = async (reason: string, canExport: boolean): Promise<void> => {
    const old = run.current();
    if (old === null) return;
    const { dataset } = old;
    const from = active;
    muteCurrent(); // the old trainer may still report a stop, an error, or nothing ever again
    old.stop();
    const saved = await savedState(old, canExport);
    givenUp.push(from);
    stopWatching();
    try {
      old.dispose();
    } catch {
      // Its tensors lived on the dead backend; freeing them there may fail.
    }
    hooks.abort(from);

    const tried: string[] = [];
    let to: BackendName | null = null;
    for (const candidate of fallbackOrder(from, startup.selection?.ranking ?? null, givenUp)) {
      try {
        await startup.start(candidate);
        to = candidate;
        break;
      } catch (err) {
        tried.push(`${candidate}: ${messageOf(err)}`);
      }
    }
    if (to === null) {
      throw new Error(
        `${capitalize(reason)} and no other backend could start (${tried.join('; ')})`,
      );
    }
    follow(to);
    rescue.reset();

    const next =
      saved === null
        ? new Trainer({ spec: old.spec, dataset, listener: listener() })
        : await trainerFromWeights({
            weights: parseWeightsFile(saved.json),
            dataset,
            listener: listener(),
          });
    run.replace(next);
    const change: BackendSwitch = {
      from,
      to,
      reason,
      failedAtStep: old.step,
      resumedAtStep: next.step,
      source: saved?.source ?? 'restarted',
    };
    switches.push(change);
    deps.listener({
      type: 'backend-switched',
      step: old.step,
      message: describeSwitch(change),
      report: report(),
    });
  };

  const listener = (): EngineListener => {
    let muted = false;
    muteCurrent = () => {
      muted = true;
    };
    return (event) => {
      if (muted) return;
      // A GPU failure the switch will handle: its own message replaces the trainer's.
      if (event.type === 'error' && event.kind === 'backend' && onGpu()) return;
      deps.listener(event);
      if (!onGpu()) return;
      const trainer = run.current();
      if (trainer !== null && !hooks.isLost(active)) rescue.onEvent(trainer, event);
    };
  };

  const train = async (mode: 'run' | 'step'): Promise<void> => {
    training = true;
    try {
      for (;;) {
        if (switching !== null) await switching;
        if (hooks.isLost(active))
          await failover(lost.reasonOr('the backend stopped working'), false);
        const trainer = run.current();
        if (trainer === null) throw new Error('No run yet: create a run or import weights first.');
        const loss = lost;
        const work = mode === 'run' ? trainer.run() : trainer.trainStep();
        let failure: { reason: string; canExport: boolean } | null = null;
        try {
          const outcome = await Promise.race([work.then(() => 'done' as const), loss.signal]);
          if (outcome === 'done') return;
          work.catch(() => {}); // abandoned: it may never settle
          failure = { reason: loss.reasonOr('the backend stopped working'), canExport: false };
        } catch (err) {
          // Only a GPU backend's failure is ours to handle; the rest is the run's own error.
          const gpuFailure = onGpu() && (hooks.isLost(active) || isBackendFailure(err));
          if (!gpuFailure) throw err;
          failure = {
            reason: `${active} failed: ${messageOf(err)}`,
            canExport: !hooks.isLost(active),
          };
        }
        // Then the same request again, on the new backend.
        await failover(failure.reason, failure.canExport);
      }
    } finally {
      training = false;
    }
  };

  return {
    follow,
    listener,
    train,
    report,
  };
}

/** The work's value, or null if it fails or takes longer than `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([work.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
