import { describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN, DEFAULT_VAE } from '../../ml/config';
import type { RunSpec } from '../../ml/train/types';
import { epochEtaSeconds, formatDuration, formatRate, imagesPerStep, shownState } from './format';

const train = { seed: 1, stepsPerEpoch: null, sampleEverySteps: null };

describe('status formatting', () => {
  it('counts the images of a step, D steps included', () => {
    const gan: RunSpec = {
      datasetId: 'mnist',
      model: { ...DEFAULT_DCGAN, batchSize: 32, dStepsPerG: 2 },
      train,
    };
    expect(imagesPerStep(gan)).toBe(64);
    expect(imagesPerStep({ datasetId: 'mnist', model: DEFAULT_VAE, train })).toBe(64);
  });

  it('estimates the rest of the epoch from the speed', () => {
    const spec: RunSpec = { datasetId: 'mnist', model: { ...DEFAULT_VAE, batchSize: 10 }, train };
    // 90 steps left x 10 images at 30 images/s = 30 s
    expect(epochEtaSeconds(10, 100, 30, spec)).toBeCloseTo(30);
    expect(epochEtaSeconds(10, null, 30, spec)).toBeNull();
    expect(epochEtaSeconds(10, 100, 0, spec)).toBeNull();
  });

  it('writes durations and rates in fixed shapes', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7620)).toBe('2 h 07 min');
    expect(formatRate(12.345)).toBe('12.3');
    expect(formatRate(250.4)).toBe('250');
  });

  it("says 'not responding', not 'training', while the stall banner is up", () => {
    expect(shownState('running', false, false)).toEqual({ phase: 'running', text: 'training' });
    expect(shownState('running', false, true)).toEqual({
      phase: 'stalled',
      text: 'not responding',
    });
    expect(shownState('running', true, true)).toEqual({ phase: 'crashed', text: 'crashed' });
  });
});
