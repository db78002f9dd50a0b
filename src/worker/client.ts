// The one place the page talks to the training worker. It starts the worker, wraps it with
// Comlink, and watches for a crash (an uncaught error, an unreadable message, or the worker
// ending without a word: closed or killed, seen through a Web Lock it holds while alive): then
// every pending and later call rejects with WorkerCrashedError instead of hanging forever. It
// also notices a worker that is alive but stuck (its heartbeats stop: stall-watch.ts).

import * as Comlink from 'comlink';
import type { LoadProgress } from '../datasets/types';

import { newLifeLockName, watchLifeLock } from './life-lock';
import type { TrainingWorkerApi, WorkerEvent } from './protocol';
import { HEARTBEAT_MS, STALL_LIMIT_MS, StallWatch, type StallReport } from './stall-watch';

export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError';
}

/** The worker API as the page sees it: every method returns a promise. */
export type TrainingApi = {
  [K in keyof TrainingWorkerApi]: (
    ...args: Parameters<TrainingWorkerApi[K]>
  ) => Promise<Awaited<ReturnType<TrainingWorkerApi[K]>>>;
};

export interface TrainingClient {
  readonly api: TrainingApi;
  /** Adds an event listener in the worker; returns a function that removes it. */
  subscribe(listener: (event: WorkerEvent) => void): Promise<() => void>;
  /** Runs once if the worker crashes, with what the browser reported. */
  onCrash(handler: (error: WorkerCrashedError) => void): void;
  /** Runs when the worker falls silent past the limit (a report), and when it speaks again (null). */
  onStall(handler: (report: StallReport | null) => void): void;
  /** After a stall: wait on, twice as long before the next report. */
  keepWaiting(): void;
  /** Ends the worker (and with it all tfjs memory). */
  terminate(): void;
}

export function createTrainingClient(): TrainingClient {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });
  return wrapWorker(worker, {
    lifeLock: newLifeLockName(),
    stall: { limitMs: STALL_LIMIT_MS, tickMs: 1_000 },
  });
}

export interface WrapOptions {
  /**
   * A Web Lock name for the worker to hold while it lives, so that a worker ending without an
   * error event (self.close(), killed) counts as a crash too. Omit where the endpoint is not a
   * real worker (tests over a MessageChannel).
   */
  readonly lifeLock?: string;
  /** Watch for a stuck worker through its heartbeats; omit to not watch. */
  readonly stall?: { readonly limitMs: number; readonly tickMs: number };
}

/** Wraps any worker-like endpoint that exposes TrainingWorkerApi (exported for tests). */
export function wrapWorker(worker: Worker, options: WrapOptions = {}): TrainingClient {
  const remote = Comlink.wrap<TrainingWorkerApi>(worker);
  const crashHandlers: ((error: WorkerCrashedError) => void)[] = [];
  let crash: WorkerCrashedError | null = null;
  let ended = false; // terminated on purpose: its lock going away is no crash
  let stopWatching = () => {};
  let rejectCrashed: (error: WorkerCrashedError) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (rejectCrashed = reject));
  crashed.catch(() => {}); // only observed through the races below

  const stallHandlers: ((report: StallReport | null) => void)[] = [];
  const stall = options.stall === undefined ? null : new StallWatch(options.stall);
  let stallTimer: ReturnType<typeof setInterval> | undefined;
  const reportStall = (report: StallReport | null) => {
    for (const handler of stallHandlers) handler(report);
  };

  const reportCrash = (message: string): void => {
    if (crash !== null) return;
    crash = new WorkerCrashedError(`The training worker stopped: ${message}`);
    rejectCrashed(crash);
    stopWatching();
    clearInterval(stallTimer);
    for (const handler of crashHandlers) handler(crash);
    worker.terminate();
  };
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault(); // reported through onCrash, not as an uncaught page error
    // Errors relayed from a nested worker (wasm threads) arrive as "Uncaught [object ErrorEvent]".
    const relayed = !event.message || event.message.includes('[object ErrorEvent]');
    reportCrash(
      relayed ? 'it or one of its helper threads threw an uncaught error' : event.message,
    );
  });
  worker.addEventListener('messageerror', () => reportCrash('a message could not be decoded'));

  // Every call races the crash, so a dead worker never leaves a promise pending.
  const api = new Proxy({} as TrainingApi, {
    get(_target, name) {
      // Not a thenable: `await`ing the api object must not call the worker.
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (...args: unknown[]) => {
        if (crash !== null) return Promise.reject(crash);
        const method = remote[name as keyof TrainingWorkerApi] as unknown as (
          ...a: unknown[]
        ) => Promise<unknown>;
        return Promise.race([method(...args), crashed]);
      };
    },
  });

  const lockName = options.lifeLock;
  if (lockName !== undefined) {
    api
      .holdLifeLock(lockName)
      .then((held) => {
        if (!held || ended || crash !== null) return;
        stopWatching = watchLifeLock(lockName, () =>
          reportCrash('it ended without reporting an error (closed, or stopped by the browser)'),
        );
      })
      .catch(() => {}); // a crash before the answer is reported by itself
  }

  if (stall !== null) {
    const onBeat = Comlink.proxy(() => {
      if (stall.beat()) reportStall(null);
    });
    api.heartbeat(onBeat, HEARTBEAT_MS).catch(() => {}); // a crash is reported by itself
    stallTimer = setInterval(() => {
      const report = stall.tick();
      if (report !== null) reportStall(report);
    }, stall.tickMs);
  }

  return {
    api,
    async subscribe(listener) {
      const id = await api.subscribe(Comlink.proxy(listener));
      return () => void api.unsubscribe(id).catch(() => {});
    },
    onCrash(handler) {
      if (crash !== null) handler(crash);
      else crashHandlers.push(handler);
    },
    onStall(handler) {
      stallHandlers.push(handler);
    },
    keepWaiting() {
      stall?.keepWaiting();
    },
    terminate() {
      ended = true;
      stopWatching();
      clearInterval(stallTimer);
      worker.terminate();
    },
  };
}

/** Wraps any callback so the worker can call it across the boundary. */
export function callbackProxy<A extends unknown[]>(
  callback: (...args: A) => void,
): (...args: A) => void {
  return Comlink.proxy(callback);
}

/** Wraps a progress callback so the worker can call it across the boundary. */
export function progressProxy(onProgress: LoadProgress): LoadProgress {
  return Comlink.proxy(onProgress);
}
