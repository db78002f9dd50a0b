// The worker's backend: starting it ('auto' measures, see backend-selection.ts), watching it,
// and moving the run to another backend when it stops working, without losing the run.
//
// Why a switch needs saved state: after a WebGL context loss every read of the GPU's tensors
// hangs (async) or returns zeros (sync), so the weights cannot be exported from the dead backend.
// On GPU backends this service therefore keeps a rescue snapshot (weights with Adam's state): one
// after the first step, one whenever the loop pauses, and one every `rescueIntervalMs` of
// training. On failure it takes, in order of preference: an export from the failing backend
// (when it threw but is not lost), the newest of the rescue snapshot and the worker's epoch-end
// checkpoint, or, with nothing saved, the same run from scratch. The new trainer is built with
// Trainer.fromWeights on the next backend and, if the loop was running, keeps running.

import type { LoadedDataset } from '../datasets/types';
import {
  abortBackend,
  isBackendFailure,
  isBackendLost,
  softwareWebGpuAdapter,
  watchBackendLoss,
} from '../ml/backends/backend-health';
import {
  availableBackends,
  initBackend,
  wasmThreadsInUse,
  type BackendName,
  type InitBackendOptions,
} from '../ml/backends/init-backend';
import { DEFAULT_DCGAN } from '../ml/config';
import { Trainer } from '../ml/engine/trainer';
import type { EngineEvent, EngineListener } from '../ml/engine/types';
import { measureTrainingSpeed, type MeasureSpec } from './backend-measure';
import type { BackendReport, BackendSwitch, ResumeSource } from './backend-report';
import {
  DEFAULT_SELECTION_POLICY,
  fallbackOrder,
  selectBackend,
  type BackendSelection,
  type SelectionPolicy,
} from './backend-selection';
import { Checkpointer } from './checkpoints';
import type { BackendFailure, InitOptions, InitResult } from './protocol';
import { isSoftwareRenderer, probeWebglRenderer, shortRenderer } from './renderer-probe';

/** The model 'auto' measures when the page does not say: the page's default run. */
export const DEFAULT_MEASURE_SPEC: MeasureSpec = {
  model: DEFAULT_DCGAN,
  shape: { height: 28, width: 28, channels: 1 },
};

/** How often a running GPU backend saves a rescue snapshot (besides first step and pauses). */
export const RESCUE_INTERVAL_MS = 30_000;

/** How long a switch waits for saved state that a dead backend may never deliver. */
const SAVED_STATE_WAIT_MS = 3000;

export interface BackendServiceDeps {
  /** Extra options for initBackend (the browser passes where the wasm binaries live). */
  readonly backendOptions?: (backend: BackendName) => InitBackendOptions;
  /** The WebGL renderer's name (default: probe an OffscreenCanvas; null: no WebGL). */
  readonly probeRenderer?: () => string | null;
  readonly policy?: SelectionPolicy;
  readonly rescueIntervalMs?: number;
  readonly now?: () => number;
  /** Replacements for the tfjs-facing operations (tests fake a GPU backend with them). */
  readonly hooks?: Partial<BackendHooks>;
}

/** The operations on real backends this service performs (backend-health.ts, init-backend.ts). */
export interface BackendHooks {
  start(backend: BackendName, options: InitBackendOptions): Promise<void>;
  watchLoss(backend: BackendName, onLost: (reason: string) => void): () => void;
  isLost(backend: BackendName): boolean;
  abort(backend: BackendName): void;
}

const REAL_HOOKS: BackendHooks = {
  start: async (backend, options) => {
    await initBackend(backend, options);
  },
  watchLoss: watchBackendLoss,
  isLost: isBackendLost,
  abort: (backend) => void abortBackend(backend),
};

/** What the service needs from the worker that owns the run. */
export interface TrainerHost {
  current(): Trainer | null;
  dataset(): LoadedDataset | null;
  /** Makes `next` the run (the worker attaches its checkpointer). */
  adopt(next: Trainer): void;
  /** The worker's newest epoch-end checkpoint (may never settle on a dead backend). */
  checkpoint(): Promise<{ readonly step: number; readonly json: string } | null>;
  /** Replaces the worker's checkpointer: the old one may wait forever on the dead backend. */
  resetCheckpoints(): void;
  /** The worker's listener for trainer events (epoch checkpoints, then the page). */
  readonly listener: EngineListener;
  /** Sends an event to the page. */
  emit(event: EngineEvent): void;
}

export interface BackendService {
  init(options: InitOptions): Promise<InitResult>;
  /**
   * The listener to give the next trainer: forwards to `base`, takes rescue snapshots, and lets
   * a switch silence the trainer it leaves behind. One call per trainer.
   */
  listenerFor(base: EngineListener): EngineListener;
  /** Runs (or steps) the current trainer; moves to another backend if this one fails. */
  train(mode: 'run' | 'step'): Promise<void>;
  report(): BackendReport;
  /** Calls `sink` with the report after every switch (one watcher: the page). */
  watch(sink: ((report: BackendReport) => void) | null): void;
}

interface Saved {
  readonly step: number;
  readonly json: string;
  readonly source: ResumeSource;
}

export function createBackendService(deps: BackendServiceDeps, host: TrainerHost): BackendService {
  const now = deps.now ?? (() => performance.now());
  const hooks: BackendHooks = { ...REAL_HOOKS, ...deps.hooks };
  const rescueEvery = deps.rescueIntervalMs ?? RESCUE_INTERVAL_MS;
  let initOptions: InitOptions | null = null;
  let active: BackendName = 'cpu';
  let selection: BackendSelection | null = null;
  const switches: BackendSwitch[] = [];
  const givenUp: BackendName[] = [];
  let watcher: ((report: BackendReport) => void) | null = null;
  let threads: number | null = null;
  // Threads of the wasm backend once it has started (it starts once per worker).
  let wasmThreads: number | null = null;

  // Loss of the active backend: a promise a running loop races against, and its reason.
  let lost: Loss = newLoss();
  let stopWatching: () => void = () => {};
  let switching: Promise<void> | null = null;
  let training = false;

  // Rescue snapshots (GPU backends only), gated like the epoch-end checkpoints.
  let rescue = new Checkpointer({ now });
  let rescued: Saved | null = null;
  let lastRescueAt = -Infinity;
  // The silencer of the newest trainer's listener.
  let muteCurrent: () => void = () => {};

  const onGpu = (): boolean => active === 'webgl' || active === 'webgpu';

  const startBackend = async (backend: BackendName): Promise<void> => {
    await hooks.start(backend, {
      ...deps.backendOptions?.(backend),
      ...(backend === 'wasm'
        ? {
            threads: initOptions?.wasmThreads ?? false,
            ...(initOptions?.wasmThreadCount !== undefined
              ? { threadsCount: initOptions.wasmThreadCount }
              : {}),
          }
        : {}),
    });
    if (backend === 'wasm') wasmThreads = await wasmThreadsInUse().catch(() => null);
  };

  /** Makes `backend` active for training and watches it. */
  const adoptBackend = (backend: BackendName): void => {
    active = backend;
    threads = backend === 'wasm' ? wasmThreads : null;
    stopWatching();
    lost = newLoss();
    const loss = lost;
    stopWatching = hooks.watchLoss(backend, (reason) => {
      loss.fire(reason);
      // Nobody is training: switch now, so the page sees the new backend at once.
      if (!training && switching === null && host.current() !== null) {
        switching = failover(reason, false).finally(() => (switching = null));
        switching.catch(() => {});
      }
    });
  };

  const snapshot = (trainer: Trainer): void => {
    rescue.attach(trainer);
    lastRescueAt = now();
    const taker = rescue;
    taker.takeNow(trainer);
    void taker.newest().then((c) => {
      if (c !== null && taker === rescue)
        rescued = { step: c.step, json: c.json, source: 'snapshot' };
    });
  };

  const report = (): BackendReport => ({
    active,
    requested: initOptions?.backend ?? 'auto',
    selection,
    switches: [...switches],
    threads,
  });

  /** The best saved state of the run, newest first; null if none arrives in time. */
  const savedState = async (old: Trainer, canExport: boolean): Promise<Saved | null> => {
    if (canExport) {
      const json = await within(old.exportWeights({ includeOptimizer: true }), SAVED_STATE_WAIT_MS);
      if (json !== null) return { step: old.step, json, source: 'exported' };
    }
    const checkpoint = await within(host.checkpoint(), SAVED_STATE_WAIT_MS);
    const fromCheckpoint: Saved | null =
      checkpoint === null
        ? null
        : { step: checkpoint.step, json: checkpoint.json, source: 'snapshot' };
    if (rescued !== null && (fromCheckpoint === null || rescued.step >= fromCheckpoint.step)) {
      return rescued;
    }
    return fromCheckpoint;
  };

  /** Moves the run to the next backend that starts; the old trainer is silenced and freed. */
  const failover = async (reason: string, canExport: boolean): Promise<void> => {
    const old = host.current();
    const from = active;
    const dataset = host.dataset();
    if (old === null || dataset === null) return;
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
    for (const candidate of fallbackOrder(from, selection?.ranking ?? null, givenUp)) {
      try {
        await startBackend(candidate);
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
    adoptBackend(to);
    rescue = new Checkpointer({ now });
    rescued = null;
    lastRescueAt = -Infinity;
    host.resetCheckpoints();

    const listener = listenerFor(host.listener);
    const next =
      saved === null
        ? await Trainer.create({ spec: old.spec, dataset, listener })
        : await Trainer.fromWeights({ weightsJson: saved.json, dataset, listener });
    host.adopt(next);
    const change: BackendSwitch = {
      from,
      to,
      reason,
      failedAtStep: old.step,
      resumedAtStep: next.step,
      source: saved?.source ?? 'restarted',
    };
    switches.push(change);
    host.emit({
      type: 'error',
      kind: 'backend',
      step: old.step,
      message: describeSwitch(change),
    });
    watcher?.(report());
  };

  const listenerFor = (base: EngineListener): EngineListener => {
    let muted = false;
    muteCurrent = () => {
      muted = true;
    };
    return (event) => {
      if (muted) return;
      // A GPU failure the switch will handle: its own message replaces the trainer's.
      if (event.type === 'error' && event.kind === 'backend' && onGpu()) return;
      base(event);
      if (!onGpu()) return;
      const trainer = host.current();
      if (trainer === null) return;
      const due =
        (event.type === 'step' && (rescued === null || now() - lastRescueAt >= rescueEvery)) ||
        (event.type === 'state' && event.state === 'paused');
      if (due && !hooks.isLost(active)) snapshot(trainer);
    };
  };

  const train = async (mode: 'run' | 'step'): Promise<void> => {
    training = true;
    try {
      for (;;) {
        if (switching !== null) await switching;
        if (hooks.isLost(active))
          await failover(lost.reasonOr('the backend stopped working'), false);
        const trainer = host.current();
        if (trainer === null) throw new Error('No run yet: create a run or import weights first.');
        const loss = lost;
        const work = mode === 'run' ? trainer.run() : trainer.stepOnce();
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

  const init = async (options: InitOptions): Promise<InitResult> => {
    initOptions = options;
    if (options.backend !== 'auto') {
      // A forced backend that cannot start falls back like a failing one, and says so.
      const failed: BackendFailure[] = [];
      for (const backend of [options.backend, ...fallbackOrder(options.backend, null)]) {
        try {
          await startBackend(backend);
          adoptBackend(backend);
          selection = null;
          return { backend, failed };
        } catch (err) {
          failed.push({ backend, message: messageOf(err) });
        }
      }
      throw new Error(`No tfjs backend could start (${describeFailures(failed)})`);
    }

    const renderer = (deps.probeRenderer ?? probeWebglRenderer)();
    const spec = options.measure ?? DEFAULT_MEASURE_SPEC;
    selection = await selectBackend(
      availableBackends(),
      {
        start: startBackend,
        skipReason: async (backend) => {
          if (backend === 'webgl' && renderer !== null && isSoftwareRenderer(renderer)) {
            return `not measured: WebGL renders in software here (${shortRenderer(renderer)}), far slower than WebAssembly`;
          }
          if (backend === 'webgpu') {
            const software = await softwareWebGpuAdapter();
            if (software !== null) {
              return `not measured: WebGPU runs in software here (${software}), far slower than WebAssembly`;
            }
          }
          return null;
        },
        measure: (backend, deadline) => measureTrainingSpeed(backend, spec, deadline, { now }),
        now,
      },
      deps.policy ?? DEFAULT_SELECTION_POLICY,
    );
    const failed: BackendFailure[] = selection.probes.flatMap((p) =>
      p.status === 'failed' ? [{ backend: p.backend, message: p.reason }] : [],
    );
    // The chosen one may have been started before others: make it the active one again.
    let chosen: BackendName | null = null;
    for (const backend of selection.ranking) {
      try {
        await startBackend(backend);
        chosen = backend;
        break;
      } catch (err) {
        failed.push({ backend, message: messageOf(err) });
      }
    }
    if (chosen === null)
      throw new Error(`No tfjs backend could start (${describeFailures(failed)})`);
    adoptBackend(chosen);
    return { backend: chosen, failed, renderer, autoReason: selection.reason, selection };
  };

  return {
    init,
    listenerFor,
    train,
    report,
    watch(sink) {
      watcher = sink;
    },
  };
}

/** The loss of one backend: a signal a running loop races against, and what happened. */
interface Loss {
  reason: string;
  readonly signal: Promise<void>;
  fire(reason: string): void;
  reasonOr(fallback: string): string;
}

function newLoss(): Loss {
  let resolve: () => void = () => {};
  const loss: Loss = {
    reason: '',
    signal: new Promise<void>((r) => (resolve = r)),
    fire(reason: string) {
      if (loss.reason !== '') return;
      loss.reason = reason;
      resolve();
    },
    reasonOr(fallback: string) {
      return loss.reason !== '' ? loss.reason : fallback;
    },
  };
  return loss;
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

export function describeSwitch(change: BackendSwitch): string {
  const where =
    change.source === 'restarted'
      ? `it restarted from step 0 on ${change.to} (nothing had been saved yet)`
      : change.resumedAtStep === change.failedAtStep
        ? `training continues on ${change.to} from step ${change.resumedAtStep}, nothing lost`
        : `training continues on ${change.to} from step ${change.resumedAtStep}, the last saved state`;
  return `${capitalize(change.reason)}; ${where}.`;
}

function describeFailures(failed: readonly BackendFailure[]): string {
  return failed.map((f) => `${f.backend}: ${f.message}`).join('; ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
