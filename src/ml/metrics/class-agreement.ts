// Class agreement of a class-conditional model: how often the bundled classifier sees, in a sample
// drawn for class c, class c. A model that ignores its class input agrees about 1 time in k (k
// classes, each asked equally often); one that draws every class on demand agrees about as often
// as the classifier is right on real images. It rewards obeying the class, not image quality: a
// blurry but recognisable digit agrees, and so does the same digit drawn a thousand times.

/** The most probable class of each row of row-major probabilities (or logits) [n, classes]. */
export function predictedClasses(scores: ArrayLike<number>, classes: number): Int32Array {
  if (!(classes > 0) || scores.length % classes !== 0) {
    throw new Error(`${scores.length} scores do not make rows of ${classes} classes`);
  }
  const n = scores.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (scores[i * classes + c] > scores[i * classes + best]) best = c;
    }
    out[i] = best;
  }
  return out;
}

/** Fraction in [0, 1] of samples whose predicted class is the class they were drawn for. */
export function classAgreement(predictions: ArrayLike<number>, asked: ArrayLike<number>): number {
  checkPairs(predictions, asked);
  let agreed = 0;
  for (let i = 0; i < asked.length; i++) if (predictions[i] === asked[i]) agreed++;
  return agreed / asked.length;
}

/**
 * Agreement among the samples asked for each class (index = class), null for a class no sample
 * was asked for: shows which classes a model has not learned to draw on demand.
 */
export function classAgreementByClass(
  predictions: ArrayLike<number>,
  asked: ArrayLike<number>,
  classes: number,
): (number | null)[] {
  checkPairs(predictions, asked);
  const askedCount = new Array<number>(classes).fill(0);
  const agreed = new Array<number>(classes).fill(0);
  for (let i = 0; i < asked.length; i++) {
    const c = asked[i];
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) {
      throw new Error(`Asked class ${c} is out of range 0..${classes - 1}`);
    }
    askedCount[c]++;
    if (predictions[i] === c) agreed[c]++;
  }
  return askedCount.map((n, c) => (n === 0 ? null : agreed[c] / n));
}

function checkPairs(predictions: ArrayLike<number>, asked: ArrayLike<number>): void {
  if (predictions.length !== asked.length) {
    throw new Error(`${predictions.length} predictions for ${asked.length} asked classes`);
  }
  if (asked.length === 0) throw new Error('Class agreement needs at least one sample');
}
