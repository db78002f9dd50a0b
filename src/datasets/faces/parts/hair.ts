// Hair: per style, a distance field for the hair in front of the face (cap, fringe, side
// curtains) and one for the hair behind the head (the volume of a bob, long or curly hair,
// a bun). Both are computed before the skin is painted, because the front hair shades the
// forehead. Distances are in pixels (approximate away from the edges, which is enough).

import type { FaceLayout } from '../layout';
import { FAR, LIGHT_X, LIGHT_Y, LIGHT_Z, type Scene } from '../scene';
import {
  type Box,
  SIZE,
  bell,
  blend,
  hashNoise,
  sdEllipse,
  smin,
  smoothstep,
  softCoverage,
  wave,
} from '../raster';

export const BALD = 0;
const SHORT = 1;
const SIDE_PART = 2;
const BOB = 3;
const LONG = 4;
const CURLY = 5;
const BUN = 6;

const EMPTY: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };

/**
 * Signed distance to the region above a hairline: y(x) = yMid at the centre (x = cx), falling
 * to yTemple at the sides of the face as t^2.5 (t = |x - cx| / half face width).
 */
function aboveHairline(
  L: FaceLayout,
  x: number,
  y: number,
  cx: number,
  yMid: number,
  yTemple: number,
): number {
  const t = Math.min(1, Math.abs(x - cx) / L.a);
  const st = Math.sqrt(t);
  const hl = yMid + (yTemple - yMid) * t * t * st;
  // Slope of the hairline, for a distance instead of a vertical offset.
  const slope = t < 1 ? ((yTemple - yMid) * 2.5 * t * st) / L.a : 0;
  return (y - hl) / Math.sqrt(1 + slope * slope);
}

/**
 * Side curtains of hair falling past the face (mirrored): inner edge xIn, outer edge xOut,
 * from yTop to yEnd, corners rounded by r.
 */
function curtain(
  x: number,
  y: number,
  xIn: number,
  xOut: number,
  yTop: number,
  yEnd: number,
  r = 0,
): number {
  const ax = Math.abs(x);
  const dx = Math.max(xIn + r - ax, ax - xOut + r);
  const dy = Math.max(yTop + r - y, y - yEnd + r);
  if (dx > 0 && dy > 0) return Math.sqrt(dx * dx + dy * dy) - r;
  return Math.max(dx, dy) - r;
}

// One function per style and layer, each with its own loop over the box: the per-pixel math
// stays inside one compiled function (no per-pixel calls through a function pointer, no
// floats crossing a call boundary that V8 would have to box).

/**
 * Close-cut front hair: a cap over the skull (an ellipse lowered by capDrop and wider than the
 * head by capA and capTop) cut off below a hairline that starts hairlineTop of the head's top
 * height above the centre and ends templeDrop below the eyes.
 */
function cappedFront(
  s: Scene,
  out: Float32Array,
  box: Box,
  capDrop: number,
  capA: number,
  capTop: number,
  hairlineTop: number,
  templeDrop: number,
): void {
  const { frame: f, layout: L } = s;
  const partX = L.featureX * 0.6;
  const yMid = -L.top * hairlineTop;
  const yTemple = L.eyeY + templeDrop;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      const x = f.lx[i];
      const y = f.ly[i];
      const cap = sdEllipse(x, y + capDrop, L.a + capA, L.top + capTop);
      out[i] = Math.max(cap, aboveHairline(L, x, y, partX, yMid, yTemple));
    }
  }
}

function shortFront(s: Scene, out: Float32Array, box: Box): void {
  cappedFront(s, out, box, 0.4, 1.3, 1.6, 0.6, 1.5);
}

function sidePartFront(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      const x = f.lx[i];
      const y = f.ly[i];
      const fx = L.featureX * 0.6;
      const cap = sdEllipse(x, y + 0.8, L.a + 2.0, L.top + 3.0);
      // The fringe sweeps from the part across to the other side, lowest over one temple.
      const g = (x - fx - L.hairSide * L.a * 0.4) / (L.a * 0.6);
      const line = aboveHairline(L, x, y, fx, -L.top * 0.62, L.eyeY + 0.5);
      out[i] = Math.max(cap, line - 3.6 * bell(g * g));
    }
  }
}

function bobFront(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      const x = f.lx[i];
      const y = f.ly[i];
      const cap = sdEllipse(x, y + 0.6, L.a + 3.4, L.top + 2.6);
      // Straight fringe just above the brows.
      const q = x / L.a;
      const fringe = Math.max(cap, y - (L.browY - 1.6 - 0.8 * q * q));
      const side = curtain(x, y, L.a - 2.0, L.a + 3.4, L.browY - 2, L.mouthY - 1, 1.5);
      out[i] = Math.min(fringe, side);
    }
  }
}

function longFront(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      const x = f.lx[i];
      const y = f.ly[i];
      const cap = sdEllipse(x, y + 0.6, L.a + 2.4, L.top + 2.4);
      // Centre part: the hair falls away to both sides and covers the temples.
      const t = Math.min(1, Math.abs(x - L.featureX * 0.6) / (L.a * 0.85));
      const hl = -L.top * 0.72 + 6.5 * t * t * (3 - 2 * t);
      const top = Math.max(cap, (y - hl) * 0.7);
      const inner = L.a - 1.8 + 0.04 * Math.max(0, y);
      const side = curtain(x, y, inner, L.a + 3.6, L.eyeY - 4, L.bottom + 8, 2.5);
      out[i] = smin(top, side, 1.5);
    }
  }
}

function curlyFront(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      const x = f.lx[i];
      const y = f.ly[i];
      const cap = sdEllipse(x, y + 2.2, L.a + 4.6, L.top + 4.2);
      const bumps = 0.8 * Math.sin(x * 1.3 + L.hairPhase);
      const line = aboveHairline(L, x, y, L.featureX * 0.6, -L.top * 0.58 + bumps, L.eyeY);
      out[i] = Math.max(cap, line);
    }
  }
}

function bunFront(s: Scene, out: Float32Array, box: Box): void {
  // Pulled back tight into the bun: the cap hugs the skull.
  cappedFront(s, out, box, 0.3, 0.9, 1.1, 0.64, 0.5);
}

function bobBack(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L, face } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      // Never seen where the face covers it fully: leave it FAR.
      if (face[i] <= -0.5) continue;
      const x = f.lx[i];
      const y = f.ly[i];
      const top = sdEllipse(x, y + 1.5, L.a + 3.6, L.top + 1.9);
      out[i] = Math.min(top, curtain(x, y, -1, L.a + 3.6, -1.5, L.mouthY - 1, 1.5));
    }
  }
}

function longBack(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L, face } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      // Never seen where the face covers it fully: leave it FAR.
      if (face[i] <= -0.5) continue;
      const x = f.lx[i];
      const y = f.ly[i];
      const top = sdEllipse(x, y + 1.5, L.a + 3.8, L.top + 1.8);
      out[i] = Math.min(top, curtain(x, y, -1, L.a + 3.8 + 0.1 * Math.max(0, y), -1.5, 60));
    }
  }
}

function curlyBack(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L, face } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      // Never seen where the face covers it fully: leave it FAR.
      if (face[i] <= -0.5) continue;
      const x = f.lx[i];
      const y = f.ly[i];
      const dy = y + 3.5;
      const r = Math.sqrt(x * x + dy * dy);
      // Bumpy outline: the bumps only matter within their height of the mean radius.
      const mean = L.a + 6.5;
      let d = r - mean;
      if (d > -1.6 && d < 1.6) d -= 1.1 * Math.sin(Math.atan2(dy, x) * 9 + L.hairPhase);
      // Rounded off above the jaw line.
      out[i] = Math.max(d, y - L.mouthY + 2 + 0.6 * Math.sin(x * 1.2));
    }
  }
}

function bunBack(s: Scene, out: Float32Array, box: Box): void {
  const { frame: f, layout: L, face } = s;
  for (let y0 = box.y0; y0 < box.y1; y0++) {
    for (let x0 = box.x0; x0 < box.x1; x0++) {
      const i = y0 * SIZE + x0;
      // Never seen where the face covers it fully: leave it FAR.
      if (face[i] <= -0.5) continue;
      const dx = f.lx[i] - L.featureX * 0.3;
      const dy = f.ly[i] + L.top + 2.8;
      out[i] = Math.sqrt(dx * dx + dy * dy) - 4.4;
    }
  }
}

type FieldFn = (s: Scene, out: Float32Array, box: Box) => void;

/** Per HAIR_STYLES entry: [front, back] (null: no hair there). */
const STYLE_FIELDS: readonly (readonly [FieldFn | null, FieldFn | null])[] = [
  [null, null], // bald
  [shortFront, null],
  [sidePartFront, null],
  [bobFront, bobBack],
  [longFront, longBack],
  [curlyFront, curlyBack],
  [bunFront, bunBack],
];

/** Head-local box [x0, y0, x1, y1] that holds the front hair of the layout's style. */
function frontExtent(L: FaceLayout): readonly [number, number, number, number] {
  const top = -L.top - 2;
  const temples = L.eyeY + 2.5;
  switch (L.hairStyle) {
    case SHORT:
      return [-L.a - 2.5, top - 2, L.a + 2.5, temples];
    case SIDE_PART:
      return [-L.a - 3.2, top - 3.8, L.a + 3.2, temples];
    case BOB:
      return [-L.a - 4.6, top - 3.2, L.a + 4.6, L.mouthY];
    case LONG:
      return [-L.a - 4.8, top - 3, L.a + 4.8, L.bottom + 9];
    case CURLY:
      return [-L.a - 5.8, top - 6.4, L.a + 5.8, temples];
    default:
      return [-L.a - 2.2, top - 1.4, L.a + 2.2, temples];
  }
}

/** Head-local box that holds the hair behind the head. */
function backExtent(L: FaceLayout): readonly [number, number, number, number] {
  switch (L.hairStyle) {
    case BOB:
      return [-L.a - 4.8, -L.top - 4, L.a + 4.8, L.mouthY];
    case LONG:
      return [-L.a - 9, -L.top - 4, L.a + 9, 60];
    case CURLY:
      return [-L.a - 8.8, -L.a - 12, L.a + 8.8, L.mouthY];
    case BUN:
      return [-7, -L.top - 8.5, 7, -L.top + 2];
    default:
      return [0, 0, 0, 0];
  }
}

/** Fills scene.hairFront and scene.hairBack for the layout's hair style. */
export function computeHairFields(s: Scene): void {
  const { frame, layout: L, hairFront, hairBack } = s;
  hairFront.fill(FAR);
  hairBack.fill(FAR);
  const [front, back] = STYLE_FIELDS[L.hairStyle] ?? STYLE_FIELDS[BALD];
  s.hairFrontBox = EMPTY;
  s.hairBackBox = EMPTY;
  if (front) {
    const [x0, y0, x1, y1] = frontExtent(L);
    s.hairFrontBox = frame.box(x0, y0, x1, y1);
    front(s, hairFront, s.hairFrontBox);
  }
  if (back) {
    const [x0, y0, x1, y1] = backExtent(L);
    s.hairBackBox = frame.box(x0, y0, x1, y1);
    back(s, hairBack, s.hairBackBox);
  }
}

/**
 * Paints one hair field: lit like a rounded volume over the skull, with a sheen band, fine
 * strands radiating from the crown (curls for curly hair) and a soft outer edge.
 */
function paintHairField(s: Scene, field: Float32Array, box: Box, back: boolean): void {
  const { canvas, frame, layout: L, face } = s;
  const [hr, hg, hb] = L.hair;
  const curly = L.hairStyle === CURLY;
  const crownY = -L.top - 8;
  const rx = 1 / (L.a + 6);
  const ry = 1 / (L.top + 7);
  const strandFreq = L.hairStyle === SHORT ? 4.8 : 3.2;
  const partX =
    L.hairStyle === SIDE_PART && !back ? L.featureX * 0.6 - L.hairSide * L.a * 0.45 : FAR;
  const partEnd = -L.top * 0.5;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const d = field[i];
      const a = softCoverage(d, curly ? 1.6 : 1.2);
      if (a === 0) continue;
      const lx = frame.lx[i];
      const ly = frame.ly[i];
      const nx = lx * rx;
      const ny = (ly + 3) * ry;
      const nz2 = 1 - nx * nx - ny * ny;
      const nz = nz2 > 0.04 ? Math.sqrt(nz2) : 0.2;
      const lam = Math.max(0, nx * LIGHT_X + ny * LIGHT_Y + nz * LIGHT_Z);
      let shade = 0.5 + 0.6 * lam;
      let texture: number;
      if (curly) {
        const c =
          wave(lx * 0.27 + 0.2 * wave(ly * 0.2 + L.hairPhase)) *
          wave(ly * 0.27 + 0.2 * wave(lx * 0.17));
        texture = 0.86 + 0.14 * c;
      } else {
        // Strands radiate from the crown: the tangent of their angle stands in for the angle.
        const ang = lx / (ly - crownY);
        texture = 0.95 + 0.05 * wave(ang * strandFreq + L.hairPhase);
        // Sheen: a band of light across the upper left of the volume.
        const r = Math.sqrt(nx * nx + ny * ny);
        const band = (r - 0.62) / 0.12;
        shade += 0.2 * bell(band * band) * Math.max(0, 0.3 - nx - ny * 0.5);
      }
      texture += 0.09 * (hashNoise(x, y, L.hairPhase * 1000) - 0.5);
      // A side part shows as a thin shadowed groove from the hairline up over the crown.
      if (partX !== FAR && ly < partEnd) {
        texture *= 1 - 0.45 * softCoverage(Math.abs(lx - partX) - 0.3, 1.2);
      }
      // Darker towards the outer edge (the volume turns away) and, behind, next to the face.
      shade *= 1 - 0.2 * smoothstep(-3, 0.5, d);
      if (back) shade *= 0.72 * (1 - 0.4 * smoothstep(4, -0.5, face[i]));
      const f = shade * texture;
      blend(canvas, i, Math.min(1, hr * f), Math.min(1, hg * f), Math.min(1, hb * f), a);
    }
  }
}

export function paintBackHair(s: Scene): void {
  paintHairField(s, s.hairBack, s.hairBackBox, true);
}

export function paintFrontHair(s: Scene): void {
  paintHairField(s, s.hairFront, s.hairFrontBox, false);
}
