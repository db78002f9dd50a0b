// Entry point of the training Web Worker: exposes the worker API on the worker's global scope.
// All tfjs state lives behind this boundary; the page only sees protocol.ts through client.ts.

import * as Comlink from 'comlink';
import { createFetchSource } from '../datasets/fetch-source';
import { wasmAssetPaths } from '../ml/backends/wasm-asset-paths';
import { createTrainingWorkerApi } from './worker-api';

const api = createTrainingWorkerApi({
  sourceFor: (dataBaseUrl) => createFetchSource(dataBaseUrl),
  backendOptions: (backend) => (backend === 'wasm' ? { wasmPaths: wasmAssetPaths() } : {}),
  // The bundled classifiers sit beside the data folder: <base>/classifiers/ next to <base>/data/.
  quality: {
    classifierSourceFor: (dataBaseUrl) =>
      createFetchSource(new URL('../classifiers/', dataBaseUrl)),
  },
});

// A rejection nobody awaited would otherwise only reach the console; surface it as a worker error
// so the page's crash handler shows it.
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  throw event.reason instanceof Error ? event.reason : new Error(String(event.reason));
});

Comlink.expose(api);
