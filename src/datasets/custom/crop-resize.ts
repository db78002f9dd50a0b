// Centre crop and resize on plain pixel arrays. The browser decodes and does a first, cheap
// downscale (createImageBitmap); the final step to the dataset's size is an area average done
// here, so every image is resampled the same way and the math is testable without a DOM.

/** The largest centred square inside a width x height image. */
export interface CropRect {
  readonly sx: number;
  readonly sy: number;
  readonly side: number;
}

export function centerCropRect(width: number, height: number): CropRect {
  if (!(width > 0 && height > 0)) throw new Error(`Bad image size ${width}x${height}`);
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side };
}

/**
 * Side the browser should scale the crop to before the area average: a few times the target
 * (so the average still has several source pixels per output pixel) but never up from the crop.
 */
export function intermediateSide(cropSide: number, target: number, oversample = 4): number {
  return Math.max(target, Math.min(cropSide, target * oversample));
}

/**
 * Area-average resize of a square RGBA image [side, side, 4] to [target, target, channels]
 * uint8. Each output pixel is the mean of the source area it covers, with partial pixels
 * weighted by overlap, so downscaling by any factor neither aliases nor drops rows. Upscaling
 * (side < target) repeats pixels the same way. Transparent pixels are composited over white;
 * grey is the Rec. 601 luma of the composite.
 */
export function resizeRgbaSquare(
  rgba: ArrayLike<number>,
  side: number,
  target: number,
  channels: 1 | 3,
): Uint8Array {
  if (rgba.length !== side * side * 4) {
    throw new Error(
      `Expected ${side * side * 4} RGBA bytes for ${side}x${side}, got ${rgba.length}`,
    );
  }
  const weights = axisWeights(side, target);
  // Over white, in floats: [side, side, 3].
  const rgb = new Float32Array(side * side * 3);
  for (let p = 0; p < side * side; p++) {
    const a = rgba[p * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c] * a + 255 * (1 - a);
  }
  const out = new Uint8Array(target * target * channels);
  const acc = [0, 0, 0];
  for (let oy = 0; oy < target; oy++) {
    for (let ox = 0; ox < target; ox++) {
      acc[0] = acc[1] = acc[2] = 0;
      let total = 0;
      for (const [sy, wy] of weights[oy]) {
        for (const [sx, wx] of weights[ox]) {
          const w = wy * wx;
          const i = (sy * side + sx) * 3;
          acc[0] += rgb[i] * w;
          acc[1] += rgb[i + 1] * w;
          acc[2] += rgb[i + 2] * w;
          total += w;
        }
      }
      const [r, g, b] = acc.map((v) => v / total);
      const o = (oy * target + ox) * channels;
      if (channels === 1) out[o] = clampByte(0.299 * r + 0.587 * g + 0.114 * b);
      else {
        out[o] = clampByte(r);
        out[o + 1] = clampByte(g);
        out[o + 2] = clampByte(b);
      }
    }
  }
  return out;
}

/**
 * For each output index along one axis, the source indices it covers and how much of each
 * (overlap length of [o * scale, (o + 1) * scale) with [s, s + 1)).
 */
export function axisWeights(side: number, target: number): [number, number][][] {
  const scale = side / target;
  const rows: [number, number][][] = [];
  for (let o = 0; o < target; o++) {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    const row: [number, number][] = [];
    for (let s = Math.floor(lo); s < Math.min(side, Math.ceil(hi)); s++) {
      const overlap = Math.min(hi, s + 1) - Math.max(lo, s);
      if (overlap > 1e-9) row.push([s, overlap]);
    }
    rows.push(row);
  }
  return rows;
}

function clampByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
