// Lists every kernel one DCGAN step (each GAN loss) and one VAE step run, and whether the wasm
// backend has it. Run: npx tsx bench/wasm-kernels/list-training-kernels.ts [--raw]
// With --raw the training kernels are not registered, showing what stock wasm lacks.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import { buildDcgan, buildVae, dcganStep, seededBatch, TINY, vaeStep } from './training-fixtures';
import { registerWasmTrainingKernels } from '../../src/ml/backends/wasm-training-kernels';

async function kernelsOfSteps(): Promise<Set<string>> {
  const names = new Set<string>();
  const { images, noise } = seededBatch(TINY, 3, 5);
  const shape: [number, number, number, number] = [3, TINY.imageSize, TINY.imageSize, 1];
  for (const loss of ['bce', 'lsgan', 'hinge'] as const) {
    const gan = buildDcgan(TINY);
    const info = await tf.profile(() => {
      tf.tidy(() => {
        dcganStep(gan, tf.tensor4d(images, shape), tf.tensor2d(noise, [3, TINY.latentDim]), loss);
      });
    });
    info.kernelNames.forEach((n) => names.add(n));
    gan.dispose();
  }
  for (const likelihood of ['bernoulli', 'gaussian'] as const) {
    const vae = buildVae(TINY);
    const info = await tf.profile(() => {
      tf.tidy(() => {
        const x = tf.tensor4d(images, shape);
        vaeStep(vae, x, tf.tensor2d(noise, [3, TINY.latentDim]), likelihood);
      });
    });
    info.kernelNames.forEach((n) => names.add(n));
    vae.dispose();
  }
  // Profiles also list the scopes of ops with a custom gradient (`fusedConv2d__op`): not kernels.
  return new Set([...names].filter((n) => !n.endsWith('__op')));
}

if (!process.argv.includes('--raw')) registerWasmTrainingKernels();
await tf.setBackend('cpu');
const used = [...(await kernelsOfSteps())].sort();
const missing = used.filter((n) => tf.getKernel(n, 'wasm') === undefined);
console.log(`kernels used by the steps (${used.length}): ${used.join(' ')}`);
console.log(`missing on wasm: ${missing.length === 0 ? 'none' : missing.join(' ')}`);
