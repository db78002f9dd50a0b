// Generates the faces splits: face k of a split gets its own generator from a seed that no
// other face of either split shares, draws its parameters, and is rendered into the split's
// image array. Work is done in chunks with a pause between them so a worker stays responsive.

import { Rng, hashSeed } from '../../lib/rng';
import type { DatasetSplit } from '../types';
import { ATTRIBUTE_KEYS, type FaceParams, sampleFaceParams, writeAttributes } from './params';
import { FACE_BYTES, renderFace } from './render';

export type FaceSplit = 'train' | 'test';

/** Test faces count from here, so train and test face numbers never meet (for < 2^31 faces). */
const TEST_OFFSET = 0x80000000;

/**
 * Seed of one face. hashSeed is a bijection on 32-bit integers, so distinct face numbers give
 * distinct generator states: train and test draw from disjoint seeds.
 */
export function faceSeed(datasetSeed: number, split: FaceSplit, index: number): number {
  const number = (split === 'train' ? index : TEST_OFFSET + index) >>> 0;
  return (hashSeed(datasetSeed) + number) >>> 0;
}

export function faceParamsAt(datasetSeed: number, split: FaceSplit, index: number): FaceParams {
  return sampleFaceParams(new Rng(faceSeed(datasetSeed, split, index)));
}

/** Lets the event loop run (messages, timers) between chunks. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface GenerateOptions {
  readonly datasetSeed: number;
  readonly split: FaceSplit;
  readonly count: number;
  /** Faces rendered between pauses. */
  readonly chunk?: number;
  /** Called with this split's progress 0..1 after each chunk. */
  readonly onChunk?: (fraction: number) => void;
}

export async function generateSplit(options: GenerateOptions): Promise<DatasetSplit> {
  // 128 faces take a few tens of milliseconds: short enough for the worker to answer messages.
  const { datasetSeed, split, count, chunk = 128, onChunk } = options;
  const images = new Uint8Array(count * FACE_BYTES);
  const labels = new Uint16Array(count);
  const attributes = new Float32Array(count * ATTRIBUTE_KEYS.length);
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    for (let k = start; k < end; k++) {
      const params = faceParamsAt(datasetSeed, split, k);
      renderFace(params, images, k * FACE_BYTES);
      labels[k] = faceLabel(params);
      writeAttributes(params, attributes, k);
    }
    onChunk?.(end / count);
    await pause();
  }
  return { images, labels, count, attributes };
}

/** The class label of a face: its hair style (see FACE_LABEL_NAMES). */
export function faceLabel(params: FaceParams): number {
  return params.hairStyle;
}
