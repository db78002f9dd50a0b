import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/ml/backends/init-backend';
import {
  buildDcgan,
  DCGAN_28,
  dcganStep,
  seededBatch,
} from '../../src/ml/backends/testing/training-fixtures';
await initBackend('wasm');
const gan = buildDcgan(DCGAN_28);
const { images, noise } = seededBatch(DCGAN_28, 64, 1);
const real = tf.tensor4d(images, [64, 28, 28, 1]);
const z = tf.tensor2d(noise, [64, 100]);
dcganStep(gan, real, z);
const info = await tf.profile(() => {
  dcganStep(gan, real, z);
});
const rows = new Map<string, { ms: number; n: number }>();
for (const k of info.kernels) {
  if (k.name.endsWith('__op')) continue;
  const key = `${k.name} ${JSON.stringify(k.inputShapes)} -> ${JSON.stringify(k.outputShapes)}`;
  const r = rows.get(key) ?? { ms: 0, n: 0 };
  r.ms += k.kernelTimeMs as number;
  r.n++;
  rows.set(key, r);
}
[...rows.entries()]
  .sort((a, b) => b[1].ms - a[1].ms)
  .slice(0, 30)
  .forEach(([k, r]) => console.log(r.ms.toFixed(1).padStart(7), String(r.n).padStart(3), k));
