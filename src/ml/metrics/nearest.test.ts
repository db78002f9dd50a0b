import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { nearestTraining, nearestTrainingExact } from './nearest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const P = 12 * 16 * 3; // a 12x16 RGB image

function randomImages(count: number, rng: Rng): Uint8Array {
  return Uint8Array.from({ length: count * P }, () => rng.int(256));
}

describe('nearestTraining', () => {
  it('finds an exact copy of a training image at distance 0 and flags it', async () => {
    const rng = new Rng(1);
    const train = { images: randomImages(600, rng), count: 600 }; // more than one chunk
    const samples = new Float32Array(3 * P);
    // Sample 0 copies training image 417, sample 1 is image 5 plus a little noise, sample 2 is noise.
    for (let k = 0; k < P; k++) {
      samples[k] = train.images[417 * P + k] / 255;
      samples[P + k] = Math.min(
        1,
        Math.max(0, train.images[5 * P + k] / 255 + 0.01 * rng.normal()),
      );
      samples[2 * P + k] = rng.next();
    }
    const before = tf.memory().numTensors;
    const result = await nearestTraining(samples, train, P);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.indices[0]).toBe(417);
    expect(result.distances[0]).toBe(0);
    expect(result.indices[1]).toBe(5);
    expect(result.distances[1]).toBeGreaterThan(0.005);
    expect(result.distances[1]).toBeLessThan(0.015);
    expect(result.distances[2]).toBeGreaterThan(0.3); // unrelated uniform noise
    expect(result.minDistance).toBe(0);
    expect(result.memorizedFraction).toBeCloseTo(2 / 3, 12);
  });

  it('agrees with the brute-force reference on random data', async () => {
    const rng = new Rng(7);
    const train = { images: randomImages(300, rng), count: 300 };
    const samples = Float32Array.from({ length: 20 * P }, () => rng.next());
    const fast = await nearestTraining(samples, train, P);
    const exact = nearestTrainingExact(samples, train, P);
    expect(Array.from(fast.indices)).toEqual(Array.from(exact.indices));
    fast.distances.forEach((d, i) => expect(d).toBeCloseTo(exact.distances[i], 6));
    expect(fast.medianDistance).toBeCloseTo(exact.medianDistance, 6);
  });
});
