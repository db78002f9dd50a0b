import { describe, expect, it } from 'vitest';
import { DCGAN_FIELDS, DEFAULT_DCGAN, DEFAULT_VAE, presetConfig } from '../ml/config';
import {
  configFromDrafts,
  draftProblems,
  draftsAfterEdit,
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

  it('reads choices by their value, numbers included', () => {
    expect(parseFieldText(DCGAN_FIELDS.kernelSize, '5')).toEqual({ ok: true, value: 5 });
    expect(parseFieldText(DCGAN_FIELDS.loss, 'hinge')).toEqual({ ok: true, value: 'hinge' });
    expect(parseFieldText(DCGAN_FIELDS.loss, 'wgan').ok).toBe(false);
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

  it('brings a chosen loss its recommended settings, and takes them back on leaving it', () => {
    const preset = draftsFor(presetConfig('dcgan', 'flags'));
    const wgan = draftsAfterEdit(
      'dcgan',
      'flags',
      { ...preset, baseFilters: '8' },
      'loss',
      'wgan-gp',
    );
    expect(wgan).toMatchObject({ loss: 'wgan-gp', lrG: '1e-4', beta1: '0', dStepsPerG: '5' });
    expect(wgan).toMatchObject({
      discriminatorNorm: 'layer',
      labelSmoothing: '0',
      baseFilters: '8',
    });
    const back = draftsAfterEdit('dcgan', 'flags', wgan, 'loss', 'hinge');
    expect(back).toEqual({ ...preset, baseFilters: '8', loss: 'hinge' });
    // With a field mid-edit (invalid), only the loss changes.
    const typing = { ...preset, batchSize: 'x' };
    expect(draftsAfterEdit('dcgan', 'flags', typing, 'loss', 'wgan-gp')).toEqual({
      ...typing,
      loss: 'wgan-gp',
    });
  });
});
