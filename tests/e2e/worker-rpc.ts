// Calls the page's training worker directly, as a developer could from the browser console:
// the page's Worker objects are recorded as they are created (an init script wraps the Worker
// constructor), and a call is one Comlink message (the worker speaks Comlink 4's wire format).
// For what the page's own controls cannot do, such as a learning rate beyond the form's range.

import type { Page } from 'playwright-core';
import type { OpenedPage } from './harness';

/** Records every Worker the page creates; reloads the page so the recording starts with it. */
export async function recordWorkers(opened: OpenedPage): Promise<void> {
  await opened.context.addInitScript(() => {
    const w = window as unknown as {
      __workers: { url: string; worker: Worker }[];
      Worker: typeof Worker;
    };
    const Native = w.Worker;
    w.__workers = [];
    w.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        w.__workers.push({ url: String(url), worker: this });
      }
    };
  });
  await opened.page.reload();
}

/** Calls `method(...args)` on the newest training worker; rejects with the worker's error. */
export async function callTrainingWorker(
  page: Page,
  method: string,
  ...args: unknown[]
): Promise<unknown> {
  return page.evaluate(
    ({ method, args }) => {
      const w = window as unknown as { __workers?: { url: string; worker: Worker }[] };
      const entry = (w.__workers ?? []).filter((e) => e.url.includes('training.worker')).pop();
      if (entry === undefined) throw new Error('no training worker recorded: call recordWorkers');
      const worker = entry.worker;
      const id = `test-call-${performance.now()}`;
      return new Promise((resolve, reject) => {
        const onMessage = (event: MessageEvent) => {
          const data = event.data as {
            id?: string;
            type: string;
            name?: string;
            value: unknown;
          } | null;
          if (data?.id !== id) return; // the page's own Comlink traffic
          worker.removeEventListener('message', onMessage);
          if (data.type === 'HANDLER' && data.name === 'throw') {
            const thrown = data.value as { isError: boolean; value: { message?: string } };
            reject(new Error(thrown.isError ? thrown.value.message : String(thrown.value)));
          } else resolve(data.value);
        };
        worker.addEventListener('message', onMessage);
        worker.postMessage({
          id,
          type: 'APPLY',
          path: [method],
          argumentList: args.map((value) => ({ type: 'RAW', value })),
        });
      });
    },
    { method, args },
  );
}
