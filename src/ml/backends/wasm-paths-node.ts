// Node only (the CLI, benchmarks, tests): where the installed tfjs-backend-wasm keeps its
// .wasm binaries. Browser code must not import this file (it needs node:module and node:path);
// the browser uses wasmAssetPaths() instead.

import { createRequire } from 'node:module';
import path from 'node:path';

/** Directory of the wasm binaries, with a trailing separator, as setWasmPaths expects. */
export function nodeWasmPaths(): string {
  const require = createRequire(import.meta.url);
  // The package's Node entry sits in dist/, next to the three binaries.
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(entry) + path.sep;
}
