// Turns face parameters into geometry (head-local pixel units, y down, origin at the head centre)
// and colours. All proportions live here, so the part painters only draw what they are given.

import { Rng } from '../../lib/rng';
import type { FaceParams } from './params';
import {
  BACKGROUND_RGB,
  EYE_RGB,
  FRAME_RGB,
  HAIR_RGB,
  SHIRT_RGB,
  type Rgb,
  skinColor,
} from './palette';

/**
 * Face outline per FACE_SHAPES entry: half width, top and bottom half heights, jaw squareness
 * (0 = elliptic, towards 1 = square, negative = pointed chin) and jaw taper.
 */
const SHAPES: readonly {
  a: number;
  top: number;
  bottom: number;
  square: number;
  narrow: number;
}[] = [
  { a: 13.4, top: 17.2, bottom: 19.2, square: 0, narrow: 0.14 }, // oval
  { a: 14.8, top: 16.8, bottom: 17.4, square: 0.1, narrow: 0.02 }, // round
  { a: 14.4, top: 17.0, bottom: 17.8, square: 0.8, narrow: 0.1 }, // square
  { a: 14.6, top: 17.0, bottom: 19.2, square: -1.0, narrow: 0.26 }, // heart
  { a: 12.4, top: 18.4, bottom: 20.6, square: 0.25, narrow: 0.1 }, // long
];

export interface FaceLayout {
  /** Head centre in image pixels and clockwise tilt in radians. */
  headX: number;
  headY: number;
  tilt: number;
  /** Face outline: half width, half heights above / below the centre, jaw squareness and taper. */
  a: number;
  top: number;
  bottom: number;
  jawSquare: number;
  jawNarrow: number;
  /** -1..1, head turned to the image left / right; features shift by featureX. */
  turn: number;
  featureX: number;
  eyeY: number;
  eyeSep: number;
  eyeW: number;
  eyeH: number;
  irisR: number;
  browY: number;
  browThick: number;
  /** Pixels the inner brow ends are raised (negative: lowered). */
  browLift: number;
  noseTipY: number;
  noseLen: number;
  noseW: number;
  mouthY: number;
  /** -1 = frown .. 1 = open smile. */
  smile: number;
  earY: number;
  hairStyle: number;
  facialHair: number;
  glasses: boolean;
  /** Which side the side part sweeps to (+1 / -1) and a phase for hair texture. */
  hairSide: number;
  hairPhase: number;
  frameRound: boolean;
  frameThick: number;
  skin: Rgb;
  hair: Rgb;
  brow: Rgb;
  lip: Rgb;
  eye: Rgb;
  background: Rgb;
  shirt: Rgb;
  frame: Rgb;
  vNeck: boolean;
}

export function layoutFace(p: FaceParams): FaceLayout {
  // Small unlabelled variations come from the detail seed, never from the attribute draws.
  const d = new Rng(p.detail);
  // The whole head is 10% larger than the table above, with a little jitter.
  const scale = 1.1 * d.uniform(0.96, 1.04);
  const shape = SHAPES[p.faceShape] ?? SHAPES[0];
  const a = shape.a * scale;
  const top = shape.top * scale;
  const bottom = shape.bottom * scale;
  const turn = (p.headTurn - 0.5) * 2;
  const eyeW = (2.6 + 1.7 * p.eyeSize) * scale;
  const eyeH = eyeW * d.uniform(0.5, 0.58);
  const eyeY = -1.6 * scale;
  const noseLen = (5.0 + 3.2 * p.noseSize) * scale;
  const skin = skinColor(p.skinTone);
  const hair = HAIR_RGB[p.hairColor] ?? HAIR_RGB[0];
  const smile = p.smile * 2 - 1;
  return {
    headX: 32 + d.uniform(-0.8, 0.8),
    headY: 29 + d.uniform(-0.6, 0.6),
    tilt: ((p.headTilt - 0.5) * 2 * 10 * Math.PI) / 180,
    a,
    top,
    bottom,
    jawSquare: shape.square,
    jawNarrow: shape.narrow,
    turn,
    featureX: turn * 3,
    eyeY,
    eyeSep: (4.9 + 2.8 * p.eyeSpacing) * scale,
    eyeW,
    eyeH,
    irisR: eyeH * 0.98,
    browY: eyeY - eyeH - 2.4 * scale,
    browThick: 0.45 + 0.75 * p.browThickness,
    browLift: (p.browTilt - 0.5) * 4.5,
    noseTipY: eyeY + noseLen,
    noseLen,
    noseW: (1.5 + 1.5 * p.noseSize) * scale,
    // The mouth does not move with the nose: only the gap between them changes.
    mouthY: eyeY + 13 * scale + (bottom - 19 * scale) * 0.35,
    smile,
    earY: eyeY + 3.2 * scale,
    hairStyle: p.hairStyle,
    facialHair: p.facialHair,
    glasses: p.glasses >= 0.5,
    hairSide: d.next() < 0.5 ? -1 : 1,
    hairPhase: d.uniform(0, Math.PI * 2),
    frameRound: d.next() < 0.4,
    frameThick: d.uniform(0.4, 0.7),
    skin,
    hair,
    // Brows a little darker than the hair so blond and grey brows still read.
    brow: [hair[0] * 0.72, hair[1] * 0.68, hair[2] * 0.66],
    // Lips: the skin, darker and rosier (multiplied, so dark skin gets dark lips).
    lip: [skin[0] * 0.8 + 0.05, skin[1] * 0.6, skin[2] * 0.66],
    eye: EYE_RGB[p.eyeColor] ?? EYE_RGB[0],
    background: BACKGROUND_RGB[p.background] ?? BACKGROUND_RGB[0],
    shirt: SHIRT_RGB[p.shirtColor] ?? SHIRT_RGB[0],
    frame: FRAME_RGB[d.int(FRAME_RGB.length)],
    vNeck: d.next() < 0.35,
  };
}
