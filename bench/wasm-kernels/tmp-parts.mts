import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/ml/backends/init-backend';
import { measure, fmt } from './timing';
await initBackend('wasm');
const T = (label: string, f: () => void) => console.log(label.padEnd(50), fmt(measure(f, 5)));
const z = tf.randomNormal([64, 100]);
const w = tf.randomNormal([100, 6272]);
const dy = tf.randomNormal([64, 6272]);
const zt = tf.transpose(z);
const wt = tf.transpose(w);
T('z w (ff)', () => tf.matMul(z, w).dispose());
T('zT dy (tf) -> [100,6272]', () => tf.matMul(z, dy, true, false).dispose());
T('zt dy (ff, pre-transposed)', () => tf.matMul(zt, dy).dispose());
T('dy wT (ft) -> [64,100]', () => tf.matMul(dy, w, false, true).dispose());
T('dy wt (ff, pre-transposed)', () => tf.matMul(dy, wt).dispose());
T('transpose dy', () => tf.transpose(dy).dispose());
T('transpose w', () => tf.transpose(w).dispose());
const fresh = () => tf.mul(w, 1);
T('z w (ff) fresh w', () => {
  const f = fresh();
  tf.matMul(z, f).dispose();
  f.dispose();
});
T('dy w^T fresh (ft)', () => {
  const f = fresh();
  tf.matMul(dy, f, false, true).dispose();
  f.dispose();
});
