// The mouth, from a frown to an open smile: one parameter bends the line where the lips meet,
// opens it to show teeth, and adds the folds and lifted cheeks of a smile (or the pulled-down
// corners of a frown). Everything it touches lies below the nose.

import { type Scene, shadeBlob, shadeSegment } from '../scene';
import { SIDES, SIZE, bell, blend, coverage } from '../raster';

export function mouthGeometry(smile: number): {
  halfWidth: number;
  lift: number;
  open: number;
  upper: number;
  lower: number;
} {
  const up = Math.max(0, smile);
  const down = Math.max(0, -smile);
  return {
    halfWidth: 4.3 + 1.0 * up - 0.3 * down,
    // Corners rise (smile) or drop (frown) by this many pixels.
    lift: smile > 0 ? 2.4 * smile : 1.7 * smile,
    // Gap between the lips at the centre: the smile opens over its top half.
    open: smile > 0.4 ? ((smile - 0.4) / 0.6) * 2.8 : 0,
    upper: 1.2 - 0.35 * up - 0.2 * down,
    lower: 1.8 - 0.25 * up - 0.35 * down,
  };
}

/**
 * What a smile or frown does to the skin around the mouth. Painted before the eyes and any
 * beard, so that it never touches the eyes and a beard covers it.
 */
export function paintExpression(s: Scene): void {
  const L = s.layout;
  const sm = L.smile;
  const cx = L.featureX * 1.1;
  const cy = L.mouthY;
  const { halfWidth: mw, lift } = mouthGeometry(sm);
  const nx = L.featureX * 1.3;
  if (sm > 0) {
    // Smile folds from the nose wings to beyond the mouth corners; cheeks lift and catch light.
    for (const side of SIDES) {
      shadeSegment(
        s,
        nx + side * (L.noseW + 1.3),
        L.noseTipY + 0.2,
        cx + side * (mw + 1.3),
        cy - lift * 0.4 + 1.2,
        0.8,
        0.1 * sm,
      );
      shadeBlob(s, cx + side * (L.eyeSep + 0.3), L.eyeY + 5.8, 2.2, 1.3, -0.08 * sm);
    }
  } else if (sm < 0) {
    // Frown: lines pulling down from the corners.
    for (const side of SIDES) {
      shadeSegment(
        s,
        cx + side * mw,
        cy - lift,
        cx + side * (mw + 0.7),
        cy - lift + 2.6,
        0.6,
        -0.16 * sm,
      );
    }
  }
}

export function paintMouth(s: Scene): void {
  const { canvas, frame, layout: L } = s;
  const sm = L.smile;
  const cx = L.featureX * 1.1;
  const cy = L.mouthY;
  const { halfWidth: mw, lift, open, upper: uh, lower: lh } = mouthGeometry(sm);
  const [lr, lg, lb] = L.lip;
  const box = frame.box(
    cx - mw - 2,
    cy - Math.max(lift, 0) - uh - 2,
    cx + mw + 2,
    cy + open + lh + Math.max(-lift, 0) + 2,
  );
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const px = frame.lx[i] - cx;
      const py = frame.ly[i] - cy;
      const q = px / mw;
      const q2 = q * q > 1 ? 1 : q * q;
      const arch = 1 - q2;
      const side = coverage(Math.abs(px) - mw);
      if (side === 0) continue;
      // The lips' meeting line, a parabola through the corners, and distances normalised by its slope.
      // A smile curves the whole line (U); a frown mostly pulls the corners down.
      const k = sm > 0 ? 1 : 0.35;
      const line = -lift * (k * q2 + (1 - k) * q2 * q2);
      const slope = (-lift * (2 * k * q + 4 * (1 - k) * q2 * q)) / mw;
      const norm = 1 / Math.sqrt(1 + slope * slope);
      const lowOpen = line + open * arch;
      // Lips are fullest in the middle; the upper one dips at the centre (Cupid's bow).
      const fullness = Math.sqrt(arch);
      const bow = 0.35 * bell((px * px) / 0.7) * arch;
      const upTop = line - uh * fullness + bow;
      const lowBot = lowOpen + lh * fullness;
      const aUpper = coverage((upTop - py) * norm) * coverage((py - line) * norm) * side;
      const aLower = coverage((lowOpen - py) * norm) * coverage((py - lowBot) * norm) * side;
      if (aUpper > 0) blend(canvas, i, lr * 0.8, lg * 0.78, lb * 0.8, aUpper);
      if (aLower > 0) {
        const hx = (px + 1) / 2;
        const hy = (py - (lowOpen + lh * 0.35)) / 0.7;
        const f = 1 + 0.22 * bell(hx * hx + hy * hy);
        blend(canvas, i, Math.min(1, lr * f), lg * f, lb * f, aLower);
      }
      if (open > 0) {
        const aOpen = coverage((line - py) * norm) * coverage((py - lowOpen) * norm) * side;
        if (aOpen > 0) {
          // Upper teeth fill the top of the opening, the dark mouth shows below.
          const teethEnd = line + open * 0.62 * arch;
          const teeth = coverage((py - teethEnd) * norm);
          const tShade = 0.93 - 0.25 * q2;
          const r = 0.28 + (tShade - 0.28) * teeth;
          const g = 0.08 + (tShade * 0.97 - 0.08) * teeth;
          const b = 0.08 + (tShade * 0.92 - 0.08) * teeth;
          blend(canvas, i, r, g, b, aOpen);
        }
      }
      // Dark line where the lips meet, darkest at the corners.
      const dLine = Math.abs(py - line) * norm - (open > 0 ? 0.25 : 0.4);
      const aLine = coverage(dLine) * side * (0.55 + 0.35 * q2);
      if (aLine > 0) blend(canvas, i, lr * 0.35, lg * 0.25, lb * 0.25, aLine);
    }
  }
  // Shadow under the lower lip.
  shadeBlob(s, cx + 0.3, cy + open + lh + 1.2, mw * 0.5, 0.8, 0.14, 1.05, 1.1);
}
