import { describe, expect, it } from 'vitest';
import { inceptionScore, inceptionScoreFromLogProbs, logSoftmaxRows } from './inception-score';

/** Log-probabilities of `count` one-hot predictions, sample i on class `classOf(i)`. */
function oneHot(count: number, classes: number, classOf: (i: number) => number): Float64Array {
  const out = new Float64Array(count * classes).fill(-Infinity);
  for (let i = 0; i < count; i++) out[i * classes + classOf(i)] = 0;
  return out;
}

describe('Inception Score', () => {
  it('is exactly k for one-hot predictions spread evenly over k of the classes', () => {
    for (const k of [1, 2, 3, 7, 10]) {
      // 10 classes, 6 samples per used class: p(y) = 1/k on k classes, every KL = log k.
      const r = inceptionScoreFromLogProbs(
        oneHot(6 * k, 10, (i) => i % k),
        6 * k,
        10,
      );
      expect(r.value).toBeCloseTo(k, 12);
      expect(r.meanKl).toBeCloseTo(Math.log(k), 12);
      expect(r.sampleCount).toBe(6 * k);
      expect(r.classes).toBe(10);
    }
  });

  it('is k from logits far enough apart that the other classes underflow to zero', () => {
    // Logit gaps of 2,000 overflow a naive exp and underflow exp(-gap) to 0 in float64.
    const k = 5;
    const logits = new Float32Array(20 * 10).fill(-1000);
    for (let i = 0; i < 20; i++) logits[i * 10 + (i % k)] = 1000;
    const r = inceptionScore(logits, 20, 10);
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.value).toBeCloseTo(k, 12);
  });

  it('is 1 when every sample gets the same prediction, however confident', () => {
    const row = [0.2, -1.3, 4.0, 0.0];
    const logits = Array.from({ length: 50 }, () => row).flat();
    expect(inceptionScore(logits, 50, 4).value).toBeCloseTo(1, 12);
    const sure = inceptionScoreFromLogProbs(
      oneHot(30, 10, () => 3),
      30,
      10,
    );
    expect(sure.value).toBe(1);
  });

  it('matches a two-class case worked out by hand', () => {
    // p(y|x1) = (0.9, 0.1), p(y|x2) = (0.5, 0.5), so p(y) = (0.7, 0.3). The mean KL equals
    // H(p(y)) - mean H(p(y|x)) = 0.6108643 - (0.3250830 + 0.6931472) / 2 = 0.1017492 nats,
    // and IS = exp(0.1017492) = 1.1071058.
    const logits = [Math.log(0.9), Math.log(0.1), Math.log(0.5), Math.log(0.5)];
    const r = inceptionScore(logits, 2, 2);
    expect(r.meanKl).toBeCloseTo(0.1017492, 7);
    expect(r.value).toBeCloseTo(1.1071058, 7);
    // Adding a constant to a sample's logits does not change its probabilities.
    const shifted = [logits[0] + 50, logits[1] + 50, logits[2] - 30, logits[3] - 30];
    expect(inceptionScore(shifted, 2, 2).value).toBeCloseTo(1.1071058, 7);
  });

  it('takes log-softmax row by row without overflow', () => {
    const lp = logSoftmaxRows([1000, 1000, -5, 0, Math.log(3), -Infinity], 2, 3);
    expect(lp[0]).toBeCloseTo(Math.log(0.5), 12);
    expect(lp[1]).toBeCloseTo(Math.log(0.5), 12);
    expect(lp[2]).toBeLessThan(-1000);
    expect(lp[3]).toBeCloseTo(Math.log(0.25), 12);
    expect(lp[4]).toBeCloseTo(Math.log(0.75), 12);
    expect(lp[5]).toBe(-Infinity);
  });

  it('refuses inputs of the wrong size and an empty set', () => {
    expect(() => inceptionScore([1, 2, 3], 2, 2)).toThrow(/Expected 2 x 2/);
    expect(() => inceptionScore([], 0, 10)).toThrow(/at least one sample/);
  });
});
