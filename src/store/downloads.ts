// File names and contents for the page's downloads. Pure: the components hand the bytes to the
// browser (src/components/download.ts).

import { zipSync, strToU8 } from 'fflate';
import type { DatasetInfo } from '../datasets/types';
import type { ModelConfig, TrainConfig } from '../ml/config';
import { generatePytorchScript, pytorchReadme } from '../ml/export-python';

export interface DownloadFile {
  readonly fileName: string;
  readonly type: string;
  readonly bytes: BlobPart;
}

/** "mnist-dcgan-step120": the stem every download of a run shares. */
export function runFileStem(datasetId: string, kind: string, step: number): string {
  return `${datasetId}-${kind}-step${step}`;
}

/** The weights JSON ("Export weights"). */
export function weightsFileName(datasetId: string, kind: string, step: number): string {
  return `${runFileStem(datasetId, kind, step)}.json`;
}

/** The zipped tfjs Layers models. */
export function layersZipFileName(datasetId: string, kind: string, step: number): string {
  return `${runFileStem(datasetId, kind, step)}-tfjs.zip`;
}

/**
 * The run's PyTorch script and its README, zipped (two files, one download). `dataset`: its
 * image shape, and its classes for a conditional model.
 */
export function pytorchZip(
  config: ModelConfig,
  dataset: Pick<DatasetInfo, 'shape' | 'labelNames'>,
  datasetId: string,
  train: TrainConfig,
  step: number,
): DownloadFile {
  const { shape } = dataset;
  const stem = runFileStem(datasetId, config.kind, step);
  const meta = {
    datasetId,
    classes: dataset.labelNames,
    train,
    scriptName: `${datasetId}_${config.kind}.py`,
    // The name "Export weights" gives the same run's weights now.
    weightsFileName: weightsFileName(datasetId, config.kind, step),
  };
  const zip = zipSync({
    [meta.scriptName]: strToU8(generatePytorchScript(config, shape, meta)),
    'README.md': strToU8(pytorchReadme(config, shape, meta)),
  });
  return { fileName: `${stem}-pytorch.zip`, type: 'application/zip', bytes: zip as BlobPart };
}
