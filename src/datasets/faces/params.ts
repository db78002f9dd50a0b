// What a face is made of: the labelled attributes, how they are drawn from a seed, and how they
// are stored per image. Every attribute is drawn on its own from the face's generator, so they
// vary independently (the tests check the correlations).

import type { AttributeInfo } from '../types';
import type { Rng } from '../../lib/rng';

export const FACE_SHAPES = ['oval', 'round', 'square', 'heart', 'long'] as const;
export const EYE_COLORS = ['brown', 'dark brown', 'hazel', 'green', 'blue', 'grey'] as const;
export const HAIR_STYLES = ['bald', 'short', 'side part', 'bob', 'long', 'curly', 'bun'] as const;
export const HAIR_COLORS = ['black', 'dark brown', 'brown', 'auburn', 'blond', 'grey'] as const;
export const GLASSES = ['no', 'yes'] as const;
export const FACIAL_HAIR = ['none', 'stubble', 'moustache', 'beard'] as const;
export const BACKGROUNDS = [
  'slate blue',
  'teal',
  'sage',
  'mustard',
  'terracotta',
  'rose',
  'lavender',
  'light grey',
] as const;
export const SHIRT_COLORS = ['white', 'charcoal', 'navy', 'red', 'green', 'ochre'] as const;

/**
 * Everything renderFace needs. Continuous fields are 0..1; categorical fields are indices into
 * the lists above. `detail` is not an attribute: it seeds small unlabelled variations (hair
 * strand phase, glasses frame colour, head size jitter) so equal attributes still differ a bit.
 */
export interface FaceParams {
  /** 0 = lightest .. 1 = darkest skin. */
  skinTone: number;
  faceShape: number;
  /** 0 = small .. 1 = large eyes. */
  eyeSize: number;
  /** 0 = close-set .. 1 = wide-set eyes. */
  eyeSpacing: number;
  eyeColor: number;
  /** 0 = thin .. 1 = thick brows. */
  browThickness: number;
  /** 0 = inner ends low (stern) .. 1 = inner ends raised (worried). */
  browTilt: number;
  /** 0 = frown .. 0.5 = neutral .. 1 = broad open smile. */
  smile: number;
  hairStyle: number;
  hairColor: number;
  /** 0 = no glasses, 1 = glasses. */
  glasses: number;
  facialHair: number;
  background: number;
  shirtColor: number;
  /** 0 = tilted to the person's right by 10 degrees .. 1 = to the left; 0.5 upright. */
  headTilt: number;
  /** 0 = turned to the image left .. 1 = to the image right; 0.5 facing the camera. */
  headTurn: number;
  /** 0 = small .. 1 = large nose. */
  noseSize: number;
  /** Unlabelled 32-bit seed for small variations. */
  detail: number;
}

/** Attribute order: column order of `DatasetSplit.attributes`. */
export const ATTRIBUTE_KEYS = [
  'skinTone',
  'faceShape',
  'eyeSize',
  'eyeSpacing',
  'eyeColor',
  'browThickness',
  'browTilt',
  'smile',
  'hairStyle',
  'hairColor',
  'glasses',
  'facialHair',
  'background',
  'shirtColor',
  'headTilt',
  'headTurn',
  'noseSize',
] as const satisfies readonly (keyof FaceParams)[];

export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

const CATEGORIES: Partial<Record<AttributeKey, readonly string[]>> = {
  faceShape: FACE_SHAPES,
  eyeColor: EYE_COLORS,
  hairStyle: HAIR_STYLES,
  hairColor: HAIR_COLORS,
  glasses: GLASSES,
  facialHair: FACIAL_HAIR,
  background: BACKGROUNDS,
  shirtColor: SHIRT_COLORS,
};

export const FACE_ATTRIBUTES: readonly AttributeInfo[] = ATTRIBUTE_KEYS.map((name) => {
  const values = CATEGORIES[name];
  return values
    ? { name, kind: 'categorical' as const, values }
    : { name, kind: 'continuous' as const };
});

/** Facial hair is less common than none; the weights stay independent of every other draw. */
const FACIAL_HAIR_WEIGHTS = [0.55, 0.15, 0.1, 0.2];

function weighted(rng: Rng, weights: readonly number[]): number {
  let u = rng.next();
  for (let k = 0; k < weights.length - 1; k++) {
    u -= weights[k];
    if (u < 0) return k;
  }
  return weights.length - 1;
}

/**
 * Draws one face. Each field takes its own draw in a fixed order, so the attributes are
 * independent and a seed always gives the same face.
 */
export function sampleFaceParams(rng: Rng): FaceParams {
  return {
    skinTone: rng.next(),
    faceShape: rng.int(FACE_SHAPES.length),
    eyeSize: rng.next(),
    eyeSpacing: rng.next(),
    eyeColor: rng.int(EYE_COLORS.length),
    browThickness: rng.next(),
    browTilt: rng.next(),
    smile: rng.next(),
    hairStyle: rng.int(HAIR_STYLES.length),
    hairColor: rng.int(HAIR_COLORS.length),
    glasses: rng.int(2),
    facialHair: weighted(rng, FACIAL_HAIR_WEIGHTS),
    background: rng.int(BACKGROUNDS.length),
    shirtColor: rng.int(SHIRT_COLORS.length),
    headTilt: rng.next(),
    headTurn: rng.next(),
    noseSize: rng.next(),
    detail: Math.floor(rng.next() * 4294967296),
  };
}

/** A plain, centred, neutral face; override any field to show one attribute (UI examples). */
export function makeFaceParams(overrides: Partial<FaceParams> = {}): FaceParams {
  return {
    skinTone: 0.35,
    faceShape: 0,
    eyeSize: 0.5,
    eyeSpacing: 0.5,
    eyeColor: 0,
    browThickness: 0.5,
    browTilt: 0.5,
    smile: 0.6,
    hairStyle: 1,
    hairColor: 1,
    glasses: 0,
    facialHair: 0,
    background: 0,
    shirtColor: 2,
    headTilt: 0.5,
    headTurn: 0.5,
    noseSize: 0.5,
    detail: 0,
    ...overrides,
  };
}

/** Writes the attribute values of one face into row `row` of a [count, ATTRIBUTE_KEYS.length] array. */
export function writeAttributes(params: FaceParams, out: Float32Array, row: number): void {
  const base = row * ATTRIBUTE_KEYS.length;
  for (let k = 0; k < ATTRIBUTE_KEYS.length; k++) out[base + k] = params[ATTRIBUTE_KEYS[k]];
}

/** Rebuilds render parameters from one attribute row (the inverse of writeAttributes). */
export function paramsFromAttributes(values: ArrayLike<number>, detail = 0): FaceParams {
  const p = makeFaceParams({ detail });
  for (let k = 0; k < ATTRIBUTE_KEYS.length; k++) p[ATTRIBUTE_KEYS[k]] = values[k];
  return p;
}
