import { describe, expect, it } from 'vitest';
import { duration, expectation, REFERENCE_FIGURES, REFERENCE_MACHINE } from './expectation';

describe('what to expect', () => {
  it('has a figure for every configuration the learning benchmark trains', () => {
    for (const key of [
      'dcgan:mnist',
      'dcgan:fashion',
      'dcgan:faces',
      'dcgan:flags',
      'vae:mnist',
      'vae:faces',
    ])
      expect(REFERENCE_FIGURES[key], key).toBeDefined();
  });

  it("quotes the reference machine before training, and this machine's speed after", () => {
    const figure = REFERENCE_FIGURES['dcgan:mnist'];
    const before = expectation('dcgan', 'mnist', true, null);
    expect(before?.text).toContain(REFERENCE_MACHINE);
    expect(before?.text).toContain(duration(figure.seconds));
    // Half the reference speed: twice the time.
    const slower = expectation('dcgan', 'mnist', true, figure.imagesPerSec / 2);
    expect(slower?.text).toContain(`about ${duration(2 * figure.seconds)}`);
    expect(expectation('dcgan', 'mnist', false, null)?.text).toMatch(/with the preset settings/);
  });

  it('suggests the VAE when the DCGAN would be slow here and the VAE is quicker', () => {
    const figure = REFERENCE_FIGURES['dcgan:mnist'];
    const crawling = expectation('dcgan', 'mnist', true, figure.imagesPerSec / 20);
    expect(crawling?.suggestVae).toBe(true);
    expect(crawling?.text).toMatch(/the VAE draws digits sooner/);
    expect(expectation('dcgan', 'mnist', true, figure.imagesPerSec)?.suggestVae).toBe(false);
    expect(expectation('vae', 'mnist', true, 1)?.suggestVae).toBe(false);
    // Not where the VAE was no quicker on the reference machine.
    const faces = REFERENCE_FIGURES['dcgan:faces'];
    expect(expectation('dcgan', 'faces', true, faces.imagesPerSec / 20)?.suggestVae).toBe(false);
  });

  it('says nothing for sets it has no figures for (your own images)', () => {
    expect(expectation('dcgan', 'custom-abc', true, null)).toBeNull();
  });

  it('writes durations a person reads', () => {
    expect(duration(44)).toBe('40 s');
    expect(duration(120)).toBe('2 minutes');
    expect(duration(61 * 60)).toBe('61 minutes');
    expect(duration(3 * 3600)).toBe('3 hours');
  });
});
