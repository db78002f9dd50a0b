import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { cliModelConfig, parseCliArgs, UsageError } from './args';

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

  it('needs no --out when a Layers export or a sample grid is the only output', () => {
    const args =
      '--model dcgan --dataset mnist --set conditional=true --steps 40 --export-layers d';
    expect(parse(args)).toMatchObject({ out: null, exportLayers: 'd', steps: 40 });
    expect(parse('--model vae --dataset mnist --samples g.png')).toMatchObject({ out: null });
  });

  it.each([
    ['--minutes 2', { minutes: 2, steps: null, epochs: null }],
    ['--minutes 0.5', { minutes: 0.5, steps: null, epochs: null }],
    ['--minutes .25', { minutes: 0.25, steps: null, epochs: null }],
    ['--minutes=3.', { minutes: 3, steps: null, epochs: null }],
    ['--minutes 0.001 --steps 1000', { minutes: 0.001, steps: 1000, epochs: null }],
    ['--epochs 2 --minutes 90', { minutes: 90, steps: null, epochs: 2 }],
    ['--steps 5', { minutes: null, steps: 5, epochs: null }],
  ])('takes a time budget: %s', (args, expected) => {
    expect(parse(`--model dcgan --dataset mnist --out w.json ${args}`)).toMatchObject(expected);
  });

  it.each([
    ['--minutes 0', /--minutes must be a number greater than 0 \(e\.g\. 0\.5\), got "0"/],
    ['--minutes 0.0', /--minutes must be a number greater than 0 .*got "0\.0"/],
    ['--minutes=-1', /--minutes must be a number greater than 0 .*got "-1"/],
    ['--minutes -1', /^Option '--minutes' argument is ambiguous\. Did you forget/],
    ['--minutes NaN', /--minutes must be a number greater than 0 .*got "NaN"/],
    ['--minutes abc', /--minutes must be a number greater than 0 .*got "abc"/],
    ['--minutes Infinity', /--minutes must be a number greater than 0 .*got "Infinity"/],
    ['--minutes 1e3', /--minutes must be a number greater than 0 .*got "1e3"/],
    ['--minutes 0x10', /--minutes must be a number greater than 0 .*got "0x10"/],
    ['--minutes=', /--minutes must be a number greater than 0 .*got ""/],
    ['--minutes', /^Option '--minutes <value>' argument missing$/],
  ])('refuses the time budget %s, on one line', (args, message) => {
    const run = () => parse(`--model dcgan --dataset mnist --out w.json ${args}`);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
    expect(run).not.toThrow(/\n/);
  });

  it("takes hyperparameters by name, typed by the model's field schema", () => {
    const o = parse(
      '--model dcgan --dataset mnist --out w.json --set lrD=1e-4 --set loss=hinge --set kernelSize=5',
    );
    expect(o.overrides).toEqual({ lrD: 1e-4, loss: 'hinge', kernelSize: 5 });
    expect(parse('--model vae --dataset mnist --out w.json').overrides).toEqual({});
    expect(
      parse('--model vae --dataset mnist --out w.json --set conditional=true').overrides,
    ).toEqual({ conditional: true });
    expect(() => parse('--model vae --dataset mnist --out w.json --set conditional=1')).toThrow(
      /conditional=1: .* must be true or false/,
    );
  });

  it("applies a loss's recommended settings, under the other --set values", () => {
    const wgan = cliModelConfig(
      parse('--model dcgan --dataset flags --out w.json --set loss=wgan-gp'),
    );
    expect(wgan).toMatchObject({ loss: 'wgan-gp', lrD: 1e-4, beta1: 0, dStepsPerG: 5 });
    expect(wgan).toMatchObject({ discriminatorNorm: 'layer', labelSmoothing: 0, batchSize: 32 });
    const mine = '--model dcgan --dataset mnist --out w.json --set dStepsPerG=2 --set loss=wgan-gp';
    expect(cliModelConfig(parse(`${mine} --set discriminatorNorm=none --batch 8`))).toMatchObject({
      loss: 'wgan-gp',
      dStepsPerG: 2,
      discriminatorNorm: 'none',
      batchSize: 8,
      lrG: 1e-4,
    });
    // Other losses keep the preset.
    const minimax = cliModelConfig(
      parse('--model dcgan --dataset flags --out w.json --set loss=minimax'),
    );
    expect(minimax).toEqual({ ...presetConfig('dcgan', 'flags'), loss: 'minimax' });
  });

  it('refuses WGAN-GP with label smoothing or a batch-norm critic, saying why', () => {
    const base = '--model dcgan --dataset mnist --out w.json --set loss=wgan-gp';
    expect(() => parse(`${base} --set labelSmoothing=0.1`)).toThrow(
      /Label smoothing \(0.1\) does not apply to WGAN-GP/,
    );
    expect(() => parse(`${base} --set discriminatorNorm=batch`)).toThrow(UsageError);
    expect(() => parse(`${base} --set discriminatorNorm=batch`)).toThrow(/without batch norm/);
  });

  it.each([
    ['--model dcgan --dataset mnist --out w.json --set lrD', /name=value/],
    ['--model dcgan --dataset mnist --out w.json --set lrD=', /name=value/],
    [
      '--model dcgan --dataset mnist --out w.json --set klWeight=2',
      /dcgan has no setting "klWeight"/,
    ],
    ['--model dcgan --dataset mnist --out w.json --set lrD=fast', /lrD=fast: .* must be a number/],
    ['--model dcgan --dataset mnist --out w.json --set lrD=1', /between 0.000001 and 0.1/],
    [
      '--model dcgan --dataset mnist --out w.json --set loss=wgan',
      /one of bce, minimax, lsgan, hinge, feature-matching, wgan-gp/,
    ],
    ['--model dcgan --dataset mnist --out w.json --set kernelSize=3', /one of 4, 5/],
    ['--model vae --dataset mnist --out w.json --set baseFilters=8.5', /whole number/],
    ['--model vae --dataset mnist --out w.json --set toString=1', /no setting "toString"/],
    ['--model vae --dataset mnist --out w.json --init a.json --set lr=1e-4', /cannot change a run/],
  ])('refuses --set in %s', (args, message) => {
    expect(() => parse(args)).toThrow(message);
  });

  it.each([
    ['--dataset mnist --out w.json', /--model is required/],
    ['--model gan --dataset mnist --out w.json', /unknown model "gan"/],
    ['--model vae --dataset cifar --out w.json', /unknown dataset "cifar" \(mnist, fashion/],
    ['--model vae --dataset mnist', /--out is required/],
    ['--model vae --dataset mnist --export-python py', /--export-python needs --out/],
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
