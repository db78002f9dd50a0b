import { describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE, PRESETS, presetConfig } from '../ml/config';
import {
  DEFAULT_SAMPLE_EVERY,
  describeIgnored,
  modelConfigFor,
  parsePageOptions,
  queryWithoutSetup,
  setupHash,
  type ShareableSetup,
} from './url-params';

describe('parsePageOptions', () => {
  it('gives defaults for an empty query', () => {
    expect(parsePageOptions('')).toEqual({
      backend: 'auto',
      wasmThreads: true,
      wasmThreadCount: null,
      checkpointEverySeconds: null,
      datasetId: null,
      modelKind: null,
      stepsPerEpoch: null,
      sampleEverySteps: DEFAULT_SAMPLE_EVERY,
      seed: 1,
      modelOverrides: {},
    });
  });

  it('reads the backend, run options and model fields', () => {
    const o = parsePageOptions(
      '?backend=wasm&threads=0&dataset=flags&model=vae&stepsPerEpoch=6&sampleEvery=2&seed=42&batchSize=16&likelihood=gaussian',
    );
    expect(o).toMatchObject({
      backend: 'wasm',
      wasmThreads: false,
      datasetId: 'flags',
      modelKind: 'vae',
      stepsPerEpoch: 6,
      sampleEverySteps: 2,
      seed: 42,
      modelOverrides: { batchSize: 16, likelihood: 'gaussian' },
    });
  });

  it('falls back to defaults for unknown or invalid values', () => {
    const o = parsePageOptions(
      '?backend=quantum&model=gpt&stepsPerEpoch=-3&sampleEvery=x&seed=1.5&color=red',
    );
    expect(o.backend).toBe('auto');
    expect(o.modelKind).toBeNull();
    expect(o.stepsPerEpoch).toBeNull();
    expect(o.sampleEverySteps).toBe(DEFAULT_SAMPLE_EVERY);
    expect(o.seed).toBe(1);
    expect(o.modelOverrides).toEqual({});
  });

  it('reads the hash too, and the hash wins over the query', () => {
    const o = parsePageOptions('?seed=5&batchSize=16&backend=wasm', '#seed=9&model=vae');
    expect(o).toMatchObject({
      seed: 9,
      modelKind: 'vae',
      backend: 'wasm',
      modelOverrides: { batchSize: 16 },
    });
  });
});

describe('modelConfigFor', () => {
  it('applies valid overrides of the right kind over the dataset preset', () => {
    const config = modelConfigFor('dcgan', 'flags', { batchSize: 8, lr: 0.5, baseFilters: 9999 });
    expect(config).toEqual({ ...DEFAULT_DCGAN, ...PRESETS.flags.dcgan, batchSize: 8 });
  });

  it('reads a wasm thread count of 1 to 8 and ignores anything else', () => {
    expect(parsePageOptions('?threads=1')).toMatchObject({ wasmThreads: true, wasmThreadCount: 1 });
    expect(parsePageOptions('?threads=8').wasmThreadCount).toBe(8);
    for (const bad of ['9', '-2', '1.5', 'two', ''])
      expect(parsePageOptions(`?threads=${bad}`).wasmThreadCount).toBeNull();
  });

  it('ignores a field of the other model kind and a bad choice', () => {
    expect(modelConfigFor('vae', 'mnist', { lrG: 0.01, likelihood: 'poisson' })).toEqual(
      DEFAULT_VAE,
    );
  });
});

describe('setupHash', () => {
  const setup: ShareableSetup = {
    datasetId: 'flags',
    model: { ...DEFAULT_VAE, ...PRESETS.flags.vae, lr: 2.5e-4, klWeight: 0.5 },
    seed: 123,
    stepsPerEpoch: 10,
    sampleEverySteps: 5,
    backend: 'wasm',
    wasmThreads: false,
    wasmThreadCount: null,
  };

  it('writes only what differs from the defaults and the preset', () => {
    const hash = setupHash(setup);
    expect(hash.startsWith('#')).toBe(true);
    const keys = [...new URLSearchParams(hash.slice(1)).keys()].sort();
    expect(keys).toEqual(
      [
        'backend',
        'dataset',
        'klWeight',
        'lr',
        'model',
        'sampleEvery',
        'seed',
        'stepsPerEpoch',
        'threads',
      ].sort(),
    );
  });

  it('round-trips through parsePageOptions to the same setup', () => {
    const o = parsePageOptions('', setupHash(setup));
    expect(o).toMatchObject({
      datasetId: 'flags',
      modelKind: 'vae',
      seed: 123,
      stepsPerEpoch: 10,
      sampleEverySteps: 5,
      backend: 'wasm',
      wasmThreads: false,
    });
    expect(modelConfigFor('vae', 'flags', o.modelOverrides)).toEqual(setup.model);
  });

  it('carries a toggle through the link as true or false', () => {
    const model = { ...DEFAULT_VAE, ...PRESETS.flags.vae, conditional: true };
    const hash = setupHash({ ...setup, model });
    expect(hash).toContain('conditional=true');
    const o = parsePageOptions('', hash);
    expect(modelConfigFor('vae', 'flags', o.modelOverrides)).toEqual(model);
    const bad = parsePageOptions('', '#model=vae&conditional=maybe');
    expect(bad.ignored).toEqual([
      { key: 'conditional', value: 'maybe', reason: 'must be true or false' },
    ]);
  });

  it('keeps a chosen thread count in the link', () => {
    const hash = setupHash({ ...setup, wasmThreads: true, wasmThreadCount: 1 });
    expect(parsePageOptions('', hash)).toMatchObject({ wasmThreads: true, wasmThreadCount: 1 });
  });

  it('gives a preset setup a short link', () => {
    const hash = setupHash({
      ...setup,
      model: presetConfig('dcgan', 'mnist'),
      datasetId: 'mnist',
      stepsPerEpoch: null,
      sampleEverySteps: DEFAULT_SAMPLE_EVERY,
      backend: 'auto',
      wasmThreads: true,
    });
    expect(hash).toBe('#dataset=mnist&model=dcgan&seed=123');
  });
});

describe('queryWithoutSetup', () => {
  it('drops the keys the hash carries and keeps the rest', () => {
    expect(queryWithoutSetup('?backend=wasm&batchSize=16&utm=x')).toBe('?utm=x');
    expect(queryWithoutSetup('?seed=2')).toBe('');
  });
});

describe('links with a loss', () => {
  it('bring the loss its recommended settings, under the values the link gives', () => {
    const o = parsePageOptions('', '#dataset=flags&loss=wgan-gp&dStepsPerG=3');
    expect(o.ignored).toBeUndefined();
    expect(modelConfigFor('dcgan', 'flags', o.modelOverrides)).toEqual({
      ...presetConfig('dcgan', 'flags'),
      ...{ loss: 'wgan-gp', lrG: 1e-4, lrD: 1e-4, beta1: 0, beta2: 0.9, dStepsPerG: 3 },
      ...{ discriminatorNorm: 'layer', labelSmoothing: 0 },
    });
  });

  it('repair WGAN-GP with label smoothing or a batch-norm critic and say why', () => {
    const o = parsePageOptions('', '#loss=wgan-gp&labelSmoothing=0.1&discriminatorNorm=batch');
    expect(o.ignored?.map((p) => [p.key, p.value])).toEqual([
      ['labelSmoothing', '0.1'],
      ['discriminatorNorm', 'batch'],
    ]);
    expect(o.ignored?.[0].reason).toMatch(/does not apply to WGAN-GP/);
    expect(modelConfigFor('dcgan', 'mnist', o.modelOverrides)).toMatchObject({
      loss: 'wgan-gp',
      labelSmoothing: 0,
      discriminatorNorm: 'layer',
    });
  });

  it('round-trip a WGAN-GP setup, even with a setting equal to the preset', () => {
    const model = {
      ...(presetConfig('dcgan', 'mnist') as typeof DEFAULT_DCGAN),
      loss: 'wgan-gp' as const,
      ...{ lrG: DEFAULT_DCGAN.lrG, lrD: 1e-4, beta1: 0, beta2: 0.9, dStepsPerG: 5 },
      ...{ discriminatorNorm: 'none' as const, labelSmoothing: 0, gpWeight: 5 },
    };
    const setup: ShareableSetup = {
      ...{ datasetId: 'mnist', model, seed: 1, stepsPerEpoch: null },
      ...{ sampleEverySteps: DEFAULT_SAMPLE_EVERY, backend: 'auto', wasmThreads: true },
      wasmThreadCount: null,
    };
    const o = parsePageOptions('', setupHash(setup));
    expect(modelConfigFor('dcgan', 'mnist', o.modelOverrides)).toEqual(model);
  });
});

describe('ignored link values', () => {
  const ignoredKeys = (search: string, hash = '') =>
    (parsePageOptions(search, hash).ignored ?? []).map((p) => p.key);

  it('lists every invalid model field with the value as written and the limit it broke', () => {
    const o = parsePageOptions('?batchSize=1e9&latentDim=-1&baseFilters=100000&lr=NaN');
    expect(o.ignored?.map(describeIgnored)).toEqual([
      'batchSize 1e9 ignored: must be between 2 and 512',
      'latentDim -1 ignored: must be between 2 and 512',
      'baseFilters 100000 ignored: must be between 4 and 256',
      'lr NaN ignored: not a setting of the DCGAN',
    ]);
    // The form still falls back to the preset for each of them.
    expect(modelConfigFor('dcgan', 'mnist', o.modelOverrides)).toEqual(
      presetConfig('dcgan', 'mnist'),
    );
  });

  it('checks a field against the model kind the link names', () => {
    const o = parsePageOptions('', '#model=vae&lr=NaN&lrG=0.01&latentDim=2');
    expect(o.ignored).toEqual([
      { key: 'lr', value: 'NaN', reason: 'must be a number' },
      { key: 'lrG', value: '0.01', reason: 'not a setting of the VAE' },
    ]);
    expect(modelConfigFor('vae', 'mnist', o.modelOverrides).latentDim).toBe(2);
  });

  it('lists invalid run options and keeps their defaults', () => {
    const o = parsePageOptions(
      '?backend=quantum&model=gpt&stepsPerEpoch=-3&sampleEvery=x&seed=1.5&threads=9&color=red',
    );
    expect(o.ignored?.map((p) => [p.key, p.value])).toEqual([
      ['backend', 'quantum'],
      ['threads', '9'],
      ['model', 'gpt'],
      ['stepsPerEpoch', '-3'],
      ['sampleEvery', 'x'],
      ['seed', '1.5'],
    ]);
    expect(o.ignored?.find((p) => p.key === 'backend')?.reason).toBe(
      'must be one of auto, webgl, wasm, cpu, webgpu',
    );
  });

  it('reads the hash form the same way, the hash winning over the query', () => {
    expect(ignoredKeys('', '#batchSize=1e9&seed=-4')).toEqual(['seed', 'batchSize']);
    expect(ignoredKeys('?batchSize=1e9', '#batchSize=16')).toEqual([]);
    expect(ignoredKeys('?batchSize=16', '#batchSize=1e9')).toEqual(['batchSize']);
  });

  it('has nothing to say about a valid link or one written by the page', () => {
    expect(parsePageOptions('?backend=wasm&threads=0&batchSize=16').ignored).toBeUndefined();
    const hash = setupHash({
      datasetId: 'flags',
      model: { ...DEFAULT_VAE, ...PRESETS.flags.vae, lr: 2.5e-4 },
      seed: 7,
      stepsPerEpoch: 10,
      sampleEverySteps: 5,
      backend: 'wasm',
      wasmThreads: true,
      wasmThreadCount: 2,
    });
    expect(parsePageOptions('', hash).ignored).toBeUndefined();
  });
});
