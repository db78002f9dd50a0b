import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args';

const ids = ['mnist', 'fashion', 'flags', 'faces'];
const parse = (s: string) => parseCliArgs(s.split(' ').filter(Boolean), ids);

describe('CLI arguments', () => {
  it('parses a full command line', () => {
    const o = parse(
      '--model vae --dataset faces --steps 20 --batch 16 --latent 8 --seed 3 --backend wasm --init a.json --out b.json --export-layers dir',
    );
    expect(o).toMatchObject({
      model: 'vae',
      dataset: 'faces',
      steps: 20,
      epochs: null,
      batch: 16,
      latent: 8,
      seed: 3,
      backend: 'wasm',
      init: 'a.json',
      out: 'b.json',
      exportLayers: 'dir',
      includeOptimizer: true,
    });
  });

  it('defaults to one epoch on the wasm backend with seed 1', () => {
    const o = parse('--model dcgan --dataset mnist --out w.json');
    expect(o).toMatchObject({ steps: null, epochs: 1, backend: 'wasm', seed: 1 });
  });

  it.each([
    ['--dataset mnist --out w.json', /--model is required/],
    ['--model gan --dataset mnist --out w.json', /unknown model "gan"/],
    ['--model vae --dataset cifar --out w.json', /unknown dataset "cifar" \(mnist, fashion/],
    ['--model vae --dataset mnist', /--out is required/],
    ['--model vae --dataset mnist --out w.json --steps 3 --epochs 1', /not both/],
    ['--model vae --dataset mnist --out w.json --steps 2.5', /--steps must be a whole number/],
    ['--model vae --dataset mnist --out w.json --batch 1', /at least 2/],
    ['--model vae --dataset mnist --out w.json --backend webgl', /unknown backend "webgl"/],
    ['--model vae --dataset mnist --out w.json --bogus 1', /bogus/],
  ])('refuses %s', (args, message) => {
    expect(() => parse(args)).toThrow(UsageError);
    expect(() => parse(args)).toThrow(message);
  });
});
