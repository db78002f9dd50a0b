// What the keeper tells the page about autosave: nothing while checkpoints fit, 'pruned' once
// older checkpoints had to go, 'paused' (at the last checkpoint that fitted) when the newest does
// not fit, 'unavailable' when the browser refuses storage. The storage here is the real one on
// fake-indexeddb, with its save answering as a full or refusing browser would.

import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { RunSpec } from '../ml/train/types';
import { createAppStore } from './app-store';
import { createCheckpointKeeper } from './checkpoint-keeper';
import { openRunStorage, type RunStorage } from './run-storage';
import { StorageFullError } from './save-making-room';
import { parsePageOptions } from './url-params';

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

function setup(name: string) {
  const store = createAppStore(parsePageOptions('?dataset=mnist&model=dcgan'));
  // Only the dataset and model kind are read from the spec when saving.
  store.getState().setRunSpec({
    datasetId: 'mnist',
    model: { kind: 'dcgan' },
  } as unknown as RunSpec);
  const real = openRunStorage({ name });
  let next: 'ok' | 'full' | 'refused' = 'ok';
  const storage: RunStorage = {
    ...real,
    save(meta, weights, frames) {
      if (next === 'full') return Promise.reject(new StorageFullError(quotaError(), []));
      if (next === 'refused') return Promise.reject(new DOMException('no', 'InvalidStateError'));
      return real.save(meta, weights, frames);
    },
  };
  const keeper = createCheckpointKeeper(store, storage);
  const checkpoint = (step: number) => async () => ({
    step,
    epoch: step / 10,
    bytes: new Uint8Array([step]).buffer,
  });
  return { store, keeper, real, checkpoint, answer: (a: typeof next) => (next = a) };
}

describe('checkpoint keeper', () => {
  it('says nothing while checkpoints fit, and keeps them', async () => {
    const { store, keeper, real, checkpoint } = setup('keeper-1');
    keeper.startRun('run');
    await keeper.keep(checkpoint(10));
    await keeper.keep(checkpoint(20));
    expect(store.getState().autosave).toBeNull();
    expect(store.getState().lastGood).toEqual({ step: 20, epoch: 2 });
    expect((await real.list()).map((m) => m.step)).toEqual([20, 10]);
  });

  it('reports a full browser as paused at the last checkpoint that fitted, then recovers', async () => {
    const { store, keeper, checkpoint, answer } = setup('keeper-2');
    keeper.startRun('run');
    await keeper.keep(checkpoint(10));
    answer('full');
    await keeper.keep(checkpoint(20));
    expect(store.getState().autosave).toMatchObject({
      state: 'paused',
      quota: true,
      saved: { step: 10, epoch: 1 },
    });
    // The page still holds the newest for a rollback or a crash.
    expect(store.getState().lastGood).toEqual({ step: 20, epoch: 2 });
    answer('ok');
    await keeper.keep(checkpoint(30));
    expect(store.getState().autosave).toBeNull();
  });

  it('reports a browser that refuses storage altogether, and forgets it for a new run', async () => {
    const { store, keeper, checkpoint, answer } = setup('keeper-3');
    keeper.startRun('run');
    answer('refused');
    await keeper.keep(checkpoint(10));
    expect(store.getState().autosave).toMatchObject({ state: 'unavailable', saved: null });
    keeper.startRun('another');
    expect(store.getState().autosave).toBeNull();
  });

  it('resumes the newest saved run with its grids', async () => {
    const { keeper, checkpoint } = setup('keeper-4');
    keeper.startRun('run');
    await keeper.keep(checkpoint(10));
    await keeper.keep(checkpoint(20));
    const saved = await keeper.loadSaved();
    expect(saved?.meta).toMatchObject({ runId: 'run', step: 20 });
    expect(new Uint8Array(saved!.bytes)[0]).toBe(20);
  });

  it('logs a full browser once while autosave stays paused, and again after it recovered', async () => {
    const { keeper, checkpoint, answer } = setup('keeper-5');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      keeper.startRun('run');
      answer('full');
      for (const step of [10, 20, 30, 40]) await keeper.keep(checkpoint(step));
      expect(warn).toHaveBeenCalledTimes(1);
      answer('ok');
      await keeper.keep(checkpoint(50));
      answer('full');
      await keeper.keep(checkpoint(60));
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('resumes a chosen run, not only the newest', async () => {
    const { keeper, checkpoint } = setup('keeper-6');
    keeper.startRun('first');
    await keeper.keep(checkpoint(10));
    keeper.startRun('second');
    await keeper.keep(checkpoint(30));
    keeper.endRun();
    expect((await keeper.loadSaved())?.meta.runId).toBe('second');
    expect((await keeper.loadSaved('first'))?.meta).toMatchObject({ runId: 'first', step: 10 });
  });
});
