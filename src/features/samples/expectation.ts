// What to expect, and when: how long a dataset's preset took to draw recognisable samples on the
// machine `npm run bench:learning` ran on (a 2-core laptop-class CPU without a GPU, wasm on both
// cores), scaled by how fast this machine trains the run. Pure, so the wording is tested.

import type { ModelKind } from '../../ml/config';

export interface ReferenceFigure {
  /** Training seconds until most samples read as what they are meant to be. */
  readonly seconds: number;
  /** Images per second the preset trained at there. */
  readonly imagesPerSec: number;
  /** What the samples become: "digits", "faces". */
  readonly what: string;
}

/**
 * From `npm run bench:learning` on 2026-12-03 (bench/results/learning.md): the first time point
 * whose sample grid reads as its dataset (judged by eye, with the scores in docs/quality.md),
 * and the preset's speed in the page there. Sets the benchmark does not train have no figure.
 */
export const REFERENCE_FIGURES: Readonly<Record<string, ReferenceFigure>> = {
  // FID 66, 7.8 classes at 2 minutes: legible digits with broken strokes (FID 82 at 1 minute).
  'dcgan:mnist': { seconds: 120, imagesPerSec: 346, what: 'digits' },
  // FID 42, 9.1 classes at 1 minute.
  'dcgan:fashion': { seconds: 60, imagesPerSec: 356, what: 'garments' },
  // Heads with skin, hair and eyes at 3 minutes (blurred shapes at 2).
  'dcgan:faces': { seconds: 180, imagesPerSec: 51, what: 'faces' },
  // Fields of flag colours in bands at 3 minutes, not yet crisp stripes.
  'dcgan:flags': { seconds: 180, imagesPerSec: 62, what: 'flag-like fields of colour' },
  // FID 110 at 1 minute, 75 at 2: clean digits in between.
  'vae:mnist': { seconds: 90, imagesPerSec: 763, what: 'digits' },
  // Blurred faces (skin and hair masses) after 3 minutes; measured beside the test suite.
  'vae:faces': { seconds: 180, imagesPerSec: 55, what: 'blurred faces' },
};

export const REFERENCE_MACHINE = 'a 2-core laptop CPU without a graphics card';

/** Past this estimate the DCGAN is slow here, and the VAE is suggested when it is quicker. */
const SLOW_SECONDS = 5 * 60;

export interface Expectation {
  readonly text: string;
  /** Set when the DCGAN would be slow here and the VAE was quicker on the reference machine. */
  readonly suggestVae: boolean;
}

/**
 * The note for a run of `kind` on `datasetId` with the dataset's preset (`preset` false: the
 * figures are for the preset, and say so). `imagesPerSec`: this machine's measured speed for
 * the run, or null before it has trained.
 */
export function expectation(
  kind: ModelKind,
  datasetId: string,
  preset: boolean,
  imagesPerSec: number | null,
): Expectation | null {
  const figure = REFERENCE_FIGURES[`${kind}:${datasetId}`];
  if (figure === undefined) return null;
  const scale = imagesPerSec !== null && imagesPerSec > 0 ? figure.imagesPerSec / imagesPerSec : 1;
  const here = figure.seconds * scale;
  const vae = REFERENCE_FIGURES[`vae:${datasetId}`];
  const suggestVae =
    kind === 'dcgan' && vae !== undefined && here > SLOW_SECONDS && vae.seconds < figure.seconds;
  const settings = preset ? '' : ' with the preset settings';
  const text =
    imagesPerSec === null
      ? `On ${REFERENCE_MACHINE}, ${figure.what} usually become recognisable after ${duration(figure.seconds)} of training${settings}.`
      : `At this machine's speed, ${figure.what} should become recognisable after about ${duration(here)} of training${settings}.`;
  return {
    text: suggestVae
      ? `${text} That is slow here: the VAE draws ${figure.what} sooner (pick it under Model).`
      : text,
    suggestVae,
  };
}

/** "40 s", "2 minutes", "about an hour". */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(10, Math.round(seconds / 10) * 10)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.round(minutes / 60)} hours`;
}
