import { describe, expect, it } from 'vitest';
import { DCGAN_FIELDS, DEFAULT_DCGAN, DEFAULT_VAE, presetConfig, VAE_FIELDS } from '../ml/config';
import {
  configFromDrafts,
  draftProblems,
  draftsFor,
  formatFieldValue,
  parseFieldText,
  runDraftsFor,
  runFieldProblem,
  runSettingsFromDrafts,
  runSpecFromForm,
} from './drafts';

describe('form text', () => {
  it('turns a config into text and back to the same config', () => {
    for (const config of [DEFAULT_DCGAN, DEFAULT_VAE, presetConfig('vae', 'flags')]) {
      const drafts = draftsFor(config);
      expect(draftProblems(config.kind, drafts)).toEqual({});
      expect(configFromDrafts(config.kind, drafts)).toEqual(config);
    }
  });

  it('shows learning rates in exponent form', () => {
    expect(formatFieldValue(DCGAN_FIELDS.lrG, 2e-4)).toBe('2e-4');
    expect(formatFieldValue(DCGAN_FIELDS.lrG, 0.05)).toBe('0.05');
    expect(formatFieldValue(DCGAN_FIELDS.beta1, 0.5)).toBe('0.5');
  });

  it('refuses out-of-range, non-numeric, fractional and empty values with the schema message', () => {
    const drafts = {
      ...draftsFor(DEFAULT_DCGAN),
      batchSize: '0',
      lrG: 'fast',
      latentDim: '2.5',
      beta1: '',
    };
    const problems = draftProblems('dcgan', drafts);
    expect(problems.batchSize).toBe('Batch size must be between 2 and 512');
    expect(problems.lrG).toBe('Generator learning rate must be a number');
    expect(problems.latentDim).toBe('Latent size must be a whole number');
    expect(problems.beta1).toBe('Adam beta1 is required');
    expect(configFromDrafts('dcgan', drafts)).toBeNull();
  });

  it('refuses settings that do not go together, at the loss field, in the schema’s words', () => {
    const wgan = { ...draftsFor(DEFAULT_DCGAN), loss: 'wgan-gp', discriminatorNorm: 'layer' };
    expect(draftProblems('dcgan', wgan)).toEqual({});
    expect(configFromDrafts('dcgan', wgan)).not.toBeNull();
    const smoothed = { ...wgan, labelSmoothing: '0.1', discriminatorNorm: 'batch' };
    const problems = draftProblems('dcgan', smoothed);
    expect(Object.keys(problems)).toEqual(['loss']);
    expect(problems.loss).toMatch(/label smoothing/i);
    expect(problems.loss).toMatch(/batch norm/i);
    expect(configFromDrafts('dcgan', smoothed)).toBeNull();
  });

  it('reads choices by their value, numbers included', () => {
    expect(parseFieldText(DCGAN_FIELDS.kernelSize, '5')).toEqual({ ok: true, value: 5 });
    expect(parseFieldText(DCGAN_FIELDS.loss, 'hinge')).toEqual({ ok: true, value: 'hinge' });
    expect(parseFieldText(DCGAN_FIELDS.loss, 'wgan').ok).toBe(false);
  });

  it('reads a toggle from the checkbox text and writes it back the same way', () => {
    expect(parseFieldText(VAE_FIELDS.conditional, 'true')).toEqual({ ok: true, value: true });
    expect(parseFieldText(VAE_FIELDS.conditional, 'false')).toEqual({ ok: true, value: false });
    expect(parseFieldText(VAE_FIELDS.conditional, 'on').ok).toBe(false);
    const drafts = draftsFor({ ...DEFAULT_VAE, conditional: true });
    expect(drafts.conditional).toBe('true');
    expect(configFromDrafts('vae', drafts)).toEqual({ ...DEFAULT_VAE, conditional: true });
  });

  it('reads the run settings; an empty epoch length means a full pass', () => {
    const drafts = runDraftsFor({ seed: 7, stepsPerEpoch: null, sampleEverySteps: 20 });
    expect(drafts.stepsPerEpoch).toBe('');
    expect(runSettingsFromDrafts(drafts)).toEqual({
      seed: 7,
      stepsPerEpoch: null,
      sampleEverySteps: 20,
    });
    expect(runFieldProblem('seed', '-1')).toMatch(/Seed must be between/);
    expect(runSettingsFromDrafts({ ...drafts, sampleEvery: '' })).toBeNull();
  });

  it('makes the form a run spec, or says which fields to fix', () => {
    const form = {
      datasetId: 'flags',
      modelKind: 'vae' as const,
      drafts: draftsFor(DEFAULT_VAE),
      runDrafts: runDraftsFor({ seed: 3, stepsPerEpoch: 50, sampleEverySteps: 10 }),
    };
    expect(runSpecFromForm(form)).toEqual({
      datasetId: 'flags',
      model: DEFAULT_VAE,
      train: { seed: 3, stepsPerEpoch: 50, sampleEverySteps: 10 },
    });
    expect(() => runSpecFromForm({ ...form, drafts: { ...form.drafts, lr: 'x' } })).toThrow(
      /fields marked in red/,
    );
  });
});
