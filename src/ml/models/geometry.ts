// How many stride-2 stages a network needs for an image shape, and the small spatial size the
// generator starts from. Both networks of a model use the same plan, mirrored.

import type { ImageShape } from '../../datasets/types';

export interface StagePlan {
  /** Number of stride-2 (transposed) convolutions. */
  readonly stages: number;
  /** Spatial size after the generator's dense projection, e.g. 7x7 for 28x28 or 4x3 for 64x48. */
  readonly startHeight: number;
  readonly startWidth: number;
}

/**
 * The largest number of halvings that keeps both sides whole and at least 3 pixels:
 * 28x28 -> 2 stages from 7x7; 32x32 -> 3 from 4x4; 64x64 -> 4 from 4x4; 64x48 -> 4 from 4x3.
 */
export function stagePlan(shape: ImageShape): StagePlan {
  let stages = 0;
  let h = shape.height;
  let w = shape.width;
  while (h % 2 === 0 && w % 2 === 0 && h / 2 >= 3 && w / 2 >= 3) {
    h /= 2;
    w /= 2;
    stages++;
  }
  if (stages === 0) {
    throw new Error(
      `Image size ${shape.height}x${shape.width} cannot be halved: use even sides of at least 6 pixels`,
    );
  }
  return { stages, startHeight: h, startWidth: w };
}

/** Filters of stage i (0 = the widest resolution), doubling towards the small end, capped at 8x. */
export function stageFilters(baseFilters: number, stage: number): number {
  return baseFilters * Math.min(2 ** stage, 8);
}
