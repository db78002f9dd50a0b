import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { DEFAULT_VAE, type VaeConfig } from '../config';
import { buildVae } from '../models/vae';
import { syntheticDataset } from '../testing/synthetic-dataset';
import { vaeTestQuality } from './vae-elbo';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = syntheticDataset({ height: 8, width: 8, channels: 1 }, 8, 24);
const shape = data.info.shape;
const config: VaeConfig = { ...DEFAULT_VAE, latentDim: 3, baseFilters: 4 };

/** Plain-JavaScript NELBO with its own noise: the same expectation, estimated independently. */
async function referenceNelbo(nets: ReturnType<typeof buildVae>, draws: number) {
  const n = data.test.count;
  const x = tf.tensor4d(
    Float32Array.from(data.test.images, (v) => v / 255),
    [n, 8, 8, 1],
  );
  const [mu, logVar] = (nets.encoder.predict(x) as tf.Tensor[]).map(
    (t) => t.arraySync() as number[][],
  );
  const pixels = (await x.data()) as Float32Array;
  const rng = new Rng(123);
  let kl = 0;
  let nll = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) {
      kl += -0.5 * (1 + logVar[i][j] - mu[i][j] ** 2 - Math.exp(logVar[i][j]));
    }
    for (let d = 0; d < draws; d++) {
      const z = mu[i].map((m, j) => m + Math.exp(logVar[i][j] / 2) * rng.normal());
      const logits = (nets.decoder.predict(tf.tensor2d([z])) as tf.Tensor).dataSync();
      for (let k = 0; k < 64; k++) {
        const p = 1 / (1 + Math.exp(-logits[k]));
        const t = pixels[i * 64 + k];
        nll -= (t * Math.log(p) + (1 - t) * Math.log(1 - p)) / draws;
      }
    }
  }
  return { nelbo: (nll + kl) / n, kl: kl / n };
}

describe('vaeTestQuality', () => {
  it('matches an independent per-image computation and leaves no tensors behind', async () => {
    const nets = buildVae(config, shape, 4);
    const before = tf.memory().numTensors;
    const q = await vaeTestQuality(nets, 'bernoulli', data.test, shape, {
      epsSamples: 16,
      batchSize: 10, // several batches, the last one partial
    });
    expect(tf.memory().numTensors).toBe(before);
    const ref = await referenceNelbo(nets, 16);
    expect(q.count).toBe(24);
    expect(q.kl).toBeCloseTo(ref.kl, 4); // analytic in both: equal up to float32
    expect(Math.abs(q.nelbo - ref.nelbo) / ref.nelbo).toBeLessThan(0.01); // Monte Carlo noise only
    expect(q.nelbo).toBeCloseTo(q.reconNll + q.kl, 6);
    expect(q.reconMse).toBeGreaterThan(0);
    expect(q.reconMse).toBeLessThan(1);
    nets.encoder.dispose();
    nets.decoder.dispose();
  });

  it('is repeatable for a seed and scores only the requested images', async () => {
    const nets = buildVae(config, shape, 4);
    const a = await vaeTestQuality(nets, 'bernoulli', data.test, shape, { count: 5, seed: 1 });
    const b = await vaeTestQuality(nets, 'bernoulli', data.test, shape, { count: 5, seed: 1 });
    expect(a).toEqual(b);
    expect(a.count).toBe(5);
    nets.encoder.dispose();
    nets.decoder.dispose();
  });
});
