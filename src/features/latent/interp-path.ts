// What the interpolation draws: latents (and, for a conditional model, class weights) at one
// point or along the whole strip from end A to end B. Two walks: 'noise' moves along the great
// circle from A's noise to B's (the class blending from A's class to B's when they differ);
// 'class' keeps A's noise and blends only the class, so the style stays while the class changes.

import { slerp, slerpPath } from '../../ml/latent/slerp';
import { classBlend, classBlendPath, repeatRows } from './class-blend';

export type Walk = 'noise' | 'class';

export interface PathEnds {
  readonly a: Float32Array;
  readonly b: Float32Array;
  /** A conditional model's class count and the classes of A and B; null for an unconditional one. */
  readonly classes: { readonly k: number; readonly a: number; readonly b: number } | null;
}

export interface PathImages {
  /** [n, latentDim] row-major. */
  readonly latents: Float32Array;
  /** [n, k] class weights row-major, for a conditional model. */
  readonly classes?: Float32Array;
}

/** The image at `t` (0 to 1) of the way from A to B. */
export function pathPoint(ends: PathEnds, walk: Walk, t: number): PathImages {
  const c = ends.classes;
  const latents = walk === 'class' && c !== null ? ends.a : slerp(ends.a, ends.b, t);
  return c === null ? { latents } : { latents, classes: classBlend(c.k, c.a, c.b, t) };
}

/** `steps` images from A to B, both ends included. */
export function pathStrip(ends: PathEnds, walk: Walk, steps: number): PathImages {
  const c = ends.classes;
  const latents =
    walk === 'class' && c !== null ? repeatRows(ends.a, steps) : slerpPath(ends.a, ends.b, steps);
  return c === null ? { latents } : { latents, classes: classBlendPath(c.k, c.a, c.b, steps) };
}
