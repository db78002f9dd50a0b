// The head itself: the face outline as a distance field, the ears, and the shaded skin.

import type { HeadFrame } from '../frame';
import type { FaceLayout } from '../layout';
import { FAR, LIGHT_X, LIGHT_Y, LIGHT_Z, type Scene, normalizeField, shadeBlob } from '../scene';
import {
  SIZE,
  blend,
  clampBox,
  coverage,
  sdEllipse,
  smoothstep,
  softCoverage,
  SIDES,
} from '../raster';

/**
 * Face outline as an implicit function of head-local (x, y), negative inside (any scale: it is
 * normalised into a distance afterwards): an ellipse for the cranium above the centre, and for
 * the jaw below it a tapered squircle u^2 + v^2 - s u^2 v^2 = 1 (s > 0 squares the jaw, s < 0
 * points the chin). Polynomial, so cheap per pixel.
 */
function faceImplicit(L: FaceLayout, f: HeadFrame, out: Float32Array, i: number): void {
  const x = f.lx[i];
  const y = f.ly[i];
  if (y <= 0) {
    const u = x / L.a;
    const v = y / L.top;
    out[i] = u * u + v * v - 1;
    return;
  }
  const v = y / L.bottom;
  // The chin follows a head turn a little, the cranium does not.
  const xs = x - L.turn * 1.4 * v * v;
  const w = L.a * Math.max(0.25, 1 - L.jawNarrow * v * v);
  const u = xs / w;
  const u2 = u * u;
  const v2 = v * v;
  // The cross term uses clamped values so nothing outside the unit square turns "inside".
  const cross = (u2 < 1 ? u2 : 1) * (v2 < 1 ? v2 : 1);
  out[i] = u2 + v2 - L.jawSquare * cross - 1;
}

/** Fills scene.face; its box reaches below the chin so the neck can read the chin's shadow. */
export function computeFaceField(s: Scene): void {
  const { frame, layout: L, scratch, face } = s;
  const box = frame.box(-L.a - 2, -L.top - 2, L.a + 2, L.bottom + 8);
  const outer = clampBox(box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1);
  for (let y = outer.y0; y < outer.y1; y++) {
    for (let x = outer.x0; x < outer.x1; x++) faceImplicit(L, frame, scratch, y * SIZE + x);
  }
  face.fill(FAR);
  normalizeField(scratch, face, box);
  s.faceBox = box;
}

/** Ears sit behind the face at eye-to-nose height; a head turn hides one and shows the other. */
export function paintEars(s: Scene): void {
  const { canvas, frame, layout: L } = s;
  const [sr, sg, sb] = L.skin;
  const rx = 2.4;
  const ry = 4.1;
  for (const side of SIDES) {
    const cx = side * (L.a - 0.2) - L.turn * 1.3;
    const cy = L.earY;
    const box = frame.box(cx - rx - 1, cy - ry - 1, cx + rx + 1, cy + ry + 1);
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        const i = y * SIZE + x;
        const ex = frame.lx[i] - cx;
        const ey = frame.ly[i] - cy;
        // Slightly narrower at the lobe.
        const a = coverage(sdEllipse(ex, ey, rx * (ey > 0 ? 0.85 : 1), ry));
        if (a === 0) continue;
        const inner = softCoverage(sdEllipse(ex - side * 0.3, ey + 0.3, rx * 0.45, ry * 0.55), 1.4);
        const shade = (side > 0 ? 0.74 : 0.84) * (1 - 0.3 * inner);
        blend(canvas, i, sr * shade, sg * shade * 0.93, sb * shade * 0.9, a);
      }
    }
  }
}

/** Skin of the face and scalp: a lit ellipsoid, darker at the rim and under the hair. */
export function paintSkin(s: Scene): void {
  const { canvas, frame, layout: L, face, hairFront, faceBox: box } = s;
  const [sr, sg, sb] = L.skin;
  const cx = L.featureX * 0.5;
  const ia = 1 / (L.a * 1.2);
  const iTop = 1 / (L.top * 1.3);
  const iBottom = 1 / (L.bottom * 1.3);
  const jawTop = L.mouthY - 3;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const d = face[i];
      const a = coverage(d);
      // Skip skin that the front hair will cover completely.
      if (a === 0 || hairFront[i] <= -0.8) continue;
      const lx = frame.lx[i];
      const ly = frame.ly[i];
      // Pseudo normal of an ellipsoid a bit larger than the outline.
      const nx = (lx - cx) * ia;
      const ny = (ly + 1) * (ly < 0 ? iTop : iBottom);
      const nz2 = 1 - nx * nx - ny * ny;
      const nz = nz2 > 0.02 ? Math.sqrt(nz2) : 0.14;
      const lam = Math.max(0, nx * LIGHT_X + ny * LIGHT_Y + nz * LIGHT_Z);
      let shade = 0.56 + 0.52 * lam;
      if (d > -4) shade *= 1 - 0.15 * smoothstep(-4, 0.5, d);
      // The jaw turns away from the light: its outer band is darker.
      if (ly > jawTop && d > -6) {
        shade *= 1 - 0.12 * smoothstep(jawTop, L.bottom, ly) * smoothstep(-6, 0, d);
      }
      // Hair casts a soft shadow down and to the right (the light is upper left).
      if (y >= 2 && x >= 1) {
        const h = hairFront[i - 2 * SIZE - 1];
        if (h < 2.5) shade *= 1 - 0.32 * smoothstep(2.5, -0.5, h);
      }
      // Shadows on skin are warmer than lit skin.
      blend(
        canvas,
        i,
        sr * shade,
        sg * shade * (0.9 + 0.1 * shade),
        sb * shade * (0.85 + 0.15 * shade),
        a,
      );
    }
  }
}

/** Soft modelling of the face: eye sockets, cheeks, forehead and chin. */
export function paintFaceModelling(s: Scene): void {
  const L = s.layout;
  const fx = L.featureX;
  for (const side of SIDES) {
    const ex = fx + side * L.eyeSep;
    shadeBlob(s, ex, L.eyeY - 0.7, L.eyeW * 1.3, L.eyeH * 1.9, 0.14, 1.05, 1.1);
    // Blush: takes green and blue more than red.
    shadeBlob(s, ex + side * 1.0, L.eyeY + 5.6, 2.6, 2.0, 0.06, 2.2, 2.0);
  }
  shadeBlob(s, fx - 2.5, -L.top * 0.55, 5, 3, -0.08);
  shadeBlob(s, fx * 0.8, L.bottom - 3.6, 2.6, 1.6, -0.07);
  // The temple on the shadow side.
  shadeBlob(s, L.a * 0.85, L.eyeY - 2, 2.5, 4, 0.08);
}
