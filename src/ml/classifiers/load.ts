// Loads a bundled classifier (tfjs Layers format: model.json + weights .bin, plus info.json)
// through a ByteSource: fetch in the page and the worker, the file system in Node. The weights'
// SHA-256 is checked against info.json, so a stale or damaged file fails loudly.

import * as tf from '@tensorflow/tfjs';
import type { ByteSource } from '../../datasets/types';
import { CLASSIFIER_FILES } from './catalog';
import { Classifier } from './classifier';
import { parseClassifierInfo, type ClassifierInfo } from './info';

/** A classifier's files, read and checked, as plain data (no tensors): cheap to keep around. */
export interface ClassifierArtifacts {
  readonly info: ClassifierInfo;
  readonly modelTopology: tf.io.ModelJSON['modelTopology'];
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightData: ArrayBuffer;
}

/** Reads and checks a classifier, then builds it. Dispose the result when done. */
export async function loadClassifier(id: string, source: ByteSource): Promise<Classifier> {
  return classifierFromArtifacts(await readClassifierArtifacts(id, source));
}

/** Builds the network from artifacts read earlier: its weights become tensors until dispose(). */
export async function classifierFromArtifacts(artifacts: ClassifierArtifacts): Promise<Classifier> {
  const net = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
      weightData: artifacts.weightData,
    }),
  );
  return new Classifier(artifacts.info, net);
}

/** Reads public/classifiers/<id>/ through `source` and checks the weights against info.json. */
export async function readClassifierArtifacts(
  id: string,
  source: ByteSource,
): Promise<ClassifierArtifacts> {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const info = parseClassifierInfo(
    text(await source(`${id}/${CLASSIFIER_FILES.info}`)),
    `${id}/${CLASSIFIER_FILES.info}`,
  );
  const modelJson = JSON.parse(
    text(await source(`${id}/${CLASSIFIER_FILES.model}`)),
  ) as tf.io.ModelJSON;
  const manifest = modelJson.weightsManifest;
  if (manifest === undefined || manifest.length === 0) {
    throw new Error(`${id}/${CLASSIFIER_FILES.model} lists no weights`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) parts.push(await source(`${id}/${p.replace(/^\.\//, '')}`));
  }
  const weights = concat(parts);
  const hash = await sha256Hex(weights);
  if (hash !== info.weightsSha256) {
    throw new Error(
      `The ${id} classifier's weights do not match info.json (sha256 ${hash.slice(0, 12)}..., ` +
        `expected ${String(info.weightsSha256).slice(0, 12)}...). Re-run datasets/build/train-classifier.ts.`,
    );
  }
  return {
    info,
    modelTopology: modelJson.modelTopology,
    weightSpecs: specs,
    weightData: weights.buffer.slice(
      weights.byteOffset,
      weights.byteOffset + weights.byteLength,
    ) as ArrayBuffer,
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Hex SHA-256 via Web Crypto (present in browsers, workers and Node >= 19). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const copy = new Uint8Array(bytes); // a plain ArrayBuffer-backed copy, as digest() wants
  const digest = await crypto.subtle.digest('SHA-256', copy);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
