// The record written next to each classifier's weights: how it was trained and how well it does.
// Read by docs, the quality bench and the loader (which checks the weights' hash against it).

export interface ClassifierInfo {
  readonly id: string;
  readonly datasetId: string;
  readonly labelNames: readonly string[];
  readonly featureLayer: string;
  readonly featureDim: number;
  /** Input pixels in [0, 1], [n, 28, 28, 1]. */
  readonly inputRange: 'unit';
  /** Fraction of the dataset's test split classified correctly. */
  readonly testAccuracy: number;
  readonly testCount: number;
  readonly trainCount: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRates: readonly number[];
  readonly seed: number;
  readonly backend: string;
  readonly trainSeconds: number;
  readonly parameters: number;
  /** SHA-256 of the weights file, hex. */
  readonly weightsSha256: string;
  readonly tfjsVersion: string;
}

export function parseClassifierInfo(text: string, where: string): ClassifierInfo {
  const raw = JSON.parse(text) as Partial<ClassifierInfo>;
  const need = ['id', 'datasetId', 'featureLayer', 'featureDim', 'testAccuracy'] as const;
  for (const key of need) {
    if (raw[key] === undefined) throw new Error(`${where} has no "${key}"`);
  }
  return raw as ClassifierInfo;
}
