// Eyes (almond of white, coloured iris, pupil, catch light, lid line) and the brows above them.

import { type Scene, shadeSegment } from '../scene';
import {
  SIZE,
  blend,
  clamp01,
  coverage,
  sdSegment,
  segmentParam,
  smoothstep,
  softCoverage,
  SIDES,
} from '../raster';

export function paintEyes(s: Scene): void {
  const L = s.layout;
  for (const side of SIDES) {
    // The eye on the side the head turns away from is foreshortened.
    const squeeze = 1 - 0.14 * Math.max(0, -side * L.turn);
    paintEye(s, L.featureX + side * L.eyeSep * (1 - 0.06 * Math.abs(L.turn)), side, squeeze);
  }
}

function paintEye(s: Scene, ex: number, side: number, squeeze: number): void {
  const { canvas, frame, layout: L } = s;
  const ey = L.eyeY;
  const w = L.eyeW * squeeze;
  const h = L.eyeH;
  const h2 = h * 0.78;
  // Almond = intersection of two discs: the upper lid arc peaks at -h, the lower at +h2.
  const r1 = (w * w + h * h) / (2 * h);
  const c1 = -h + r1;
  const r2 = (w * w + h2 * h2) / (2 * h2);
  const c2 = h2 - r2;
  const ir = L.irisR;
  const gx = -L.turn * 0.5;
  const gy = 0.15 * h;
  const [er, eg, eb] = L.eye;
  // The outer corner of the upper lid, where the lash line flicks out.
  const cornerX = side * w;
  const box = frame.box(ex - w - 2, ey - h - 2, ex + w + 2, ey + h2 + 1.5);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const px = frame.lx[i] - ex;
      const py = frame.ly[i] - ey;
      const dUpper = Math.sqrt(px * px + (py - c1) * (py - c1)) - r1;
      const dLower = Math.sqrt(px * px + (py - c2) * (py - c2)) - r2;
      const dEye = Math.max(dUpper, dLower);
      // Crease above the lid.
      const crease = Math.abs(Math.sqrt(px * px + (py - c1) * (py - c1)) - r1 - 1.5);
      if (Math.abs(px) < w * 0.9 && dUpper > 0) {
        const c = 0.16 * softCoverage(crease - 0.2, 1.2) * (1 - Math.abs(px) / w);
        canvas.r[i] *= 1 - c;
        canvas.g[i] *= 1 - c * 1.1;
        canvas.b[i] *= 1 - c * 1.1;
      }
      const inEye = coverage(dEye);
      if (inEye > 0) {
        // White, shadowed under the upper lid.
        const lidShadow = 0.3 * smoothstep(-1.6, 0, dUpper);
        const wShade = 0.92 * (1 - lidShadow);
        blend(canvas, i, wShade, wShade * 0.97, wShade * 0.94, inEye);
        // Iris with a darker rim, pupil, catch light; clipped by the lids.
        const ix = px - gx;
        const iy = py - gy;
        const dIris = Math.sqrt(ix * ix + iy * iy);
        const aIris = coverage(dIris - ir) * inEye;
        if (aIris > 0) {
          const rim = 1 - 0.45 * smoothstep(ir * 0.55, ir, dIris);
          const top = 1 - 0.35 * smoothstep(-1.2, 0, dUpper);
          const f = rim * top;
          blend(canvas, i, er * f, eg * f, eb * f, aIris);
          const aPupil = coverage(dIris - ir * 0.46) * inEye;
          if (aPupil > 0) blend(canvas, i, 0.04, 0.03, 0.03, aPupil);
        }
        const hx = ix + ir * 0.38;
        const hy = iy + ir * 0.38;
        const aHi = softCoverage(Math.sqrt(hx * hx + hy * hy) - 0.35, 1) * inEye * 0.9;
        if (aHi > 0) blend(canvas, i, 1, 1, 1, aHi);
      }
      // Upper lid and lash line: a dark band along the upper arc, thickest outside.
      const along = clamp01((px * side) / w);
      const lidHalf = 0.42 + 0.3 * along;
      const onArc = Math.abs(dUpper + 0.15) - lidHalf;
      // Only the part of the arc above the eye's corners is the lid (the circle goes on below).
      let lid = coverage(onArc) * coverage(Math.abs(px) - w * 1.02) * coverage(py - 0.1);
      // Lash flick at the outer corner, pointing out and up.
      const flick = sdSegment(px, py, cornerX, -0.1, cornerX + side * 1.3, -0.9) - 0.35;
      lid = Math.max(lid, coverage(flick) * 0.85);
      if (lid > 0) blend(canvas, i, 0.1, 0.07, 0.07, lid * 0.92);
      // Faint lower lid line.
      const low = coverage(Math.abs(dLower + 0.1) - 0.3) * coverage(Math.abs(px) - w * 0.9);
      if (low > 0) blend(canvas, i, 0.35, 0.22, 0.2, low * 0.3);
    }
  }
  // A soft shadow under the eye (tear trough).
  shadeSegment(s, ex - w * 0.6, ey + h2 + 1.2, ex + w * 0.6, ey + h2 + 1.2, 0.8, 0.06);
}

/** Brows: tapered arcs over the eyes, thick at the inner end; tilt raises or lowers the inner end. */
export function paintBrows(s: Scene): void {
  const { canvas, frame, layout: L } = s;
  const [br, bg, bb] = L.brow;
  for (const side of SIDES) {
    const ex = L.featureX + side * L.eyeSep * (1 - 0.06 * Math.abs(L.turn));
    const squeeze = 1 - 0.14 * Math.max(0, -side * L.turn);
    const w = L.eyeW * squeeze;
    // Three points: inner end, arch, outer end (head-local).
    const ix = ex - side * w * 0.95;
    const iy = L.browY - L.browLift * 0.5 + 0.4;
    const mx = ex + side * w * 0.35;
    const my = L.browY - 0.9 - L.browLift * 0.1;
    const ox = ex + side * w * 1.3;
    const oy = L.browY + 0.5;
    const t0 = L.browThick;
    const box = frame.box(
      Math.min(ix, ox) - 2,
      Math.min(iy, my, oy) - 2.5,
      Math.max(ix, ox) + 2,
      Math.max(iy, my, oy) + 2.5,
    );
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        const i = y * SIZE + x;
        const px = frame.lx[i];
        const py = frame.ly[i];
        // Two segments; the half thickness tapers from inner (t0) to outer (0.35 * t0).
        const d1 = sdSegment(px, py, ix, iy, mx, my);
        const t1 = segmentParam(px, py, ix, iy, mx, my);
        const d2 = sdSegment(px, py, mx, my, ox, oy);
        const t2 = segmentParam(px, py, mx, my, ox, oy);
        const e1 = d1 - t0 * (1 - 0.2 * t1);
        const e2 = d2 - t0 * (0.8 - 0.5 * t2);
        const d = Math.min(e1, e2);
        const a = softCoverage(d, 1.3);
        if (a > 0) blend(canvas, i, br, bg, bb, a * 0.92);
      }
    }
  }
}
