import { describe, expect, it } from 'vitest';
import {
  DCGAN_FIELDS,
  DEFAULT_DCGAN,
  DEFAULT_VAE,
  checkField,
  fieldValueFromText,
  ganConfigProblems,
  parseModelConfig,
  presetConfig,
  presetWithOverrides,
  repairGanConfig,
  VAE_FIELDS,
  withLoss,
  type DcganConfig,
} from './config';

describe('model config schema', () => {
  it('has a field spec with help text for every config key', () => {
    for (const [defaults, fields] of [
      [DEFAULT_DCGAN, DCGAN_FIELDS],
      [DEFAULT_VAE, VAE_FIELDS],
    ] as const) {
      const keys = Object.keys(defaults).filter((k) => k !== 'kind');
      expect(Object.keys(fields).sort()).toEqual(keys.sort());
      for (const spec of Object.values(fields)) expect(spec.help.length).toBeGreaterThan(20);
    }
  });

  it('accepts the defaults and every preset strictly', () => {
    for (const id of ['mnist', 'fashion', 'flags', 'faces', 'custom']) {
      for (const kind of ['dcgan', 'vae'] as const) {
        expect(parseModelConfig(presetConfig(kind, id), 'strict')).toEqual({
          ok: true,
          value: presetConfig(kind, id),
        });
      }
    }
  });

  it('strict mode names every problem', () => {
    const r = parseModelConfig(
      { ...DEFAULT_DCGAN, batchSize: 0.5, loss: 'wgan', lrG: undefined },
      'strict',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(3);
      expect(r.errors.join('\n')).toMatch(/Batch size must be a whole number/);
      expect(r.errors.join('\n')).toMatch(
        /Loss must be one of bce, minimax, lsgan, hinge, feature-matching, wgan-gp/,
      );
      expect(r.errors.join('\n')).toMatch(/Generator learning rate \(lrG\) is missing/);
    }
  });

  it('reads a weights file from before minibatch discrimination as trained without it', () => {
    const withLayer = { ...DEFAULT_DCGAN, minibatchKernels: 64 };
    const { minibatchKernels: _omitted, ...older } = withLayer;
    expect(_omitted).toBeGreaterThan(0);
    expect(parseModelConfig(older, 'strict')).toEqual({
      ok: true,
      value: { ...DEFAULT_DCGAN, minibatchKernels: 0 },
    });
    // A link (lenient) without the field gets today's default, not the old files' value.
    expect(parseModelConfig(older, 'lenient')).toEqual({ ok: true, value: DEFAULT_DCGAN });
    const bad = parseModelConfig({ ...DEFAULT_DCGAN, minibatchKernels: 2.5 }, 'strict');
    expect(bad).toEqual({
      ok: false,
      errors: ['Minibatch-discrimination kernels must be a whole number'],
    });
  });

  it('lenient mode falls back to defaults and ignores unknown keys', () => {
    const r = parseModelConfig({ kind: 'vae', latentDim: 2, batchSize: -4, bogus: 1 }, 'lenient');
    expect(r).toEqual({ ok: true, value: { ...DEFAULT_VAE, latentDim: 2 } });
  });

  it('refuses an unknown model kind', () => {
    expect(parseModelConfig({ kind: 'flow' }, 'lenient')).toEqual({
      ok: false,
      errors: ['unknown model kind "flow" (expected dcgan or vae)'],
    });
  });

  it('reads a file from before discriminatorNorm and gpWeight as a batch-norm critic, lambda 10', () => {
    const {
      discriminatorNorm: _n,
      gpWeight: _w,
      ...older
    } = {
      ...DEFAULT_DCGAN,
      discriminatorNorm: 'none',
      gpWeight: 3,
    } as const;
    expect([_n, _w]).toEqual(['none', 3]);
    expect(parseModelConfig(older, 'strict')).toEqual({ ok: true, value: DEFAULT_DCGAN });
  });

  it('gives every loss a hint of one or two sentences', () => {
    const spec = DCGAN_FIELDS.loss;
    if (spec.type !== 'choice') throw new Error('loss is a choice');
    for (const option of spec.options) {
      const sentences = (option.hint ?? '').split(/[.!?](\s|$)/).filter((s) => s.trim() !== '');
      expect(sentences.length, String(option.value)).toBeGreaterThanOrEqual(1);
      expect(sentences.length, String(option.value)).toBeLessThanOrEqual(2);
    }
    const hint = (value: string) => spec.options.find((o) => o.value === value)?.hint ?? '';
    expect(hint('minimax')).toMatch(/gradient norm/);
    expect(hint('feature-matching')).toMatch(/d_flatten/);
    expect(hint('wgan-gp')).toMatch(/distance/);
  });
});

describe('withLoss and the rules between settings', () => {
  const wgan = withLoss(presetConfig('dcgan', 'flags') as DcganConfig, 'wgan-gp', 'flags');

  it('brings the WGAN-GP paper settings and takes them back to the preset on leaving', () => {
    expect(wgan).toMatchObject({
      loss: 'wgan-gp',
      lrG: 1e-4,
      lrD: 1e-4,
      beta1: 0,
      beta2: 0.9,
      dStepsPerG: 5,
      discriminatorNorm: 'layer',
      labelSmoothing: 0,
    });
    expect(ganConfigProblems(wgan)).toEqual([]);
    // flags' preset smooths labels and uses lr 1e-3: leaving WGAN-GP restores them.
    const back = withLoss({ ...wgan, baseFilters: 8 }, 'hinge', 'flags');
    expect(back).toEqual({ ...presetConfig('dcgan', 'flags'), baseFilters: 8, loss: 'hinge' });
    // Between two other losses only the loss changes.
    const custom = { ...DEFAULT_DCGAN, lrG: 5e-4 };
    expect(withLoss(custom, 'minimax', 'mnist')).toEqual({ ...custom, loss: 'minimax' });
  });

  it('applies overrides over the preset after the loss’s recommended settings', () => {
    const wganFlags = presetWithOverrides('dcgan', 'flags', { loss: 'wgan-gp', lrG: 3e-4 });
    expect(wganFlags).toEqual({ ...wgan, lrG: 3e-4 });
    expect(presetWithOverrides('vae', 'faces', { latentDim: 8 })).toEqual({
      ...presetConfig('vae', 'faces'),
      latentDim: 8,
    });
  });

  it('names label smoothing and a batch-norm critic under WGAN-GP; strict parsing refuses them', () => {
    const bad = { ...wgan, labelSmoothing: 0.1, discriminatorNorm: 'batch' } as const;
    const problems = ganConfigProblems(bad);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/Label smoothing \(0.1\) does not apply to WGAN-GP/);
    expect(problems[1]).toMatch(/without batch norm.*per image/);
    expect(ganConfigProblems({ ...wgan, minibatchKernels: 8 })).toEqual([
      expect.stringMatching(/without minibatch discrimination/),
    ]);
    expect(parseModelConfig(bad, 'strict')).toEqual({ ok: false, errors: problems });
    // The same settings are fine for a loss with a sigmoid.
    expect(ganConfigProblems({ ...bad, loss: 'bce' })).toEqual([]);
  });

  it('lenient parsing repairs them with the values withLoss chooses, and says which', () => {
    const bad = { ...wgan, labelSmoothing: 0.2, discriminatorNorm: 'batch', lrG: 3e-4 } as const;
    const { config, repaired } = repairGanConfig(bad);
    expect(config).toEqual({ ...wgan, lrG: 3e-4 });
    expect(repaired.map((r) => r.key)).toEqual(['labelSmoothing', 'discriminatorNorm']);
    expect(parseModelConfig(bad, 'lenient')).toEqual({ ok: true, value: config });
  });
});

describe('toggle fields', () => {
  it('reads a toggle as true or false only, and files without it as unconditional', () => {
    expect(checkField(VAE_FIELDS.conditional, true)).toBeNull();
    expect(checkField(VAE_FIELDS.conditional, 'true')).toMatch(/must be true or false/);
    expect(fieldValueFromText(VAE_FIELDS.conditional, 'true')).toBe(true);
    expect(fieldValueFromText(VAE_FIELDS.conditional, ' false')).toBe(false);
    expect(fieldValueFromText(VAE_FIELDS.conditional, 'yes')).toBe('yes');
    const older: Record<string, unknown> = { ...DEFAULT_VAE };
    delete older.conditional;
    const read = parseModelConfig(older, 'strict');
    expect(read.ok && read.value.kind === 'vae' && read.value.conditional).toBe(false);
    const on = parseModelConfig({ ...DEFAULT_VAE, conditional: true }, 'strict');
    expect(on.ok && on.value.kind === 'vae' && on.value.conditional).toBe(true);
    expect(parseModelConfig({ ...DEFAULT_VAE, conditional: 1 }, 'strict').ok).toBe(false);
  });
});
