// Checks of the generator that need no Python (tests/unit/python-export.test.ts runs the script).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE, withLoss } from '../config';
import { networkPlans } from '../models/network-plans';
import { generatePytorchScript } from './pytorch-script';
import { weightRows } from './weight-rows';

const here = path.dirname(new URL(import.meta.url).pathname);

describe('generatePytorchScript', () => {
  it('stays free of tfjs, so the page can call it without loading TensorFlow.js', () => {
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      expect(readFileSync(path.join(here, file), 'utf8'), file).not.toMatch(/@tensorflow/);
    }
  });

  it.each([
    [{ height: 28, width: 28, channels: 1 }, 'Generator', 'class Discriminator'],
    // Base width 16: the 3x4 projection has 16 x 8 channels.
    [{ height: 48, width: 64, channels: 3 }, 'Generator', 'x.view(-1, 3, 4, 128)'],
  ] as const)('writes the DCGAN for %o', (shape, cls, snippet) => {
    const script = generatePytorchScript(DEFAULT_DCGAN, shape, { datasetId: 'flags' });
    expect(script).toContain(`class ${cls}(nn.Module):`);
    expect(script).toContain(snippet);
    expect(script).toContain('"kind": "dcgan"');
    expect(script).not.toContain('class Encoder');
  });

  it('writes a layer-norm critic: nn.LayerNorm over [C, H, W], its weights permuted from [H, W, C]', () => {
    const config = withLoss(DEFAULT_DCGAN, 'wgan-gp', 'mnist');
    const script = generatePytorchScript(config, { height: 28, width: 28, channels: 1 });
    // Base width 16: the second convolution has 32 filters at 7x7.
    expect(script).toContain('self.d_conv2_ln = nn.LayerNorm((32, 7, 7), eps=1e-5)');
    expect(script).toContain('("d_conv2_ln/gamma", "d_conv2_ln.weight", "hwc", True),');
    expect(script).toContain('x = F.leaky_relu(self.d_conv2_ln(self.d_conv2(x)), 0.2)');
    expect(script).not.toContain('TfBatchNorm(32)');
  });

  it("gives the discriminator a features() method: d_flatten's output, which forward() reads", () => {
    const config = { ...DEFAULT_DCGAN, minibatchKernels: 8, discriminatorNorm: 'none' } as const;
    const script = generatePytorchScript(config, { height: 28, width: 28, channels: 1 });
    const discriminator = script.slice(script.indexOf('class Discriminator'));
    expect(discriminator).toMatch(
      /def features\(self, x\):[^]*return x\.permute\(0, 2, 3, 1\)\.flatten\(1\) {2}# \[b, 1568\]/,
    );
    expect(discriminator).toContain('x = self.features(x)  # [b, 1568]');
    expect(discriminator).toContain('x = F.leaky_relu(self.d_conv2(x), 0.2)  # [b, 32, 7, 7]');
    expect(script.slice(0, script.indexOf('class Discriminator'))).not.toContain('def features');
  });

  it('writes the VAE with encode instead of discriminate', () => {
    const script = generatePytorchScript(DEFAULT_VAE, { height: 64, width: 64, channels: 3 });
    expect(script).toContain('class Encoder(nn.Module):');
    expect(script).toContain('def cmd_encode(args):');
    expect(script).not.toContain('def cmd_discriminate(args):');
  });

  it('refuses an image size the playground cannot build either', () => {
    expect(() =>
      generatePytorchScript(DEFAULT_VAE, { height: 27, width: 27, channels: 1 }),
    ).toThrow(/cannot be halved/);
  });

  it('chains layer sizes from the latent vector to the image and back', () => {
    const shape = { height: 48, width: 64, channels: 3 } as const;
    for (const config of [DEFAULT_DCGAN, DEFAULT_VAE]) {
      const plans = networkPlans(config, shape);
      for (const plan of plans) {
        const strided = plan.layers.flatMap((l) =>
          l.type === 'conv' || l.type === 'deconv' ? [l] : [],
        );
        for (let i = 1; i < strided.length; i++) {
          expect(strided[i].inSize).toEqual(strided[i - 1].outSize);
          expect(strided[i].inChannels).toBe(strided[i - 1].outChannels);
        }
        const ends = plan.layers[0].type === 'dense' ? strided.at(-1)?.outSize : strided[0].inSize;
        expect(ends).toEqual({ height: 48, width: 64 });
        // Every weight maps to a distinct PyTorch tensor.
        const names = weightRows(plan).map((r) => r.torchName);
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });
});
