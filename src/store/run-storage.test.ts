// The run storage on fake-indexeddb: several checkpoints and their grids per run, the retention
// across runs, loading what a resume needs, and the upgrade from schema 1 (one 'last' record).

import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { ImageGrid } from '../ml/train/types';
import { checkpointKey } from './checkpoint-retention';
import type { QualityEntry } from './quality-history';
import { openRunStorage, type SavedRunMeta } from './run-storage';
import { unpackGrid, type PackedGrid } from './packed-grid';
import { frameOf, MAX_TIMELINE_FRAMES, RECENT_FRAMES, type Frame } from './timeline';

let dbCount = 0;
const freshName = () => `runs-test-${++dbCount}`;

const grid = (value: number): ImageGrid => ({
  rows: 1,
  cols: 2,
  cellHeight: 1,
  cellWidth: 1,
  gap: 0,
  width: 2,
  height: 1,
  rgba: new Uint8ClampedArray([value, value, value, 255, value, value, value, 255]),
});
const frame = (step: number, reason: Frame['reason'] = 'epoch'): Frame =>
  frameOf({ step, epoch: step / 10, reason, grid: grid(step) });
const meta = (runId: string, step: number, savedAt: number): SavedRunMeta => ({
  runId,
  savedAt,
  step,
  epoch: step / 10,
  datasetId: 'mnist',
  modelKind: 'dcgan',
  weightsBytes: 4,
});
const bytes = (value: number) => new Uint8Array([value, value, value, value]).buffer;
const report = (step: number, pictures = false): QualityEntry => ({
  epoch: step / 10,
  step,
  report: { sampleCount: 100, seconds: step / 10 },
  fingerprint: [step, 1],
  ...(pictures
    ? {
        nearestPairs: [
          { sampleIndex: 0, trainIndex: 1, distance: 2, sample: grid(1), neighbour: grid(2) },
        ],
      }
    : {}),
});
const steps = (entries: readonly QualityEntry[]) => entries.map((e) => e.step);

describe('run storage', () => {
  it('keeps the newest checkpoints of the run with its grids, newest first', async () => {
    const storage = openRunStorage({ name: freshName() });
    const frames = [frame(0, 'initial')];
    for (let i = 1; i <= 4; i++) {
      frames.push(frame(i * 10));
      await storage.save(meta('run', i * 10, i), bytes(i), frames);
    }
    const list = await storage.list();
    expect(list.map((m) => m.step)).toEqual([40, 30, 20]);
    expect(await storage.loadMeta()).toMatchObject({ runId: 'run', step: 40 });
    expect(new Uint8Array((await storage.loadWeights(list[2]))!)[0]).toBe(2);
    const loaded = await storage.loadFrames('run', 30);
    expect(loaded.map((f) => f.step)).toEqual([0, 10, 20, 30]);
    expect(unpackGrid(loaded[3].grid).rgba[0]).toBe(30);
  });

  it("keeps the previous run's last checkpoint and grids, and drops older runs", async () => {
    const storage = openRunStorage({ name: freshName() });
    await storage.save(meta('a', 10, 1), bytes(1), [frame(10)]);
    await storage.save(meta('b', 10, 2), bytes(2), [frame(10)]);
    await storage.save(meta('b', 20, 3), bytes(3), [frame(10), frame(20)]);
    await storage.save(meta('c', 10, 4), bytes(4), [frame(10)]);
    expect((await storage.list()).map((m) => `${m.runId}@${m.step}`)).toEqual(['c@10', 'b@20']);
    expect(await storage.loadFrames('a', 100)).toEqual([]);
    expect((await storage.loadFrames('b', 100)).map((f) => f.step)).toEqual([10, 20]);
  });

  it('forgets grids after the checkpoint (steps a resume redoes)', async () => {
    const storage = openRunStorage({ name: freshName() });
    await storage.save(meta('run', 20, 1), bytes(1), [frame(10), frame(20)]);
    // Resumed from step 10 after a crash: the grid of the old step 20 is a lost future.
    await storage.save(meta('run', 10, 2), bytes(2), [frame(10)]);
    expect((await storage.loadFrames('run', 100)).map((f) => f.step)).toEqual([10]);
    expect((await storage.list()).map((m) => m.step)).toEqual([10]);
  });

  it("keeps the run's quality reports up to each checkpoint, pictures only for the newest", async () => {
    const storage = openRunStorage({ name: freshName() });
    // The report of epoch 2 is not in yet when its checkpoint is saved: it comes after.
    await storage.save(meta('run', 20, 1), bytes(1), [frame(20)], [report(10), report(20)]);
    await storage.save(meta('run', 30, 2), bytes(2), [frame(30)], [report(10), report(20)]);
    expect(steps(await storage.loadQuality('run', 30))).toEqual([10, 20]);
    await storage.saveQuality('run', [report(10), report(20, true), report(30, true), report(40)]);
    const loaded = await storage.loadQuality('run', 100);
    expect(steps(loaded)).toEqual([10, 20, 30]); // 40 waits for its checkpoint
    // The newest report brings its nearest-image pairs back for the page; older ones are numbers.
    expect(loaded[2]).toEqual(report(30, true));
    expect(loaded[1]).toEqual(report(20));
    expect(loaded[1]).not.toHaveProperty('nearestPairs');
    expect(steps(await storage.loadQuality('run', 20))).toEqual([10, 20]);
    // Resumed from step 20 after a crash: the reports of later epochs are a lost future.
    await storage.save(meta('run', 20, 3), bytes(3), [frame(20)], [report(10), report(20)]);
    expect(steps(await storage.loadQuality('run', 100))).toEqual([10, 20]);
    // No checkpoint of that run saved: nothing to attach reports to.
    await storage.saveQuality('other', [report(10)]);
    expect(await storage.loadQuality('other', 100)).toEqual([]);
  });

  it("drops a run's quality reports with its last checkpoint", async () => {
    const storage = openRunStorage({ name: freshName() });
    await storage.save(meta('a', 10, 1), bytes(1), [frame(10)], [report(10)]);
    await storage.save(meta('b', 10, 2), bytes(2), [frame(10)], [report(10)]);
    await storage.save(meta('c', 10, 3), bytes(3), [frame(10)], [report(10)]);
    expect(steps(await storage.loadQuality('a', 100))).toEqual([]);
    expect(steps(await storage.loadQuality('b', 100))).toEqual([10]);
    await storage.clear();
    expect(await storage.loadQuality('c', 100)).toEqual([]);
  });

  it('upgrades a schema 2 database: checkpoints stay, reports start empty', async () => {
    const name = freshName();
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('weights');
        db.createObjectStore('grids', { keyPath: ['runId', 'step'] });
      },
    });
    await v2.put('meta', meta('run', 20, 5), checkpointKey({ runId: 'run', step: 20 }));
    await v2.put('weights', bytes(7), checkpointKey({ runId: 'run', step: 20 }));
    await v2.put('grids', { runId: 'run', step: 20, frame: frame(20) });
    v2.close();
    const storage = openRunStorage({ name });
    const saved = await storage.loadMeta();
    expect(saved).toMatchObject({ runId: 'run', step: 20 });
    expect((await storage.loadFrames('run', 20)).map((f) => f.step)).toEqual([20]);
    expect(await storage.loadQuality('run', 20)).toEqual([]);
    await storage.saveQuality('run', [report(20)]);
    expect(steps(await storage.loadQuality('run', 20))).toEqual([20]);
  });

  it('loads grids stored as RGBA (before grids were packed) as packed grids', async () => {
    const name = freshName();
    const storage = openRunStorage({ name });
    await storage.save(meta('run', 20, 1), bytes(1), [frame(10)]);
    const db = await openDB(name);
    const rgba = { step: 20, epoch: 2, reason: 'epoch', grid: grid(20) };
    await db.put('grids', { runId: 'run', step: 20, frame: rgba });
    db.close();
    const loaded = await storage.loadFrames('run', 20);
    expect(loaded.map((f) => [f.step, f.grid.channels])).toEqual([
      [10, 1],
      [20, 1],
    ]);
    expect([...unpackGrid(loaded[1].grid).rgba]).toEqual([...grid(20).rgba]);
    // Its size counts its RGBA bytes: what the browser holds for it.
    expect((await storage.runs())[0].bytes).toBe(4 + 2 + 8);
  });

  it('upgrades a schema 1 database: its one checkpoint and grids become a run', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('weights');
        db.createObjectStore('frames', { keyPath: 'step' });
      },
    });
    await v1.put('meta', meta('old-run', 20, 5), 'last');
    await v1.put('weights', bytes(7), 'last');
    for (const f of [frame(0, 'initial'), frame(10), frame(20)]) await v1.put('frames', f);
    v1.close();

    const storage = openRunStorage({ name });
    const saved = await storage.loadMeta();
    expect(saved).toMatchObject({ runId: 'old-run', step: 20, epoch: 2 });
    expect(new Uint8Array((await storage.loadWeights(saved!))!)[0]).toBe(7);
    expect((await storage.loadFrames('old-run', 20)).map((f) => f.step)).toEqual([0, 10, 20]);
    // A new run saves beside it, and the old run stays as "the previous run".
    await storage.save(meta('new-run', 10, 6), bytes(8), [frame(10)]);
    expect((await storage.list()).map((m) => m.runId)).toEqual(['new-run', 'old-run']);
  });

  it('upgrades an empty schema 1 database', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('meta');
        db.createObjectStore('weights');
        db.createObjectStore('frames', { keyPath: 'step' });
      },
    });
    v1.close();
    const storage = openRunStorage({ name });
    expect(await storage.loadMeta()).toBeNull();
    await storage.save(meta('run', 10, 1), bytes(1), [frame(10)]);
    expect(await storage.list()).toHaveLength(1);
  });

  it('opens a database that was created without a version (no stores at all)', async () => {
    const name = freshName();
    (await openDB(name)).close(); // version 1, empty
    const storage = openRunStorage({ name });
    expect(await storage.loadMeta()).toBeNull();
    await storage.save(meta('run', 10, 1), bytes(1), [frame(10)]);
    expect((await storage.list()).map((m) => m.step)).toEqual([10]);
  });

  it('writes a checkpoint all or nothing: a failing write leaves no grids behind', async () => {
    const storage = openRunStorage({ name: freshName() });
    // A grid that cannot be stored (not cloneable) fails the write after the first grid's put.
    const broken = { ...frame(20), grid: (() => {}) as unknown as PackedGrid };
    const failure = await storage
      .save(meta('run', 20, 1), bytes(1), [frame(10), broken])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(await storage.list()).toEqual([]);
    expect(await storage.loadFrames('run', 100)).toEqual([]);
  });

  it('clears everything', async () => {
    const storage = openRunStorage({ name: freshName() });
    await storage.save(meta('run', 10, 1), bytes(1), [frame(10)]);
    await storage.clear();
    expect(await storage.list()).toEqual([]);
    expect(await storage.loadFrames('run', 100)).toEqual([]);
  });

  it('lists each run once with its newest checkpoint and size, and deletes one run', async () => {
    const storage = openRunStorage({ name: freshName(), liveRuns: async () => new Set(['a']) });
    await storage.save(meta('a', 10, 1), bytes(1), [frame(0, 'initial'), frame(10)]);
    await storage.save(meta('a', 20, 3), bytes(2), [frame(0, 'initial'), frame(10), frame(20)]);
    await storage.save(meta('b', 10, 2), bytes(3), [frame(10)]);
    const runs = await storage.runs();
    expect(runs.map((r) => [r.runId, r.step, r.checkpoints])).toEqual([
      ['a', 20, 2],
      ['b', 10, 1],
    ]);
    // Two checkpoints of 4 bytes and three grids of two grey pixels, packed at a byte each.
    expect(runs[0].bytes).toBe(2 * 4 + 3 * 2);
    await storage.deleteRun('a');
    expect((await storage.runs()).map((r) => r.runId)).toEqual(['b']);
    expect(await storage.loadFrames('a', 100)).toEqual([]);
    expect(await storage.list()).toHaveLength(1);
  });

  it('keeps the runs other tabs are training when a third run saves', async () => {
    const live = new Set(['a', 'b', 'c']);
    const storage = openRunStorage({ name: freshName(), liveRuns: async () => live });
    await storage.save(meta('a', 10, 1), bytes(1), [frame(10)]);
    await storage.save(meta('b', 10, 2), bytes(2), [frame(10)]);
    await storage.save(meta('c', 10, 3), bytes(3), [frame(10)]);
    expect((await storage.runs()).map((r) => r.runId)).toEqual(['c', 'b', 'a']);
    // Once their tabs are closed, the next save keeps only the most recent other run.
    live.clear();
    await storage.save(meta('c', 20, 4), bytes(4), [frame(10), frame(20)]);
    expect((await storage.runs()).map((r) => r.runId)).toEqual(['c', 'b']);
  });

  it("keeps at most the timeline's bound of grids per run, the first and the recent ones", async () => {
    const storage = openRunStorage({ name: freshName() });
    let frames = [frame(0, 'initial')];
    for (let step = 10; step <= 3000; step += 10) {
      frames = [...frames, frame(step)];
      if (step % 500 === 0) await storage.save(meta('run', step, step), bytes(1), frames);
    }
    const stored = (await storage.loadFrames('run', 3000)).map((f) => f.step);
    expect(stored.length).toBeLessThanOrEqual(MAX_TIMELINE_FRAMES);
    expect(stored[0]).toBe(0);
    expect(stored.slice(-RECENT_FRAMES)).toEqual(frames.slice(-RECENT_FRAMES).map((f) => f.step));
  });
});
