// Everything that does not tilt with the head: the studio backdrop, the neck and the shirt.
// Drawn in image pixels.

import { type Scene } from '../scene';
import { SIZE, bell, blend, coverage, smoothstep } from '../raster';

/** Backdrop: vertical gradient, vignette, and the person's soft shadow falling to the right. */
export function paintBackground(s: Scene): void {
  const { canvas, layout: L } = s;
  const [br, bg, bb] = L.background;
  const shX = L.headX + 5;
  const shY = L.headY + 8;
  const shRx = 1 / (L.a + 10);
  const shRy = 1 / (L.top + 20);
  for (let y = 0; y < SIZE; y++) {
    const gradient = 1.1 - 0.24 * (y / (SIZE - 1));
    const vy = (y + 0.5 - 32) / 32;
    const sy = (y + 0.5 - shY) * shRy;
    for (let x = 0; x < SIZE; x++) {
      const vx = (x + 0.5 - 32) / 32;
      const sx = (x + 0.5 - shX) * shRx;
      const shadow = 0.2 * bell(2 * (sx * sx + sy * sy));
      const f = gradient * (1 - 0.2 * (vx * vx + vy * vy)) * (1 - shadow);
      const i = y * SIZE + x;
      canvas.r[i] = br * f;
      canvas.g[i] = bg * f;
      canvas.b[i] = bb * f;
    }
  }
}

function neckHalfWidth(s: Scene): number {
  return s.layout.a * 0.46 + 0.8;
}

function neckX(s: Scene): number {
  return s.layout.headX + s.layout.turn * 0.8;
}

/** The neck, lit from the left, with the chin's shadow across its top. */
export function paintNeck(s: Scene): void {
  const { canvas, layout: L, face } = s;
  const nx = neckX(s);
  const hw = neckHalfWidth(s);
  const top = L.headY + 4;
  const [sr, sg, sb] = L.skin;
  const y0 = Math.max(0, Math.floor(top));
  const x0 = Math.max(0, Math.floor(nx - hw - 5));
  const x1 = Math.min(SIZE, Math.ceil(nx + hw + 5));
  for (let y = y0; y < SIZE; y++) {
    const py = y + 0.5;
    // The neck widens into the shoulders at the bottom (trapezius).
    const w = hw + Math.max(0, py - 54) * 0.9;
    for (let x = x0; x < x1; x++) {
      const px = x + 0.5 - nx;
      const d = Math.max(Math.abs(px) - w, top - py);
      const a = coverage(d);
      if (a === 0) continue;
      const i = y * SIZE + x;
      const chin = 0.5 * smoothstep(7, -1, face[i]);
      const shade = (0.8 - 0.14 * (px / w)) * (1 - chin);
      blend(canvas, i, sr * shade, sg * shade * 0.96, sb * shade * 0.93, a);
    }
  }
}

/** Shoulders in a T-shirt with a crew or V neckline and a darker collar band. */
export function paintShirt(s: Scene): void {
  const { canvas, layout: L } = s;
  const nx = neckX(s);
  const hw = neckHalfWidth(s);
  const cx = 32 + (L.headX - 32) * 0.5;
  const [cr, cg, cb] = L.shirt;
  const top = 54.5;
  for (let y = Math.floor(top) - 1; y < SIZE; y++) {
    const py = y + 0.5;
    for (let x = 0; x < SIZE; x++) {
      const px = x + 0.5;
      // Shoulders: a wide ellipse whose top is the shoulder line.
      const ex = (px - cx) / 31;
      const ey = (py - (top + 15)) / 15;
      const dShoulder = (Math.sqrt(ex * ex + ey * ey) - 1) * 14;
      // Neckline cut, in neck-relative coordinates.
      const qx = px - nx;
      const qy = py - (top - 0.5);
      let dNeck: number;
      if (L.vNeck) {
        // A V: the two slanted edges meet 7 px below the shoulder line.
        dNeck = (Math.abs(qx) - (hw + 1.8) * (1 - qy / 7.5)) * 0.74;
        dNeck = Math.max(dNeck, -qy - 4);
      } else {
        const ux = qx / (hw + 1.6);
        const uy = qy / 3.4;
        dNeck = (Math.sqrt(ux * ux + uy * uy) - 1) * 3;
      }
      const d = Math.max(dShoulder, -dNeck);
      const a = coverage(d);
      if (a === 0) continue;
      const i = y * SIZE + x;
      // Lit from the upper left; the collar band just outside the neckline is darker.
      let shade = 0.95 - 0.18 * ((px - cx) / 31) - 0.14 * ((py - top) / 10);
      shade *= 1 - 0.3 * smoothstep(1.6, 0.2, dNeck);
      blend(canvas, i, cr * shade, cg * shade, cb * shade, a);
    }
  }
}
