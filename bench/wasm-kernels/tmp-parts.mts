import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/ml/backends/init-backend';
import { callWasmKernel, conv2dExplicit, release } from '../../src/ml/backends/wasm-kernel-calls';
await initBackend('wasm');
const be = tf.engine().registry['wasm'];
const info = (t: tf.Tensor): tf.TensorInfo => ({
  dataId: t.dataId,
  shape: t.shape,
  dtype: t.dtype,
});
function T(label: string, f: () => void) {
  f();
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) f();
  console.log(label, ((performance.now() - t0) / 5).toFixed(1), 'ms');
}
for (const [N, M, Cout, Cin] of [
  [64, 7, 128, 64],
  [64, 14, 64, 1],
]) {
  const dy = tf.randomNormal([N, M, M, Cout]);
  const sub = tf.randomNormal([2, 2, Cout, Cin]);
  const sub3 = tf.randomNormal([3, 3, Cout, 4 * Cin]);
  T(`one phase conv [${N},${M},${M},${Cout}] * [2,2,${Cout},${Cin}]`, () =>
    release(
      be,
      conv2dExplicit(
        be,
        info(dy),
        info(sub),
        { top: 1, bottom: 0, left: 1, right: 0 },
        [1, 1],
        [1, 1],
      ),
    ),
  );
  T(`merged 3x3 conv -> ${4 * Cin} ch`, () =>
    release(
      be,
      conv2dExplicit(
        be,
        info(dy),
        info(sub3),
        { top: 1, bottom: 1, left: 1, right: 1 },
        [1, 1],
        [1, 1],
      ),
    ),
  );
  const parts = [0, 1, 2, 3].map(() => tf.randomNormal([N, M, M, Cin]));
  T('concat axis 3', () => release(be, callWasmKernel('Concat', be, parts.map(info), { axis: 3 })));
  const st = tf.randomNormal([N, M, M, 4 * Cin]);
  T('depthToSpace', () =>
    release(
      be,
      callWasmKernel('DepthToSpace', be, { x: info(st) }, { blockSize: 2, dataFormat: 'NHWC' }),
    ),
  );
  const r6 = st.reshape([N, M, M, 2, 2, Cin]);
  T('transpose 6d', () =>
    release(be, callWasmKernel('Transpose', be, { x: info(r6) }, { perm: [0, 1, 3, 2, 4, 5] })),
  );
}
