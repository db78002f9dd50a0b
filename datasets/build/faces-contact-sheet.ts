// Renders contact sheets of the generated faces into tests/artifacts/ so a person can look at
// them: `npx tsx datasets/build/faces-contact-sheet.ts`.
//   faces-contact-sheet.png   the first 256 training faces, 16 x 16, at 1x
//   faces-zoom.png            the first 36 faces at 4x, to judge details
//   faces-attr-<name>.png     one sheet per attribute: each row is one face, each column one
//                             value of the attribute with everything else fixed

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  FACES_DEFAULT_SEED,
  FACE_ATTRIBUTES,
  FACE_BYTES,
  FACE_SIZE,
  type FaceParams,
  faceParamsAt,
  renderFace,
} from '../../src/datasets/faces';
import { ATTRIBUTE_KEYS } from '../../src/datasets/faces/params';
import { pngFile, pngScanlines } from '../../src/lib/png';

const OUT_DIR = join('tests', 'artifacts');

/** Lays out faces in a grid with a 2 px gap, each scaled by an integer factor. */
function sheet(faces: FaceParams[][], scale: number): { rgb: Uint8Array; w: number; h: number } {
  const rows = faces.length;
  const cols = Math.max(...faces.map((r) => r.length));
  const gap = 2;
  const cell = FACE_SIZE * scale + gap;
  const w = cols * cell + gap;
  const h = rows * cell + gap;
  const rgb = new Uint8Array(w * h * 3).fill(255);
  const face = new Uint8Array(FACE_BYTES);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < faces[r].length; c++) {
      renderFace(faces[r][c], face, 0);
      for (let y = 0; y < FACE_SIZE * scale; y++) {
        for (let x = 0; x < FACE_SIZE * scale; x++) {
          const src = (Math.floor(y / scale) * FACE_SIZE + Math.floor(x / scale)) * 3;
          const dst = ((gap + r * cell + y) * w + gap + c * cell + x) * 3;
          rgb[dst] = face[src];
          rgb[dst + 1] = face[src + 1];
          rgb[dst + 2] = face[src + 2];
        }
      }
    }
  }
  return { rgb, w, h };
}

function save(name: string, faces: FaceParams[][], scale: number): void {
  const { rgb, w, h } = sheet(faces, scale);
  const path = join(OUT_DIR, name);
  // Colour type 2: RGB, [h, w, 3]. Node's zlib compresses: this runs only as a script.
  writeFileSync(path, pngFile(w, h, 2, deflateSync(pngScanlines(rgb, w, h, 3))));
  console.log(`wrote ${path} (${w}x${h})`);
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const seed = Number(process.env.FACES_SEED ?? FACES_DEFAULT_SEED);
  const train = (k: number) => faceParamsAt(seed, 'train', k);
  const grid = (rows: number, cols: number, first = 0) =>
    Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => train(first + r * cols + c)),
    );
  save('faces-contact-sheet.png', grid(16, 16), 1);
  save('faces-zoom.png', grid(6, 6), 4);

  // One sheet per attribute, varied alone over 8 base faces.
  const only = process.env.FACES_ATTR;
  ATTRIBUTE_KEYS.forEach((key, k) => {
    if (only && only !== key) return;
    const info = FACE_ATTRIBUTES[k];
    const values = info.values
      ? info.values.map((_, v) => v)
      : Array.from({ length: 7 }, (_, v) => v / 6);
    const rows = Array.from({ length: 8 }, (_, r) =>
      values.map((v) => ({ ...train(1000 + r), [key]: v })),
    );
    save(`faces-attr-${key}.png`, rows, 2);
  });
}

main();
