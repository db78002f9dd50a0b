// Shared state of one face being painted: the canvas, the head frame, the layout and the
// distance fields that several parts read (the face outline clips shading and casts the chin
// shadow; the hair casts its shadow on the forehead). Reused from face to face: no allocation
// per face beyond the small layout object.

import { HeadFrame } from './frame';
import type { FaceLayout } from './layout';
import {
  type Box,
  type Canvas,
  PIXELS,
  SIZE,
  BELL_CUTOFF,
  bell,
  coverage,
  createCanvas,
  sdSegment,
} from './raster';

/** Light direction (towards the light): from the upper left, in front of the face. */
export const LIGHT_X = -0.45;
export const LIGHT_Y = -0.55;
export const LIGHT_Z = 0.7;

/** Distance fields hold this outside their box. */
export const FAR = 99;

export interface Scene {
  readonly canvas: Canvas;
  readonly frame: HeadFrame;
  layout: FaceLayout;
  /** Signed distance to the face outline (skin of the face and scalp), [64 * 64]. */
  readonly face: Float32Array;
  faceBox: Box;
  /** Signed distance to hair in front of the face, and behind the head. */
  readonly hairFront: Float32Array;
  hairFrontBox: Box;
  readonly hairBack: Float32Array;
  hairBackBox: Box;
  /** Scratch for implicit functions before they are normalised into distances. */
  readonly scratch: Float32Array;
}

const EMPTY: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };

export function createScene(layout: FaceLayout): Scene {
  return {
    canvas: createCanvas(),
    frame: new HeadFrame(),
    layout,
    face: new Float32Array(PIXELS),
    faceBox: EMPTY,
    hairFront: new Float32Array(PIXELS),
    hairFrontBox: EMPTY,
    hairBack: new Float32Array(PIXELS),
    hairBackBox: EMPTY,
    scratch: new Float32Array(PIXELS),
  };
}

/**
 * Turns an implicit function sampled on the pixel grid (negative inside, any scale) into a
 * distance in pixels: value / |gradient|, with the gradient from central differences. `src`
 * must hold valid samples one pixel beyond `box` on every side that lies inside the image.
 */
export function normalizeField(src: Float32Array, dst: Float32Array, box: Box): void {
  for (let y = box.y0; y < box.y1; y++) {
    const yUp = y > 0 ? -SIZE : 0;
    const yDown = y < SIZE - 1 ? SIZE : 0;
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const xl = x > 0 ? -1 : 0;
      const xr = x < SIZE - 1 ? 1 : 0;
      const gx = (src[i + xr] - src[i + xl]) / (xr - xl);
      const gy = (src[i + yDown] - src[i + yUp]) / ((yDown - yUp) / SIZE);
      const g = Math.sqrt(gx * gx + gy * gy);
      dst[i] = src[i] / (g > 0.25 ? g : 0.25);
    }
  }
}

/**
 * Darkens (amount > 0) or lightens (amount < 0) the skin with a soft elliptical blob centred at
 * head-local (cx, cy), clipped to the face so shading never leaks onto hair or background.
 * `tint` multiplies the darkening per channel (warm shadows).
 */
export function shadeBlob(
  s: Scene,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  amount: number,
  tintG = 1,
  tintB = 1,
): void {
  const { canvas, frame, face } = s;
  const box = frame.box(cx - 2 * rx, cy - 2 * ry, cx + 2 * rx, cy + 2 * ry);
  const irx = 1 / (rx * rx);
  const iry = 1 / (ry * ry);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const inside = coverage(face[i]);
      if (inside === 0) continue;
      const dx = frame.lx[i] - cx;
      const dy = frame.ly[i] - cy;
      const q = dx * dx * irx + dy * dy * iry;
      if (q >= BELL_CUTOFF) continue;
      const w = bell(q) * amount * inside;
      if (w >= 0) {
        canvas.r[i] *= 1 - w;
        canvas.g[i] *= 1 - w * tintG;
        canvas.b[i] *= 1 - w * tintB;
      } else {
        // Lighten towards white (a highlight), not multiply (which would oversaturate).
        canvas.r[i] -= (1 - canvas.r[i]) * w;
        canvas.g[i] -= (1 - canvas.g[i]) * w;
        canvas.b[i] -= (1 - canvas.b[i]) * w;
      }
    }
  }
}

/**
 * Like shadeBlob, along a segment: a soft line of shadow (amount > 0) or light (amount < 0)
 * with a Gaussian profile of the given radius. Used for nose sides, creases and folds.
 */
export function shadeSegment(
  s: Scene,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radius: number,
  amount: number,
): void {
  const { canvas, frame, face } = s;
  const m = 2 * radius;
  const box = frame.box(
    Math.min(ax, bx) - m,
    Math.min(ay, by) - m,
    Math.max(ax, bx) + m,
    Math.max(ay, by) + m,
  );
  const ir = 1 / (radius * radius);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const inside = coverage(face[i]);
      if (inside === 0) continue;
      const dist = sdSegment(frame.lx[i], frame.ly[i], ax, ay, bx, by);
      const q = dist * dist * ir;
      if (q >= BELL_CUTOFF) continue;
      const w = bell(q) * amount * inside;
      if (w >= 0) {
        canvas.r[i] *= 1 - w;
        canvas.g[i] *= 1 - w * 1.08;
        canvas.b[i] *= 1 - w * 1.12;
      } else {
        canvas.r[i] -= (1 - canvas.r[i]) * w;
        canvas.g[i] -= (1 - canvas.g[i]) * w;
        canvas.b[i] -= (1 - canvas.b[i]) * w;
      }
    }
  }
}
