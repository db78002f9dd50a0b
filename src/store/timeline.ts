// The run's sample grids over time: every epoch's grid from the fixed noise, plus the grids drawn
// in between (every N steps, on pause, after an import). Long runs would hold thousands of grids,
// so past a memory budget the in-between grids are thinned first, then every other epoch grid
// (the first and the newest always stay).

import type { ImageGrid, SamplesEvent } from '../ml/train/types';

export type FrameReason = SamplesEvent['reason'] | 'paused' | 'imported';

export interface Frame {
  readonly step: number;
  readonly epoch: number;
  readonly reason: FrameReason;
  readonly grid: ImageGrid;
  /** VAE: fixed test images and their reconstructions at this step. */
  readonly originals?: ImageGrid;
  readonly reconstructions?: ImageGrid;
}

/** A samples event as a timeline frame (the VAE's reconstructions only when it sent them). */
export function frameOf(e: SamplesEvent): Frame {
  return {
    step: e.step,
    epoch: e.epoch,
    reason: e.reason,
    grid: e.grid,
    ...(e.originals ? { originals: e.originals, reconstructions: e.reconstructions } : {}),
  };
}

/** About 500 MNIST grids or 110 face grids. */
export const TIMELINE_BUDGET_BYTES = 112 * 2 ** 20;

export function frameBytes(frame: Frame): number {
  return (
    frame.grid.rgba.byteLength +
    (frame.originals?.rgba.byteLength ?? 0) +
    (frame.reconstructions?.rgba.byteLength ?? 0)
  );
}

const isEpochLike = (f: Frame) => f.reason === 'epoch' || f.reason === 'initial';

/** The timeline with `frame` added (a new array; the old one is not changed). */
export function addFrame(
  frames: readonly Frame[],
  frame: Frame,
  budget = TIMELINE_BUDGET_BYTES,
): Frame[] {
  // After a rollback the run continues from an earlier step: its old future goes.
  let out = frames.filter((f) => f.step < frame.step);
  const same = frames.find((f) => f.step === frame.step);
  // Two grids of one step show the same weights: keep the one with the more telling reason.
  out.push(same !== undefined && isEpochLike(same) && !isEpochLike(frame) ? same : frame);
  let total = out.reduce((n, f) => n + frameBytes(f), 0);
  while (total > budget && out.length > 2) {
    const before = out.length;
    out = thin(out);
    if (out.length === before) break;
    total = out.reduce((n, f) => n + frameBytes(f), 0);
  }
  return out;
}

/** Drops every other in-between grid; when there are none, every other epoch grid. */
export function thin(frames: readonly Frame[]): Frame[] {
  const last = frames.length - 1;
  const between = frames.filter((f, i) => !isEpochLike(f) && i !== last);
  const pool = between.length > 0 ? new Set(between) : new Set(frames.slice(1, last));
  let k = 0;
  return frames.filter((f) => !(pool.has(f) && k++ % 2 === 0));
}

/** Frames up to and including `step` (rollback to a checkpoint). */
export function framesUpTo(frames: readonly Frame[], step: number): Frame[] {
  return frames.filter((f) => f.step <= step);
}
