// Starting the worker's tfjs backend once, at init: a forced backend (falling back in order when
// it cannot start, and saying so) or 'auto', which times a few training steps on each backend
// worth trying (backend-selection.ts) and keeps the fastest. A run that later loses its backend
// moves to another through the same `start` (backend-failover.ts).

import { softwareWebGpuAdapter } from '../ml/backends/backend-health';
import {
  availableBackends,
  initBackend,
  wasmThreadsInUse,
  type BackendName,
  type InitBackendOptions,
} from '../ml/backends/init-backend';
import { DEFAULT_DCGAN } from '../ml/config';
import { messageOf } from '../lib/error-message';
import { measureTrainingSpeed, type MeasureSpec } from './backend-measure';
import {
  DEFAULT_SELECTION_POLICY,
  fallbackOrder,
  selectBackend,
  type BackendSelection,
  type SelectionPolicy,
} from './backend-selection';
import type { BackendChoice, BackendFailure, InitOptions, InitResult } from './protocol';
import { isSoftwareRenderer, probeWebglRenderer, shortRenderer } from './renderer-probe';

/** The model 'auto' measures when the page does not say: the page's default run. */
export const DEFAULT_MEASURE_SPEC: MeasureSpec = {
  model: DEFAULT_DCGAN,
  shape: { height: 28, width: 28, channels: 1 },
};

export interface BackendStartupDeps {
  /** Extra options for initBackend (the browser passes where the wasm binaries live). */
  readonly backendOptions?: (backend: BackendName) => InitBackendOptions;
  /** The WebGL renderer's name (default: probe an OffscreenCanvas; null: no WebGL). */
  readonly probeRenderer?: () => string | null;
  readonly policy?: SelectionPolicy;
  readonly now?: () => number;
  /** Starts a backend (default: initBackend; tests start a stand-in GPU backend with it). */
  readonly startBackend?: (backend: BackendName, options: InitBackendOptions) => Promise<void>;
}

export interface BackendStartup {
  /** Starts the backend `options` ask for; returns the one training will run on. */
  init(options: InitOptions): Promise<InitResult>;
  /** Starts `backend` with the options init was given (wasm threads). */
  start(backend: BackendName): Promise<void>;
  /** What init was asked for ('auto' before init). */
  readonly requested: BackendChoice;
  /** What 'auto' measured; null when a backend was forced. */
  readonly selection: BackendSelection | null;
  /** Threads of the wasm backend once it has started (it starts once per worker), else null. */
  readonly wasmThreads: number | null;
}

export function createBackendStartup(deps: BackendStartupDeps): BackendStartup {
  const now = deps.now ?? (() => performance.now());
  const startBackend =
    deps.startBackend ??
    (async (backend: BackendName, options: InitBackendOptions) => {
      await initBackend(backend, options);
    });
  let initOptions: InitOptions | null = null;
  let selection: BackendSelection | null = null;
  let wasmThreads: number | null = null;

  const start = async (backend: BackendName): Promise<void> => {
    await startBackend(backend, {
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

  /** The first of `order` that starts; each failure is added to `failed`. */
  const firstToStart = async (
    order: readonly BackendName[],
    failed: BackendFailure[],
  ): Promise<BackendName> => {
    for (const backend of order) {
      try {
        await start(backend);
        return backend;
      } catch (err) {
        failed.push({ backend, message: messageOf(err) });
      }
    }
    throw new Error(`No tfjs backend could start (${describeFailures(failed)})`);
  };

  const init = async (options: InitOptions): Promise<InitResult> => {
    initOptions = options;
    if (options.backend !== 'auto') {
      // A forced backend that cannot start falls back like a failing one, and says so.
      selection = null;
      const failed: BackendFailure[] = [];
      const order = [options.backend, ...fallbackOrder(options.backend, null)];
      return { backend: await firstToStart(order, failed), failed };
    }

    const renderer = (deps.probeRenderer ?? probeWebglRenderer)();
    const spec = options.measure ?? DEFAULT_MEASURE_SPEC;
    selection = await selectBackend(
      availableBackends(),
      {
        start,
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
    const chosen = await firstToStart(selection.ranking, failed);
    return { backend: chosen, failed, renderer, autoReason: selection.reason, selection };
  };

  return {
    init,
    start,
    get requested() {
      return initOptions?.backend ?? 'auto';
    },
    get selection() {
      return selection;
    },
    get wasmThreads() {
      return wasmThreads;
    },
  };
}

function describeFailures(failed: readonly BackendFailure[]): string {
  return failed.map((f) => `${f.backend}: ${f.message}`).join('; ');
}
