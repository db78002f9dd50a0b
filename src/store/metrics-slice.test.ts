// The loss log changes only through the metrics slice, and every change tells subscribers.

import { describe, expect, it } from 'vitest';
import type { Losses } from '../ml/train/types';
import { createAppStore } from './app-store';
import { parsePageOptions } from './url-params';

const gan = (d: number): Losses => ({
  kind: 'dcgan',
  dLoss: d,
  gLoss: 1,
  dReal: 0.5,
  dFake: 0.5,
  gGradNorm: 1,
  dGradNorm: 1,
  wDistance: 0,
});

describe('metrics slice', () => {
  it('bumps the revision once for each append, load and clear', () => {
    const store = createAppStore(parsePageOptions(''));
    const revisions: number[] = [];
    store.subscribe((state, prev) => {
      if (state.lossRevision !== prev.lossRevision) revisions.push(state.lossRevision);
    });

    store.getState().appendLosses([
      { step: 1, losses: gan(0.9) },
      { step: 2, losses: gan(0.8) },
    ]);
    expect(store.getState().lossLog.steps).toEqual([1, 2]);
    expect(revisions).toEqual([1]);

    store.getState().loadLosses([{ step: 5, losses: gan(0.1) }]);
    expect(store.getState().lossLog.steps).toEqual([5]);
    expect(store.getState().lossLog.values('dLoss')).toEqual([0.1]);
    expect(revisions).toEqual([1, 2]);

    store.getState().clearLosses();
    expect(store.getState().lossLog.length).toBe(0);
    expect(revisions).toEqual([1, 2, 3]);
  });

  it('cuts the tail when appended steps go back (after a rollback)', () => {
    const store = createAppStore(parsePageOptions(''));
    const points = [1, 2, 3, 4].map((step) => ({ step, losses: gan(step / 10) }));
    store.getState().appendLosses(points);
    store.getState().appendLosses([{ step: 3, losses: gan(0.7) }]);
    expect(store.getState().lossLog.steps).toEqual([1, 2, 3]);
    expect(store.getState().lossLog.values('dLoss')).toEqual([0.1, 0.2, 0.7]);
  });
});
