import { describe, expect, it } from 'vitest';
import type { ImageGrid } from '../ml/train/types';
import { addFrame, frameBytes, thin, type Frame, type FrameReason } from './timeline';

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
  return { step, epoch: Math.floor(step / 10), reason, grid: grid() };
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
