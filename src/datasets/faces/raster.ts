// Tiny software rasterizer for the face generator: a float RGB canvas, signed distance
// functions (in pixel units) and an analytic anti-aliasing rule. No DOM, no canvas API:
// it runs the same in a Web Worker, in Node and in tests.

export const SIZE = 64;
export const PIXELS = SIZE * SIZE;

/** Working image: one plane per channel, values 0..1, row-major [64, 64]. */
export interface Canvas {
  readonly r: Float32Array;
  readonly g: Float32Array;
  readonly b: Float32Array;
}

export function createCanvas(): Canvas {
  return {
    r: new Float32Array(PIXELS),
    g: new Float32Array(PIXELS),
    b: new Float32Array(PIXELS),
  };
}

/** Straight alpha "over" of one colour onto pixel i. */
export function blend(c: Canvas, i: number, r: number, g: number, b: number, a: number): void {
  c.r[i] += (r - c.r[i]) * a;
  c.g[i] += (g - c.g[i]) * a;
  c.b[i] += (b - c.b[i]) * a;
}

/**
 * Area coverage of a pixel by a shape whose signed distance at the pixel centre is d (pixels,
 * negative inside). A linear ramp one pixel wide is a box filter of a straight edge: cheap,
 * and smooth enough that nothing needs supersampling.
 */
export function coverage(d: number): number {
  return d >= 0.5 ? 0 : d <= -0.5 ? 1 : 0.5 - d;
}

/** Like coverage, with an edge `width` pixels wide (hair, shadows, blush). */
export function softCoverage(d: number, width: number): number {
  const t = 0.5 - d / width;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

export function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

export function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

export function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
}

/**
 * Approximate distance to an axis-aligned ellipse with radii (a, b) centred at the origin.
 * Exact on the boundary to first order, which is all anti-aliasing needs (after Inigo Quilez's
 * "ellipse - approximated" note: value divided by the gradient length).
 */
export function sdEllipse(x: number, y: number, a: number, b: number): number {
  const ia2 = 1 / (a * a);
  const ib2 = 1 / (b * b);
  const u = x * x * ia2;
  const v = y * y * ib2;
  const k0 = Math.sqrt(u + v);
  const k1 = Math.sqrt(u * ia2 + v * ib2);
  if (k1 === 0) return -Math.min(a, b);
  return (k0 * (k0 - 1)) / k1;
}

/** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
export function sdSegment(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const h = segmentParam(x, y, ax, ay, bx, by);
  const ex = x - ax - (bx - ax) * h;
  const ey = y - ay - (by - ay) * h;
  return Math.sqrt(ex * ex + ey * ey);
}

/** Parameter (0..1) of the closest point on the segment; pairs with sdSegment for tapering. */
export function segmentParam(
  x: number,
  y: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return len2 === 0 ? 0 : clamp01(((x - ax) * dx + (y - ay) * dy) / len2);
}

/** Rounded box centred at the origin with half sizes (hx, hy) and corner radius r. */
export function sdRoundBox(x: number, y: number, hx: number, hy: number, r: number): number {
  const qx = Math.abs(x) - hx + r;
  const qy = Math.abs(y) - hy + r;
  const ox = qx > 0 ? qx : 0;
  const oy = qy > 0 ? qy : 0;
  return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Polynomial smooth minimum (union with a fillet of size k). */
export function smin(a: number, b: number, k: number): number {
  const h = clamp01(0.5 + (0.5 * (b - a)) / k);
  return mix(b, a, h) - k * h * (1 - h);
}

/** Pixel rectangle [x0, x1) x [y0, y1), clamped to the image. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function clampBox(x0: number, y0: number, x1: number, y1: number): Box {
  return {
    x0: Math.max(0, Math.floor(x0)),
    y0: Math.max(0, Math.floor(y0)),
    x1: Math.min(SIZE, Math.ceil(x1)),
    y1: Math.min(SIZE, Math.ceil(y1)),
  };
}

/** Cheap deterministic hash noise in [0, 1) for pixel (x, y) and a salt (texture, not randomness). */
export function hashNoise(x: number, y: number, salt: number): number {
  let h = Math.imul(x | 0, 374761393) + Math.imul(y | 0, 668265263) + Math.imul(salt | 0, 69069);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Beyond this q (two radii) a bell is exactly 0: shading loops stop there. */
export const BELL_CUTOFF = 4;

/**
 * A cheap stand-in for exp(-q) (q = squared distance over squared radius): (1 - q / 4)^3,
 * within 0.06 of it everywhere and exactly 0 from two radii on, so shading boxes stay small.
 */
export function bell(q: number): number {
  if (q >= BELL_CUTOFF) return 0;
  const k = 1 - q * 0.25;
  return k * k * k;
}

/**
 * A cheap cosine-like wave with period 1 (a smoothed triangle wave), for textures: it costs a
 * floor and a few multiplies where Math.sin costs a range reduction and a polynomial.
 */
export function wave(t: number): number {
  const tri = Math.abs(2 * (t - Math.floor(t)) - 1);
  return 2 * tri * tri * (3 - 2 * tri) - 1;
}

/** The two sides of the face, for loops over left (-1) and right (+1) parts. */
export const SIDES: readonly number[] = [-1, 1];
