// The run's networks in the standard tfjs Layers format, zipped into one download: the generator
// (DCGAN) or the encoder and the decoder with its sigmoid (VAE), each as <name>/model.json plus
// its weights file, loadable with tf.loadLayersModel. Runs in the worker, where the models live.

import type * as tf from '@tensorflow/tfjs';
import { zipSync, strToU8 } from 'fflate';
import { decoderImageModel } from '../ml/models/vae';
import type { ModelRuntime } from '../ml/train/runtime';
import { exportLayersModel } from '../ml/weights/layers-export';

/** The models people load elsewhere: what turns noise into images, and the VAE's encoder. */
export function exportableModels(runtime: ModelRuntime): Record<string, tf.LayersModel> {
  const nets = runtime.nets;
  return runtime.kind === 'dcgan'
    ? { generator: nets.generator }
    : { encoder: nets.encoder, decoder: decoderImageModel(nets.decoder) };
}

export async function layersZip(runtime: ModelRuntime, title: string): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const names: string[] = [];
  for (const [name, model] of Object.entries(exportableModels(runtime))) {
    const exported = await exportLayersModel(model, name);
    // model.json's manifest points at ./<name>.weights.bin: keep both in one folder.
    files[`${name}/model.json`] = strToU8(exported.modelJson);
    files[`${name}/${exported.weightsFileName}`] = exported.weightsBin;
    names.push(name);
  }
  files['README.txt'] = strToU8(readme(title, names, runtime.kind));
  // Level 0: float32 weights barely compress, and storing keeps the worker's time short.
  return zipSync(files, { level: 0 });
}

function readme(title: string, names: readonly string[], kind: 'dcgan' | 'vae'): string {
  const load = names
    .map((n) => `const ${n} = await tf.loadLayersModel('${n}/model.json');`)
    .join('\n');
  const use =
    kind === 'dcgan'
      ? 'generator.predict(z) maps z [n, latent] to images [n, H, W, C] in [-1, 1] (tanh).'
      : 'encoder.predict(x) gives [mu, logVar] for images in [0, 1]; decoder.predict(z) gives images in [0, 1].';
  return `${title}: tfjs Layers models exported from the GAN Playground.

Serve this folder over HTTP and load with TensorFlow.js:

${load}

${use}
`;
}
