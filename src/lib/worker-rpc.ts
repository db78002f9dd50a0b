// Calls a page's Web Worker's Comlink API from Node (playwright-core), as a developer could from
// the browser console with the worker's context selected: the call is a Comlink message (Comlink
// 4's wire format) dispatched to the worker's own global scope, and the worker's reply, which
// would go to the page, is caught on its way out. The browser tests use it for what the page's
// controls cannot do (a learning rate beyond the form's range), the learning benchmark to draw
// samples from the page's run. Node only, like chromium.ts.

import type { Worker } from 'playwright-core';

let calls = 0;

/** Calls `method(...args)` on the worker's exposed API; rejects with the worker's error. */
export async function callWorker(
  worker: Worker,
  method: string,
  ...args: unknown[]
): Promise<unknown> {
  const id = `node-call-${++calls}`;
  return worker.evaluate(
    ({ id, method, args }) => {
      const scope = globalThis as unknown as {
        postMessage: (message: unknown, transfer?: Transferable[]) => void;
        dispatchEvent: (event: Event) => boolean;
      };
      return new Promise((resolve, reject) => {
        const post = scope.postMessage.bind(scope);
        // Comlink answers with scope.postMessage({ ...value, id }): take ours, pass the rest on.
        scope.postMessage = (message: unknown, transfer?: Transferable[]) => {
          const reply = message as { id?: string; type: string; name?: string; value: unknown };
          if (reply?.id !== id) return post(message, transfer);
          scope.postMessage = post;
          if (reply.type === 'HANDLER' && reply.name === 'throw') {
            const thrown = reply.value as { isError: boolean; value: { message?: string } };
            reject(new Error(thrown.isError ? thrown.value.message : String(thrown.value)));
          } else resolve(reply.value);
        };
        scope.dispatchEvent(
          new MessageEvent('message', {
            data: {
              id,
              type: 'APPLY',
              path: [method],
              argumentList: args.map((value) => ({ type: 'RAW', value })),
            },
          }),
        );
      });
    },
    { id, method, args },
  );
}
