// Throughput of one DCGAN training step (D step + G step, batch 64, 28x28x1) on the cpu backend
// and on wasm with each Conv2DBackpropInput implementation, then a tf.profile of one wasm step
// showing which kernels take the time. A measurement, not a test.
//
//   npx tsx bench/wasm-kernels/dcgan-step.ts [--steps 5] [--cpu-steps 1] [--skip-cpu] [--skip-wasm] [--no-profile]
//
// Node runs wasm single-threaded (tfjs disables wasm threads in Node) with SIMD.

import * as tf from '@tensorflow/tfjs';

import { initBackend } from '../../src/ml/backends/init-backend';
import { buildDcgan, DCGAN_28, dcganStep, seededBatch } from './training-fixtures';
import type { BackpropInputImpl } from '../../src/ml/backends/wasm-training-kernels';
import { registerWasmTrainingKernels } from '../../src/ml/backends/wasm-training-kernels';
import { measure, type Timing } from './timing';

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

/** Images per second (by median CPU and wall time per step) after one warm-up step. */
function imagesPerSecond(steps: number): Timing {
  const gan = buildDcgan(DCGAN_28);
  const { real, noise } = inputs(1);
  const t = measure(() => dcganStep(gan, real, noise), steps); // warm-up: Adam slots, operators
  gan.dispose();
  real.dispose();
  noise.dispose();
  return t;
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

const report = (label: string, t: Timing) =>
  console.log(
    `${label.padEnd(40)} ${((BATCH * 1000) / t.cpuMs).toFixed(1).padStart(6)} images/s by CPU time` +
      ` (${t.cpuMs.toFixed(0)} ms/step; wall ${t.wallMs.toFixed(0)} ms, ` +
      `${((BATCH * 1000) / t.wallMs).toFixed(1)} images/s)`,
  );

console.log(`DCGAN 28x28x1, batch ${BATCH}, one D step + one G step, Node ${process.version}`);
if (!process.argv.includes('--skip-cpu')) {
  await initBackend('cpu');
  report(`cpu (${CPU_STEPS} step)`, imagesPerSecond(CPU_STEPS));
}
// From stock wasm (plus the missing filter gradient) to every replacement.
const variants: { label: string; impl: BackpropInputImpl; replaceSlowKernels: boolean }[] = [
  { label: 'wasm, native kernels', impl: 'native', replaceSlowKernels: false },
  { label: 'wasm, zero-insertion input grad', impl: 'zero-insertion', replaceSlowKernels: false },
  { label: 'wasm, sub-pixel input grad', impl: 'subpixel', replaceSlowKernels: false },
  { label: 'wasm, sub-pixel + Tile/matmul fixes', impl: 'subpixel', replaceSlowKernels: true },
];
for (const v of process.argv.includes('--skip-wasm') ? [] : variants) {
  await initBackend('wasm');
  registerWasmTrainingKernels({ backpropInput: v.impl, replaceSlowKernels: v.replaceSlowKernels });
  report(v.label, imagesPerSecond(STEPS));
  if (!process.argv.includes('--no-profile')) await profileStep();
}
registerWasmTrainingKernels();
