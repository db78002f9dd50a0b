import { describe, expect, it } from 'vitest';
import { BAR_HEIGHT, composeFrame, encodeGif, type GifFrame } from './gif-frames';

function frame(level: number, position: number): GifFrame {
  const rgba = new Uint8ClampedArray(3 * 2 * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = rgba[i + 1] = rgba[i + 2] = level + i;
    rgba[i + 3] = 255;
  }
  return { rgba, width: 3, height: 2, position };
}

const opts = { scale: 2, delayMs: 100, lastDelayMs: 1000, barColor: [200, 10, 20] as const };

describe('GIF frames', () => {
  it('scales pixels up as blocks and draws the progress bar', () => {
    const { rgba, width, height } = composeFrame(frame(10, 0.5), opts);
    expect([width, height]).toEqual([6, 4 + BAR_HEIGHT * 2]);
    const at = (x: number, y: number) => [
      ...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 3),
    ];
    // Source pixel (1, 0) covers x 2..3, y 0..1.
    expect(at(2, 0)).toEqual(at(3, 1));
    expect(at(2, 0)[0]).toBe(10 + 4);
    // Half the bar is coloured.
    expect(at(2, 5)).toEqual([200, 10, 20]);
    expect(at(3, 5)).not.toEqual([200, 10, 20]);
  });

  it('writes a GIF89a with one image per frame and reports progress', () => {
    const seen: number[] = [];
    const bytes = encodeGif([frame(0, 0), frame(50, 0.5), frame(100, 1)], opts, (f) =>
      seen.push(f),
    );
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('GIF89a');
    expect(bytes[bytes.length - 1]).toBe(0x3b); // trailer
    // Each frame starts with an image descriptor (0x2c) after its graphic control extension.
    let images = 0;
    for (let i = 0; i + 1 < bytes.length; i++)
      if (bytes[i] === 0x21 && bytes[i + 1] === 0xf9) images++;
    expect(images).toBe(3);
    expect(seen).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('refuses an empty timeline', () => {
    expect(() => encodeGif([], opts)).toThrow(/No sample grids/);
  });
});
