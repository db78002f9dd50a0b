// The DCGAN step benchmark inside a Web Worker, on wasm with the project's kernels (threads
// when the page is cross-origin isolated) and on stock wasm for comparison.

import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

import { initBackend } from '../../../src/ml/backends/init-backend';
import { buildDcgan, DCGAN_28, dcganStep, seededBatch } from '../training-fixtures';
import { wasmAssetPaths } from '../../../src/ml/backends/wasm-asset-paths';
import { registerWasmTrainingKernels } from '../../../src/ml/backends/wasm-training-kernels';

const BATCH = 64;
const say = (line: string) => self.postMessage({ line });

function timeSteps(steps: number): number {
  const gan = buildDcgan(DCGAN_28);
  const { images, noise } = seededBatch(DCGAN_28, BATCH, 1);
  const real = tf.tensor4d(images, [BATCH, 28, 28, 1]);
  const z = tf.tensor2d(noise, [BATCH, DCGAN_28.latentDim]);
  dcganStep(gan, real, z); // warm-up
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    dcganStep(gan, real, z);
    times.push(performance.now() - t0);
  }
  gan.dispose();
  tf.dispose([real, z]);
  return times.sort((a, b) => a - b)[Math.floor(steps / 2)];
}

self.onmessage = async (
  event: MessageEvent<{ threads: boolean; steps: number; crossOriginIsolated: boolean }>,
) => {
  const { threads, steps } = event.data;
  try {
    await initBackend('wasm', { wasmPaths: wasmAssetPaths(), threads });
    say(
      `wasm up: threads ${getThreadsCount()}, page isolated ${event.data.crossOriginIsolated}, ` +
        `worker isolated ${self.crossOriginIsolated}, multithread flag ` +
        `${String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}, ` +
        `SIMD ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, ` +
        `pthreads ${'PThread' in (tf.backend() as unknown as { wasm: object }).wasm}, ` +
        `cores ${navigator.hardwareConcurrency}`,
    );
    for (const [label, replace] of [
      ['stock wasm + filter-gradient composite', false],
      ['all training kernels', true],
    ] as const) {
      registerWasmTrainingKernels(
        replace ? {} : { backpropInput: 'native', replaceSlowKernels: false },
      );
      const ms = timeSteps(steps);
      say(`${label}: ${((BATCH * 1000) / ms).toFixed(1)} images/s (${ms.toFixed(0)} ms/step)`);
    }
    registerWasmTrainingKernels();
  } catch (err) {
    say(`failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  self.postMessage({ done: true });
};
