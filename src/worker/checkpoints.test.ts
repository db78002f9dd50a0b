import { describe, expect, it } from 'vitest';
import type { Trainer } from '../ml/train/trainer';
import { CHECKPOINT_EVERY_MS, Checkpointer, type Checkpoint } from './checkpoints';

/** A trainer stand-in with a step counter and an export that takes no time. */
function fakeTrainer(): { trainer: Trainer; advance: () => void; exports: () => number } {
  let step = 0;
  let exported = 0;
  const trainer = {
    get step() {
      return step;
    },
    epoch: 0,
    exportWeights: async () => {
      exported++;
      return `{"step":${step}}`;
    },
  } as unknown as Trainer;
  return { trainer, advance: () => step++, exports: () => exported };
}

describe('Checkpointer on a clock', () => {
  it('checkpoints a long epoch once a minute of training has passed, and says so', async () => {
    let clock = 1000;
    const taken: Checkpoint[] = [];
    const checkpointer = new Checkpointer({ now: () => clock, onTaken: (c) => taken.push(c) });
    const { trainer, advance } = fakeTrainer();
    // Steps of 2 s each: the first step starts the clock, the minute counts from there.
    for (let i = 0; i < 100; i++) {
      advance();
      checkpointer.onStep(trainer);
      await checkpointer.newest();
      clock += 2000;
    }
    // 198 s of training after the first step: checkpoints at 60, 120 and 180 s.
    expect(taken.map((c) => c.step)).toEqual([31, 61, 91]);
    expect((await checkpointer.newest())?.step).toBe(91);
  });

  it('counts from the latest checkpoint, epoch ends included', async () => {
    let clock = 0;
    const taken: number[] = [];
    const checkpointer = new Checkpointer({
      now: () => clock,
      everyMs: 10_000,
      onTaken: (c) => taken.push(c.step),
    });
    const { trainer, advance } = fakeTrainer();
    advance();
    checkpointer.onStep(trainer); // starts the clock
    clock = 8000;
    advance();
    checkpointer.onEpochEnd(trainer);
    await checkpointer.newest();
    clock = 15_000; // 7 s after the epoch's checkpoint: not yet
    advance();
    checkpointer.onStep(trainer);
    clock = 18_000;
    advance();
    checkpointer.onStep(trainer);
    await checkpointer.newest();
    expect(taken).toEqual([2, 4]);
  });

  it('takes one now when asked (a pause), whatever the spacing', async () => {
    const checkpointer = new Checkpointer({ now: () => 0 });
    const { trainer, advance, exports } = fakeTrainer();
    advance();
    checkpointer.onEpochEnd(trainer);
    await checkpointer.newest();
    advance();
    checkpointer.onEpochEnd(trainer); // too soon after the last: skipped
    await checkpointer.newest();
    expect(exports()).toBe(1);
    checkpointer.takeNow(trainer);
    expect((await checkpointer.newest())?.step).toBe(2);
  });

  it('defaults to a checkpoint every minute', () => {
    expect(CHECKPOINT_EVERY_MS).toBe(60_000);
  });
});
