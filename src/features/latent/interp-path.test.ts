import { describe, expect, it } from 'vitest';
import { slerp, slerpPath } from '../../ml/latent/slerp';
import { pathPoint, pathStrip, type PathEnds } from './interp-path';

const a = Float32Array.of(1, 0, 0);
const b = Float32Array.of(0, 1, 0);

describe('interpolation paths', () => {
  it('walks the noise alone for an unconditional model, whatever the walk asked for', () => {
    const ends: PathEnds = { a, b, classes: null };
    expect(pathPoint(ends, 'class', 0.3)).toEqual({ latents: slerp(a, b, 0.3) });
    expect(pathStrip(ends, 'noise', 4)).toEqual({ latents: slerpPath(a, b, 4) });
  });

  it('walks noise and class together from A to B', () => {
    const ends: PathEnds = { a, b, classes: { k: 2, a: 0, b: 1 } };
    const point = pathPoint(ends, 'noise', 0.25);
    expect(Array.from(point.latents)).toEqual(Array.from(slerp(a, b, 0.25)));
    expect(Array.from(point.classes ?? [])).toEqual([0.75, 0.25]);
  });

  it('keeps A’s noise in every image of a class walk while the class blends', () => {
    const ends: PathEnds = { a, b, classes: { k: 2, a: 1, b: 0 } };
    const strip = pathStrip(ends, 'class', 3);
    expect(Array.from(strip.latents)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(Array.from(strip.classes ?? [])).toEqual([0, 1, 0.5, 0.5, 1, 0]);
    expect(Array.from(pathPoint(ends, 'class', 1).latents)).toEqual([1, 0, 0]);
  });
});
