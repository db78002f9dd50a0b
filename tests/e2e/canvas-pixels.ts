// Reads a canvas's pixels in the page, for comparing what an image showed before and after an
// action (a slider drag, a picked sample).

import type { Page } from 'playwright-core';

/** RGBA bytes of the canvas with this data-testid, once it has drawn (data-ready="true"). */
export async function canvasPixels(page: Page, testId: string): Promise<number[]> {
  const canvas = page.getByTestId(testId);
  await canvas.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });
  return canvas.evaluate((node) => {
    const c = node as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (ctx === null) throw new Error('no 2d context');
    return Array.from(ctx.getImageData(0, 0, c.width, c.height).data);
  });
}

/** Mean absolute difference per byte (0..255); Infinity when the sizes differ. */
export function pixelDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** Standard deviation of the red channel: 0 for a flat image. */
export function pixelSpread(rgba: readonly number[]): number {
  const reds = rgba.filter((_, i) => i % 4 === 0);
  const mean = reds.reduce((s, v) => s + v, 0) / reds.length;
  return Math.sqrt(reds.reduce((s, v) => s + (v - mean) ** 2, 0) / reds.length);
}
