// Glasses: two rims around the eyes (round or rectangular), a bridge, temple arms running back
// to the ears, and a faint reflection on the lenses. Everything stays in the band of the eyes.

import { type Scene } from '../scene';
import { SIZE, blend, coverage, sdRoundBox, sdSegment } from '../raster';

export function paintGlasses(s: Scene): void {
  const { canvas, frame, layout: L } = s;
  if (!L.glasses) return;
  const [fr, fg, fb] = L.frame;
  const t = L.frameThick;
  const cy = L.eyeY + 0.5;
  // Lens half sizes: around the eye, but never touching each other.
  const hx = Math.min(L.eyeW + 1.9, L.eyeSep - 0.7);
  const hy = L.eyeH + 2.1;
  const round = L.frameRound ? Math.min(hx, hy) : 1.3;
  const sep = L.eyeSep * (1 - 0.06 * Math.abs(L.turn));
  const left = L.featureX - sep;
  const right = L.featureX + sep;
  const innerL = left + hx;
  const innerR = right - hx;
  const outerL = left - hx;
  const outerR = right + hx;
  // Bridge and arms are thin and horizontal: only rows this close to them can touch them.
  const armY = cy - hy * 0.45;
  const earL = -L.a - 0.6 - L.turn * 1.3;
  const earR = L.a + 0.6 - L.turn * 1.3;
  const box = frame.box(
    Math.min(outerL, earL) - 1,
    cy - hy - 1.5,
    Math.max(outerR, earR) + 1,
    cy + hy + 1.5,
  );
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const lx = frame.lx[i];
      const ly = frame.ly[i];
      const cx = lx < L.featureX ? left : right;
      const dLens = sdRoundBox(lx - cx, ly - cy, hx, hy, round);
      // A faint cool reflection inside the lens, strongest on a diagonal streak.
      const inLens = coverage(dLens + t);
      if (inLens > 0) {
        const streak = Math.abs(lx - cx + (ly - cy) * 0.9 + hx * 0.3);
        const k = 0.1 + 0.14 * Math.max(0, 1 - streak / 1.2);
        blend(canvas, i, 0.9, 0.95, 1, inLens * k);
      }
      let d = Math.abs(dLens) - t;
      if (Math.abs(ly - armY) < 2) {
        const dBridge = sdSegment(lx, ly, innerL - 0.3, armY, innerR + 0.3, armY) - t * 0.9;
        const dArmL = sdSegment(lx, ly, outerL, cy - hy * 0.55, earL, cy - hy * 0.35) - t * 0.8;
        const dArmR = sdSegment(lx, ly, outerR, cy - hy * 0.55, earR, cy - hy * 0.35) - t * 0.8;
        d = Math.min(d, dBridge, dArmL, dArmR);
      }
      const a = coverage(d);
      if (a === 0) continue;
      // Frames catch light along their top edge.
      const lit = ly < cy - hy + 0.3 ? 1.5 : 1;
      blend(
        canvas,
        i,
        Math.min(1, fr * lit + 0.03),
        Math.min(1, fg * lit + 0.03),
        Math.min(1, fb * lit + 0.03),
        a,
      );
    }
  }
}
