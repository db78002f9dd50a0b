import { describe, expect, it } from 'vitest';
import { describeBudget, TrainingBudget } from './budget';

/** A clock that moves only when the test says so. */
function fakeClock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('TrainingBudget', () => {
  it('stops at the step target when no time budget is set', () => {
    const clock = fakeClock();
    const b = new TrainingBudget({ startStep: 0, targetStep: 3, budgetMs: null }, clock.now);
    clock.advance(1e9);
    expect(b.stopReason(2)).toBeNull();
    expect(b.stopReason(3)).toBe('steps');
  });

  it('counts time from its creation (training start), not from the clock origin', () => {
    const clock = fakeClock(50_000);
    const b = new TrainingBudget({ startStep: 0, targetStep: null, budgetMs: 60_000 }, clock.now);
    expect(b.startedAt).toBe(50_000);
    expect(b.stopReason(0)).toBeNull();
    clock.advance(59_999);
    expect(b.stopReason(7)).toBeNull();
    expect(b.elapsedMs()).toBe(59_999);
    clock.advance(1);
    expect(b.stopReason(8)).toBe('time');
  });

  it('with both limits, stops at whichever comes first', () => {
    const clock = fakeClock();
    const early = new TrainingBudget({ startStep: 0, targetStep: 1000, budgetMs: 60 }, clock.now);
    const late = new TrainingBudget({ startStep: 0, targetStep: 5, budgetMs: 60_000 }, clock.now);
    clock.advance(100);
    expect(early.stopReason(4)).toBe('time');
    expect(late.stopReason(4)).toBeNull();
    expect(late.stopReason(5)).toBe('steps');
  });

  it('a run continued from step 40 for 10 steps stops at step 50', () => {
    const b = new TrainingBudget({ startStep: 40, targetStep: 50, budgetMs: null }, () => 0);
    expect(b.stopReason(40)).toBeNull();
    expect(b.stopReason(50)).toBe('steps');
    expect(b.fraction(45)).toBe(0.5);
  });

  it('reports progress as the larger of the step and time fractions, within 0..1', () => {
    const clock = fakeClock();
    const b = new TrainingBudget({ startStep: 0, targetStep: 100, budgetMs: 1_000 }, clock.now);
    expect(b.fraction(0)).toBe(0);
    expect(b.fraction(30)).toBe(0.3);
    clock.advance(500);
    expect(b.fraction(30)).toBe(0.5);
    clock.advance(5_000);
    expect(b.fraction(30)).toBe(1);
    const timeOnly = new TrainingBudget(
      { startStep: 0, targetStep: null, budgetMs: 400 },
      clock.now,
    );
    clock.advance(100);
    expect(timeOnly.fraction(99)).toBe(0.25);
  });

  it('refuses to run without any limit', () => {
    expect(() => new TrainingBudget({ startStep: 0, targetStep: null, budgetMs: null })).toThrow(
      /needs a step target, a time budget or both/,
    );
  });
});

describe('describeBudget', () => {
  it.each([
    [200, null, '200 steps'],
    [1, null, '1 step'],
    [null, 2, 'up to 2 min'],
    [null, 0.5, 'up to 0.5 min'],
    [1000, 0.001, '1000 steps or up to 0.001 min, whichever comes first'],
  ])('%s steps, %s min: %s', (steps, minutes, text) => {
    expect(describeBudget(steps, minutes)).toBe(text);
  });
});
