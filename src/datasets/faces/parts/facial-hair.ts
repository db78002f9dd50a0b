// Stubble, moustache and beard. The beard is the lower face below a line from the sideburns
// over the cheeks to the upper lip, a little fuller than the jaw; the lips are painted over it.

import { type Scene } from '../scene';
import { SIZE, blend, hashNoise, smoothstep, softCoverage } from '../raster';

const STUBBLE = 1;
const MOUSTACHE = 2;
const BEARD = 3;

function beardDistance(s: Scene, i: number): number {
  const { frame, layout: L, face } = s;
  const lx = frame.lx[i];
  const ly = frame.ly[i];
  const t = Math.min(1, Math.abs(lx - L.featureX * 0.8) / L.a);
  // Over the upper lip in the middle, along the cheeks, up to the sideburns at the ears.
  const t4 = t * t * t * t;
  const top = L.noseTipY + 1.4 + (L.earY - 1 - L.noseTipY - 1.4) * t4 * t4;
  // Fuller than the jaw towards the chin.
  const grow = 1.6 * smoothstep(L.mouthY - 3, L.bottom, ly);
  return Math.max(face[i] - grow, top - ly);
}

/** Stubble or beard (drawn before the mouth). */
export function paintBeard(s: Scene): void {
  const { canvas, frame, layout: L } = s;
  if (L.facialHair !== STUBBLE && L.facialHair !== BEARD) return;
  const [hr, hg, hb] = L.hair;
  const [sr, sg, sb] = L.skin;
  const box = frame.box(-L.a - 3, L.eyeY, L.a + 3, L.bottom + 3);
  const stubble = L.facialHair === STUBBLE;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const d = beardDistance(s, i);
      const a = softCoverage(d, stubble ? 3 : 1.8);
      if (a === 0) continue;
      const n = hashNoise(x, y, 7 + L.hairPhase * 100);
      if (stubble) {
        // A dark, slightly blue-grey haze of short hairs over the skin.
        const k = a * (0.26 + 0.22 * n);
        blend(canvas, i, hr * 0.5 + sr * 0.3, hg * 0.5 + sg * 0.3, hb * 0.5 + sb * 0.34, k);
      } else {
        const ly = frame.ly[i];
        const shade = (0.72 + 0.3 * smoothstep(L.bottom + 1, L.mouthY, ly)) * (0.9 + 0.14 * n);
        blend(
          canvas,
          i,
          Math.min(1, hr * shade),
          Math.min(1, hg * shade),
          Math.min(1, hb * shade),
          a,
        );
      }
    }
  }
}

/** Moustache over the upper lip (drawn after the mouth); a full beard has one too. */
export function paintMoustache(s: Scene): void {
  const { canvas, frame, layout: L } = s;
  if (L.facialHair !== MOUSTACHE && L.facialHair !== BEARD) return;
  const [hr, hg, hb] = L.hair;
  const cx = L.featureX * 1.15;
  const cy = L.mouthY;
  const hw = 5.2;
  const box = frame.box(cx - hw - 1.5, L.noseTipY, cx + hw + 1.5, cy + 2);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * SIZE + x;
      const px = frame.lx[i] - cx;
      const py = frame.ly[i] - cy;
      const q = Math.min(1, (px * px) / (hw * hw));
      // Top edge under the nose, bottom edge over the lip; the ends droop.
      const top = -3.1 + 0.6 * q;
      const bottom = -0.9 + 1.6 * q;
      const thick = (bottom - top) * 0.5;
      const d = Math.max(Math.abs(py - (top + bottom) * 0.5) - thick, Math.abs(px) - hw);
      const a = softCoverage(d, 1.1);
      if (a === 0) continue;
      const n = hashNoise(x, y, 11);
      const shade = (0.78 + 0.25 * smoothstep(0, -3, py)) * (0.85 + 0.25 * n);
      blend(
        canvas,
        i,
        Math.min(1, hr * shade),
        Math.min(1, hg * shade),
        Math.min(1, hb * shade),
        a * 0.95,
      );
    }
  }
}
