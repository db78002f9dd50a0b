// Choosing a loss in the form: its recommended settings arrive, the rest of the form stays as
// typed, and the changes are listed as the form shows them.

import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { draftsFor } from './drafts';
import { chooseLoss } from './loss-choice';

const flags = draftsFor(presetConfig('dcgan', 'flags'));

describe('choosing a loss', () => {
  it('brings WGAN-GP’s settings and lists each change, choices by their label', () => {
    const { drafts, choice } = chooseLoss(flags, 'flags', 'wgan-gp');
    expect(drafts).toMatchObject({
      loss: 'wgan-gp',
      lrG: '1e-4',
      lrD: '1e-4',
      beta1: '0',
      beta2: '0.9',
      dStepsPerG: '5',
      discriminatorNorm: 'layer',
      labelSmoothing: '0',
    });
    expect(drafts.batchSize).toBe(flags.batchSize);
    expect(choice.loss).toBe('wgan-gp');
    const byField = Object.fromEntries(choice.changes.map((c) => [c.field, c]));
    expect(Object.keys(byField).sort()).toEqual(
      ['beta1', 'beta2', 'dStepsPerG', 'discriminatorNorm', 'labelSmoothing', 'lrD', 'lrG'].sort(),
    );
    expect(byField.lrG).toEqual({
      field: 'lrG',
      label: 'Generator learning rate',
      from: '1e-3',
      to: '1e-4',
    });
    expect(byField.discriminatorNorm.from).toBe('Batch norm');
    expect(byField.discriminatorNorm.to).toBe('Layer norm');
    expect(byField.labelSmoothing).toMatchObject({ from: '0.1', to: '0' });
  });

  it('goes back to the dataset’s preset for those settings when leaving WGAN-GP', () => {
    const wgan = chooseLoss(flags, 'flags', 'wgan-gp').drafts;
    const { drafts, choice } = chooseLoss({ ...wgan, latentDim: '42' }, 'flags', 'minimax');
    expect(drafts).toEqual({ ...flags, loss: 'minimax', latentDim: '42' });
    expect(choice.changes.map((c) => c.field)).toContain('lrG');
    expect(choice.changes.find((c) => c.field === 'dStepsPerG')).toMatchObject({
      from: '5',
      to: '1',
    });
  });

  it('changes nothing else between losses that share their settings', () => {
    const { drafts, choice } = chooseLoss(flags, 'flags', 'hinge');
    expect(drafts).toEqual({ ...flags, loss: 'hinge' });
    expect(choice.changes).toEqual([]);
  });

  it('keeps half-typed text in fields the choice does not set', () => {
    const typing = { ...flags, latentDim: '1', lrG: 'fa' };
    const { drafts, choice } = chooseLoss(typing, 'flags', 'wgan-gp');
    expect(drafts.latentDim).toBe('1');
    expect(drafts.lrG).toBe('1e-4');
    expect(choice.changes.find((c) => c.field === 'lrG')?.from).toBe('fa');
  });
});
