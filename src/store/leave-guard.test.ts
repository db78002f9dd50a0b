import { describe, expect, it } from 'vitest';
import type { AppState } from './state';
import { guardUnsavedProgress, needsLeaveWarning, unsavedSteps } from './leave-guard';

const base = {
  runPhase: 'paused',
  step: 0,
  lastGood: null,
  autosave: null,
} as unknown as AppState;
const state = (over: Partial<AppState>): AppState => ({ ...base, ...over });

describe('leave guard', () => {
  it('warns while training, and while paused past the newest checkpoint', () => {
    expect(needsLeaveWarning(state({ runPhase: 'running', step: 5 }))).toBe(true);
    expect(needsLeaveWarning(state({ step: 50, lastGood: { step: 40, epoch: 0 } }))).toBe(true);
    expect(unsavedSteps(state({ step: 50, lastGood: { step: 40, epoch: 0 } }))).toBe(10);
  });

  it('stays quiet with nothing to lose', () => {
    expect(needsLeaveWarning(state({ runPhase: 'none' }))).toBe(false);
    expect(needsLeaveWarning(state({ step: 0 }))).toBe(false);
    expect(needsLeaveWarning(state({ step: 40, lastGood: { step: 40, epoch: 0 } }))).toBe(false);
  });

  it('counts only what reached storage when autosave is in trouble', () => {
    const paused = state({
      step: 40,
      lastGood: { step: 40, epoch: 0 },
      autosave: {
        state: 'paused',
        saved: { step: 10, epoch: 0 },
        prunedCount: 0,
        quota: true,
        detail: '',
      },
    });
    expect(unsavedSteps(paused)).toBe(30);
  });

  it('cancels beforeunload only when there is something to lose', () => {
    let current = state({ runPhase: 'running', step: 3 });
    const target = new EventTarget();
    const store = { getState: () => current } as unknown as Parameters<
      typeof guardUnsavedProgress
    >[0];
    const remove = guardUnsavedProgress(store, target as unknown as Window);
    const fire = (): boolean => {
      const event = new Event('beforeunload', { cancelable: true });
      // A BeforeUnloadEvent's legacy returnValue is writable; a plain Event's is not.
      Object.defineProperty(event, 'returnValue', { writable: true, value: true });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(fire()).toBe(true);
    current = state({ step: 3, lastGood: { step: 3, epoch: 0 } });
    expect(fire()).toBe(false);
    remove();
    current = state({ runPhase: 'running', step: 9 });
    expect(fire()).toBe(false);
  });
});
