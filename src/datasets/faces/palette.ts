// Colours of the face generator, as linear-ish 0..1 RGB triples (plain sRGB values / 255).

export type Rgb = readonly [number, number, number];

const rgb = (r: number, g: number, b: number): Rgb => [r / 255, g / 255, b / 255];

/** Skin tones from lightest to darkest; skinTone 0..1 interpolates along this ramp. */
const SKIN_RAMP: readonly Rgb[] = [
  rgb(250, 222, 200),
  rgb(238, 196, 165),
  rgb(214, 162, 122),
  rgb(176, 120, 82),
  rgb(128, 84, 56),
  rgb(82, 52, 36),
];

export function skinColor(tone: number): Rgb {
  const t = Math.min(Math.max(tone, 0), 1) * (SKIN_RAMP.length - 1);
  const k = Math.min(Math.floor(t), SKIN_RAMP.length - 2);
  const f = t - k;
  const a = SKIN_RAMP[k];
  const b = SKIN_RAMP[k + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** In the order of HAIR_COLORS. */
export const HAIR_RGB: readonly Rgb[] = [
  rgb(28, 24, 24),
  rgb(64, 40, 26),
  rgb(112, 72, 40),
  rgb(150, 62, 30),
  rgb(222, 184, 112),
  rgb(176, 174, 172),
];

/** In the order of EYE_COLORS. */
export const EYE_RGB: readonly Rgb[] = [
  rgb(104, 62, 32),
  rgb(56, 34, 22),
  rgb(126, 100, 48),
  rgb(72, 122, 70),
  rgb(60, 110, 170),
  rgb(112, 124, 134),
];

/** In the order of BACKGROUNDS. */
export const BACKGROUND_RGB: readonly Rgb[] = [
  rgb(92, 112, 150),
  rgb(60, 130, 130),
  rgb(140, 160, 120),
  rgb(214, 176, 80),
  rgb(190, 104, 80),
  rgb(214, 150, 156),
  rgb(160, 140, 196),
  rgb(204, 204, 200),
];

/** In the order of SHIRT_COLORS. */
export const SHIRT_RGB: readonly Rgb[] = [
  rgb(236, 236, 232),
  rgb(52, 54, 58),
  rgb(40, 56, 100),
  rgb(176, 40, 44),
  rgb(50, 118, 72),
  rgb(200, 150, 50),
];

/** Glasses frame colours, picked by the unlabelled detail seed. */
export const FRAME_RGB: readonly Rgb[] = [
  rgb(20, 20, 22),
  rgb(70, 40, 24),
  rgb(150, 120, 60),
  rgb(120, 124, 130),
];
