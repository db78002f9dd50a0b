// The README written next to a generated model.py: the commands for this run, ready to paste.

import type { ImageShape } from '../../datasets/types';
import type { ModelConfig } from '../config';
import {
  DEFAULT_SCRIPT_NAME,
  DEFAULT_WEIGHTS_NAME,
  type PytorchScriptMeta,
} from './pytorch-script';

const GAN_LOSSES_ON_GPUS = `
Every loss trains this way, WGAN-GP's gradient penalty (a gradient of a gradient) included;
feature matching compares feature means over the whole batch, not each GPU's share.
`;

export function pytorchReadme(
  config: ModelConfig,
  shape: ImageShape,
  meta: PytorchScriptMeta = {},
): string {
  const script = meta.scriptName ?? DEFAULT_SCRIPT_NAME;
  const weights = meta.weightsFileName ?? DEFAULT_WEIGHTS_NAME;
  const dataset = meta.datasetId ?? 'custom';
  const kind = config.kind === 'dcgan' ? 'DCGAN' : 'VAE';
  const score =
    config.kind === 'dcgan'
      ? `python3 ${script} discriminate --weights ${weights} --images images.npy --npy logits.npy`
      : `python3 ${script} encode --weights ${weights} --images images.npy --mu mu.npy --logvar logvar.npy`;
  return `# ${kind} for ${dataset} (${shape.height}x${shape.width}x${shape.channels}) in PyTorch

\`${script}\` rebuilds this run's networks in PyTorch, layer for layer, and reads and writes the
playground's weights JSON (\`${weights}\`). It needs Python 3 with PyTorch and numpy (Pillow
only to read a folder of images). Weights from the playground give the same outputs here, to
float32 rounding, and weights trained here load back into the playground.

Sample images (a PNG grid, and/or the raw values for given latent vectors):

    python3 ${script} sample --weights ${weights} --png samples.png
    python3 ${script} sample --weights ${weights} --latents z.npy --npy images.npy

Score images (\`images.npy\`: [n, ${shape.height}, ${shape.width}, ${shape.channels}] uint8 pixels):

    ${score}

Continue training on one GPU (the data: a folder of images or an .npy of uint8 pixels):

    python3 ${script} train --weights ${weights} --data images/ --epochs 10 --out trained.json --device cuda

On several GPUs of one machine (the run's batch size of ${config.batchSize} is split over the GPUs):

    torchrun --nproc_per_node=4 ${script} train --weights ${weights} --data images/ --epochs 10 --out trained.json
${config.kind === 'dcgan' ? GAN_LOSSES_ON_GPUS : ''}
(Debian's PyTorch 1.13 under Python 3.11 needs \`torchrun --redirects 2 --tee 2 ...\`: its default
\`--redirects 0\` no longer parses there. PyTorch from pip does not.)

Back in the playground, import \`trained.json\` with "Import weights", or continue on the
command line: \`npm run train -- --model ${config.kind} --dataset ${dataset} --init trained.json --out next.json\`.

\`python3 ${script} --help\` lists every option; docs/pytorch-export.md explains the details.
`;
}
