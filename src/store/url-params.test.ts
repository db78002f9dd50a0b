import { describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE, PRESETS } from '../ml/config';
import { DEFAULT_SAMPLE_EVERY, modelConfigFor, parsePageOptions } from './url-params';

describe('parsePageOptions', () => {
  it('gives defaults for an empty query', () => {
    expect(parsePageOptions('')).toEqual({
      backend: 'auto',
      wasmThreads: false,
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
      '?backend=wasm&threads=1&dataset=flags&model=vae&stepsPerEpoch=6&sampleEvery=2&seed=42&batchSize=16&likelihood=gaussian',
    );
    expect(o).toMatchObject({
      backend: 'wasm',
      wasmThreads: true,
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
});

describe('modelConfigFor', () => {
  it('applies valid overrides of the right kind over the dataset preset', () => {
    const config = modelConfigFor('dcgan', 'flags', { batchSize: 8, lr: 0.5, baseFilters: 9999 });
    expect(config).toEqual({ ...DEFAULT_DCGAN, ...PRESETS.flags.dcgan, batchSize: 8 });
  });

  it('ignores a field of the other model kind and a bad choice', () => {
    expect(modelConfigFor('vae', 'mnist', { lrG: 0.01, likelihood: 'poisson' })).toEqual(
      DEFAULT_VAE,
    );
  });
});
