// Builds the animated GIF of a run's sample grids: each grid scaled up with crisp pixels, a thin
// bar under it showing how far into the run it was drawn, then quantized and written by gifenc.
// Pure (no DOM), so the GIF worker runs it and Node tests check it.

import { applyPalette, GIFEncoder, quantize } from 'gifenc';

export interface GifFrame {
  readonly rgba: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  /** 0..1: where in the run this grid was drawn (the bar's length). */
  readonly position: number;
}

export interface GifOptions {
  /** Whole-number upscale factor. */
  readonly scale: number;
  readonly delayMs: number;
  /** Delay of the last frame, so the loop pauses on the result. */
  readonly lastDelayMs: number;
  /** RGB of the progress bar. */
  readonly barColor: readonly [number, number, number];
}

export const BAR_HEIGHT = 4;

/** Upscales by `scale` (nearest neighbour) and adds the progress bar below. */
export function composeFrame(
  frame: GifFrame,
  opts: GifOptions,
): { rgba: Uint8ClampedArray; width: number; height: number } {
  const k = opts.scale;
  const width = frame.width * k;
  const height = frame.height * k + BAR_HEIGHT * k;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < frame.height * k; y++) {
    const sy = Math.floor(y / k);
    for (let x = 0; x < width; x++) {
      const src = (sy * frame.width + Math.floor(x / k)) * 4;
      const dst = (y * width + x) * 4;
      out[dst] = frame.rgba[src];
      out[dst + 1] = frame.rgba[src + 1];
      out[dst + 2] = frame.rgba[src + 2];
      out[dst + 3] = 255;
    }
  }
  const filled = Math.round(Math.min(1, Math.max(0, frame.position)) * width);
  for (let y = frame.height * k; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dst = (y * width + x) * 4;
      const [r, g, b] = x < filled ? opts.barColor : [24, 26, 32];
      out[dst] = r;
      out[dst + 1] = g;
      out[dst + 2] = b;
      out[dst + 3] = 255;
    }
  }
  return { rgba: out, width, height };
}

/** Encodes every frame; `onProgress` hears after each (0..1). */
export function encodeGif(
  frames: readonly GifFrame[],
  opts: GifOptions,
  onProgress: (fraction: number) => void = () => {},
): Uint8Array {
  if (frames.length === 0) throw new Error('No sample grids to put in a GIF yet.');
  const gif = GIFEncoder();
  frames.forEach((frame, i) => {
    const { rgba, width, height } = composeFrame(frame, opts);
    // A palette per frame: early grids are noise, late ones have few distinct greys or colours.
    const palette = quantize(rgba, 256);
    const index = applyPalette(rgba, palette);
    const last = i === frames.length - 1;
    gif.writeFrame(index, width, height, {
      palette,
      delay: last ? opts.lastDelayMs : opts.delayMs,
      repeat: 0,
    });
    onProgress((i + 1) / frames.length);
  });
  gif.finish();
  return gif.bytes();
}
