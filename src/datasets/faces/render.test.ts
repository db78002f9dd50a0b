import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/rng';
import { HeadFrame } from './frame';
import { layoutFace } from './layout';
import {
  ATTRIBUTE_KEYS,
  type FaceParams,
  makeFaceParams,
  paramsFromAttributes,
  sampleFaceParams,
  writeAttributes,
} from './params';
import { FACE_BYTES, renderFace, renderFaceImage } from './render';

/** Faces to try each check on: a spread of random people. */
const FACES: FaceParams[] = Array.from({ length: 40 }, (_, k) =>
  sampleFaceParams(new Rng(500 + k)),
);

/** Per pixel, the summed absolute RGB difference between two renders. */
function diff(a: Uint8Array, b: Uint8Array): Int32Array {
  const d = new Int32Array(64 * 64);
  for (let i = 0; i < d.length; i++) {
    d[i] =
      Math.abs(a[3 * i] - b[3 * i]) +
      Math.abs(a[3 * i + 1] - b[3 * i + 1]) +
      Math.abs(a[3 * i + 2] - b[3 * i + 2]);
  }
  return d;
}

/** Head-local coordinates of every pixel of a face (the frame the renderer draws in). */
function localFrame(p: FaceParams): { frame: HeadFrame; eyeY: number; eyeH: number } {
  const L = layoutFace(p);
  const frame = new HeadFrame();
  frame.set(L.headX, L.headY, L.tilt);
  return { frame, eyeY: L.eyeY, eyeH: L.eyeH };
}

describe('renderFace', () => {
  it('writes exactly one 64x64 RGB face at the offset', () => {
    const out = new Uint8Array(FACE_BYTES * 3).fill(7);
    renderFace(FACES[0], out, FACE_BYTES);
    expect(out.subarray(0, FACE_BYTES).every((v) => v === 7)).toBe(true);
    expect(out.subarray(2 * FACE_BYTES).every((v) => v === 7)).toBe(true);
    expect(out.subarray(FACE_BYTES, 2 * FACE_BYTES)).toEqual(renderFaceImage(FACES[0]));
  });

  it('depends only on its parameters (no hidden state between faces)', () => {
    const first = renderFaceImage(FACES[1]);
    renderFaceImage(FACES[2]);
    expect(renderFaceImage(FACES[1])).toEqual(first);
  });

  it('round-trips attributes through a row of the attribute array', () => {
    const row = new Float32Array(ATTRIBUTE_KEYS.length * 2);
    writeAttributes(FACES[3], row, 1);
    const back = paramsFromAttributes(row.subarray(ATTRIBUTE_KEYS.length), FACES[3].detail);
    for (const key of ATTRIBUTE_KEYS) expect(back[key]).toBeCloseTo(FACES[3][key], 6);
    expect(renderFaceImage(makeFaceParams({ glasses: 1 }))).not.toEqual(
      renderFaceImage(makeFaceParams({ glasses: 0 })),
    );
  });

  it('adding glasses changes the eye band clearly and nothing outside it', () => {
    for (const p of FACES) {
      const d = diff(renderFaceImage({ ...p, glasses: 0 }), renderFaceImage({ ...p, glasses: 1 }));
      const { frame, eyeY, eyeH } = localFrame(p);
      let strong = 0;
      for (let i = 0; i < d.length; i++) {
        if (d[i] === 0) continue;
        // Every changed pixel lies within a few pixels of the eye line (head-local) ...
        expect(Math.abs(frame.ly[i] - eyeY)).toBeLessThan(eyeH + 4.5);
        // ... and inside the image's middle rows.
        const row = Math.floor(i / 64);
        expect(row).toBeGreaterThanOrEqual(16);
        expect(row).toBeLessThan(40);
        if (d[i] > 30) strong++;
      }
      expect(strong).toBeGreaterThan(50);
    }
  });

  it('more smile changes the lower face clearly and leaves eyes, brows and hair alone', () => {
    for (const p of FACES) {
      const d = diff(renderFaceImage({ ...p, smile: 0.5 }), renderFaceImage({ ...p, smile: 1 }));
      const { frame, eyeY, eyeH } = localFrame(p);
      let strong = 0;
      for (let i = 0; i < d.length; i++) {
        if (d[i] === 0) continue;
        // Below the lower eyelids (head-local) and in the lower half of the image.
        expect(frame.ly[i]).toBeGreaterThan(eyeY + eyeH * 0.8);
        expect(Math.floor(i / 64)).toBeGreaterThanOrEqual(24);
        if (d[i] > 30) strong++;
      }
      expect(strong).toBeGreaterThan(15);
    }
  });
});
