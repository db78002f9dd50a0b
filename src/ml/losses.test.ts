import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bceWithLogits,
  discriminatorLoss,
  featureMatchingLoss,
  generatorLoss,
  GAUSSIAN_SIGMA,
  globalNorm,
  gradientPenalty,
  klDivergence,
  klWeightAt,
  reconstructionNll,
  reparameterize,
} from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const scalar = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

describe('GAN losses against hand-computed values', () => {
  const real = [2, -1];
  const fake = [-3, 0.5];

  it('minimax: D as BCE, G minimises mean log(1 - D(G(z)))', () => {
    const r = tf.tensor2d(real, [2, 1]);
    const f = tf.tensor2d(fake, [2, 1]);
    const bce = scalar(discriminatorLoss('bce', r, f, 0.1));
    expect(scalar(discriminatorLoss('minimax', r, f, 0.1))).toBe(bce);
    expect(scalar(discriminatorLoss('feature-matching', r, f, 0.1))).toBe(bce);
    const expectedG = (Math.log(1 - sigmoid(-3)) + Math.log(1 - sigmoid(0.5))) / 2;
    expect(scalar(generatorLoss('minimax', f))).toBeCloseTo(expectedG, 5);
    // Saturation: where D rejects a fake (logit -3) the minimax gradient is sigmoid(-3) / 2 =
    // 0.024, the non-saturating one (1 - sigmoid(-3)) / 2 = 0.48: twenty times larger.
    const slope = (kind: 'minimax' | 'bce') =>
      tf
        .grad((l) => generatorLoss(kind, l))(f)
        .dataSync()[0];
    expect(slope('minimax')).toBeCloseTo(-sigmoid(-3) / 2, 5);
    expect(slope('bce')).toBeCloseTo(-(1 - sigmoid(-3)) / 2, 5);
    tf.dispose([r, f]);
  });

  it('WGAN: the critic minimises mean D(fake) - mean D(real), the generator -mean D(fake)', () => {
    const r = tf.tensor2d(real, [2, 1]);
    const f = tf.tensor2d(fake, [2, 1]);
    expect(scalar(discriminatorLoss('wgan-gp', r, f, 0))).toBeCloseTo((-3 + 0.5) / 2 - 0.5, 6);
    expect(scalar(generatorLoss('wgan-gp', f))).toBeCloseTo(1.25, 6);
    tf.dispose([r, f]);
  });

  it('feature matching: the squared distance between the batch means of the features', () => {
    const r = tf.tensor2d([1, 2, 3, 4], [2, 2]); // means [2, 3]
    const f = tf.tensor2d([0, 0, 1, 2], [2, 2]); // means [0.5, 1]
    expect(scalar(featureMatchingLoss(r, f))).toBeCloseTo(1.5 ** 2 + 2 ** 2, 6);
    expect(scalar(generatorLoss('feature-matching', null, { real: r, fake: f }))).toBeCloseTo(
      6.25,
      6,
    );
    expect(() => generatorLoss('feature-matching', f)).toThrow(/features/);
    tf.dispose([r, f]);
  });

  it('gradient penalty of a linear critic: (||w|| - 1)^2 whatever the mix', () => {
    // D(x) = sum(w * x): its input gradient is w for every image, of norm sqrt(1 + 4 + 4) = 3.
    const w = tf.tensor4d([1, 2, 2, 0], [1, 2, 2, 1]);
    const critic = (x: tf.Tensor4D) => tf.sum(x.mul(w), [1, 2, 3]);
    const real = tf.randomNormal([3, 2, 2, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const fake = tf.randomNormal([3, 2, 2, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const eps = tf.tensor1d([0, 0.3, 1]);
    expect(scalar(gradientPenalty(critic, real, fake, eps))).toBeCloseTo(4, 5);
    // A critic of slope 1 pays nothing; a quadratic one pays per image, where it is evaluated.
    const unit = (x: tf.Tensor4D) => tf.sum(x.mul(w.div(3)), [1, 2, 3]);
    expect(scalar(gradientPenalty(unit, real, fake, eps))).toBeCloseTo(0, 5);
    const ones = tf.ones([2, 2, 2, 1]) as tf.Tensor4D;
    const zeros = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
    const square = (x: tf.Tensor4D) => tf.sum(x.square(), [1, 2, 3]); // gradient 2x
    // xhat = eps: norms 2 * 0.5 * 2 = 2 and 2 * 1 * 2 = 4 -> ((2 - 1)^2 + (4 - 1)^2) / 2 = 5
    const halfAndOne = tf.tensor1d([0.5, 1]);
    expect(scalar(gradientPenalty(square, ones, zeros, halfAndOne))).toBeCloseTo(5, 5);
    tf.dispose([w, real, fake, eps, ones, zeros, halfAndOne]);
  });

  it('global gradient norm over several tensors', () => {
    const a = tf.tensor1d([3]);
    const b = tf.tensor2d([0, 4, 0, 12], [2, 2]);
    expect(scalar(globalNorm([a, b]))).toBeCloseTo(13, 5);
    tf.dispose([a, b]);
  });

  it('non-saturating BCE', () => {
    const r = tf.tensor2d(real, [2, 1]);
    const f = tf.tensor2d(fake, [2, 1]);
    const expectedD =
      -(Math.log(sigmoid(2)) + Math.log(sigmoid(-1))) / 2 -
      (Math.log(1 - sigmoid(-3)) + Math.log(1 - sigmoid(0.5))) / 2;
    expect(scalar(discriminatorLoss('bce', r, f, 0))).toBeCloseTo(expectedD, 5);
    const expectedG = -(Math.log(sigmoid(-3)) + Math.log(sigmoid(0.5))) / 2;
    expect(scalar(generatorLoss('bce', f))).toBeCloseTo(expectedG, 5);
    tf.dispose([r, f]);
  });

  it('one-sided label smoothing changes only the real targets', () => {
    const r = tf.tensor2d(real, [2, 1]);
    const f = tf.tensor2d(fake, [2, 1]);
    const bce = (l: number, y: number) =>
      -(y * Math.log(sigmoid(l)) + (1 - y) * Math.log(1 - sigmoid(l)));
    const expected = (bce(2, 0.9) + bce(-1, 0.9)) / 2 + (bce(-3, 0) + bce(0.5, 0)) / 2;
    expect(scalar(discriminatorLoss('bce', r, f, 0.1))).toBeCloseTo(expected, 5);
    tf.dispose([r, f]);
  });

  it('least squares and hinge', () => {
    const r = tf.tensor2d(real, [2, 1]);
    const f = tf.tensor2d(fake, [2, 1]);
    const ls = 0.5 * (((2 - 1) ** 2 + (-1 - 1) ** 2) / 2 + ((-3) ** 2 + 0.5 ** 2) / 2);
    expect(scalar(discriminatorLoss('lsgan', r, f, 0))).toBeCloseTo(ls, 5);
    expect(scalar(generatorLoss('lsgan', f))).toBeCloseTo(0.5 * (((-4) ** 2 + (-0.5) ** 2) / 2), 5);
    const hinge =
      (Math.max(0, 1 - 2) + Math.max(0, 1 + 1)) / 2 + (Math.max(0, 1 - 3) + Math.max(0, 1.5)) / 2;
    expect(scalar(discriminatorLoss('hinge', r, f, 0))).toBeCloseTo(hinge, 5);
    expect(scalar(generatorLoss('hinge', f))).toBeCloseTo(-(-3 + 0.5) / 2, 5);
    tf.dispose([r, f]);
  });

  it('BCE from logits stays finite for huge logits', () => {
    const l = tf.tensor2d([1000, -1000], [2, 1]);
    expect(scalar(bceWithLogits(l, 1))).toBeCloseTo(500, 3);
    l.dispose();
  });
});

describe('VAE terms against hand-computed values', () => {
  it('KL of N(mu, sigma^2) to N(0, 1), summed over dims, averaged over the batch', () => {
    const mu = tf.tensor2d([0.5, -1, 0, 2], [2, 2]);
    const logVar = tf.tensor2d([0, Math.log(0.25), Math.log(4), 0.3], [2, 2]);
    const kl1 = (m: number, lv: number) => 0.5 * (Math.exp(lv) + m * m - 1 - lv);
    const expected =
      (kl1(0.5, 0) + kl1(-1, Math.log(0.25)) + (kl1(0, Math.log(4)) + kl1(2, 0.3))) / 2;
    expect(scalar(klDivergence(mu, logVar))).toBeCloseTo(expected, 5);
    tf.dispose([mu, logVar]);
  });

  it('KL is zero exactly at the prior', () => {
    const z = tf.zeros([3, 4]) as tf.Tensor2D;
    expect(scalar(klDivergence(z, z))).toBeCloseTo(0, 7);
    z.dispose();
  });

  it('Bernoulli reconstruction NLL is pixel-summed BCE', () => {
    const pixels = tf.tensor4d([0, 1, 0.25, 1], [1, 2, 2, 1]);
    const logits = tf.tensor4d([-2, 3, 0, -1], [1, 2, 2, 1]);
    const p = [0, 1, 0.25, 1];
    const l = [-2, 3, 0, -1];
    const expected = p.reduce(
      (s, x, i) => s - (x * Math.log(sigmoid(l[i])) + (1 - x) * Math.log(1 - sigmoid(l[i]))),
      0,
    );
    expect(scalar(reconstructionNll('bernoulli', pixels, logits))).toBeCloseTo(expected, 4);
    tf.dispose([pixels, logits]);
  });

  it('Gaussian reconstruction NLL includes the normaliser', () => {
    const pixels = tf.tensor4d([0.5, 0.2], [1, 1, 2, 1]);
    const logits = tf.tensor4d([0, 0], [1, 1, 2, 1]);
    const s = GAUSSIAN_SIGMA;
    const nll = (x: number) => (0.5 - x) ** 2 / (2 * s * s) + Math.log(s * Math.sqrt(2 * Math.PI));
    expect(scalar(reconstructionNll('gaussian', pixels, logits))).toBeCloseTo(
      nll(0.5) + nll(0.2),
      4,
    );
    tf.dispose([pixels, logits]);
  });

  it('reparameterisation is mu + exp(logVar / 2) * eps', () => {
    const z = reparameterize(
      tf.tensor2d([[1, -2]]),
      tf.tensor2d([[Math.log(4), 0]]),
      tf.tensor2d([[0.5, -1]]),
    );
    expect(Array.from(z.dataSync())).toEqual([expect.closeTo(2, 5), expect.closeTo(-3, 5)]);
    z.dispose();
  });

  it('KL warm-up ramps linearly to the weight', () => {
    expect(klWeightAt(0, 2, 100)).toBe(0);
    expect(klWeightAt(50, 2, 100)).toBe(1);
    expect(klWeightAt(500, 2, 100)).toBe(2);
    expect(klWeightAt(0, 2, 0)).toBe(2);
  });
});

describe('gradients against finite differences', () => {
  // float64 is unavailable in tfjs, so use a moderate step and tolerance in float32.
  const h = 1e-2;

  it('KL gradient wrt mu and log-variance', () => {
    const mu0 = [0.3, -0.7, 1.1];
    const lv0 = [0.2, -0.5, 0.4];
    const f = (mu: tf.Tensor, lv: tf.Tensor) => klDivergence(mu as tf.Tensor2D, lv as tf.Tensor2D);
    const [gMu, gLv] = tf.grads(f)([tf.tensor2d([mu0]), tf.tensor2d([lv0])]);
    const numeric = (which: 0 | 1, i: number) => {
      const plus = [mu0.slice(), lv0.slice()];
      const minus = [mu0.slice(), lv0.slice()];
      plus[which][i] += h;
      minus[which][i] -= h;
      const fp = scalar(f(tf.tensor2d([plus[0]]), tf.tensor2d([plus[1]])));
      const fm = scalar(f(tf.tensor2d([minus[0]]), tf.tensor2d([minus[1]])));
      return (fp - fm) / (2 * h);
    };
    const a = gMu.dataSync();
    const b = gLv.dataSync();
    for (let i = 0; i < 3; i++) {
      expect(a[i]).toBeCloseTo(numeric(0, i), 3);
      expect(b[i]).toBeCloseTo(numeric(1, i), 3);
    }
  });

  it('discriminator BCE gradient wrt logits', () => {
    const r0 = [0.4, -1.3];
    const f0 = [0.9, -0.2];
    const f = (r: tf.Tensor, fk: tf.Tensor) => discriminatorLoss('bce', r, fk, 0.1);
    const [gr, gf] = tf.grads(f)([tf.tensor2d(r0, [2, 1]), tf.tensor2d(f0, [2, 1])]);
    const analytic = [...gr.dataSync(), ...gf.dataSync()];
    const all = [...r0, ...f0];
    all.forEach((_, i) => {
      const p = all.slice();
      const m = all.slice();
      p[i] += h;
      m[i] -= h;
      const fp = scalar(f(tf.tensor2d(p.slice(0, 2), [2, 1]), tf.tensor2d(p.slice(2), [2, 1])));
      const fm = scalar(f(tf.tensor2d(m.slice(0, 2), [2, 1]), tf.tensor2d(m.slice(2), [2, 1])));
      expect(analytic[i]).toBeCloseTo((fp - fm) / (2 * h), 3);
    });
  });
});
