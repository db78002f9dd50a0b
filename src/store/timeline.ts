// The run's sample grids over time: every epoch's grid from the fixed noise, plus the grids drawn
// in between (every N steps, on pause, after an import). A fast run makes grids several times a
// second, so a timeline keeps at most MAX_TIMELINE_FRAMES (about 13 MB of MNIST grids): the
// first grid, every grid of the recent past, and older ones ever sparser the older they are
// (log-spaced), so the scrubber still reaches from the start to now (thinSteps; storage keeps
// the same ones, run-storage.ts).
// Big grids also have a memory budget: past it the in-between grids are thinned first, then
// every other epoch grid (the first and the newest always stay). Grids are kept packed
// (packed-grid.ts): 1 byte a pixel for greyscale, 3 for colour.

import type { ImageGrid, SamplesEvent } from '../ml/train/types';
import { asPackedGrid, type PackedGrid } from './packed-grid';

export type FrameReason = SamplesEvent['reason'] | 'paused' | 'imported';

export interface Frame {
  readonly step: number;
  readonly epoch: number;
  readonly reason: FrameReason;
  readonly grid: PackedGrid;
  /** VAE: fixed test images and their reconstructions at this step. */
  readonly originals?: PackedGrid;
  readonly reconstructions?: PackedGrid;
}

/**
 * A frame whose grids may be RGBA: a samples event's, or one the browser's storage kept from
 * before grids were packed.
 */
export interface StoredFrame extends Omit<Frame, 'grid' | 'originals' | 'reconstructions'> {
  readonly grid: PackedGrid | ImageGrid;
  readonly originals?: PackedGrid | ImageGrid;
  readonly reconstructions?: PackedGrid | ImageGrid;
}

/**
 * A timeline frame with every grid packed (those already packed are kept as they are): from a
 * samples event, a grid drawn on pause or after an import, or a frame loaded from storage. The
 * VAE's reconstructions only when it sent them.
 */
export function frameOf(f: StoredFrame): Frame {
  const { step, epoch, reason, grid, originals, reconstructions } = f;
  return {
    step,
    epoch,
    reason,
    grid: asPackedGrid(grid),
    ...(originals
      ? {
          originals: asPackedGrid(originals),
          reconstructions: reconstructions && asPackedGrid(reconstructions),
        }
      : {}),
  };
}

/** About 2,000 MNIST grids or 140 face grids: it binds for big custom images. */
export const TIMELINE_BUDGET_BYTES = 112 * 2 ** 20;

/** The bytes a frame's grids take (packed, or RGBA as older stored runs keep them). */
export function frameBytes(frame: StoredFrame): number {
  const bytes = (g: PackedGrid | ImageGrid | undefined) =>
    g === undefined ? 0 : 'pixels' in g ? g.pixels.byteLength : g.rgba.byteLength;
  return bytes(frame.grid) + bytes(frame.originals) + bytes(frame.reconstructions);
}

/** The most grids a timeline (in memory and in storage) keeps. */
export const MAX_TIMELINE_FRAMES = 60;
/** Of those, the newest this many are all kept: the recent past at full detail. */
export const RECENT_FRAMES = 20;

/**
 * Which of a timeline's steps (ascending) to keep, at most `max`: the first, the newest `recent`,
 * and of the ones between, those nearest to `max - recent - 1` ages spaced evenly on a log scale
 * between the recent window's age and the first grid's. Returns the kept steps, ascending.
 */
export function thinSteps(
  steps: readonly number[],
  max = MAX_TIMELINE_FRAMES,
  recent = RECENT_FRAMES,
): number[] {
  const n = steps.length;
  const newestCount = Math.min(recent, max - 1);
  if (n <= max) return [...steps];
  const older = steps.slice(1, n - newestCount); // [first + 1, recent window)
  const slots = max - newestCount - 1;
  const newest = steps[n - 1];
  const nearAge = Math.max(1, newest - steps[n - newestCount]);
  const farAge = Math.max(nearAge + 1, newest - steps[0]);
  const picked = new Set<number>();
  let from = older.length - 1; // targets go from near to far: walk `older` backwards once
  for (let k = 1; k <= slots && from >= 0; k++) {
    const target = newest - nearAge * (farAge / nearAge) ** (k / (slots + 1));
    while (from > 0 && Math.abs(older[from - 1] - target) <= Math.abs(older[from] - target)) from--;
    picked.add(older[from]);
    from--;
  }
  return [steps[0], ...older.filter((s) => picked.has(s)), ...steps.slice(n - newestCount)];
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
  if (out.length > MAX_TIMELINE_FRAMES) {
    const kept = new Set(thinSteps(out.map((f) => f.step)));
    out = out.filter((f) => kept.has(f.step));
  }
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
