// Paints one face, back to front, into uint8 RGB. The order is the whole composition:
// backdrop, hair behind the head, neck, shirt, ears, skin and its modelling, nose, the
// expression's folds, beard, eyes, brows, mouth, moustache, glasses, then the hair in front.

import { layoutFace } from './layout';
import type { FaceParams } from './params';
import { computeFaceField, paintEars, paintFaceModelling, paintSkin } from './parts/head';
import { paintBackground, paintNeck, paintShirt } from './parts/body';
import { paintBrows, paintEyes } from './parts/eyes';
import { paintBeard, paintMoustache } from './parts/facial-hair';
import { paintGlasses } from './parts/glasses';
import { computeHairFields, paintBackHair, paintFrontHair } from './parts/hair';
import { paintExpression, paintMouth } from './parts/mouth';
import { paintNose } from './parts/nose';
import { PIXELS, SIZE } from './raster';
import { type Scene, createScene } from './scene';

export const FACE_SIZE = SIZE;
/** Bytes of one face: 64 * 64 * 3. */
export const FACE_BYTES = PIXELS * 3;

// Rendering is synchronous, so one scene (canvas, fields) serves every face: nothing is
// allocated per pixel and almost nothing per face.
let scene: Scene | null = null;

/**
 * Distance fields first, then paint back to front. Called through this list on purpose: V8
 * then compiles each pass on its own instead of inlining all of them into renderFace, where
 * the inlining budget would run out and the small per-pixel helpers would become real calls
 * that box every number they pass or return.
 */
const PASSES: readonly ((s: Scene) => void)[] = [
  computeFaceField,
  computeHairFields,
  paintBackground,
  paintBackHair,
  paintNeck,
  paintShirt,
  paintEars,
  paintSkin,
  paintFaceModelling,
  paintNose,
  paintExpression,
  paintBeard,
  paintEyes,
  paintBrows,
  paintMouth,
  paintMoustache,
  paintGlasses,
  paintFrontHair,
];

/** Renders one face as uint8 RGB [64, 64, 3] into out[offset .. offset + 12288). */
export function renderFace(params: FaceParams, out: Uint8Array, offset: number): void {
  const layout = layoutFace(params);
  const s = scene ?? (scene = createScene(layout));
  s.layout = layout;
  s.frame.set(layout.headX, layout.headY, layout.tilt);
  for (const pass of PASSES) pass(s);

  writeBytes(s, out, offset);
}

/** Canvas 0..1 floats to interleaved uint8 RGB, rounded and clamped. */
function writeBytes(s: Scene, out: Uint8Array, offset: number): void {
  const { r, g, b } = s.canvas;
  for (let i = 0, o = offset; i < PIXELS; i++, o += 3) {
    // Inline on purpose: a helper taking a float would box it on every call if not inlined.
    const vr = r[i] * 255 + 0.5;
    const vg = g[i] * 255 + 0.5;
    const vb = b[i] * 255 + 0.5;
    out[o] = vr <= 0 ? 0 : vr >= 255 ? 255 : vr | 0;
    out[o + 1] = vg <= 0 ? 0 : vg >= 255 ? 255 : vg | 0;
    out[o + 2] = vb <= 0 ? 0 : vb >= 255 ? 255 : vb | 0;
  }
}

/** Convenience for the UI and scripts: one face as a new [64, 64, 3] uint8 array. */
export function renderFaceImage(params: FaceParams): Uint8Array {
  const out = new Uint8Array(FACE_BYTES);
  renderFace(params, out, 0);
  return out;
}
