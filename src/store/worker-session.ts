// The page's training worker: the one module that holds its client. It starts the worker (backend,
// event subscription, dataset list, backend report), tells the store when it crashes or falls
// silent, and replaces it with a fresh one on restart. Everything the page asks of the worker
// goes through `api()`, which always answers for the current worker.

import type { TrainingApi, TrainingClient } from '../worker/client';
import type { WorkerEvent } from '../worker/protocol';
import type { AppStore } from './state';

export interface WorkerSession {
  /** The current worker's API (it changes when the worker restarts: do not keep it). */
  api(): TrainingApi;
  /** Starts the current worker on the store's backend choice and subscribes to its events. */
  connect(): Promise<void>;
  /** Ends the worker and connects a fresh one. */
  restart(): Promise<void>;
  /** After a stall warning: leave the worker be, and ask again only after twice the silence. */
  keepWaiting(): void;
}

export interface WorkerSessionOptions {
  readonly store: AppStore;
  readonly createClient: () => TrainingClient;
  /** Absolute URL of the bundled data folder. */
  readonly dataBaseUrl: string;
  /** Every event of the current worker. */
  readonly onEvent: (event: WorkerEvent) => void;
  /** The current worker died, and its run with it; the session then reports the crash. */
  readonly onCrash: () => void;
}

const STALL_ADVICE =
  'it may be stuck in an endless computation or a hung graphics driver. Restart it to go on ' +
  'from the last saved epoch, or keep waiting.';

export function createWorkerSession(options: WorkerSessionOptions): WorkerSession {
  const { store, dataBaseUrl } = options;
  const s = () => store.getState();
  let client = options.createClient();

  const connect = async (): Promise<void> => {
    s().setWorkerPhase('starting');
    const own = client;
    // A worker replaced on purpose may still report: only the current one counts.
    own.onCrash((err) => {
      if (own !== client) return;
      s().setWorkerPhase('crashed');
      options.onCrash();
      s().showError({ kind: 'crashed', message: err.message });
    });
    own.onStall((report) => {
      if (own !== client) return;
      if (report !== null) {
        const seconds = Math.round(report.silentMs / 1000);
        s().showError({
          kind: 'stalled',
          message: `No word from the training worker for ${seconds} s: ${STALL_ADVICE}`,
        });
      } else if (s().error?.kind === 'stalled') s().clearError(); // it came back by itself
    });
    const { backendChoice, wasmThreads, options: page } = s();
    const init = await client.api.init({
      backend: backendChoice,
      wasmThreads,
      ...(page.wasmThreadCount !== null ? { wasmThreadCount: page.wasmThreadCount } : {}),
      ...(page.checkpointEverySeconds !== null
        ? { checkpointEveryMs: page.checkpointEverySeconds * 1000 }
        : {}),
      dataBaseUrl,
    });
    await client.subscribe(options.onEvent);
    const datasets = await client.api.listDatasets();
    s().setWorkerReady(init.backend, datasets, init);
    // A backend that fails mid-run hands the run to another: its 'backend-switched' event
    // carries the new report (run-lifecycle.ts).
    s().setBackendReport(await client.api.backendReport());
  };

  return {
    api: () => client.api,
    connect,
    async restart() {
      const old = client;
      client = options.createClient();
      old.terminate();
      await connect();
    },
    keepWaiting() {
      client.keepWaiting();
      if (s().error?.kind === 'stalled') s().clearError();
    },
  };
}
