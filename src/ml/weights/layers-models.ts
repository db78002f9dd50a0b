// What a run's tfjs Layers export holds, for the page's zip (src/worker/layers-zip.ts) and the
// CLI's --export-layers alike: which networks, under which names, the metadata every model.json
// carries, and a README saying how to load them and what their outputs mean.

import type * as tf from '@tensorflow/tfjs';
import type { DcganConfig, ModelConfig } from '../config';
import { decoderImageModel } from '../models/vae';
import { exportLayersModel } from './layers-export';

/**
 * The networks people load elsewhere, by export name: what turns noise into images, the VAE's
 * encoder, and the GAN's discriminator ('critic' for WGAN-GP) unless it has a layer stock tfjs
 * cannot load (minibatch discrimination is a custom layer).
 */
export function exportableModels(
  nets: Readonly<Record<string, tf.LayersModel>>,
  config: ModelConfig,
): Record<string, tf.LayersModel> {
  if (config.kind === 'vae') {
    return { encoder: nets.encoder, decoder: decoderImageModel(nets.decoder) };
  }
  if (!discriminatorExportable(config)) return { generator: nets.generator };
  return { generator: nets.generator, [discriminatorName(config)]: nets.discriminator };
}

function discriminatorExportable(config: DcganConfig): boolean {
  return config.minibatchKernels === 0;
}

function discriminatorName(config: DcganConfig): 'critic' | 'discriminator' {
  return config.loss === 'wgan-gp' ? 'critic' : 'discriminator';
}

/**
 * What every exported model.json records in tfjs's userDefinedMetadata: the loss, the settings
 * and a conditional model's class names (class i is the one-hot input's index i).
 */
export function layersMetadata(
  config: ModelConfig,
  classes: readonly string[] = [],
): { loss: string; model: ModelConfig; classes?: string[] } {
  return {
    loss: config.kind === 'dcgan' ? config.loss : `elbo-${config.likelihood}`,
    model: config,
    ...(classes.length === 0 ? {} : { classes: [...classes] }),
  };
}

/**
 * Every file of the export by path: `<name>/model.json` and its weights file per network (the
 * manifest points at ./<name>.weights.bin, so each folder stays whole), and README.txt.
 * `classes`: a conditional model's class names (empty for an unconditional one).
 */
export async function layersExportFiles(
  nets: Readonly<Record<string, tf.LayersModel>>,
  config: ModelConfig,
  title: string,
  classes: readonly string[] = [],
): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const models = exportableModels(nets, config);
  const metadata = layersMetadata(config, classes);
  for (const [name, model] of Object.entries(models)) {
    const exported = await exportLayersModel(model, name, metadata);
    files[`${name}/model.json`] = new TextEncoder().encode(exported.modelJson);
    files[`${name}/${exported.weightsFileName}`] = exported.weightsBin;
  }
  const readme = layersReadme(title, Object.keys(models), config, classes);
  files['README.txt'] = new TextEncoder().encode(readme);
  return files;
}

function layersReadme(
  title: string,
  names: readonly string[],
  config: ModelConfig,
  classes: readonly string[],
): string {
  const load = names
    .map((n) => `const ${n} = await tf.loadLayersModel('${n}/model.json');`)
    .join('\n');
  // A conditional model's networks take the class as a second input, one-hot [n, k].
  const y = classes.length === 0 ? '' : ' and the class y';
  const [z, x] = classes.length === 0 ? ['z', 'x'] : ['[z, y]', '[x, y]'];
  const use =
    config.kind === 'dcgan'
      ? [
          `generator.predict(${z}) maps z [n, latent]${y} to images [n, H, W, C] in [-1, 1] (tanh).`,
          discriminatorReadme(config, x, y),
        ].join('\n\n')
      : `encoder.predict(${x}) gives [mu, logVar] for images in [0, 1]; decoder.predict(${z}) gives images in [0, 1].`;
  return `${title}: tfjs Layers models exported from the GAN Playground.

Serve this folder over HTTP and load with TensorFlow.js:

${load}

${use}
${classes.length === 0 ? '' : `\n${classesReadme(classes)}\n`}
Each model.json records the loss and the model's settings in userDefinedMetadata
(model.getUserDefinedMetadata()).
`;
}

/** A conditional model's class input, and the class of each index. */
function classesReadme(classes: readonly string[]): string {
  const k = classes.length;
  const names = classes.map((name, i) => `${i} ${name}`).join(', ');
  return `The model is class-conditional: y is the class, one-hot [n, ${k}] (tf.oneHot(tf.tensor1d(indices, 'int32'), ${k}).toFloat()), by index: ${names}. The names are also in userDefinedMetadata.classes.`;
}

/**
 * What the discriminator's one output means under the run's loss; `x`: its input in the call,
 * `y`: how the class input is named after the images (empty when unconditional).
 */
function discriminatorReadme(config: DcganConfig, x: string, y: string): string {
  if (!discriminatorExportable(config)) {
    return 'The discriminator is not included: its minibatch-discrimination layer is not a stock tfjs layer.';
  }
  const name = discriminatorName(config);
  const call = `${name}.predict(${x}) maps images [n, H, W, C] in [-1, 1]${y} to one number each, [n, 1]`;
  switch (config.loss) {
    case 'bce':
    case 'minimax':
    case 'feature-matching':
      return `${call}: a logit; sigmoid(logit) is the probability the discriminator gives that x is a real image.`;
    case 'lsgan':
      return `${call}: a score trained by least squares towards 1 on real and 0 on generated images (no sigmoid).`;
    case 'hinge':
      return `${call}: a score trained to be at least +1 on real and at most -1 on generated images (no sigmoid).`;
    case 'wgan-gp':
      return `${call}: a critic's score with no sigmoid, not a probability. Only differences mean something: the mean score on real images minus the mean on generated ones estimates the Wasserstein distance between them.`;
  }
}
