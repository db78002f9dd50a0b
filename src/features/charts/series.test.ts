// Which charts a run gets: every GAN run its gradient norms; WGAN-GP the critic's distance
// estimate instead of the discriminator's probabilities, which mean nothing for a critic.

import { describe, expect, it } from 'vitest';
import { SERIES_BY_KIND } from '../../store/loss-log';
import { chartsFor } from './series';

const ids = (charts: ReturnType<typeof chartsFor>) => charts.map((c) => c.id);

describe('charts per model and loss', () => {
  it('gives every GAN loss the gradient norms, on a log scale of their own', () => {
    for (const loss of [
      'bce',
      'minimax',
      'lsgan',
      'hinge',
      'feature-matching',
      'wgan-gp',
    ] as const) {
      const gradients = chartsFor('dcgan', loss).find((c) => c.id === 'gradients');
      expect(gradients?.series.map((s) => s.key).sort()).toEqual(['dGradNorm', 'gGradNorm']);
      expect(gradients?.scale).toBe('own');
      expect(gradients?.missing).toMatch(/before gradient norms were recorded/);
    }
  });

  it('shows the critic’s distance estimate for WGAN-GP, the probabilities otherwise', () => {
    expect(ids(chartsFor('dcgan', 'minimax'))).toEqual(['losses', 'outputs', 'gradients']);
    expect(ids(chartsFor('dcgan', null))).toEqual(['losses', 'outputs', 'gradients']);
    const critic = chartsFor('dcgan', 'wgan-gp');
    expect(ids(critic)).toEqual(['losses', 'distance', 'gradients']);
    expect(critic[1].series.map((s) => s.key)).toEqual(['wDistance']);
    // The critic's losses go negative: a log axis would drop them.
    expect(critic[0].scale).toBe('linear');
    expect(critic[0].series[0].label).toBe('Critic loss');
    expect(critic[2].series.find((s) => s.key === 'dGradNorm')?.label).toBe('Critic gradient');
  });

  it('charts only values the loss log keeps, each once per chart', () => {
    const cases = [
      ['dcgan', 'bce'],
      ['dcgan', 'wgan-gp'],
      ['vae', null],
    ] as const;
    for (const [kind, loss] of cases) {
      for (const chart of chartsFor(kind, loss)) {
        const keys = chart.series.map((s) => s.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const key of keys) expect(SERIES_BY_KIND[kind]).toContain(key);
      }
    }
  });
});
