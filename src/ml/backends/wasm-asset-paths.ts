// Browser only (bundled by Vite): URLs of the wasm binaries, emitted as hashed assets by Vite's
// `?url` imports, for initBackend('wasm', { wasmPaths: wasmAssetPaths() }). Node must not
// import this file: `?url` specifiers only mean something to the bundler.

import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import type { WasmFileUrls } from './init-backend';

export function wasmAssetPaths(): WasmFileUrls {
  return {
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  };
}
