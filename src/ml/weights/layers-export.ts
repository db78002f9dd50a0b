// Exports one network in the standard tfjs Layers format: model.json + one weights .bin file,
// loadable by plain tf.loadLayersModel. Goes through tf.io.withSaveHandler because
// model.save('downloads://') needs a document and fails inside a worker.

import * as tf from '@tensorflow/tfjs';

export interface LayersExport {
  /** model.json text: topology plus a manifest pointing at `./<weightsFileName>`. */
  readonly modelJson: string;
  readonly weightsBin: Uint8Array;
  readonly weightsFileName: string;
  /** Suggested name for modelJson; the manifest path is relative, so keep both in one folder. */
  readonly modelFileName: string;
}

/**
 * `name` (default: the model's own name) becomes `<name>.json` and `<name>.weights.bin`;
 * `metadata` goes into model.json's userDefinedMetadata (tf.LayersModel.getUserDefinedMetadata).
 */
export async function exportLayersModel(
  model: tf.LayersModel,
  name?: string,
  metadata?: object,
): Promise<LayersExport> {
  const base = safeFileName(name ?? model.name);
  const weightsFileName = `${base}.weights.bin`;
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // TypeScript cannot see the assignment inside the callback, hence the re-typing.
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (artifacts === null || artifacts.weightSpecs === undefined) {
    throw new Error(`Saving ${base} produced no weights.`);
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${weightsFileName}`], weights: artifacts.weightSpecs }],
    ...(metadata === undefined ? {} : { userDefinedMetadata: { ...metadata } }),
  };
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  return {
    modelJson: JSON.stringify(modelJson),
    weightsBin: new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData)),
    weightsFileName,
    modelFileName: `${base}.json`,
  };
}

function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return cleaned.length > 0 ? cleaned : 'model';
}
