// Class coverage of generated samples: how the classifier spreads them over the classes. A
// generator that covers every class evenly has exp(entropy) = number of classes; one stuck on a
// single mode has 1. Below a threshold the run is flagged as (partly) mode-collapsed.

/** Default collapse threshold as a fraction of the class count (7 of 10 classes). */
export const COLLAPSE_FRACTION = 0.7;

export interface CoverageResult {
  /** Samples predicted as each class. */
  readonly counts: readonly number[];
  readonly classes: number;
  /** exp(entropy) of the predicted-class histogram, between 1 and `classes`. */
  readonly effectiveClasses: number;
  /** True when effectiveClasses < collapseThreshold. */
  readonly collapsed: boolean;
  readonly collapseThreshold: number;
  /** Classes no sample was predicted as. */
  readonly missing: readonly number[];
  /** Mean softmax probability of the predicted class (how recognisable samples are). */
  readonly meanConfidence: number;
}

/** Counts of each class index in `predictions`. */
export function classHistogram(predictions: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < predictions.length; i++) {
    const c = predictions[i];
    if (!(c >= 0 && c < classes)) throw new Error(`Class ${c} out of range 0..${classes - 1}`);
    counts[c]++;
  }
  return counts;
}

/** exp of the Shannon entropy (nats) of a histogram: the "effective number" of classes. */
export function effectiveClasses(counts: readonly number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return 0;
  let entropy = 0;
  for (const c of counts) {
    if (c > 0) {
      const p = c / total;
      entropy -= p * Math.log(p);
    }
  }
  return Math.exp(entropy);
}

export function classCoverage(
  predictions: ArrayLike<number>,
  classes: number,
  options: { confidence?: ArrayLike<number>; collapseThreshold?: number } = {},
): CoverageResult {
  const counts = classHistogram(predictions, classes);
  const effective = effectiveClasses(counts);
  const threshold = options.collapseThreshold ?? COLLAPSE_FRACTION * classes;
  let confidence = 0;
  if (options.confidence && options.confidence.length > 0) {
    for (let i = 0; i < options.confidence.length; i++) confidence += options.confidence[i];
    confidence /= options.confidence.length;
  }
  return {
    counts,
    classes,
    effectiveClasses: effective,
    collapsed: effective < threshold,
    collapseThreshold: threshold,
    missing: counts.flatMap((c, i) => (c === 0 ? [i] : [])),
    meanConfidence: confidence,
  };
}
