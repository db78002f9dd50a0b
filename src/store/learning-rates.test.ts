import { describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../ml/config';
import { draftsFor } from './drafts';
import { halvedRates, isLiveField, LIVE_FIELDS, ratesOf, retypedRates } from './learning-rates';

describe('learning-rate fields', () => {
  it('are the learning rates of both model kinds, and only those', () => {
    for (const config of [DEFAULT_DCGAN, DEFAULT_VAE]) {
      const rates = Object.keys(draftsFor(config)).filter(isLiveField);
      expect(rates.length).toBeGreaterThan(0);
      expect(rates.every((key) => key.startsWith('lr'))).toBe(true);
    }
    expect([...LIVE_FIELDS].sort()).toEqual(['lr', 'lrD', 'lrG']);
    expect(isLiveField('batchSize')).toBe(false);
    expect(isLiveField('toString')).toBe(false);
  });

  it('halves every rate the form holds, as text that reads back exactly', () => {
    const halved = halvedRates({ lrG: '2e-4', lrD: '3e-4', batchSize: '64' });
    expect(halved).toEqual({ lrG: '1e-4', lrD: '1.5e-4' });
    expect(ratesOf(halved)).toEqual({ lrG: 1e-4, lrD: 1.5e-4 });
    const odd = halvedRates({ lr: String(1 / 3) });
    expect(ratesOf(odd).lr).toBe(1 / 3 / 2);
    expect(halvedRates({ lr: 'abc' })).toEqual({});
  });

  it('finds the rates typed since a checkpoint the form now shows again', () => {
    const restored = { lrG: '2e-4', lrD: '2e-4', batchSize: '64' };
    const typed = { lrG: '1e-4', lrD: '2e-4', batchSize: '32' };
    expect(retypedRates(typed, restored)).toEqual({ lrG: '1e-4' });
    expect(retypedRates(restored, restored)).toEqual({});
  });
});
