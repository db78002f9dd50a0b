// Which bundled classifier scores which dataset. Only the 28x28 grey sets have one; colour sets
// (flags, faces, a user's folder) are scored by nearest-neighbour and pixel statistics instead.

export type ClassifierId = 'mnist' | 'fashion';

export interface ClassifierEntry {
  readonly id: ClassifierId;
  /** The dataset whose training split taught it and whose test split measured it. */
  readonly datasetId: string;
  readonly classes: number;
}

export const CLASSIFIERS: readonly ClassifierEntry[] = [
  { id: 'mnist', datasetId: 'mnist', classes: 10 },
  { id: 'fashion', datasetId: 'fashion', classes: 10 },
];

/** The classifier for a dataset, or null when none exists (colour sets). */
export function classifierFor(datasetId: string): ClassifierEntry | null {
  return CLASSIFIERS.find((c) => c.datasetId === datasetId) ?? null;
}

/** File names inside public/classifiers/<id>/. */
export const CLASSIFIER_FILES = {
  model: 'model.json',
  /** Written by datasets/build/train-classifier.ts: accuracy, seed, epochs, hash of the weights. */
  info: 'info.json',
} as const;
