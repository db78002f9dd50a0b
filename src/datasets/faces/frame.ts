// The head's own coordinate frame. Every part of the head (face, ears, eyes, hair, glasses) is
// drawn in head-local pixel units, centred on the head with y pointing down; tilting the head
// only changes this frame. Rotation keeps distances, so local SDFs stay in pixel units.

import { type Box, PIXELS, SIZE, clampBox } from './raster';

export class HeadFrame {
  /** Head-local coordinates of every pixel centre, [64 * 64]. */
  readonly lx = new Float32Array(PIXELS);
  readonly ly = new Float32Array(PIXELS);
  private ox = 0;
  private oy = 0;
  private cos = 1;
  private sin = 0;

  /** Places the head centre at image point (ox, oy), rotated clockwise by `angle` radians. */
  set(ox: number, oy: number, angle: number): void {
    this.ox = ox;
    this.oy = oy;
    this.cos = Math.cos(angle);
    this.sin = Math.sin(angle);
    const { cos, sin, lx, ly } = this;
    for (let y = 0; y < SIZE; y++) {
      const dy = y + 0.5 - oy;
      for (let x = 0; x < SIZE; x++) {
        const dx = x + 0.5 - ox;
        const i = y * SIZE + x;
        // Inverse rotation: image -> local.
        lx[i] = cos * dx + sin * dy;
        ly[i] = -sin * dx + cos * dy;
      }
    }
  }

  /** Image pixel box that holds the local rectangle [x0, x1] x [y0, y1] after rotation. */
  box(x0: number, y0: number, x1: number, y1: number): Box {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < 4; k++) {
      const px = k & 1 ? x1 : x0;
      const py = k & 2 ? y1 : y0;
      const ix = this.ox + this.cos * px - this.sin * py;
      const iy = this.oy + this.sin * px + this.cos * py;
      if (ix < minX) minX = ix;
      if (ix > maxX) maxX = ix;
      if (iy < minY) minY = iy;
      if (iy > maxY) maxY = iy;
    }
    // One pixel of margin for the anti-aliased edge.
    return clampBox(minX - 1, minY - 1, maxX + 1, maxY + 1);
  }
}
