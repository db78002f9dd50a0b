// Inception Score in its classifier form (Salimans et al. 2016), with the bundled classifier
// playing Inception's role:
//   IS = exp( mean_x KL( p(y|x) || p(y) ) ),   p(y) = mean_x p(y|x).
// It is high when each sample gets a confident prediction (p(y|x) peaked) and the predictions
// spread over the classes (p(y) flat); it lies between 1 and the number of classes. Everything
// is in log space and float64: log-softmax of the logits, log p(y) by log-sum-exp over the
// samples, and a term with p(y|x) = 0 contributes nothing (its limit) instead of 0 * -Infinity.

export interface InceptionScoreResult {
  /** exp of the mean KL divergence; between 1 and `classes`. Higher is better. */
  readonly value: number;
  /** The mean KL divergence in nats (log of `value`). */
  readonly meanKl: number;
  readonly sampleCount: number;
  readonly classes: number;
}

/** Row-wise log-softmax of logits [count, classes], in float64. */
export function logSoftmaxRows(
  logits: ArrayLike<number>,
  count: number,
  classes: number,
): Float64Array {
  checkSize(logits.length, count, classes);
  const out = new Float64Array(count * classes);
  for (let i = 0; i < count; i++) {
    const row = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c] - max);
    const logZ = max + Math.log(sum);
    for (let c = 0; c < classes; c++) out[row + c] = logits[row + c] - logZ;
  }
  return out;
}

/**
 * The score from log-probabilities log p(y|x), row-major [count, classes]; -Infinity marks a
 * class of probability zero (a one-hot prediction).
 */
export function inceptionScoreFromLogProbs(
  logProbs: ArrayLike<number>,
  count: number,
  classes: number,
): InceptionScoreResult {
  checkSize(logProbs.length, count, classes);
  if (count === 0) throw new Error('The Inception Score needs at least one sample');
  // log p(y) = log(sum_x p(y|x)) - log(count), the sum by log-sum-exp down each column.
  const logMarginal = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let max = -Infinity;
    for (let i = 0; i < count; i++) max = Math.max(max, logProbs[i * classes + c]);
    if (max === -Infinity) {
      logMarginal[c] = -Infinity; // no sample gives this class any probability
      continue;
    }
    let sum = 0;
    for (let i = 0; i < count; i++) sum += Math.exp(logProbs[i * classes + c] - max);
    logMarginal[c] = max + Math.log(sum) - Math.log(count);
  }
  let klSum = 0;
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < classes; c++) {
      const lp = logProbs[i * classes + c];
      const p = Math.exp(lp);
      // p = 0 adds its limit 0; p > 0 implies p(y) > 0, so the difference is finite.
      if (p > 0) klSum += p * (lp - logMarginal[c]);
    }
  }
  // A KL divergence is >= 0; rounding can leave -1e-17 for identical predictions.
  const meanKl = Math.max(0, klSum / count);
  return { value: Math.exp(meanKl), meanKl, sampleCount: count, classes };
}

/** The score from the classifier's logits [count, classes]. */
export function inceptionScore(
  logits: ArrayLike<number>,
  count: number,
  classes: number,
): InceptionScoreResult {
  return inceptionScoreFromLogProbs(logSoftmaxRows(logits, count, classes), count, classes);
}

function checkSize(length: number, count: number, classes: number): void {
  if (length !== count * classes) {
    throw new Error(`Expected ${count} x ${classes} = ${count * classes} values, got ${length}`);
  }
}
