// The nose is only light and shadow at this size: a shaded side, a lit bridge and tip, the
// shadow under it and two nostrils.

import { type Scene, shadeBlob, shadeSegment } from '../scene';
import { SIDES } from '../raster';

export function paintNose(s: Scene): void {
  const L = s.layout;
  // The nose sticks out, so a head turn moves it further than the eyes.
  const nx = L.featureX * 1.3;
  const tip = L.noseTipY;
  const w = L.noseW;
  const root = L.eyeY + 0.6;
  // Side away from the light, from the root to the wing.
  shadeSegment(s, nx + 1.1, root, nx + w * 0.85, tip - 0.8, 0.8, 0.2);
  // Lit bridge and tip.
  shadeSegment(s, nx - 0.6, root + 1, nx - 0.5, tip - 1.6, 0.6, -0.07);
  shadeBlob(s, nx - 0.3, tip - 0.7, 1.0, 0.8, -0.14);
  // Wings (alae): short creases either side of the tip.
  for (const side of SIDES) {
    const amt = side > 0 ? 0.2 : 0.13;
    shadeSegment(s, nx + side * w, tip - 1.3, nx + side * w * 0.85, tip + 0.4, 0.5, amt);
    // Nostril.
    shadeBlob(s, nx + side * w * 0.45, tip + 0.5, 0.65, 0.42, 0.42);
  }
  // Shadow under the nose, thrown down and right by the light.
  shadeBlob(s, nx + 0.4, tip + 1.2, w * 0.9, 0.8, 0.3, 1.05, 1.1);
}
