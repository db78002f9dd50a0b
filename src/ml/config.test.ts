import { describe, expect, it } from 'vitest';
import {
  DCGAN_FIELDS,
  DEFAULT_DCGAN,
  DEFAULT_VAE,
  checkField,
  fieldValueFromText,
  parseModelConfig,
  presetConfig,
  VAE_FIELDS,
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
      expect(r.errors.join('\n')).toMatch(/Loss must be one of bce, lsgan, hinge/);
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
