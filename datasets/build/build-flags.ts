// World flags from the flag-icons package: every flags/4x3/<code>.svg (viewBox 640x480) rendered
// with resvg to RGB 64x48. Each flag is drawn at 4x (256x192) over white and box-averaged 4x4:
// the supersampling gives even edges for thin stripes and small emblems, and avoids the faint
// seams that per-shape anti-aliasing leaves where two shapes meet.
// Order and labels come from src/datasets/flag-list.ts (sorted by code); every 10th is test.

import { readFile } from 'node:fs/promises';
import { FLAG_CODES, FLAGS, flagsInfo, isFlagTestIndex } from '../../src/datasets/flags';
import { packageId, packagePath } from './package-source';
import { imageShards, labelFile, type DatasetRecipe } from './recipe';

const PACKAGE = 'flag-icons';
const RENDERER = '@resvg/resvg-js';
const SUPERSAMPLE = 4;

/** Renders one SVG to [height, width, 3] RGB bytes at the dataset's size. */
export async function rasterizeFlag(svg: string, name: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const { width, height } = flagsInfo.shape;
  const big = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * SUPERSAMPLE },
    background: 'white', // flags are opaque; white only shows where an SVG leaves a gap
    // No system fonts: none of the flags has text, and fonts would make output machine-dependent.
    font: { loadSystemFonts: false },
    shapeRendering: 2, // geometricPrecision: anti-aliased edges
  }).render();
  if (big.width !== width * SUPERSAMPLE || big.height !== height * SUPERSAMPLE) {
    throw new Error(`${name}: rendered ${big.width}x${big.height}, expected 4:3`);
  }
  return boxDownsample(big.pixels, big.width, big.height, SUPERSAMPLE, name);
}

/** Averages each factor x factor block of opaque RGBA into one RGB pixel (rounded). */
function boxDownsample(
  rgba: Uint8Array,
  bigWidth: number,
  bigHeight: number,
  factor: number,
  name: string,
): Uint8Array {
  const width = bigWidth / factor;
  const height = bigHeight / factor;
  const out = new Uint8Array(width * height * 3); // [height, width, 3]
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * bigWidth + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          if (rgba[i + 3] !== 255) throw new Error(`${name}: transparent pixel after background`);
          r += rgba[i];
          g += rgba[i + 1];
          b += rgba[i + 2];
        }
      }
      const o = (y * width + x) * 3;
      out[o] = Math.round(r / area);
      out[o + 1] = Math.round(g / area);
      out[o + 2] = Math.round(b / area);
    }
  }
  return out;
}

export const flagsRecipe: DatasetRecipe = {
  id: 'flags',
  // The renderer is part of the source: another resvg may draw edges differently.
  source: async () => `${await packageId(PACKAGE)} rendered by ${await packageId(RENDERER)}`,
  keyParts: { recipe: 1, supersample: SUPERSAMPLE, flags: FLAG_CODES.join(',') },
  async build() {
    const { height, width, channels } = flagsInfo.shape;
    const perImage = height * width * channels;
    const counts = { train: flagsInfo.trainCount, test: flagsInfo.testCount };
    const train = new Uint8Array(counts.train * perImage); // [244, 48, 64, 3]
    const test = new Uint8Array(counts.test * perImage); // [27, 48, 64, 3]
    const trainLabels: number[] = [];
    const testLabels: number[] = [];
    for (let index = 0; index < FLAGS.length; index++) {
      const file = `flags/4x3/${FLAGS[index].code}.svg`;
      const pixels = await rasterizeFlag(await readFile(packagePath(PACKAGE, file), 'utf8'), file);
      const labels = isFlagTestIndex(index) ? testLabels : trainLabels;
      (isFlagTestIndex(index) ? test : train).set(pixels, labels.length * perImage);
      labels.push(index);
    }
    return {
      shape: flagsInfo.shape,
      counts,
      labelNames: flagsInfo.labelNames,
      labelCodes: FLAG_CODES,
      files: [
        ...imageShards('train', train, counts.train, perImage),
        labelFile('train', trainLabels, FLAGS.length),
        ...imageShards('test', test, counts.test, perImage),
        labelFile('test', testLabels, FLAGS.length),
      ],
    };
  },
};
