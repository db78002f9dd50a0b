import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { applyWeights } from './apply';
import { parseWeightsFile } from './parse';
import { serializeWeights } from './serialize';
import {
  batch,
  buildTinyGan,
  maxDiff,
  snapshot,
  tinyMeta,
  trainStep,
  type TinyGan,
} from './tiny-gan.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const built: TinyGan[] = [];
afterEach(() => {
  for (const g of built.splice(0)) g.dispose();
});

/** Trains k steps, exports, imports into fresh nets + optimizers; returns both and the next batch. */
async function exportAndResume(k: number, withOptimizer: boolean) {
  const original = buildTinyGan(1);
  const resumed = buildTinyGan(2);
  built.push(original, resumed);
  const rng = new Rng(42);
  for (let i = 0; i < k; i++) trainStep(original, batch(rng));
  const text = await serializeWeights(
    tinyMeta({ step: k }),
    original.nets,
    withOptimizer ? original.optimizers : null,
  );
  await applyWeights(parseWeightsFile(text), resumed.nets, resumed.optimizers);
  return { original, resumed, next: batch(rng) };
}

describe('resuming from a weights file', () => {
  it('takes exactly the same next step when the optimizer state is included', async () => {
    const { original, resumed, next } = await exportAndResume(3, true);
    expect(maxDiff(snapshot(resumed.nets), snapshot(original.nets))).toBe(0);
    trainStep(original, next);
    trainStep(resumed, next);
    const diff = maxDiff(snapshot(resumed.nets), snapshot(original.nets));
    // Adam's bias-correction powers are recomputed as beta^(t+1) on restore instead of being
    // multiplied up step by step, which may differ in the last float32 bit.
    expect(diff).toBeLessThanOrEqual(1e-7);
    // And one more step, to see the moments themselves were carried over, not just the weights.
    const after = batch(new Rng(43));
    trainStep(original, after);
    trainStep(resumed, after);
    expect(maxDiff(snapshot(resumed.nets), snapshot(original.nets))).toBeLessThanOrEqual(1e-7);
  });

  it('takes a different step without the optimizer state (the check above can fail)', async () => {
    const { original, resumed, next } = await exportAndResume(3, false);
    trainStep(original, next);
    trainStep(resumed, next);
    expect(maxDiff(snapshot(resumed.nets), snapshot(original.nets))).toBeGreaterThan(1e-4);
  });
});
