import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { exportLayersModel } from './layers-export';
import { batch, buildTinyGan, IMAGE, LATENT, trainStep, type TinyGan } from './tiny-gan.fixture';

let dir: string;
let gan: TinyGan;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'layers-export-'));
  gan = buildTinyGan(3);
  const rng = new Rng(9);
  for (let i = 0; i < 2; i++) trainStep(gan, batch(rng)); // moves the batch-norm statistics
});

afterAll(async () => {
  gan.dispose();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Loads model.json the way a static file server + tf.loadLayersModel would: read the JSON, then
 * every weights file its manifest names, relative to the JSON's folder.
 */
function fileHandler(modelPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await readFile(modelPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            const bytes = await readFile(join(dir, path));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

async function roundTrip(model: tf.LayersModel, name: string, input: tf.Tensor): Promise<void> {
  const out = await exportLayersModel(model, name);
  expect(out.weightsFileName).toBe(`${name}.weights.bin`);
  await writeFile(join(dir, out.modelFileName), out.modelJson);
  await writeFile(join(dir, out.weightsFileName), out.weightsBin);
  const loaded = await tf.loadLayersModel(fileHandler(join(dir, out.modelFileName)));
  const want = model.predict(input) as tf.Tensor;
  const got = loaded.predict(input) as tf.Tensor;
  expect(got.shape).toEqual(want.shape);
  expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
  // Every weight, batch-norm moving statistics included, made it into weights.bin.
  expect(loaded.weights.length).toBe(model.weights.length);
  tf.dispose([want, got]);
  loaded.dispose();
}

describe('tfjs Layers export', () => {
  it('writes model.json + weights.bin that tf.loadLayersModel loads with identical predictions', async () => {
    const rng = new Rng(11);
    const z = tf.tensor2d(rng.normals(5 * LATENT), [5, LATENT]);
    const x = tf.tensor4d(rng.normals(5 * 16), [5, IMAGE.height, IMAGE.width, IMAGE.channels]);
    await roundTrip(gan.nets.generator, 'generator', z);
    await roundTrip(gan.nets.discriminator, 'discriminator', x);
    tf.dispose([z, x]);
  });

  it('points the manifest at the weights file next to model.json and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const out = await exportLayersModel(gan.nets.generator);
    expect(tf.memory().numTensors).toBe(before);
    const json = JSON.parse(out.modelJson) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./generator.weights.bin']);
    const bytes = json.weightsManifest[0].weights.reduce(
      (n, w) => n + w.shape.reduce((a, b) => a * b, 4),
      0,
    );
    expect(out.weightsBin.byteLength).toBe(bytes);
  });
});
