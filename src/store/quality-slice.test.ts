// The quality slice with the real store: reports belong to the run whose losses the page logged,
// a rolled-back run measures its epochs again, and replacing the run keeps exactly the reports
// of the same run continuing.

import { describe, expect, it } from 'vitest';
import { DEFAULT_DCGAN } from '../ml/config';
import type { HistoryPoint, ImageGrid, MetricsEvent, RunSpec } from '../ml/train/types';
import { createAppStore } from './app-store';
import { lossFingerprint } from './quality-history';
import { parsePageOptions } from './url-params';

const spec: RunSpec = {
  datasetId: 'mnist',
  model: DEFAULT_DCGAN,
  train: { seed: 1, stepsPerEpoch: 10, sampleEverySteps: null },
};

function history(steps: number, offset = 0): HistoryPoint[] {
  return Array.from({ length: steps }, (_, i) => ({
    step: i + 1,
    epoch: Math.floor((i + 1) / 10),
    losses: {
      kind: 'dcgan',
      dLoss: 1 + offset + i / 100,
      gLoss: 2 - i / 100,
      dReal: 0.6,
      dFake: 0.4,
      gGradNorm: 1,
      dGradNorm: 1,
      wDistance: 0.2,
    },
  }));
}

const grid: ImageGrid = {
  rows: 1,
  cols: 1,
  cellHeight: 1,
  cellWidth: 1,
  gap: 1,
  width: 1,
  height: 1,
  rgba: new Uint8ClampedArray(4),
};

function metrics(step: number, fid: number, pictures = false): MetricsEvent {
  return {
    type: 'metrics',
    epoch: step / 10,
    step,
    report: {
      sampleCount: 100,
      seconds: 1,
      fid: {
        value: fid,
        meanTerm: 0,
        covTerm: 0,
        sampleCount: 100,
        realCount: 10,
        classifierId: 'mnist',
      },
    },
    ...(pictures
      ? {
          nearestPairs: [
            { sampleIndex: 0, trainIndex: 3, distance: 0.1, sample: grid, neighbour: grid },
          ],
        }
      : {}),
  };
}

/** A store whose run is `spec` with `points` logged, as the controller leaves it. */
function storeWithRun(points: HistoryPoint[]) {
  const store = createAppStore(parsePageOptions(''));
  const s = store.getState();
  s.setRunSpec(spec);
  s.loadLosses(points);
  s.setCounters(points.length, Math.floor(points.length / 10));
  return store;
}

/** What the controller does when it replaces the run with one from a weights file. */
function adopt(store: ReturnType<typeof storeWithRun>, points: HistoryPoint[]) {
  const s = store.getState();
  s.clearRun();
  s.setRunSpec(spec);
  s.setCounters(points.length, Math.floor(points.length / 10));
  s.loadLosses(points);
}

const fids = (store: ReturnType<typeof storeWithRun>) =>
  store.getState().qualityReports.map((e) => e.report.fid?.value);

describe('quality slice', () => {
  it('reads the losses the log holds at a step', () => {
    const store = storeWithRun(history(30));
    expect(lossFingerprint(store.getState().lossLog, 20)).toEqual([
      1.19, 1.81, 0.6, 0.4, 1, 1, 0.2,
    ]);
    expect(lossFingerprint(store.getState().lossLog, 31)).toBeNull();
  });

  it('keeps reports of the run in order; only the newest keeps its pictures', () => {
    const store = storeWithRun(history(30));
    store.getState().addQualityEvent(metrics(10, 300, true));
    store.getState().addQualityEvent(metrics(20, 200, true));
    const reports = store.getState().qualityReports;
    expect(reports.map((e) => e.step)).toEqual([10, 20]);
    expect(reports[0].nearestPairs).toBeUndefined();
    expect(reports[1].nearestPairs).toHaveLength(1);
  });

  it('ignores events without a run and stragglers for steps the run never logged', () => {
    const store = createAppStore(parsePageOptions(''));
    store.getState().addQualityEvent(metrics(10, 300));
    expect(store.getState().qualityReports).toEqual([]);
    const running = storeWithRun(history(15));
    running.getState().addQualityEvent(metrics(20, 200));
    expect(running.getState().qualityReports).toEqual([]);
  });

  it('lets a rolled-back run measure its epochs again', () => {
    const store = storeWithRun(history(30));
    for (const [step, fid] of [
      [10, 300],
      [20, 200],
      [30, 100],
    ]) {
      store.getState().addQualityEvent(metrics(step, fid));
    }
    store.getState().addQualityEvent(metrics(20, 250));
    expect(fids(store)).toEqual([300, 250]);
  });

  it('is cleared with the run; the same run continuing gets its reports back up to its step', async () => {
    const store = storeWithRun(history(30));
    for (const [step, fid] of [
      [10, 300],
      [20, 200],
      [30, 100],
    ]) {
      store.getState().addQualityEvent(metrics(step, fid));
    }
    store.getState().clearRun();
    expect(store.getState().qualityReports).toEqual([]);

    // A rollback to the checkpoint at step 20 of the same run.
    adopt(store, history(20));
    await Promise.resolve();
    expect(fids(store)).toEqual([300, 200]);
  });

  it('gives nothing back to a fresh run or to another run', async () => {
    const store = storeWithRun(history(30));
    store.getState().addQualityEvent(metrics(10, 300));
    // What the controller does for Train after Reset: clear the run and its log, then a new run.
    store.getState().clearRun();
    store.getState().clearLosses();
    store.getState().setRunSpec(spec);
    await Promise.resolve();
    expect(store.getState().qualityReports).toEqual([]);

    store.getState().addQualityEvent(metrics(10, 300));
    expect(store.getState().qualityReports).toEqual([]); // step 10 is not in the new run's log
    store.getState().loadLosses(history(10));
    store.getState().addQualityEvent(metrics(10, 300));
    adopt(store, history(30, 0.5)); // another file with the same setup, other losses
    await Promise.resolve();
    expect(store.getState().qualityReports).toEqual([]);
  });

  it('remembers whether to measure', () => {
    const store = createAppStore(parsePageOptions(''));
    expect(store.getState().qualityEnabled).toBe(true);
    store.getState().setQualityEnabled(false);
    expect(store.getState().qualityEnabled).toBe(false);
  });
  it('brings back the reports saved with a checkpoint after a reload, only for the same run', () => {
    const first = storeWithRun(history(30));
    for (const step of [10, 20, 30]) first.getState().addQualityEvent(metrics(step, 100 - step));
    const saved = first.getState().qualityReports;

    // A new page resumes the checkpoint at step 20 of the same run: its history up to 20.
    const page = storeWithRun(history(20));
    page.getState().restoreQualityReports(saved);
    expect(fids(page)).toEqual([90, 80]);
    // Reports the page already holds stay as they are; nothing is doubled.
    page.getState().restoreQualityReports(saved);
    expect(fids(page)).toEqual([90, 80]);

    // Another run's saved reports do not match its losses.
    const other = storeWithRun(history(30, 0.5));
    other.getState().restoreQualityReports(saved);
    expect(fids(other)).toEqual([]);
  });
});
