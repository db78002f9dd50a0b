// Times Conv2DBackpropInput on the DCGAN's shapes with each implementation (native wasm,
// zero insertion, sub-pixel), and Conv2DBackpropFilter, interleaved so that load from other
// processes hits them alike. A measurement, not a test.
//
//   npx tsx bench/wasm-kernels/backprop-input-shapes.ts [--reps 5]

import * as tf from '@tensorflow/tfjs';

import { initBackend } from '../../src/ml/backends/init-backend';
import { fmt, measure } from './timing';
import {
  registerWasmTrainingKernels,
  type BackpropInputImpl,
} from '../../src/ml/backends/wasm-training-kernels';

const i = process.argv.indexOf('--reps');
const REPS = i >= 0 ? Number(process.argv[i + 1]) : 5;

interface Shape {
  label: string;
  x: [number, number, number, number]; // conv input = transposed-conv output
  filter: [number, number, number, number]; // [K, K, Cin, Cout]
}

// conv 64->128 on 14x14 (and convT 128->64 from 7x7); conv 1->64 on 28x28 (convT 64->1).
const SHAPES: Shape[] = [
  { label: '[64,7,7,128] -> [64,14,14,64]', x: [64, 14, 14, 64], filter: [4, 4, 64, 128] },
  { label: '[64,14,14,64] -> [64,28,28,1]', x: [64, 28, 28, 1], filter: [4, 4, 1, 64] },
  // Channel counts around the merged/separate switch (RGB output; narrow networks).
  { label: '[64,14,14,32] -> [64,28,28,2]', x: [64, 28, 28, 2], filter: [4, 4, 2, 32] },
  { label: '[64,14,14,32] -> [64,28,28,3]', x: [64, 28, 28, 3], filter: [4, 4, 3, 32] },
  { label: '[64,14,14,32] -> [64,28,28,8]', x: [64, 28, 28, 8], filter: [4, 4, 8, 32] },
  { label: '[64,7,7,64] -> [64,14,14,16]', x: [64, 14, 14, 16], filter: [4, 4, 16, 64] },
  { label: '[64,7,7,64] -> [64,14,14,32]', x: [64, 14, 14, 32], filter: [4, 4, 32, 64] },
];

await initBackend('wasm', { wasmBackpropInput: 'native' });
for (const s of SHAPES) {
  const x = tf.randomNormal(s.x, 0, 1, 'float32', 1) as tf.Tensor4D;
  const filter = tf.randomNormal(s.filter, 0, 1, 'float32', 2) as tf.Tensor4D;
  const y = tf.conv2d(x, filter, 2, 'same');
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
  const row: string[] = [];
  for (const impl of [
    'native',
    'zero-insertion',
    'subpixel-separate',
    'subpixel-merged',
  ] as BackpropInputImpl[]) {
    registerWasmTrainingKernels({ backpropInput: impl });
    const t = measure(() => tf.conv2dTranspose(dy, filter, s.x, 2, 'same').dispose(), REPS);
    row.push(`${impl} ${fmt(t)}`);
  }
  const filterT = measure(() => {
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: s.filter };
    (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor).dispose();
  }, REPS);
  const forwardT = measure(() => tf.conv2d(x, filter, 2, 'same').dispose(), REPS);
  console.log(`BackpropInput ${s.label}:\n  ${row.join('\n  ')}`);
  console.log(`  BackpropFilter ${fmt(filterT)} | forward Conv2D ${fmt(forwardT)}`);
  tf.dispose([x, filter, y, dy]);
}
registerWasmTrainingKernels();
