// The import size limit (MAX_WEIGHTS_FILE_BYTES) against the files the app itself writes: every
// preset model on every bundled dataset, saved with Adam state, must fit with room to spare, so
// people can widen a model a good deal before its file stops loading.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listDatasets } from '../../datasets/registry';
import { presetConfig, type ModelKind } from '../config';
import { createRuntime } from '../train/create-runtime';
import { MAX_WEIGHTS_FILE_BYTES } from './format';

/** Headroom the limit must leave above the largest preset's file. */
const HEADROOM = 4;

/** Bytes of the tensors in a file: float32 values, base64 (4 characters per 3 bytes). */
function base64Bytes(values: number): number {
  return Math.ceil((values * 4) / 3) * 4;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weights file size limit', () => {
  it(`holds every preset model with Adam state ${HEADROOM} times over`, () => {
    const sizes: string[] = [];
    let largest = 0;
    for (const info of listDatasets()) {
      for (const kind of ['dcgan', 'vae'] as ModelKind[]) {
        const runtime = createRuntime(presetConfig(kind, info.id), info.shape, 1);
        try {
          let values = 0;
          for (const model of Object.values(runtime.nets)) {
            for (const w of model.weights)
              values += w.shape.reduce((n: number, d) => n * (d ?? 1), 1);
          }
          // Adam keeps two moments per variable it steps.
          for (const slot of Object.values(runtime.optimizers)) {
            for (const v of slot.variables) values += 2 * v.size;
          }
          const bytes = base64Bytes(values);
          largest = Math.max(largest, bytes);
          sizes.push(`${info.id} ${kind}: ${(bytes / 2 ** 20).toFixed(1)} MB`);
        } finally {
          runtime.dispose();
        }
      }
    }
    console.info(`weights files with Adam state: ${sizes.join(', ')}`);
    expect(largest * HEADROOM).toBeLessThanOrEqual(MAX_WEIGHTS_FILE_BYTES);
    // The limit still refuses the 200 MB files the import faults are tested with.
    expect(MAX_WEIGHTS_FILE_BYTES).toBeLessThan(200 * 2 ** 20);
  });
});
