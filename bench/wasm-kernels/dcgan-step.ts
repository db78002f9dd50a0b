// Throughput of one DCGAN training step (D step + G step, batch 64, 28x28x1) on the cpu backend
// and on wasm with each Conv2DBackpropInput implementation, then a tf.profile of one wasm step
// showing which kernels take the time. A measurement, not a test.
//
//   npx tsx bench/wasm-kernels/dcgan-step.ts [--steps 5] [--cpu-steps 1] [--skip-cpu] [--skip-wasm]
//
// Node runs wasm single-threaded (tfjs disables wasm threads in Node) with SIMD.

import * as tf from '@tensorflow/tfjs';

import { initBackend } from '../../src/ml/backends/init-backend';
import {
  buildDcgan,
  DCGAN_28,
  dcganStep,
  seededBatch,
} from '../../src/ml/backends/testing/training-fixtures';
import type { BackpropInputImpl } from '../../src/ml/backends/wasm-training-kernels';
import { registerWasmTrainingKernels } from '../../src/ml/backends/wasm-training-kernels';

const BATCH = 64;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const STEPS = arg('--steps', 5);
const CPU_STEPS = arg('--cpu-steps', 1);

function inputs(seed: number): { real: tf.Tensor4D; noise: tf.Tensor2D } {
  const { images, noise } = seededBatch(DCGAN_28, BATCH, seed);
  return tf.tidy(() => ({
    real: tf.tensor4d(images, [BATCH, 28, 28, 1]).mul(2).sub(1) as tf.Tensor4D,
    noise: tf.tensor2d(noise, [BATCH, DCGAN_28.latentDim]),
  }));
}

/** Images per second over `steps` timed steps after one warm-up step. */
function imagesPerSecond(steps: number): { perSecond: number; msPerStep: number } {
  const gan = buildDcgan(DCGAN_28);
  const { real, noise } = inputs(1);
  dcganStep(gan, real, noise); // warm-up: Adam slots, wasm operator setup
  const start = performance.now();
  for (let i = 0; i < steps; i++) dcganStep(gan, real, noise);
  const ms = (performance.now() - start) / steps;
  gan.dispose();
  real.dispose();
  noise.dispose();
  return { perSecond: (BATCH * 1000) / ms, msPerStep: ms };
}

async function profileStep(): Promise<void> {
  const gan = buildDcgan(DCGAN_28);
  const { real, noise } = inputs(2);
  dcganStep(gan, real, noise);
  const info = await tf.profile(() => {
    dcganStep(gan, real, noise);
  });
  const byKernel = new Map<string, number>();
  let total = 0;
  for (const k of info.kernels) {
    // Ops with a custom gradient also appear as a scope (`fusedConv2d__op`) wrapping their
    // kernel: counting both would count that time twice.
    if (k.name.endsWith('__op')) continue;
    const ms = k.kernelTimeMs as number; // awaited by tf.profile
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + ms);
    total += ms;
  }
  const rows = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`  profile of one wasm step: ${total.toFixed(0)} ms in kernels`);
  for (const [name, ms] of rows) {
    console.log(`    ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms ${pct(ms, total)}`);
  }
  gan.dispose();
  real.dispose();
  noise.dispose();
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)}%`;

const report = (label: string, r: { perSecond: number; msPerStep: number }) =>
  console.log(
    `${label.padEnd(34)} ${r.perSecond.toFixed(1).padStart(7)} images/s  (${r.msPerStep.toFixed(0)} ms/step)`,
  );

console.log(`DCGAN 28x28x1, batch ${BATCH}, one D step + one G step, Node ${process.version}`);
if (!process.argv.includes('--skip-cpu')) {
  await initBackend('cpu');
  report(`cpu (${CPU_STEPS} step)`, imagesPerSecond(CPU_STEPS));
}
const impls: BackpropInputImpl[] = process.argv.includes('--skip-wasm')
  ? []
  : ['native', 'zero-insertion', 'subpixel'];
for (const impl of impls) {
  await initBackend('wasm', { wasmBackpropInput: impl });
  registerWasmTrainingKernels({ backpropInput: impl });
  report(`wasm, Conv2DBackpropInput=${impl}`, imagesPerSecond(STEPS));
  await profileStep();
}
