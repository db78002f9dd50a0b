import { describe, expect, it } from 'vitest';
import type { ImageGrid } from '../ml/train/types';
import {
  addFrame,
  frameBytes,
  frameOf,
  MAX_TIMELINE_FRAMES,
  RECENT_FRAMES,
  thin,
  thinSteps,
  type Frame,
  type FrameReason,
} from './timeline';

function grid(bytes = 400): ImageGrid {
  return {
    rows: 1,
    cols: 1,
    cellHeight: 10,
    cellWidth: 10,
    gap: 0,
    width: 10,
    height: 10,
    rgba: new Uint8ClampedArray(bytes),
  };
}

function frame(step: number, reason: FrameReason): Frame {
  return frameOf({ step, epoch: Math.floor(step / 10), reason, grid: grid() });
}

describe('timeline', () => {
  it('appends, and replaces the tail after a rollback', () => {
    let t: Frame[] = [];
    for (const s of [0, 5, 10, 15, 20])
      t = addFrame(t, frame(s, s % 10 === 0 ? 'epoch' : 'interval'));
    expect(t.map((f) => f.step)).toEqual([0, 5, 10, 15, 20]);
    t = addFrame(t, frame(10, 'imported'));
    // Step 10's epoch grid stays (same weights, the more telling reason); later ones go.
    expect(t.map((f) => [f.step, f.reason])).toEqual([
      [0, 'epoch'],
      [5, 'interval'],
      [10, 'epoch'],
    ]);
  });

  it('thins in-between grids before epoch grids, keeping the first and newest', () => {
    const frames = [
      frame(0, 'initial'),
      frame(5, 'interval'),
      frame(10, 'epoch'),
      frame(15, 'interval'),
      frame(17, 'interval'),
      frame(20, 'epoch'),
    ];
    expect(thin(frames).map((f) => f.step)).toEqual([0, 10, 15, 20]);
    const epochs = [0, 10, 20, 30, 40].map((s) => frame(s, 'epoch'));
    expect(thin(epochs).map((f) => f.step)).toEqual([0, 20, 40]);
  });

  it('stays within the memory budget', () => {
    let t: Frame[] = [];
    const budget = 20 * frameBytes(frame(0, 'epoch'));
    for (let s = 0; s <= 1000; s += 5)
      t = addFrame(t, frame(s, s % 10 === 0 ? 'epoch' : 'interval'), budget);
    expect(t.length).toBeLessThanOrEqual(20);
    expect(t[0].step).toBe(0);
    expect(t[t.length - 1].step).toBe(1000);
    // Ordered by step.
    expect(t.map((f) => f.step)).toEqual([...t.map((f) => f.step)].sort((a, b) => a - b));
  });
});

describe('thinning a long timeline (thinSteps)', () => {
  const range = (n: number, every = 1) => Array.from({ length: n }, (_, i) => i * every);

  it('leaves a timeline within the bound as it is', () => {
    expect(thinSteps(range(MAX_TIMELINE_FRAMES, 3))).toEqual(range(MAX_TIMELINE_FRAMES, 3));
  });

  it('keeps the first grid, every recent one, and older ones sparser with age', () => {
    const steps = range(2000, 3);
    const kept = thinSteps(steps);
    expect(kept.length).toBeLessThanOrEqual(MAX_TIMELINE_FRAMES);
    expect(kept.length).toBeGreaterThan(MAX_TIMELINE_FRAMES - 10);
    expect(kept[0]).toBe(0);
    expect(kept.slice(-RECENT_FRAMES)).toEqual(steps.slice(-RECENT_FRAMES));
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    // Log-spaced: the gaps between older grids grow towards the start of the run.
    const older = kept.slice(0, kept.length - RECENT_FRAMES);
    const gaps = older.slice(1).map((s, i) => s - older[i]);
    expect(gaps[1]).toBeGreaterThan(4 * gaps[gaps.length - 1]);
    // Every older grid is one the timeline had.
    expect(kept.every((s) => steps.includes(s))).toBe(true);
  });

  it('stays bounded and scrubbable from the start when applied a grid at a time', () => {
    let t: Frame[] = [];
    for (let s = 0; s <= 6000; s += 3) t = addFrame(t, frame(s, 'epoch'));
    expect(t.length).toBeLessThanOrEqual(MAX_TIMELINE_FRAMES);
    expect(t[0].step).toBe(0);
    expect(t[t.length - 1].step).toBe(6000);
    const steps = t.map((f) => f.step);
    // The recent past at full detail, and grids from every stretch of the run before it.
    expect(steps.slice(-RECENT_FRAMES)).toEqual(
      range(RECENT_FRAMES, 3).map((s) => s + 6000 - 3 * (RECENT_FRAMES - 1)),
    );
    expect(steps.filter((s) => s > 0 && s < 1500).length).toBeGreaterThan(0);
    expect(steps.filter((s) => s >= 1500 && s < 3000).length).toBeGreaterThan(0);
  });
});
